// What the citizen flow calls for a passed pre-review: a number in the item's line, printed, or the
// sentence that says why not.
import type { TicketIssuer } from '../services/citizen-flow.ts';
import { personKeyFor } from './person-key.ts';
import type { QueueService } from './queue-service.ts';

export function ticketIssuerFor(queue: QueueService | null, personKey: Buffer): TicketIssuer {
  return {
    async issueForPreReview({ line, reference, idNumber, locale }) {
      if (!queue)
        return { ok: false, key: 'queue.error.noKioskMark', message: 'This kiosk has no number mark.' };
      const { result, print } = await queue.issueAndPrint({
        line,
        source: 'citizen',
        prereviewRef: reference,
        personKey: personKeyFor(personKey, idNumber),
        ...(locale && { locale }),
      });
      switch (result.outcome) {
        case 'issued':
        case 'voucher':
          if (print?.printed)
            return {
              ok: true,
              number: result.ticket.number,
              ...(result.ticket.appointment ? { appointment: result.ticket.appointment } : {}),
              ...(result.ticket.printedPeopleAhead
                ? {
                    peopleAhead: result.ticket.printedPeopleAhead,
                  }
                : {}),
            };
          // The number is kept (and listed at the desk for a reprint); the person is told so.
          return {
            ok: false,
            key: 'queue.issuedNotPrinted',
            message: `Number ${result.ticket.number} is registered but was not printed.`,
            number: result.ticket.number,
          };
        case 'already-open':
          // Say which number: the person holds it already (no new paper is printed).
          return {
            ok: false,
            key: 'queue.alreadyOpenYours',
            message: `An open ticket ${result.ticket.number} exists in line ${line}.`,
            number: result.ticket.number,
            params: { number: result.ticket.number },
          };
        case 'sold-out':
          return {
            ok: false,
            key: 'queue.soldOut',
            message: result.comeBackAt
              ? `Today's numbers for line ${line} are gone; come back on ${result.comeBackAt.day} from ${result.comeBackAt.from}.`
              : `Today's numbers for line ${line} are gone.`,
          };
      }
    },
  };
}
