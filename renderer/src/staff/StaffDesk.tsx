import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../../common/result.ts';
import type {
  IssueOutcome,
  LaneId,
  LineView,
  PrintResultView,
  QueueCountsView,
  StaffDeskState,
  StaffSessionView,
  TicketView,
} from '../../../common/queue.ts';
import { Keypad } from '../components/Keypad.tsx';
import { PaperReprints } from './PaperReprints.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import './staff.css';

/** A discreet corner button on the attract screen: staff know it is there, citizens ignore it. */
export function StaffEntry({ onOpen }: { onOpen: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="staff-entry" data-testid="staff-entry" onClick={onOpen}>
      {t('staff.entry')}
    </button>
  );
}

export function StaffDesk({ onClose }: { onClose: () => void }) {
  const [session, setSession] = useState<StaffSessionView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { api } = useKiosk();
  const { t } = useI18n();

  // The service logs an idle desk out; the screen follows at the same moment.
  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(
      () => {
        setSession(null);
        setNotice(t('staff.loggedOutIdle'));
      },
      Math.max(0, session.expiresAt - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [session, t]);

  const loggedOut = useCallback((message: string) => {
    setSession(null);
    setNotice(message);
  }, []);

  const logout = useCallback(async () => {
    if (session) await api.invoke('staff:logout', { token: session.token });
    setSession(null);
    onClose();
  }, [api, session, onClose]);

  return (
    <main className="staff-desk" data-testid="staff-desk">
      <header className="staff-header">
        <h1>{t('staff.title')}</h1>
        {session ? (
          <span className="staff-who" data-testid="staff-who">
            {t('staff.loggedInAs', { id: session.staffId })}
          </span>
        ) : null}
        <button
          type="button"
          className="button-secondary"
          data-testid="staff-close"
          onClick={() => void logout()}
        >
          {session ? t('staff.logout') : t('staff.back')}
        </button>
      </header>
      {notice && (
        <p className="staff-notice" role="status" data-testid="staff-notice">
          {notice}
        </p>
      )}
      {session ? (
        <DeskHome session={session} onSession={setSession} onLoggedOut={loggedOut} />
      ) : (
        <Login
          onLogin={(next) => {
            setNotice(null);
            setSession(next);
          }}
        />
      )}
    </main>
  );
}

function Login({ onLogin }: { onLogin: (session: StaffSessionView) => void }) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [keypadFor, setKeypadFor] = useState<'id' | 'pin'>('id');
  const [error, setError] = useState<string | null>(null);
  const [desk, setDesk] = useState<StaffDeskState | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    const reply = await api.invoke('staff:getDesk', {});
    if (reply.ok) setDesk(reply.value);
  }, [api]);
  useEffect(() => {
    let alive = true;
    void api.invoke('staff:getDesk', {}).then((reply) => {
      if (alive && reply.ok) setDesk(reply.value);
    });
    return () => {
      alive = false;
    };
  }, [api]);

  const submit = async () => {
    setBusy(true);
    const reply = await api.invoke('staff:login', { staffId: staffId.trim(), pin });
    setBusy(false);
    setPin('');
    if (reply.ok) return onLogin(reply.value);
    setError(tk(reply.error.key ?? 'error.generic'));
    await refresh();
  };

  const locked = desk?.locked ?? false;
  return (
    <form
      className="staff-login"
      data-testid="staff-login"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {locked && desk?.lockedUntil ? (
        <p className="staff-error" role="alert" data-testid="staff-locked">
          {t('staff.locked', {
            time: new Date(desk.lockedUntil).toLocaleTimeString('zh-CN', { hour12: false }),
          })}
        </p>
      ) : null}
      <label>
        {t('staff.staffId')}
        <input
          data-testid="staff-id"
          inputMode="numeric"
          autoComplete="off"
          value={staffId}
          disabled={locked}
          onFocus={() => setKeypadFor('id')}
          onChange={(event) => setStaffId(event.target.value)}
        />
      </label>
      <label>
        {t('staff.pin')}
        <input
          data-testid="staff-pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          disabled={locked}
          onFocus={() => setKeypadFor('pin')}
          onChange={(event) => setPin(event.target.value.replace(/\D/g, ''))}
        />
      </label>
      {/* One keypad for both fields: it types into the one last touched. */}
      <Keypad
        {...(keypadFor === 'id'
          ? { value: staffId, onChange: setStaffId, maxLength: 16, label: t('staff.staffId') }
          : { value: pin, onChange: setPin, maxLength: 12, label: t('staff.pin') })}
        testId="staff-keypad"
        disabled={locked}
      />
      {error && !locked && (
        <p className="staff-error" role="alert" data-testid="staff-login-error">
          {error}
          {desk && desk.failuresLeft > 0 ? ` ${t('staff.failuresLeft', { count: desk.failuresLeft })}` : ''}
        </p>
      )}
      <button
        type="submit"
        className="button-primary"
        data-testid="staff-login-submit"
        disabled={locked || busy || staffId.trim() === '' || pin.length < 6}
      >
        {t('staff.login')}
      </button>
    </form>
  );
}

function DeskHome({
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
  const [lines, setLines] = useState<LineView[]>([]);
  const [tickets, setTickets] = useState<TicketView[]>([]);
  const [counts, setCounts] = useState<QueueCountsView | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'ok' | 'error' } | null>(null);
  const token = session.token;

  const failed = useCallback(
    (error: ApiError) => {
      if (error.key === 'staff.error.loggedOut') onLoggedOut(tk('staff.error.loggedOut'));
      else setMessage({ text: tk(error.key ?? 'error.generic'), tone: 'error' });
    },
    [onLoggedOut, tk],
  );

  const [version, setVersion] = useState(0);
  useEffect(() => {
    let alive = true;
    void Promise.all([
      api.invoke('queue:listLines', {}),
      api.invoke('staff:listTickets', { token }),
      api.invoke('staff:getCounts', { token }),
    ]).then(([lineReply, ticketReply, countReply]) => {
      if (!alive) return;
      if (lineReply.ok) setLines(lineReply.value);
      if (ticketReply.ok) setTickets(ticketReply.value);
      else failed(ticketReply.error);
      if (countReply.ok) setCounts(countReply.value);
    });
    return () => {
      alive = false;
    };
  }, [api, token, version, failed]);

  /** After each action: fresh lists, and the idle clock the screen shows moves on. */
  const reload = async () => {
    setVersion((value) => value + 1);
    const touched = await api.invoke('staff:touch', { token });
    if (touched.ok) onSession(touched.value);
  };

  const printMessage = (
    number: string,
    print: PrintResultView | null,
    key: 'staff.issued' | 'staff.reprinted',
  ) => {
    if (print && !print.printed)
      setMessage({
        text: `${t('staff.notPrinted', { number })} ${tk(print.failureKey ?? 'error.generic')}`,
        tone: 'error',
      });
    else setMessage({ text: t(key, { number }), tone: 'ok' });
  };

  const issue = async (input: { line: string; lane: LaneId; idNumber?: string; useCard?: boolean }) => {
    const reply = await api.invoke('staff:issue', { token, ...input });
    if (!reply.ok) return failed(reply.error);
    const { result, print } = reply.value;
    setMessage(outcomeMessage(result, print, t, tk));
    await reload();
  };

  const reprint = async (ticket: TicketView) => {
    const reply = await api.invoke('staff:reprint', { token, ticketId: ticket.id });
    if (!reply.ok) return failed(reply.error);
    printMessage(ticket.number, reply.value, 'staff.reprinted');
    await reload();
  };

  const voidTicket = async (ticket: TicketView, reason: string) => {
    const reply = await api.invoke('staff:void', { token, ticketId: ticket.id, reason });
    if (!reply.ok) return failed(reply.error);
    setMessage({ text: t('staff.voided', { number: ticket.number }), tone: 'ok' });
    await reload();
  };

  const summary = async () => {
    const reply = await api.invoke('staff:printSummary', { token });
    if (!reply.ok) return failed(reply.error);
    setMessage(
      reply.value.printed
        ? { text: t('staff.summaryPrinted'), tone: 'ok' }
        : { text: tk(reply.value.failureKey ?? 'error.generic'), tone: 'error' },
    );
  };

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
      <IssueForm lines={lines} onIssue={(input) => void issue(input)} />
      <section className="staff-panel">
        <h2>{t('staff.tickets')}</h2>
        {tickets.length === 0 ? (
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
              {tickets.map((ticket) => (
                <TicketRow
                  key={ticket.id}
                  ticket={ticket}
                  locale={locale}
                  onReprint={() => void reprint(ticket)}
                  onVoid={(reason) => void voidTicket(ticket, reason)}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <PaperReprints token={token} version={version} onFailed={failed} onMessage={setMessage} />
      <section className="staff-panel">
        <h2>{t('staff.counts')}</h2>
        {counts && (
          <table className="staff-table" data-testid="staff-counts">
            <thead>
              <tr>
                <th>{t('staff.col.line')}</th>
                <th>{t('staff.col.issued')}</th>
                <th>{t('staff.col.waiting')}</th>
                <th>{t('staff.col.served')}</th>
                <th>{t('staff.col.voided')}</th>
                <th>{t('staff.col.vouchers')}</th>
              </tr>
            </thead>
            <tbody>
              {counts.lines.map((line) => (
                <tr key={line.lineId} data-testid={`staff-count-${line.lineId}`}>
                  <td>
                    {line.prefix} {line.name[locale]}
                  </td>
                  <td>{line.issued}</td>
                  <td>{line.waiting}</td>
                  <td>{line.served}</td>
                  <td>{line.voided}</td>
                  <td>{line.vouchers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <button
          type="button"
          className="button-secondary"
          data-testid="staff-summary"
          onClick={() => void summary()}
        >
          {t('staff.printSummary')}
        </button>
      </section>
    </div>
  );
}

function outcomeMessage(
  result: IssueOutcome,
  print: PrintResultView | null,
  t: ReturnType<typeof useI18n>['t'],
  tk: ReturnType<typeof useI18n>['tk'],
): { text: string; tone: 'ok' | 'error' } {
  switch (result.outcome) {
    case 'issued':
    case 'voucher': {
      const number = result.ticket.number;
      if (print && !print.printed)
        return {
          text: `${t('staff.notPrinted', { number })} ${tk(print.failureKey ?? 'error.generic')}`,
          tone: 'error',
        };
      return {
        text: t(result.outcome === 'issued' ? 'staff.issued' : 'staff.voucherIssued', { number }),
        tone: 'ok',
      };
    }
    case 'already-open':
      return { text: t('queue.alreadyOpenNumber', { number: result.ticket.number }), tone: 'error' };
    case 'sold-out':
      return {
        text: result.comeBackAt
          ? t('queue.soldOutComeBack', { day: result.comeBackAt.day, time: result.comeBackAt.from })
          : t('queue.soldOut'),
        tone: 'error',
      };
  }
}

function IssueForm({
  lines,
  onIssue,
}: {
  lines: LineView[];
  onIssue: (input: { line: string; lane: LaneId; idNumber?: string; useCard?: boolean }) => void;
}) {
  const { t, locale } = useI18n();
  const [lineId, setLineId] = useState('');
  const [lane, setLane] = useState<LaneId>('ordinary');
  const [idNumber, setIdNumber] = useState('');
  // The person's card on the reader identifies them (one open ticket per person), nothing typed.
  const [useCard, setUseCard] = useState(false);
  const line = lines.find((candidate) => candidate.id === lineId) ?? lines[0];
  return (
    <form
      className="staff-panel staff-issue"
      data-testid="staff-issue"
      onSubmit={(event) => {
        event.preventDefault();
        if (!line) return;
        onIssue({
          line: line.id,
          lane,
          ...(useCard ? { useCard: true } : idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
        });
        setIdNumber('');
        setUseCard(false);
      }}
    >
      <h2>{t('staff.issueTitle')}</h2>
      <label>
        {t('staff.line')}
        <select
          data-testid="staff-line"
          value={line?.id ?? ''}
          onChange={(event) => {
            setLineId(event.target.value);
            setLane('ordinary');
          }}
        >
          {lines.map((option) => (
            <option key={option.id} value={option.id}>
              {option.prefix} {option.name[locale]}
              {option.openNow ? '' : ` (${t('staff.nightVoucher')})`}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="staff-lanes">
        <legend>{t('staff.lane')}</legend>
        {(line?.lanes ?? []).map((option) => (
          <label key={option.id} className={option.id === lane ? 'lane lane-chosen' : 'lane'}>
            <input
              type="radio"
              name="lane"
              data-testid={`staff-lane-${option.id}`}
              checked={option.id === lane}
              onChange={() => setLane(option.id)}
            />
            {option.name[locale]}
          </label>
        ))}
      </fieldset>
      <label className="staff-use-card">
        <input
          type="checkbox"
          data-testid="staff-use-card"
          checked={useCard}
          onChange={(event) => setUseCard(event.target.checked)}
        />
        {t('staff.useCard')}
      </label>
      <label>
        {t('staff.idNumberOptional')}
        <input
          data-testid="staff-id-number"
          disabled={useCard}
          autoComplete="off"
          maxLength={20}
          value={idNumber}
          onChange={(event) => setIdNumber(event.target.value.toUpperCase())}
        />
      </label>
      <button type="submit" className="button-primary" data-testid="staff-issue-submit" disabled={!line}>
        {t('staff.issue')}
      </button>
    </form>
  );
}

function TicketRow({
  ticket,
  locale,
  onReprint,
  onVoid,
}: {
  ticket: TicketView;
  locale: 'zh-CN' | 'en';
  onReprint: () => void;
  onVoid: (reason: string) => void;
}) {
  const { t, tk } = useI18n();
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  const open = ticket.status === 'waiting';
  return (
    <tr
      data-testid={`staff-ticket-${ticket.number}`}
      data-status={ticket.status}
      data-print={ticket.printState}
    >
      <td className="staff-number">{ticket.number}</td>
      <td>{ticket.laneName[locale]}</td>
      <td>{tk(`queue.status.${ticket.status}`)}</td>
      <td>{tk(`queue.print.${ticket.printState}`)}</td>
      <td className="staff-actions">
        {open && (
          <button type="button" className="button-secondary" data-testid="staff-reprint" onClick={onReprint}>
            {t('staff.reprint')}
          </button>
        )}
        {open && !voiding && (
          <button
            type="button"
            className="button-secondary"
            data-testid="staff-void"
            onClick={() => setVoiding(true)}
          >
            {t('staff.void')}
          </button>
        )}
        {open && voiding && (
          <form
            className="staff-void"
            onSubmit={(event) => {
              event.preventDefault();
              if (reason.trim().length >= 2) onVoid(reason.trim());
            }}
          >
            <input
              data-testid="staff-void-reason"
              placeholder={t('staff.voidReason')}
              aria-label={t('staff.voidReason')}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <button
              type="submit"
              className="button-primary"
              data-testid="staff-void-confirm"
              disabled={reason.trim().length < 2}
            >
              {t('staff.voidConfirm')}
            </button>
          </form>
        )}
        {ticket.voidReason && <span className="staff-void-reason">{ticket.voidReason}</span>}
      </td>
    </tr>
  );
}
