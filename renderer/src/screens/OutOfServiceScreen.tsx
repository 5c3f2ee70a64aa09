import type { HealthSnapshot } from '../../../common/health.ts';
import { HallHeader } from '../components/HallHeader.tsx';
import { HealthPanel } from '../components/HealthPanel.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useGuidance } from '../speech/speech.tsx';

/** A required device is down: nobody may start a flow whose paper the kiosk cannot print. The
 *  person is sent to a window; the health panel tells staff why. */
export function OutOfServiceScreen({ health }: { health: HealthSnapshot }) {
  const { t } = useI18n();
  useGuidance('guide.outOfService');
  return (
    <main className="attract out-of-service" data-testid="out-of-service">
      <HallHeader />
      <section className="attract-body">
        <p className="prompt" role="alert">
          {t('outOfService.title')}
        </p>
        <p className="prompt-hint">{t('outOfService.hint')}</p>
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
