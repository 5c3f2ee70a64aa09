// The last seconds before an idle session ends, announced by the services. Any tap (this button
// or anywhere else) tells them the person is still there.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useGuidance } from '../speech/speech.tsx';

export function IdleCountdown({ seconds, onContinue }: { seconds: number; onContinue: () => void }) {
  const { t } = useI18n();
  const button = useRef<HTMLButtonElement>(null);
  // The services announce each second; between announcements the number still moves on here.
  const [shown, setShown] = useState(seconds);
  const [announced, setAnnounced] = useState(seconds);
  if (announced !== seconds) {
    setAnnounced(seconds);
    setShown(seconds);
  }
  useEffect(() => {
    const timer = window.setInterval(() => setShown((value) => Math.max(0, value - 1)), 1000);
    return () => window.clearInterval(timer);
  }, [seconds]);
  useEffect(() => button.current?.focus(), []);
  useGuidance('guide.countdown');
  return (
    <div className="overlay" data-testid="idle-countdown">
      <section
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-body"
      >
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body">{t('idle.body', { seconds: shown })}</p>
        <p className="countdown-number" aria-hidden="true" data-testid="idle-seconds">
          {shown}
        </p>
        <button
          ref={button}
          type="button"
          className="button-primary"
          data-testid="idle-continue"
          onClick={onContinue}
        >
          {t('idle.continue')}
        </button>
      </section>
    </div>
  );
}
