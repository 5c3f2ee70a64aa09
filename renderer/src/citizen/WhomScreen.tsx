import { useEffect, useState } from 'react';
import type { CatalogView } from '../../../common/citizen.ts';
import type { SessionView } from '../../../common/session.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useGuidance } from '../speech/speech.tsx';
import { CardGreeting } from './CardGreeting.tsx';
import { ItemButton } from './ItemButton.tsx';
import { EndSessionButton, FlowButton } from './FlowButton.tsx';
import { useFlowAction } from './use-flow.ts';
import './citizen-flow.css';

/** The first question after the card: for myself, or for someone else. Acting for someone else, the
 *  card just read is the agent's; the applicant's card (or identity) comes after the item is chosen,
 *  so every rule judges the applicant and never whoever happens to stand at the kiosk. "For myself"
 *  also offers the most used items, so answering and choosing is one tap (the tap budget holds). */
export function WhomScreen({ session }: { session: SessionView }) {
  const { api } = useKiosk();
  const { t } = useI18n();
  const { run, error, busy } = useFlowAction();
  const card = session.card!;
  const [catalog, setCatalog] = useState<CatalogView | null>(null);
  useGuidance('guide.whom');
  useEffect(() => {
    let alive = true;
    void api.invoke('catalog:get', {}).then((reply) => alive && reply.ok && setCatalog(reply.value));
    return () => {
      alive = false;
    };
  }, [api]);
  const byCode = new Map(catalog?.items.map((item) => [item.code, item]) ?? []);
  const frequent = (catalog?.mostUsed ?? [])
    .map((code) => byCode.get(code))
    .filter((item) => item !== undefined)
    .slice(0, 4);
  return (
    <main className="flow-screen whom" data-testid="whom-screen">
      <header className="flow-header">
        <CardGreeting card={card} />
      </header>
      <h2 className="flow-title">{t('whom.title')}</h2>
      <p className="flow-lead">{t('whom.lead')}</p>
      {error && (
        <p className="banner banner-fault-inline" role="alert">
          {error}
        </p>
      )}
      <div className="whom-choices">
        <section className="whom-choice whom-self" aria-labelledby="whom-self-title">
          <h3 id="whom-self-title" className="whom-choice-title">
            {t('whom.self')}
          </h3>
          <span className="whom-choice-hint">{t('whom.selfHint')}</span>
          <ul className="whom-items">
            {frequent.map((item) => (
              <li key={item.code}>
                <ItemButton
                  item={item}
                  className="button-secondary"
                  testId={`whom-item-${item.code}`}
                  disabled={busy}
                  onChoose={async () => {
                    const chosen = await run('flow:setWhom', { whom: 'self' });
                    if (chosen.ok) await run('flow:chooseItem', { itemCode: item.code });
                  }}
                />
              </li>
            ))}
          </ul>
          <FlowButton
            kind="primary"
            testId="whom-self"
            disabled={busy}
            onClick={() => run('flow:setWhom', { whom: 'self' })}
          >
            {t('whom.selfAll')}
          </FlowButton>
        </section>
        <button
          type="button"
          className="whom-choice"
          data-testid="whom-other"
          disabled={busy}
          onClick={() => void run('flow:setWhom', { whom: 'other' })}
        >
          <span className="whom-choice-title">{t('whom.other')}</span>
          <span className="whom-choice-hint">{t('whom.otherHint')}</span>
        </button>
      </div>
      <div className="actions">
        <EndSessionButton />
      </div>
    </main>
  );
}
