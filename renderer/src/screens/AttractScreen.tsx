import type { HealthSnapshot } from '../../../common/health.ts';
import { HallHeader } from '../components/HallHeader.tsx';
import { HallNotices, HoursToday, NightNotice, useHallStatus } from '../components/HallBanner.tsx';
import { HealthPanel } from '../components/HealthPanel.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useGuidance } from '../speech/speech.tsx';

export function AttractScreen({ health, thanks }: { health: HealthSnapshot | null; thanks?: boolean }) {
  const { t } = useI18n();
  const { api } = useKiosk();
  const hall = useHallStatus();
  useGuidance('guide.attract');
  return (
    <main className="attract" data-testid="attract-screen">
      <HallHeader />
      <HallNotices status={hall} />
      <section className="attract-body">
        {thanks && (
          <p className="notice" role="status" data-testid="evaluation-thanks">
            {t('evaluation.thanks')}
          </p>
        )}
        <p className="welcome">{t('attract.welcome')}</p>
        <p className="prompt" data-testid="attract-prompt">
          {t('attract.prompt')}
        </p>
        <p className="prompt-hint">{t('attract.promptHint')}</p>
        <div className="reader-arrow" aria-hidden="true">
          ↓
        </div>
        <button
          type="button"
          className="button-secondary no-card-entry"
          data-testid="no-card"
          onClick={() => void api.invoke('session:startWithoutCard', {})}
        >
          {t('noCard.entry')}
        </button>
      </section>
      {/* Beside the prompt on a landscape screen, under it on a portrait one: the attract screen fits
          its area without scrolling at 1080×1920 and 1920×1080, in elderly mode, in English, at night. */}
      <aside className="attract-side">
        <NightNotice status={hall} />
        <HoursToday status={hall} />
      </aside>
      <footer className="attract-footer">
        <HealthPanel health={health} />
      </footer>
    </main>
  );
}
