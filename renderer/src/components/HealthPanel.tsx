import type { HealthSnapshot } from '../../../common/health.ts';
import { useI18n } from '../i18n/index.tsx';
import { useHallClock } from './hall-time.ts';

/** The attract screen's corner: one line a person can read, the parts for staff. */
export function HealthPanel({ health }: { health: HealthSnapshot | null }) {
  const { t, tk } = useI18n();
  // The hall's time zone, like the clock above it and the paper (not the machine's).
  const { formatTime } = useHallClock();
  if (!health) return null;
  const time = formatTime(health.at, true);
  return (
    <section
      className={`health health-${health.overall}`}
      aria-label={t('health.title')}
      data-testid="health"
    >
      <h2 className="health-summary" data-testid="health-overall" data-level={health.overall}>
        {tk(`health.overall.${health.overall}`)}
      </h2>
      <ul className="health-parts">
        {health.devices.map((device) => (
          <li key={device.id} data-testid={`health-${device.id}`} data-level={device.level}>
            <span className="health-name">{tk(`health.device.${device.id}`)}</span>
            <span className="health-state">{tk(device.key)}</span>
          </li>
        ))}
        <li data-testid="health-store" data-level={health.store.level}>
          <span className="health-name">{t('health.store')}</span>
          <span className="health-state">{tk(health.store.key)}</span>
        </li>
        <li data-testid="health-sync" data-level={health.sync.level}>
          <span className="health-name">{t('health.sync')}</span>
          <span className="health-state">{tk(health.sync.key)}</span>
        </li>
      </ul>
      <p className="health-updated" data-testid="health-updated" data-sequence={health.sequence}>
        {t('health.updated', { time })}
      </p>
    </section>
  );
}
