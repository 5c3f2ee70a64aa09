import { useCallback, useState } from 'react';
import type { ApiError } from '../../../common/result.ts';
import type { LaneId, StaffSessionView, TicketView } from '../../../common/queue.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useAction, useRequest } from '../use-request.ts';
import { HelpCalls } from '../components/HelpCalls.tsx';
import { IssueForm } from './IssueForm.tsx';
import { outcomeMessage, printMessage, type DeskMessage } from './outcome-message.ts';
import { TicketRow } from './TicketRow.tsx';
import { CountsPanel } from './CountsPanel.tsx';
import { PaperReprints } from './PaperReprints.tsx';

/** The signed-in desk: help calls first (a person is waiting), then issuing, today's tickets and
 *  the counts. */
export function DeskHome({
  session,
  onSession,
  onLoggedOut,
}: {
  session: StaffSessionView;
  onSession: (session: StaffSessionView) => void;
  onLoggedOut: (message: string) => void;
}) {
  const { api } = useKiosk();
  const { t, tk, locale } = useI18n();
  const [message, setMessage] = useState<DeskMessage | null>(null);
  // Bumped after every desk action, so the reprintable slips are fetched again.
  const [version, setVersion] = useState(0);
  const token = session.token;

  const failed = useCallback(
    (error: ApiError) => {
      if (error.key === 'staff.error.loggedOut') onLoggedOut(tk('staff.error.loggedOut'));
      else setMessage({ text: tk(error.key ?? 'error.generic'), tone: 'error' });
    },
    [onLoggedOut, tk],
  );

  const lines = useRequest(() => api.invoke('queue:listLines', {}), []);
  const tickets = useRequest(() => api.invoke('staff:listTickets', { token }), [token], { onError: failed });
  const counts = useRequest(() => api.invoke('staff:getCounts', { token }), [token]);

  /** After each action: fresh lists, and the idle clock the screen shows moves on. */
  const reload = async () => {
    tickets.reload();
    counts.reload();
    setVersion((value) => value + 1);
    const touched = await api.invoke('staff:touch', { token });
    if (touched.ok) onSession(touched.value);
  };

  const issue = useAction(
    (input: { line: string; lane: LaneId; idNumber?: string; useCard?: boolean }) =>
      api.invoke('staff:issue', { token, ...input }),
    failed,
  );
  const reprint = useAction(
    (ticket: TicketView) => api.invoke('staff:reprint', { token, ticketId: ticket.id }),
    failed,
  );
  const voidTicket = useAction(
    (ticket: TicketView, reason: string) => api.invoke('staff:void', { token, ticketId: ticket.id, reason }),
    failed,
  );
  const summary = useAction(() => api.invoke('staff:printSummary', { token }), failed);

  return (
    <div className="staff-home">
      {message && (
        <p
          className={message.tone === 'ok' ? 'staff-ok' : 'staff-error'}
          role={message.tone === 'ok' ? 'status' : 'alert'}
          data-testid="staff-message"
        >
          {message.text}
        </p>
      )}
      <HelpCalls token={token} role="desk" onError={failed} />
      <IssueForm
        lines={lines.value ?? []}
        onIssue={async (input) => {
          const value = await issue.run(input);
          if (!value) return;
          setMessage(outcomeMessage(value.result, value.print, t, tk));
          await reload();
        }}
      />
      <section className="staff-panel">
        <h2>{t('staff.tickets')}</h2>
        {(tickets.value ?? []).length === 0 ? (
          <p>{t('staff.noTickets')}</p>
        ) : (
          <table className="staff-table" data-testid="staff-tickets">
            <thead>
              <tr>
                <th>{t('staff.col.number')}</th>
                <th>{t('staff.col.lane')}</th>
                <th>{t('staff.col.status')}</th>
                <th>{t('staff.col.print')}</th>
                <th>{t('staff.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(tickets.value ?? []).map((ticket) => (
                <TicketRow
                  key={ticket.id}
                  ticket={ticket}
                  locale={locale}
                  onReprint={async () => {
                    const print = await reprint.run(ticket);
                    if (!print) return;
                    setMessage(printMessage(ticket.number, print, 'staff.reprinted', t, tk));
                    await reload();
                  }}
                  onVoid={async (reason) => {
                    if (!(await voidTicket.run(ticket, reason))) return;
                    setMessage({ text: t('staff.voided', { number: ticket.number }), tone: 'ok' });
                    await reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <PaperReprints token={token} version={version} onFailed={failed} onMessage={setMessage} />
      <CountsPanel
        counts={counts.value}
        busy={summary.busy}
        onSummary={async () => {
          const value = await summary.run();
          if (!value) return;
          setMessage(
            value.printed
              ? { text: t('staff.summaryPrinted'), tone: 'ok' }
              : { text: tk(value.failureKey ?? 'error.generic'), tone: 'error' },
          );
        }}
      />
    </div>
  );
}
