import type { HealthSnapshot } from '../../../common/health.ts';
import { Clock } from '../components/Clock.tsx';
import { HealthPanel } from '../components/HealthPanel.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useGuidance } from '../speech/speech.tsx';

/** A required device is down: nobody may start a flow whose paper the kiosk cannot print. The
 *  person is sent to a window; the health panel tells staff why. */
export function OutOfServiceScreen({ health }: { health: HealthSnapshot }) {
  const { t } = useI18n();
  const { info } = useKiosk();
  useGuidance('guide.outOfService');
  return (
    <main className="attract out-of-service" data-testid="out-of-service">
      <header className="attract-header">
        <div>
          <h1 className="hall-name">{info.hallName}</h1>
          <p className="kiosk-name">{t('app.title')}</p>
        </div>
        <Clock />
      </header>
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
