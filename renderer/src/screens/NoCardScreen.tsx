// "I have no card": the person can call a member of staff. Nothing personal is asked for or held.
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useGuidance, useSpokenAlert } from '../speech/speech.tsx';

export function NoCardScreen() {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [called, setCalled] = useState(false);
  const [errorKey, setErrorKey] = useState<string | null>(null);
  useGuidance('guide.noCard');
  useSpokenAlert(called ? 'noCard.called' : null, called ? t('noCard.called') : null);
  useSpokenAlert(errorKey, errorKey ? tk(errorKey) : null);
  return (
    <main className="flow-screen no-card" data-testid="no-card-screen">
      <h1 className="flow-title">{t('noCard.title')}</h1>
      <p className="flow-lead">{t('noCard.lead')}</p>
      <button
        type="button"
        className="button-primary big-action"
        data-testid="call-staff"
        disabled={called}
        onClick={async () => {
          const reply = await api.invoke('help:call', {});
          if (reply.ok) setCalled(true);
          else setErrorKey(reply.error.key ?? `error.${reply.error.code}`);
        }}
      >
        {t('noCard.callStaff')}
      </button>
      {called && (
        <p className="notice" role="status" data-testid="staff-called">
          {t('noCard.called')}
        </p>
      )}
      {errorKey && (
        <p className="banner banner-fault-inline" role="alert">
          {tk(errorKey)}
        </p>
      )}
      <p className="flow-lead">{t('noCard.manual')}</p>
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          data-testid="no-card-back"
          onClick={() => void api.invoke('session:end', { reason: 'user' })}
        >
          {t('noCard.back')}
        </button>
      </div>
    </main>
  );
}
