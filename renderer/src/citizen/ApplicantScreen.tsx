import { useState } from 'react';
import type { FlowView } from '../../../common/citizen.ts';
import { Keypad } from '../components/Keypad.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useGuidance } from '../speech/speech.tsx';
import { BackButton } from './FlowButton.tsx';
import { useFlowAction, useLocalized } from './use-flow.ts';
import './citizen-flow.css';

type Way = 'typed' | 'child' | 'company' | null;

/** Acting for someone else: the agent's card is recorded; now the applicant's card goes on the
 *  reader. Where the item allows, the applicant's name and number may be typed (checked at the
 *  window); a child under 16 without a card is typed from the household register; a company is
 *  named by its unified social credit code. */
export function ApplicantScreen({ flow }: { flow: FlowView }) {
  const { t } = useI18n();
  const loc = useLocalized();
  const { run, error, busy } = useFlowAction();
  const [way, setWay] = useState<Way>(null);
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  useGuidance('guide.applicant');
  const options = flow.applicantOptions;
  const personWay = way === 'typed' || way === 'child';
  return (
    <main className="flow-screen applicant" data-testid="applicant-screen">
      <p className="flow-step">{loc(flow.itemName)}</p>
      <h1 className="flow-title">{t('applicant.title')}</h1>
      {flow.agentCard && (
        <p className="applicant-agent" data-testid="agent-card">
          {t('applicant.agent', { name: flow.agentCard.name, number: flow.agentCard.maskedIdNumber })}
        </p>
      )}
      <p className="flow-lead">{t('applicant.lead')}</p>
      <p className="applicant-waiting" role="status" data-testid="applicant-waiting">
        {t('applicant.waiting')}
      </p>
      {error && (
        <p className="banner banner-fault-inline" role="alert" data-testid="applicant-error">
          {error}
        </p>
      )}
      <section className="applicant-ways" aria-labelledby="applicant-no-card">
        <h2 id="applicant-no-card">{t('applicant.noCard')}</h2>
        <div className="chips" role="group" aria-labelledby="applicant-no-card">
          {options?.typed && (
            <button
              type="button"
              aria-pressed={way === 'typed'}
              data-testid="applicant-way-typed"
              onClick={() => setWay('typed')}
            >
              {t('applicant.typedTitle')}
            </button>
          )}
          {options?.child && (
            <button
              type="button"
              aria-pressed={way === 'child'}
              data-testid="applicant-way-child"
              onClick={() => setWay('child')}
            >
              {t('applicant.childTitle')}
            </button>
          )}
          {options?.company && (
            <button
              type="button"
              aria-pressed={way === 'company'}
              data-testid="applicant-way-company"
              onClick={() => setWay('company')}
            >
              {t('applicant.companyTitle')}
            </button>
          )}
        </div>
        {way && (
          <form
            className="form-fields"
            onSubmit={(event) => {
              event.preventDefault();
              void run(
                'flow:setApplicant',
                personWay
                  ? { kind: 'typed', name, idNumber: number }
                  : { kind: 'company', name, creditCode: number },
              );
            }}
          >
            <p>
              {t(
                way === 'typed'
                  ? 'applicant.typedLead'
                  : way === 'child'
                    ? 'applicant.childLead'
                    : 'applicant.companyLead',
              )}
            </p>
            <div className="field">
              <label htmlFor="applicant-name">{t(personWay ? 'applicant.name' : 'applicant.unitName')}</label>
              <input
                id="applicant-name"
                data-testid="applicant-name"
                value={name}
                autoComplete="off"
                onChange={(event) => setName(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="applicant-number">
                {t(personWay ? 'applicant.idNumber' : 'applicant.creditCode')}
              </label>
              <input
                id="applicant-number"
                data-testid="applicant-number"
                value={number}
                autoComplete="off"
                maxLength={18}
                onChange={(event) => setNumber(event.target.value.toUpperCase())}
              />
              {personWay && (
                <Keypad
                  value={number}
                  onChange={setNumber}
                  maxLength={18}
                  extraKey="X"
                  label={t('applicant.idNumber')}
                  testId="applicant-number-keypad"
                />
              )}
            </div>
            <button type="submit" className="button-primary" data-testid="applicant-confirm" disabled={busy}>
              {t('applicant.confirm')}
            </button>
          </form>
        )}
      </section>
      <div className="actions">
        <BackButton run={run} stage="identified" />
      </div>
    </main>
  );
}
