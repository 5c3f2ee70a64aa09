import { useState } from 'react';
import type { FlowView } from '../../../common/citizen.ts';
import { useHallStatus } from '../components/HallBanner.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useGuidance, useSpokenAlert } from '../speech/speech.tsx';
import { useFlowAction, useLocalized } from './use-flow.ts';

/** The pre-review's verdict, explained: what happens next and, for a notice, everything that is
 *  missing or wrong at once. The paper is printed only when the person asks for it. */
export function OutcomeScreen({ flow }: { flow: FlowView }) {
  const { t, tk } = useI18n();
  const loc = useLocalized();
  const { run, error, busy } = useFlowAction();
  const [accepted, setAccepted] = useState(false);
  const result = flow.result!;
  const printErrorKey =
    flow.printed && !flow.printed.ok ? (flow.printed.errorKey ?? 'print.unfinished') : null;
  const printError = printErrorKey ? tk(printErrorKey) : null;
  useSpokenAlert(printErrorKey, printError);
  useGuidance(`guide.outcome.${result.outcome}`);
  // Outside the line's hours a pass prints a voucher for the next opening: say so before printing.
  const hall = useHallStatus();
  const line = hall?.lines.find((candidate) => candidate.prefix === result.line);
  const night = result.outcome !== 'notice' && line && !line.openNow ? line.nextOpening : null;

  return (
    <main
      className={`flow-screen outcome outcome-${result.outcome}`}
      data-testid="outcome-screen"
      data-outcome={result.outcome}
    >
      <p className="flow-step">{t('flow.step', { step: 3, total: 3 })}</p>
      <h1 className="flow-title" data-testid="outcome-title">
        {tk(`outcome.${result.outcome}.title`)}
      </h1>
      <p className="flow-lead">{tk(`outcome.${result.outcome}.lead`)}</p>
      {night && (
        <p className="night-notice" data-testid="outcome-night">
          {t('outcome.pass.nightLead', { day: night.day, from: night.from })}
        </p>
      )}
      {flow.identityTyped && (
        <p className="notice" role="status" data-testid="identity-typed">
          {t('manual.bringDocument')}
        </p>
      )}
      <p className="reference">{t('outcome.reference', { reference: result.reference })}</p>

      {result.problems.length > 0 && (
        <ol className="problems" data-testid="problems">
          {result.problems.map((problem, index) => (
            <li key={index}>
              <strong>{loc(problem.message)}</strong>
              {problem.whatToBring && <p>{t('outcome.bring', { what: loc(problem.whatToBring) })}</p>}
              {problem.whereToGet && <p>{t('outcome.where', { where: loc(problem.whereToGet) })}</p>}
            </li>
          ))}
        </ol>
      )}

      {result.outcome === 'commitment' && (
        <section className="commitment" data-testid="commitment">
          <ul>
            {result.promised.map((promise) => (
              <li key={promise.deadline + loc(promise.name)}>
                {t('outcome.promise', { material: loc(promise.name), deadline: promise.deadline })}
              </li>
            ))}
          </ul>
          <label className="accept">
            <input
              type="checkbox"
              data-testid="accept-commitment"
              checked={accepted}
              onChange={(event) => setAccepted(event.target.checked)}
            />
            {t('outcome.commitment.accept')}
          </label>
        </section>
      )}

      {(error || printError) && (
        <p className="banner banner-fault-inline" role="alert" data-testid="print-error">
          {error ?? printError}
        </p>
      )}
      {!error && flow.printed && !flow.printed.ok && flow.printed.ticketNumber && (
        // The number exists even though its paper did not come out: the desk reprints it by number.
        <p className="ticket-number" data-testid="registered-number">
          {t('done.number', { number: flow.printed.ticketNumber })}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          data-testid="back"
          onClick={() => void run('flow:goto', { stage: 'materials' })}
        >
          {t('flow.back')}
        </button>
        <button
          type="button"
          className="button-primary"
          data-testid="confirm"
          disabled={busy || (result.outcome === 'commitment' && !accepted)}
          onClick={() => void run('flow:confirm', { commitmentAccepted: accepted })}
        >
          {busy
            ? t('outcome.printing')
            : night && result.outcome === 'pass'
              ? t('outcome.pass.nightAction')
              : tk(`outcome.${result.outcome}.action`)}
        </button>
      </div>
    </main>
  );
}
