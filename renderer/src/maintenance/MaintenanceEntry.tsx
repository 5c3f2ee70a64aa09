import type { SelfTestSummary } from '../../../common/maintenance.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk, useLiveValue } from '../kiosk-context.tsx';
import type { HealthLevel } from '../../../common/health.ts';
import { useHallClock } from '../components/hall-time.ts';

/** The corner of the attract screen for staff: the last self-test in a few words, and the way
 *  in for technicians. Hidden while a citizen is using the kiosk. */
export function MaintenanceEntry({ onOpen }: { onOpen: () => void }) {
  const { api } = useKiosk();
  const { t } = useI18n();
  const summary = useLiveValue('maint:selfTest', async () => {
    const reply = await api.invoke('maint:getSelfTestSummary', {});
    return reply.ok ? reply.value : null;
  });
  // The badge follows the devices now, not only the last self-test (hourly): a printer that failed
  // after the test shows at once.
  const health = useLiveValue('system:health', async () => {
    const reply = await api.invoke('system:getHealth', {});
    return reply.ok ? reply.value : null;
  });
  const { formatTime } = useHallClock();
  const session = useLiveValue('session:changed', async () => {
    const reply = await api.invoke('session:get', {});
    return reply.ok ? reply.value : null;
  });
  if (session?.id) return null;
  const now = health ? currentLevel(health.overall) : null;
  const level = worse(summary ? currentLevel(summary.level) : null, now);
  return (
    <button
      type="button"
      className={`maint-entry maint-entry-${level ?? 'connecting'}`}
      data-testid="maint-entry"
      data-level={level ?? 'none'}
      data-selftest-level={summary?.level ?? 'none'}
      aria-label={t('maint.entryLabel')}
      onClick={onOpen}
    >
      <span className="maint-entry-name">{t('maint.entry')}</span>
      <span className="maint-entry-summary" data-testid="maint-selftest-summary">
        {selfTestLine(summary, t, formatTime)}
        {now && now !== 'ok' && now !== summary?.level && (
          <span className="maint-entry-now" data-testid="maint-entry-now">
            {' '}
            {t(now === 'fault' ? 'maint.now.fault' : 'maint.now.warning')}
          </span>
        )}
      </span>
    </button>
  );
}

export function selfTestLine(
  summary: SelfTestSummary | null,
  t: ReturnType<typeof useI18n>['t'],
  formatTime: (at: string, seconds?: boolean) => string,
): string {
  if (!summary) return t('maint.selfTest.none');
  const time = formatTime(summary.at, true);
  if (summary.level === 'fault') return t('maint.selfTest.fault', { time });
  if (summary.level === 'warning') return t('maint.selfTest.warning', { time });
  return t('maint.selfTest.ok', { time });
}

type BadgeLevel = 'ok' | 'warning' | 'fault';

function currentLevel(level: HealthLevel): BadgeLevel {
  if (level === 'fault') return 'fault';
  if (level === 'warning' || level === 'connecting') return 'warning';
  return 'ok';
}

const badgeRank: Record<BadgeLevel, number> = { ok: 0, warning: 1, fault: 2 };

function worse(a: BadgeLevel | null, b: BadgeLevel | null): BadgeLevel | null {
  if (!a) return b;
  if (!b) return a;
  return badgeRank[a] >= badgeRank[b] ? a : b;
}
