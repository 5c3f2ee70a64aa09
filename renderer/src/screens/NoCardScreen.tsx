// "I have no card": the person can call a member of staff, or, for the items whose catalog entry
// allows it, type their name and ID number instead (the window then checks the document).
import { useState } from 'react';
import type { ItemSummary } from '../../../common/citizen.ts';
import { useI18n } from '../i18n/index.tsx';
import { Keypad } from '../components/Keypad.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useGuidance, useSpokenAlert } from '../speech/speech.tsx';
import { HelpButton } from '../components/HelpButton.tsx';
import { useRequest } from '../use-request.ts';

export function NoCardScreen() {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const { locale } = useI18n();
  const [chosen, setChosen] = useState<ItemSummary | null>(null);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const catalog = useRequest(() => api.invoke('catalog:get', {}), []);
  const manualItems: ItemSummary[] = catalog.value?.items.filter((item) => item.manualEntry) ?? [];
  useGuidance('guide.noCard');
  useSpokenAlert(errorKey, errorKey ? tk(errorKey) : null);
  return (
    <main className="flow-screen no-card" data-testid="no-card-screen">
      <h1 className="flow-title">{t('noCard.title')}</h1>
      <p className="flow-lead">{t('noCard.lead')}</p>
      <HelpButton screen="no-card" big />
      {errorKey && (
        <p className="banner banner-fault-inline" role="alert">
          {tk(errorKey)}
        </p>
      )}
      {manualItems.length > 0 && (
        <section className="manual-entry" data-testid="manual-entry" aria-labelledby="manual-title">
          <h2 id="manual-title">{t('manual.title')}</h2>
          <p>{t('manual.lead')}</p>
          <div className="chips" role="group" aria-labelledby="manual-title">
            {manualItems.map((item) => (
              <button
                key={item.code}
                type="button"
                aria-pressed={chosen?.code === item.code}
                data-testid={`manual-item-${item.code}`}
                onClick={() => setChosen(item)}
              >
                {item.name[locale]}
              </button>
            ))}
          </div>
          {chosen && (
            <form
              className="form-fields"
              onSubmit={async (event) => {
                event.preventDefault();
                const reply = await api.invoke('flow:startManual', { itemCode: chosen.code, name, idNumber });
                if (!reply.ok) setErrorKey(reply.error.key ?? `error.${reply.error.code}`);
              }}
            >
              <div className="field">
                <label htmlFor="manual-name">{t('manual.name')}</label>
                <input
                  id="manual-name"
                  data-testid="manual-name"
                  value={name}
                  autoComplete="off"
                  onChange={(event) => setName(event.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="manual-id">{t('manual.idNumber')}</label>
                <input
                  id="manual-id"
                  data-testid="manual-id"
                  value={idNumber}
                  autoComplete="off"
                  inputMode="numeric"
                  maxLength={18}
                  onChange={(event) => setIdNumber(event.target.value)}
                />
                <Keypad
                  value={idNumber}
                  onChange={setIdNumber}
                  maxLength={18}
                  extraKey="X"
                  label={t('manual.idNumber')}
                  testId="manual-id-keypad"
                />
              </div>
              <button type="submit" className="button-primary" data-testid="manual-start">
                {t('manual.start')}
              </button>
            </form>
          )}
        </section>
      )}
      {manualItems.length === 0 && <p className="flow-lead">{t('noCard.manual')}</p>}
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
