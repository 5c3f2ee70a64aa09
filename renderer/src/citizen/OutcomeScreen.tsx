import { useState } from 'react';
import type { FlowView } from '../../../common/citizen.ts';
import { useHallStatus } from '../components/HallBanner.tsx';
import { TicketNumber } from '../components/TicketNumber.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useGuidance, useSpokenAlert } from '../speech/speech.tsx';
import { BackButton } from './FlowButton.tsx';
import { useFlowAction, useLocalized } from './use-flow.ts';
import './citizen-flow.css';

/** The pre-review's verdict, explained, with a title that matches it: not accepted here (why, and
 *  where to go instead), to correct (every line labelled: bring, fix on the form, where to obtain,
 *  basis), accepted on a commitment (its kind, due dates, consequence; the applicant may decline), or
 *  passed. The paper is printed only when the person asks for it. */
export function OutcomeScreen({ flow }: { flow: FlowView }) {
  const { t, tk } = useI18n();
  const loc = useLocalized();
  const { run, error, busy } = useFlowAction();
  const [accepted, setAccepted] = useState(false);
  const result = flow.result!;
  const printErrorKey =
    flow.printed && !flow.printed.ok ? (flow.printed.errorKey ?? 'print.unfinished') : null;
  const printError = printErrorKey ? tk(printErrorKey, flow.printed?.errorParams) : null;
  useSpokenAlert(printErrorKey, printError);
  useGuidance(`guide.outcome.${result.outcome}`);
  // Outside the line's hours a pass prints a voucher for the next opening: say so before printing.
  const hall = useHallStatus();
  const line = hall?.lines.find((candidate) => candidate.prefix === result.line);
  const takesNumber = result.outcome === 'pass' || result.outcome === 'commitment';
  const night = takesNumber && line && !line.openNow ? line.nextOpening : null;

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

      {result.refusals.length > 0 && (
        <ol className="problems refusals" data-testid="refusals">
          {result.refusals.map((refusal, index) => (
            <li key={index}>
              <strong>{loc(refusal.reason)}</strong>
              <p>{t('outcome.refusal.where', { where: loc(refusal.whereInstead) })}</p>
              <p className="line-basis">{t('outcome.basis', { basis: loc(refusal.basis) })}</p>
            </li>
          ))}
        </ol>
      )}

      {result.lines.length > 0 && (
        <ol className="problems" data-testid="problems">
          {result.lines.map((line, index) => (
            <li key={index} className={`line-${line.kind}`} data-kind={line.kind}>
              <strong>{t(`outcome.line.${line.kind}`, { what: loc(line.message) })}</strong>
              {line.forAgent && <span className="badge">{t('materials.forAgent')}</span>}
              {line.whatToBring && <p>{t('outcome.line.describe', { what: loc(line.whatToBring) })}</p>}
              {line.whereToGet && <p>{t('outcome.line.where', { where: loc(line.whereToGet) })}</p>}
              <p className="line-basis">{t('outcome.basis', { basis: loc(line.basis) })}</p>
            </li>
          ))}
        </ol>
      )}

      {result.outcome === 'commitment' && result.commitment && (
        <section className="commitment" data-testid="commitment">
          <ul className="commitment-kinds">
            {result.commitment.kinds.map((kind) => (
              <li key={kind} data-testid={`commitment-kind-${kind}`}>
                {t(`outcome.commitment.kind.${kind}`)}
              </li>
            ))}
          </ul>
          {result.commitment.licensee && (
            <p>
              {t('outcome.commitment.licensee', {
                name: result.commitment.licensee.name,
                uscc: result.commitment.licensee.uscc,
              })}
            </p>
          )}
          <ul>
            {result.promised.map((promise) => (
              <li key={loc(promise.name)}>
                {promise.deadline
                  ? t('outcome.promise', {
                      material: loc(promise.name),
                      within: promise.within ?? '',
                      deadline: promise.deadline,
                    })
                  : t('outcome.promiseFull', { material: loc(promise.name) })}
              </li>
            ))}
          </ul>
          <div className="commitment-terms">
            <p>{t('outcome.commitment.breach', { text: loc(result.commitment.breach) })}</p>
            <p>{t('outcome.commitment.handIn', { text: loc(result.commitment.handIn) })}</p>
          </div>
          <label className="accept">
            <input
              type="checkbox"
              data-testid="accept-commitment"
              checked={accepted}
              onChange={(event) => setAccepted(event.target.checked)}
            />
            {t('outcome.commitment.accept')}
          </label>
          <button
            type="button"
            className="button-secondary"
            data-testid="decline-commitment"
            disabled={busy}
            onClick={() => void run('flow:declineCommitment', {})}
          >
            {t('outcome.commitment.decline')}
          </button>
        </section>
      )}

      {(error || printError) && (
        <p className="banner banner-fault-inline" role="alert" data-testid="print-error">
          {error ?? printError}
        </p>
      )}
      {!error && flow.printed && !flow.printed.ok && flow.printed.ticketNumber && (
        // The number exists even though its paper did not come out: the desk reprints it by number.
        <TicketNumber
          messageKey="done.number"
          number={flow.printed.ticketNumber}
          testId="registered-number"
        />
      )}
      <div className="actions">
        <BackButton run={run} stage="materials" />
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
