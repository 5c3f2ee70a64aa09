// Builds the queue and the staff desk for the kiosk (called from main/kiosk.ts): hall
// configuration, this kiosk's number mark, the outbox as the event sink, the printer, dev staff
// accounts on emulated kiosks, the request handlers, and the restart recovery of unfinished prints.
import path from 'node:path';
import type { KioskConfig } from '../config/config.ts';
import type { Devices } from '../devices/index.ts';
import { KioskError } from '../errors.ts';
import type { Handlers } from '../host/dispatch.ts';
import type { Logger } from '../log/logger.ts';
import type { TicketIssuer } from '../services/citizen-flow.ts';
import { loadStaffFile } from '../staff/accounts.ts';
import { StaffService } from '../staff/staff-service.ts';
import type { Db } from '../store/database.ts';
import { loadOrCreateKey } from '../sync/crypto.ts';
import { enqueueEvent } from '../sync/outbox.ts';
import { kioskIndexOf, loadHallConfig, type HallConfig } from './hall-config.ts';
import { businessDay } from './hall-time.ts';
import { PaperArchive } from './paper-archive.ts';
import { loadOrCreatePersonKey, personKeyFor } from './person-key.ts';
import { QueueService, type QueueEventSink } from './queue-service.ts';

type QueueChannel = Extract<keyof Handlers, `queue:${string}` | `staff:${string}`>;

export interface QueueParts {
  hall: HallConfig;
  queue: QueueService | null;
  staff: StaffService | null;
  handlers: Pick<Handlers, QueueChannel>;
  /** What the citizen flow calls for a passed pre-review. */
  ticketIssuer: TicketIssuer;
  /** Prints the citizen flow's slips, keeping them (encrypted, a day) for the desk to reprint. */
  paper: PaperArchive;
  /** Resumes prints cut off by a crash, once the printer port is open. */
  start(): void;
  stop(): void;
}

/** Notification and commitment slips of a business day, from the pre-review records in the outbox
 *  (kept there, without personal fields, well beyond a day after sync). */
export function slipCountsOf(
  db: Db,
  hall: HallConfig,
  day: string,
): { noticeSlips: number; commitmentSlips: number } {
  const rows = db
    .prepare<[], { occurred_at: string; outcome: string }>(
      "SELECT occurred_at, json_extract(payload, '$.outcome') AS outcome FROM sync_outbox WHERE type = 'prereview'",
    )
    .all();
  let noticeSlips = 0;
  let commitmentSlips = 0;
  for (const row of rows) {
    if (businessDay(new Date(row.occurred_at), hall) !== day) continue;
    if (row.outcome === 'notice') noticeSlips += 1;
    if (row.outcome === 'commitment') commitmentSlips += 1;
  }
  return { noticeSlips, commitmentSlips };
}

export function createQueueParts(options: {
  config: KioskConfig;
  db: Db;
  keysDir: string;
  resourcesDir: string;
  devices: Devices;
  logger: Logger;
}): QueueParts {
  const { config, db, devices, logger } = options;
  const hall = loadHallConfig(
    config.queue.hallConfigFile ?? path.join(options.resourcesDir, 'hall', 'hall.json'),
  );
  const emulated = config.hardware.mode === 'emulated';
  let kioskIndex = kioskIndexOf(hall, config.kioskId, config.queue.kioskIndex);
  if (kioskIndex === undefined && emulated) {
    // A developer's machine is not in the hall list; real kiosks must be, or they would collide.
    kioskIndex = 1;
    logger.warn('queue.kiosk-mark-defaulted', { kioskId: config.kioskId, kioskIndex });
  }
  if (kioskIndex === undefined)
    logger.error('queue.no-kiosk-mark', {
      kioskId: config.kioskId,
      hint: 'add it to the hall kiosks list or set queue.kioskIndex',
    });

  const events: QueueEventSink = (event) => void enqueueEvent(db, event);
  const paper = new PaperArchive({
    db,
    personalKey: loadOrCreateKey(options.keysDir),
    hall,
    print: async (document) => {
      if (!devices.printer)
        throw new KioskError('unavailable', 'This kiosk has no printer.', 'health.printer.disabled');
      return devices.printer.print(document);
    },
  });
  const personKey = loadOrCreatePersonKey(options.keysDir);
  const printer = devices.printer;
  const queue =
    kioskIndex === undefined
      ? null
      : new QueueService({
          db,
          hall,
          kioskId: config.kioskId,
          kioskIndex,
          printer,
          events,
          hallName: config.hallName,
          hallPhone: config.hallPhone,
          resumeWithinMinutes: config.queue.resumeWithinMinutes,
          logger: logger.child('queue'),
        });
  // Whatever card lies on the reader, also one whose citizen session has ended (the desk's
  // "use the card on the reader" used to see only a session's card, and said there was none).
  const cardPersonKey = async (): Promise<string | null> => {
    const card = (await devices.idcard?.cardOnReader()) ?? null;
    return card ? personKeyFor(personKey, card.idNumber) : null;
  };
  const staff = queue
    ? new StaffService({
        db,
        queue,
        printer,
        kioskId: config.kioskId,
        hallName: config.hallName,
        personKey,
        events,
        logger: logger.child('staff'),
        maxFailures: config.queue.staffMaxFailures,
        lockoutMs: config.queue.staffLockoutMinutes * 60_000,
        idleLogoutMs: config.queue.staffIdleLogoutSeconds * 1000,
        cardPersonKey,
        slipCounts: (day) => slipCountsOf(db, hall, day),
      })
    : null;
  if (staff && emulated) {
    const seeded = staff.seedIfEmpty(loadStaffFile(path.join(options.resourcesDir, 'hall', 'staff.json')));
    if (seeded > 0) logger.info('staff.dev-accounts-seeded', { count: seeded });
  }

  const needQueue = (): QueueService => {
    if (!queue)
      throw new KioskError(
        'unavailable',
        'This kiosk has no number mark in the hall configuration.',
        'queue.error.noKioskMark',
      );
    return queue;
  };
  const needStaff = (): StaffService => {
    if (!staff)
      throw new KioskError(
        'unavailable',
        'This kiosk has no number mark in the hall configuration.',
        'queue.error.noKioskMark',
      );
    return staff;
  };

  const handlers: Pick<Handlers, QueueChannel> = {
    'queue:lines': () => needQueue().lines(),
    'queue:reprintOpen': async ({ line }) => {
      const key = await cardPersonKey();
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
    'staff:desk': () => needStaff().deskState(),
    'staff:login': ({ staffId, pin }) => needStaff().login(staffId, pin),
    'staff:logout': ({ token }) => {
      needStaff().logout(token);
      return needStaff().deskState();
    },
    'staff:touch': ({ token }) => needStaff().touch(token),
    'staff:issue': ({ token, line, lane, idNumber, useCard }) =>
      needStaff().issue(token, {
        line,
        lane,
        ...(idNumber ? { idNumber } : {}),
        ...(useCard ? { useCard } : {}),
      }),
    'staff:reprint': ({ token, ticketId }) => needStaff().reprint(token, ticketId),
    'staff:void': ({ token, ticketId, reason }) => needStaff().voidTicket(token, ticketId, reason),
    'staff:tickets': ({ token }) => needStaff().tickets(token),
    'staff:counts': ({ token }) => needStaff().counts(token),
    'staff:summary': ({ token }) => needStaff().printDailySummary(token),
  };

  const ticketIssuer: TicketIssuer = {
    async issueForPreReview({ line, reference, idNumber }) {
      if (!queue)
        return { ok: false, key: 'queue.error.noKioskMark', message: 'This kiosk has no number mark.' };
      const { result, print } = await queue.issueAndPrint({
        line,
        source: 'citizen',
        prereviewRef: reference,
        personKey: personKeyFor(personKey, idNumber),
      });
      switch (result.outcome) {
        case 'issued':
        case 'voucher':
          if (print?.printed)
            return {
              ok: true,
              number: result.ticket.number,
              ...(result.ticket.appointment ? { appointment: result.ticket.appointment } : {}),
            };
          // The number is kept (and listed at the desk for a reprint); the person is told so.
          return {
            ok: false,
            key: 'queue.issuedNotPrinted',
            message: `Number ${result.ticket.number} is registered but was not printed.`,
            number: result.ticket.number,
          };
        case 'already-open':
          return {
            ok: false,
            key: 'queue.alreadyOpen',
            message: `An open ticket ${result.ticket.number} exists in line ${line}.`,
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

  let stopped = false;
  return {
    hall,
    queue,
    staff,
    handlers,
    ticketIssuer,
    paper,
    start() {
      if (!queue) return;
      void (async () => {
        const deadline = Date.now() + 30_000;
        while (!stopped && printer && printer.printer.status().port !== 'open' && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 100));
        if (stopped) return;
        await queue.resumeUnfinished();
      })().catch((error: unknown) => logger.error('queue.resume-failed', { error }));
    },
    stop() {
      stopped = true;
      staff?.stop();
    },
  };
}
