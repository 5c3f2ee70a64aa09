import type { HealthSnapshot } from '../../../common/health.ts';
import { Clock } from '../components/Clock.tsx';
import { HealthPanel } from '../components/HealthPanel.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';

export function AttractScreen({ health }: { health: HealthSnapshot | null }) {
  const { t } = useI18n();
  const { info } = useKiosk();
  return (
    <main className="attract" data-testid="attract-screen">
      <header className="attract-header">
        <div>
          <h1 className="hall-name">{info.hallName}</h1>
          <p className="kiosk-name">{t('app.title')}</p>
        </div>
        <Clock />
      </header>
      <section className="attract-body">
        <p className="welcome">{t('attract.welcome')}</p>
        <p className="prompt" data-testid="attract-prompt">
          {t('attract.prompt')}
        </p>
        <p className="prompt-hint">{t('attract.promptHint')}</p>
        <div className="reader-arrow" aria-hidden="true">
          ↓
        </div>
      </section>
      <footer className="attract-footer">
        <HealthPanel health={health} />
      </footer>
    </main>
  );
}
