// The citizen's queue requests: the lines with their waits, and a copy of one's own open ticket
// (the person is known by the card on the reader, never by what the screen sends).
import { KioskError } from '../errors.ts';
import type { HandlerMap } from '../host/dispatch.ts';
import type { QueueService } from './queue-service.ts';

export const noKioskMark = (): KioskError =>
  new KioskError(
    'unavailable',
    'This kiosk has no number mark in the hall configuration.',
    'queue.error.noKioskMark',
  );

export function queueHandlers(deps: {
  queue: QueueService | null;
  /** The HMAC of the ID number of the card on the reader now, if any. */
  cardPersonKey: () => Promise<string | null> | string | null;
}): HandlerMap<'queue:listLines' | 'queue:reprintOpen'> {
  const needQueue = (): QueueService => {
    if (!deps.queue) throw noKioskMark();
    return deps.queue;
  };
  return {
    'queue:listLines': () => needQueue().lines(),
    'queue:reprintOpen': async ({ line }) => {
      const key = await deps.cardPersonKey();
      if (!key) throw new KioskError('unavailable', 'No card is on the reader.', 'staff.error.noCard');
      const open = needQueue().openTicketFor(line, key);
      if (!open)
        throw new KioskError(
          'not-found',
          'You have no open ticket in this line.',
          'queue.error.noOpenTicket',
        );
      return needQueue().reprint(open.id, { reason: 'citizen' });
    },
  };
}
