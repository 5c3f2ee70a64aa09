import type { HealthSnapshot } from '../../../common/health.ts';
import { HallHeader } from '../components/HallHeader.tsx';
import { useHallStatus } from '../components/HallBanner.tsx';
import { HealthPanel } from '../components/HealthPanel.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useGuidance } from '../speech/speech.tsx';

/** A required device is down: nobody may start a flow whose paper the kiosk cannot print. By day
 *  the person is sent to a staffed window; at night, when the windows are closed, they are told when
 *  the hall opens and given the hotline. Neither claims a person was told: the fault is recorded
 *  (and sent to the central system as a device-health record), which is what the screen says. */
export function OutOfServiceScreen({ health }: { health: HealthSnapshot }) {
  const { t } = useI18n();
  const { info } = useKiosk();
  const hall = useHallStatus();
  const night = hall !== null && !hall.openNow;
  const next = hall?.nextOpening ?? null;
  useGuidance(night ? 'guide.outOfServiceNight' : 'guide.outOfService');
  return (
    <main className="attract out-of-service" data-testid="out-of-service" data-night={night}>
      <HallHeader />
      <section className="attract-body">
        <p className="prompt" role="alert">
          {night ? t('outOfService.titleNight') : t('outOfService.title')}
        </p>
        <p className="prompt-hint" data-testid="out-of-service-hint">
          {night
            ? next
              ? t('outOfService.hintNight', { day: next.day, from: next.from, hotline: info.hallPhone })
              : t('outOfService.hintNightNoNext', { hotline: info.hallPhone })
            : t('outOfService.hint')}
        </p>
      </section>
      <footer className="attract-footer">
        <HealthPanel health={health} />
      </footer>
    </main>
  );
}

/** The devices without which no citizen flow can finish. */
export function requiredDeviceDown(health: HealthSnapshot | null): boolean {
  return !!health?.devices.some((device) => device.level === 'fault');
}
