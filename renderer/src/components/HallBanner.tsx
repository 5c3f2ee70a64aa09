// The hall's notices and, outside opening hours, the night path said plainly: pre-review still
// works and a pass gives a voucher for the next working day.
import type { HallStatusView } from '../../../common/hall.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useRequest } from '../use-request.ts';

const refreshMs = 60_000;

export function useHallStatus(): HallStatusView | null {
  const { api } = useKiosk();
  return useRequest(() => api.invoke('hall:getStatus', {}), [], { pollMs: refreshMs }).value;
}

export function HallNotices({ status }: { status: HallStatusView | null }) {
  const { t, locale } = useI18n();
  if (!status || status.notices.length === 0) return null;
  return (
    <section className="hall-notices" aria-label={t('hall.notices')} data-testid="hall-notices">
      <ul>
        {status.notices.map((notice) => (
          <li key={notice.id} className={`hall-notice hall-notice-${notice.level}`}>
            {notice.text[locale]}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Shown when no business line issues live numbers now. */
export function NightNotice({ status }: { status: HallStatusView | null }) {
  const { t } = useI18n();
  if (!status || status.openNow) return null;
  return (
    <section className="night-notice" data-testid="night-notice" aria-labelledby="night-title">
      <h2 id="night-title">{t('hall.nightTitle')}</h2>
      {status.holiday && <p>{t('hall.holiday')}</p>}
      <p>{t('hall.night')}</p>
      {status.nextOpening && (
        <p data-testid="next-opening">
          {t('hall.nextOpening', { day: status.nextOpening.day, from: status.nextOpening.from })}
        </p>
      )}
    </section>
  );
}

export function HoursToday({ status }: { status: HallStatusView | null }) {
  const { t, locale } = useI18n();
  if (!status) return null;
  return (
    <section className="hours-today" aria-labelledby="hours-title" data-testid="hours-today">
      <h2 id="hours-title">{t('hall.hoursToday')}</h2>
      <ul>
        {status.lines.map((line) => (
          <li key={line.prefix}>
            {t('hall.hoursLine', {
              line: line.name[locale],
              hours:
                line.today.length > 0
                  ? line.today.join(locale === 'en' ? ', ' : '，')
                  : t('hall.closedAllDay'),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
