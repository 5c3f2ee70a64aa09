import { useState } from 'react';
import type { TicketView } from '../../../common/queue.ts';
import { useI18n } from '../i18n/index.tsx';

/** One of today's tickets: reprint it, or void it with a reason. */
export function TicketRow({
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
