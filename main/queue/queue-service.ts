// Issuing queue numbers and night vouchers, durably, and putting them on paper, resumably.
//
// issue() is synchronous and commits the ticket (with its outbox record) before it returns; no byte
// goes to the printer inside it. printTicket() is a separate step with its own state, recorded
// before the first byte leaves: pending → printing → printed | failed, and reprinted for every copy
// made after the original may have reached paper. See docs/queue.md for why a ticket found in
// 'printing' after a crash is printed again as 补打 rather than as if new.
import crypto from 'node:crypto';
import { silentLogger, type Logger } from '../../common/log.ts';
import type {
  ComeBackAt,
  IssueOutcome,
  LaneId,
  LineCountsView,
  LineView,
  PrintResultView,
  PrintState,
  QueueCountsView,
  TicketSource,
  TicketStatus,
  TicketView,
} from '../../common/queue.ts';
import type { PrintDocument } from '../../hardware/printer/document.ts';
import type { PrintOutcome } from '../../hardware/printer/driver.ts';
import type { PaperLocale } from '../../hardware/printer/layout.ts';
import { KioskError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { ticketDocument, voucherDocument } from './slips/documents.ts';
import {
  estimateWaitMinutes,
  minutesPerPerson,
  type PeopleAheadBasis,
  type PeopleAheadChoice,
} from './estimate.ts';
import { kioskQuotaOf, type HallConfig, type LaneConfig, type LineConfig } from './hall-config.ts';
import { addDays, businessDay, isIssuingLive, nextOpening } from './hall-time.ts';
import { formatTicketNumber, formatVoucherReference, maxSequence } from './numbering.ts';

/** What the queue needs of a printer: PrinterDevice fits. Must not throw for device conditions. */
export interface TicketPrinterPort {
  print(document: PrintDocument): Promise<PrintOutcome>;
}

/** A record for the central system, written inside the caller's transaction (the sync outbox). */
export interface QueueEventSink {
  (event: {
    type: 'ticket' | 'audit';
    payload: Record<string, unknown>;
    personal?: Record<string, unknown>;
    occurredAt?: Date;
  }): void;
}

export interface IssueRequest {
  /** Line prefix, e.g. "A". */
  line: string;
  lane?: LaneId;
  /** HMAC of the ID number (personKeyFor); never the number itself. */
  personKey?: string;
  prereviewRef?: string;
  source: TicketSource;
  /** Who issued it at the desk. */
  staffId?: string;
  /** The language the citizen chose on screen: the paper (and every copy of it) is printed in it. */
  locale?: PaperLocale;
}

export type PrintReason = 'issue' | 'crash-recovery' | 'citizen' | 'staff' | 'retry';

export interface QueueServiceOptions {
  db: Db;
  hall: HallConfig;
  kioskId: string;
  /** The kiosk's mark in its numbers (1–99), unique in the hall. */
  kioskIndex: number;
  printer: TicketPrinterPort | null;
  events?: QueueEventSink;
  now?: () => Date;
  logger?: Logger;
  /** Hall name and phone printed on the paper; default the hall configuration's. */
  hallName?: string;
  hallPhone?: string;
  /** After a restart, unfinished tickets issued this recently are printed at once (the person is
   *  probably still at the kiosk); older ones wait for a reprint at the desk. Default 30. */
  resumeWithinMinutes?: number;
  /** Look-back for the service rate; default 60 minutes. */
  rateWindowMinutes?: number;
  /** With a central system: chooses the printed "people ahead" between the hall-wide figure and
   *  this kiosk's own count (choosePeopleAhead over the sync service's snapshot). Without it the
   *  own count is printed as before, with no claim either way. */
  peopleAhead?: PeopleAheadSource;
}

/** Asked once per ticket, inside the issuing transaction (synchronous: no request is made here). */
export type PeopleAheadSource = (input: {
  line: string;
  lanePriority: number;
  businessDay: string;
  now: Date;
  localAhead: number;
  localWaitingSince: (line: string, fromIso: string, minPriority: number) => number;
}) => PeopleAheadChoice;

interface TicketRow {
  id: number;
  ticket_key: string;
  kind: 'ticket' | 'voucher';
  number: string;
  business_day: string;
  line_id: string;
  lane: LaneId;
  lane_priority: number;
  seq: number;
  kiosk_id: string;
  source: TicketSource;
  staff_id: string | null;
  person_key: string | null;
  prereview_ref: string | null;
  issued_at: string;
  people_ahead: number;
  people_ahead_basis: PeopleAheadBasis | null;
  locale: PaperLocale;
  estimated_wait_minutes: number;
  appointment_day: string | null;
  appointment_from: string | null;
  status: TicketStatus;
  void_reason: string | null;
  print_state: PrintState;
  print_attempts: number;
  original_maybe_on_paper: number;
}

/** Copies of an open ticket a person may print at the screen; more at the desk (staff, recorded). */
export const maxCitizenReprints = 3;

export class QueueService {
  private readonly db: Db;
  private hall: HallConfig;
  private readonly now: () => Date;
  private readonly logger: Logger;
  private readonly events: QueueEventSink;
  private lineById: Map<string, LineConfig>;
  private laneById: Map<LaneId, LaneConfig>;
  private printChain: Promise<unknown> = Promise.resolve();
  private lastRolledDay: string | undefined;
  private readonly sql;

  constructor(private readonly options: QueueServiceOptions) {
    if (!Number.isInteger(options.kioskIndex) || options.kioskIndex < 1 || options.kioskIndex > 99)
      throw new RangeError('kioskIndex must be an integer from 1 to 99');
    this.db = options.db;
    this.hall = options.hall;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
    this.events = options.events ?? (() => {});
    this.lineById = new Map(options.hall.lines.map((line) => [line.prefix, line]));
    this.laneById = new Map(options.hall.lanes.map((lane) => [lane.id, lane]));
    const db = this.db;
    this.sql = {
      bumpCounter: db.prepare<[string, string], { last_seq: number }>(
        `INSERT INTO queue_counters (business_day, series, last_seq) VALUES (?, ?, 1)
         ON CONFLICT (business_day, series) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
      ),
      lastSeq: db.prepare<[string, string], { last_seq: number }>(
        'SELECT last_seq FROM queue_counters WHERE business_day = ? AND series = ?',
      ),
      insert: db.prepare(
        `INSERT INTO queue_tickets (ticket_key, kind, number, business_day, line_id, lane, lane_priority, seq,
           kiosk_id, kiosk_index, source, staff_id, person_key, prereview_ref, issued_at, people_ahead,
           people_ahead_basis, estimated_wait_minutes, appointment_day, appointment_from, locale)
         VALUES (@ticket_key, @kind, @number, @business_day, @line_id, @lane, @lane_priority, @seq, @kiosk_id,
           @kiosk_index, @source, @staff_id, @person_key, @prereview_ref, @issued_at, @people_ahead,
           @people_ahead_basis, @estimated_wait_minutes, @appointment_day, @appointment_from, @locale)`,
      ),
      byId: db.prepare<[number], TicketRow>('SELECT * FROM queue_tickets WHERE id = ?'),
      byNumber: db.prepare<[string, string], TicketRow>(
        'SELECT * FROM queue_tickets WHERE business_day = ? AND number = ?',
      ),
      openForPerson: db.prepare<[string, string, string, string], TicketRow>(
        `SELECT * FROM queue_tickets WHERE business_day = ? AND kind = ? AND line_id = ? AND person_key = ?
           AND status = 'waiting'`,
      ),
      countUsed: db.prepare<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM queue_tickets WHERE business_day = ? AND kind = 'ticket' AND line_id = ?
           AND status <> 'voided'`,
      ),
      waitingAtOrAbove: db.prepare<[string, string, number], { n: number }>(
        `SELECT count(*) AS n FROM queue_tickets WHERE business_day = ? AND kind = 'ticket' AND line_id = ?
           AND status = 'waiting' AND lane_priority >= ?`,
      ),
      waitingSince: db.prepare<[string, string, string, number], { n: number }>(
        `SELECT count(*) AS n FROM queue_tickets WHERE business_day = ? AND kind = 'ticket' AND line_id = ?
           AND status = 'waiting' AND issued_at >= ? AND lane_priority >= ?`,
      ),
      aheadOf: db.prepare<[string, string, number, number, string, string, number], { n: number }>(
        `SELECT count(*) AS n FROM queue_tickets WHERE business_day = ? AND kind = 'ticket' AND line_id = ?
           AND status = 'waiting' AND (lane_priority > ? OR (lane_priority = ? AND (issued_at < ?
           OR (issued_at = ? AND id < ?))))`,
      ),
      servedSince: db.prepare<[string, string], { served_at: string }>(
        'SELECT served_at FROM queue_served WHERE line_id = ? AND served_at >= ?',
      ),
      insertServed: db.prepare<[string, string]>(
        'INSERT INTO queue_served (line_id, served_at) VALUES (?, ?)',
      ),
      markServed: db.prepare<[string, number]>(
        "UPDATE queue_tickets SET status = 'served', served_at = ? WHERE id = ? AND status = 'waiting'",
      ),
      expireBefore: db.prepare<[string]>(
        "UPDATE queue_tickets SET status = 'expired' WHERE business_day < ? AND status = 'waiting'",
      ),
      startAttempt: db.prepare(
        `INSERT INTO queue_prints (ticket_id, attempt, kind, reason, staff_id, started_at, outcome)
         VALUES (?, ?, ?, ?, ?, ?, 'printing')`,
      ),
      setPrinting: db.prepare<[number, number, number]>(
        `UPDATE queue_tickets SET print_state = 'printing', print_attempts = ?,
           original_maybe_on_paper = max(original_maybe_on_paper, ?) WHERE id = ?`,
      ),
      finishAttempt: db.prepare<[string, string, string | null, number, number]>(
        'UPDATE queue_prints SET finished_at = ?, outcome = ?, failure_code = ? WHERE ticket_id = ? AND attempt = ?',
      ),
      setPrintState: db.prepare<[PrintState, number, number]>(
        'UPDATE queue_tickets SET print_state = ?, original_maybe_on_paper = ? WHERE id = ?',
      ),
      unfinished: db.prepare<[], TicketRow>(
        "SELECT * FROM queue_tickets WHERE print_state IN ('pending', 'printing') ORDER BY id",
      ),
      interruptAttempts: db.prepare<[string, number]>(
        `UPDATE queue_prints SET outcome = 'interrupted', finished_at = ? WHERE ticket_id = ? AND outcome = 'printing'`,
      ),
      voidTicket: db.prepare<[string, string, string | null, number]>(
        `UPDATE queue_tickets SET status = 'voided', voided_at = ?, void_reason = ?, voided_by = ?
         WHERE id = ? AND status = 'waiting'`,
      ),
      countsByLine: db.prepare<[string], { line_id: string; kind: string; status: string; n: number }>(
        `SELECT line_id, kind, status, count(*) AS n FROM queue_tickets WHERE business_day = ?
         GROUP BY line_id, kind, status`,
      ),
      // A voucher is filed under the day it is for (the next opening), so the night that handed it out
      // would never see it: vouchers are counted by the business day of their issue instead. Only
      // vouchers for that day or later can have been issued on it.
      vouchersFrom: db.prepare<[string], { line_id: string; status: string; issued_at: string }>(
        `SELECT line_id, status, issued_at FROM queue_tickets WHERE kind = 'voucher' AND business_day >= ?`,
      ),
      unprinted: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM queue_tickets WHERE business_day >= ? AND status = 'waiting'
           AND print_state IN ('pending', 'printing', 'failed')`,
      ),
      recent: db.prepare<[string, number], TicketRow>(
        'SELECT * FROM queue_tickets WHERE business_day >= ? ORDER BY id DESC LIMIT ?',
      ),
    };
  }

  /** A new hall configuration (the central system's signed document): lines, hours, caps, lanes,
   *  this kiosk's mark and the phone printed on the paper, in force from the next request. Tickets
   *  already issued keep their numbers; counters are per line and day, so they carry on. */
  /** A hall configuration from the central system: its lines, lanes, kiosk mark and name (which
   *  replace the locally configured name on the paper, as on the citizen's other slips). */
  applyHall(hall: HallConfig, kioskIndex: number, hallPhone?: string): void {
    if (!Number.isInteger(kioskIndex) || kioskIndex < 1 || kioskIndex > 99)
      throw new RangeError('kioskIndex must be an integer from 1 to 99');
    this.hall = hall;
    this.lineById = new Map(hall.lines.map((line) => [line.prefix, line]));
    this.laneById = new Map(hall.lanes.map((lane) => [lane.id, lane]));
    this.options.kioskIndex = kioskIndex;
    this.options.hallName = hall.hallName;
    if (hallPhone !== undefined) this.options.hallPhone = hallPhone;
  }

  get kioskIndex(): number {
    return this.options.kioskIndex;
  }

  get hallConfig(): HallConfig {
    return this.hall;
  }

  /** The business day the kiosk is in now (numbers restart at the configured reset time). */
  today(): string {
    return businessDay(this.now(), this.hall);
  }

  /** The line an item is served at: the hall's override, else the catalog's own. */
  lineForItem(itemCode: string, catalogLine: string): string {
    return this.hall.itemLines[itemCode] ?? catalogLine;
  }

  lines(): LineView[] {
    const now = this.now();
    const day = businessDay(now, this.hall);
    return this.hall.lines.map((line) => {
      const waiting = this.sql.waitingAtOrAbove.get(day, line.prefix, 0)?.n ?? 0;
      const used = this.sql.countUsed.get(day, line.prefix)?.n ?? 0;
      return {
        id: line.prefix,
        prefix: line.prefix,
        name: line.name,
        lanes: line.lanes.map((id) => ({ id, name: this.lane(id).name })),
        openNow: isIssuingLive(this.hall, line, now),
        waiting,
        estimatedWaitMinutes: estimateWaitMinutes(waiting, this.perPerson(line, now)),
        remainingToday: Math.max(0, kioskQuotaOf(this.hall, line) - used),
      };
    });
  }

  /** Commits a number (or, outside the line's hours, a next-day voucher) and its outbox record in
   *  one transaction, and returns. Nothing is printed here: call printTicket next. */
  issue(request: IssueRequest): IssueOutcome {
    const line = this.lineById.get(request.line);
    if (!line)
      throw new KioskError(
        'not-found',
        `There is no business line ${request.line}.`,
        'queue.error.noSuchLine',
      );
    const laneId = request.lane ?? 'ordinary';
    if (!line.lanes.includes(laneId))
      throw new KioskError(
        'bad-request',
        `Line ${line.prefix} has no ${laneId} lane.`,
        'queue.error.noSuchLane',
      );
    if (request.personKey !== undefined && !/^[0-9a-f]{64}$/.test(request.personKey))
      throw new KioskError(
        'bad-request',
        'A person key must be the HMAC of an ID number.',
        'queue.error.badPersonKey',
      );
    const lane = this.lane(laneId);
    const now = this.now();
    const live = isIssuingLive(this.hall, line, now);

    return this.db
      .transaction((): IssueOutcome => {
        const today = businessDay(now, this.hall);
        this.rollOver(today);
        if (live) return this.issueLive(request, line, lane, today, now);
        return this.issueVoucher(request, line, lane, now);
      })
      .immediate();
  }

  private issueLive(
    request: IssueRequest,
    line: LineConfig,
    lane: LaneConfig,
    day: string,
    now: Date,
  ): IssueOutcome {
    if (request.personKey) {
      const open = this.sql.openForPerson.get(day, 'ticket', line.prefix, request.personKey);
      if (open) return { outcome: 'already-open', ticket: this.view(open, now) };
    }
    const used = this.sql.countUsed.get(day, line.prefix)?.n ?? 0;
    const lastSeq = this.sql.lastSeq.get(day, line.prefix)?.last_seq ?? 0;
    // Staff may still seat a green-channel person once the ordinary share is gone; nobody may go
    // past the last three-digit number.
    const staffPriority = request.source === 'staff' && lane.priority > 0;
    if ((used >= kioskQuotaOf(this.hall, line) && !staffPriority) || lastSeq >= maxSequence) {
      return {
        outcome: 'sold-out',
        lineId: line.prefix,
        comeBackAt: nextOpening(this.hall, line, now, { notBefore: addDays(day, 1) }),
      };
    }
    const seq = this.sql.bumpCounter.get(day, line.prefix)!.last_seq;
    const localAhead = this.sql.waitingAtOrAbove.get(day, line.prefix, lane.priority)?.n ?? 0;
    const choice = this.options.peopleAhead?.({
      line: line.prefix,
      lanePriority: lane.priority,
      businessDay: day,
      now,
      localAhead,
      localWaitingSince: (prefix, fromIso, minPriority) =>
        this.sql.waitingSince.get(day, prefix, fromIso, minPriority)?.n ?? 0,
    });
    const peopleAhead = choice?.peopleAhead ?? localAhead;
    const wait = estimateWaitMinutes(peopleAhead, this.perPerson(line, now));
    const row = this.insert({
      kind: 'ticket',
      number: formatTicketNumber(line.prefix, this.options.kioskIndex, seq),
      day,
      seq,
      line,
      lane,
      request,
      now,
      peopleAhead,
      basis: choice?.basis ?? null,
      wait,
      appointment: null,
    });
    return { outcome: 'issued', ticket: this.view(row, now) };
  }

  private issueVoucher(request: IssueRequest, line: LineConfig, lane: LaneConfig, now: Date): IssueOutcome {
    const opening = nextOpening(this.hall, line, now);
    if (!opening)
      throw new KioskError(
        'unavailable',
        `Line ${line.prefix} has no opening hours configured.`,
        'queue.error.noHours',
      );
    const day = opening.day;
    if (request.personKey) {
      const open = this.sql.openForPerson.get(day, 'voucher', line.prefix, request.personKey);
      if (open) return { outcome: 'already-open', ticket: this.view(open, now) };
    }
    const series = `N:${line.prefix}`;
    const lastSeq = this.sql.lastSeq.get(day, series)?.last_seq ?? 0;
    if (lastSeq >= Math.min(maxSequence, kioskQuotaOf(this.hall, line)))
      return {
        outcome: 'sold-out',
        lineId: line.prefix,
        comeBackAt: nextOpening(this.hall, line, now, { notBefore: addDays(day, 1) }),
      };
    const seq = this.sql.bumpCounter.get(day, series)!.last_seq;
    const row = this.insert({
      kind: 'voucher',
      number: formatVoucherReference(line.prefix, this.options.kioskIndex, day, seq),
      day,
      seq,
      line,
      lane,
      request,
      now,
      peopleAhead: 0,
      basis: null,
      wait: 0,
      appointment: opening,
    });
    return { outcome: 'voucher', ticket: this.view(row, now) };
  }

  private insert(input: {
    kind: 'ticket' | 'voucher';
    number: string;
    day: string;
    seq: number;
    line: LineConfig;
    lane: LaneConfig;
    request: IssueRequest;
    now: Date;
    peopleAhead: number;
    basis: PeopleAheadBasis | null;
    wait: number;
    appointment: ComeBackAt | null;
  }): TicketRow {
    const ticketKey = crypto.randomUUID();
    const issuedAt = input.now.toISOString();
    const id = Number(
      this.sql.insert.run({
        ticket_key: ticketKey,
        kind: input.kind,
        number: input.number,
        business_day: input.day,
        line_id: input.line.prefix,
        lane: input.lane.id,
        lane_priority: input.lane.priority,
        seq: input.seq,
        kiosk_id: this.options.kioskId,
        kiosk_index: this.options.kioskIndex,
        source: input.request.source,
        staff_id: input.request.staffId ?? null,
        person_key: input.request.personKey ?? null,
        prereview_ref: input.request.prereviewRef ?? null,
        issued_at: issuedAt,
        people_ahead: input.peopleAhead,
        people_ahead_basis: input.basis,
        estimated_wait_minutes: input.wait,
        appointment_day: input.appointment?.day ?? null,
        appointment_from: input.appointment?.from ?? null,
        locale: input.request.locale ?? 'zh-CN',
      }).lastInsertRowid,
    );
    this.events({
      type: 'ticket',
      occurredAt: input.now,
      payload: {
        action: input.kind === 'ticket' ? 'issued' : 'voucher-issued',
        ticketKey,
        kind: input.kind,
        number: input.number,
        businessDay: input.day,
        line: input.line.prefix,
        lane: input.lane.id,
        lanePriority: input.lane.priority,
        kioskId: this.options.kioskId,
        kioskIndex: this.options.kioskIndex,
        source: input.request.source,
        staffId: input.request.staffId ?? null,
        prereviewRef: input.request.prereviewRef ?? null,
        issuedAt,
        appointment: input.appointment,
      },
    });
    return this.sql.byId.get(id)!;
  }

  /** Tickets of earlier business days that were never called are closed at the daily reset. */
  private rollOver(today: string): void {
    if (this.lastRolledDay === today) return;
    this.sql.expireBefore.run(today);
    this.lastRolledDay = today;
  }

  /** Puts a ticket on paper. The attempt is committed before the first byte; the first copy that
   *  may reach paper is the original, every later one is marked 补打. With reason 'issue' a ticket
   *  already printed is not printed again (a double tap, a retried request). Never throws for
   *  printer conditions: the result says whether it printed. */
  printTicket(
    ticketId: number,
    options: { reason?: PrintReason; staffId?: string } = {},
  ): Promise<PrintResultView> {
    const run = this.printChain.then(() =>
      this.printNow(ticketId, options.reason ?? 'issue', options.staffId),
    );
    this.printChain = run.catch(() => undefined);
    return run;
  }

  private async printNow(ticketId: number, reason: PrintReason, staffId?: string): Promise<PrintResultView> {
    const printer = this.options.printer;
    const started = this.db
      .transaction(() => {
        const row = this.sql.byId.get(ticketId);
        if (!row)
          throw new KioskError('not-found', `There is no ticket ${ticketId}.`, 'queue.error.noSuchTicket');
        if (reason === 'issue' && (row.print_state === 'printed' || row.print_state === 'reprinted'))
          return { row, skip: true as const };
        if (!printer) return { row, skip: 'no-printer' as const };
        const attempt = row.print_attempts + 1;
        const reprint = row.original_maybe_on_paper === 1;
        const at = this.now();
        this.sql.startAttempt.run(
          ticketId,
          attempt,
          reprint ? 'reprint' : 'original',
          reason,
          staffId ?? null,
          at.toISOString(),
        );
        this.sql.setPrinting.run(attempt, 1, ticketId);
        return { row: this.sql.byId.get(ticketId)!, skip: false as const, attempt, reprint, at };
      })
      .immediate();
    const now = this.now();
    if (started.skip === true) return { ticket: this.view(started.row, now), printed: true };
    if (started.skip === 'no-printer')
      return { ticket: this.view(started.row, now), printed: false, failureKey: 'health.printer.disabled' };

    const document = this.documentFor(
      started.row,
      started.reprint ? { attempt: started.attempt, at: started.at } : undefined,
    );
    let outcome: PrintOutcome;
    try {
      outcome = await printer!.print(document);
    } catch (error) {
      // A printer port that throws breaks its contract; treat it as a print that may have started.
      this.logger.error('queue.print-threw', { ticketId, error: (error as Error).message });
      outcome = { ok: false, code: 'unfinished', message: 'printer threw', started: true };
    }
    const finishedAt = this.now().toISOString();
    const row = this.db
      .transaction(() => {
        if (outcome.ok) {
          this.sql.finishAttempt.run(finishedAt, 'printed', null, ticketId, started.attempt);
          this.sql.setPrintState.run(started.reprint ? 'reprinted' : 'printed', 1, ticketId);
        } else {
          this.sql.finishAttempt.run(finishedAt, 'failed', outcome.code, ticketId, started.attempt);
          // Nothing of the original went out: the next copy may still be the original.
          const maybeOnPaper = started.reprint || outcome.started ? 1 : 0;
          this.sql.setPrintState.run('failed', maybeOnPaper, ticketId);
        }
        return this.sql.byId.get(ticketId)!;
      })
      .immediate();
    if (!outcome.ok) {
      this.logger.warn('queue.print-failed', {
        ticketId,
        number: row.number,
        code: outcome.code,
        started: outcome.started,
      });
      return { ticket: this.view(row, this.now()), printed: false, failureKey: failureKeyOf(outcome.code) };
    }
    this.logger.info('queue.printed', {
      ticketId,
      number: row.number,
      attempt: started.attempt,
      reprint: started.reprint,
    });
    return { ticket: this.view(row, this.now()), printed: true };
  }

  /** Issues and prints in one call, for screens that want both (the number is durable before the
   *  printer is driven either way). */
  async issueAndPrint(
    request: IssueRequest,
  ): Promise<{ result: IssueOutcome; print: PrintResultView | null }> {
    const result = this.issue(request);
    if (result.outcome !== 'issued' && result.outcome !== 'voucher') return { result, print: null };
    return { result, print: await this.printTicket(result.ticket.id, { reason: 'issue' }) };
  }

  /** A copy for someone who lost theirs or whose print failed: always marked 补打 when the original
   *  may be on paper. Only open tickets can be reprinted. */
  reprint(
    ticketId: number,
    options: { reason: 'citizen' | 'staff' | 'retry'; staffId?: string },
  ): Promise<PrintResultView> {
    const row = this.sql.byId.get(ticketId);
    if (!row)
      throw new KioskError('not-found', `There is no ticket ${ticketId}.`, 'queue.error.noSuchTicket');
    if (row.status !== 'waiting')
      throw new KioskError(
        'conflict',
        `Ticket ${row.number} is ${row.status}; it cannot be reprinted.`,
        'queue.error.notOpen',
      );
    if (options.reason === 'citizen') {
      // Issue #14, finding 10: unlimited reprints at the screen let anyone at it print paper for
      // ever. Each copy is recorded in queue_prints (reason 'citizen'); past the limit, the desk.
      const { n } = this.db
        .prepare<[number], { n: number }>(
          "SELECT count(*) AS n FROM queue_prints WHERE ticket_id = ? AND reason = 'citizen'",
        )
        .get(ticketId)!;
      if (n >= maxCitizenReprints)
        throw new KioskError(
          'conflict',
          `Ticket ${row.number} has been reprinted ${n} times here; the desk can print another.`,
          'queue.error.reprintLimit',
        );
    }
    return this.printTicket(ticketId, options);
  }

  /** At start-up: an attempt left 'printing' was cut off by a crash or power cut. Part or all of
   *  it may be on paper, so its ticket is printed again marked 补打 — never silently as new. A
   *  ticket still 'pending' never sent a byte and prints as the original. Only recent ones are
   *  printed at once; the rest are marked failed for the desk to reprint. */
  async resumeUnfinished(): Promise<{ resumed: number; leftForDesk: number }> {
    const now = this.now();
    const cutoff = new Date(now.getTime() - (this.options.resumeWithinMinutes ?? 30) * 60_000).toISOString();
    const today = businessDay(now, this.hall);
    const toPrint: number[] = [];
    let leftForDesk = 0;
    this.db
      .transaction(() => {
        for (const row of this.sql.unfinished.all()) {
          if (row.print_state === 'printing') this.sql.interruptAttempts.run(now.toISOString(), row.id);
          const recent = row.issued_at >= cutoff && row.status === 'waiting' && row.business_day >= today;
          if (recent) {
            if (row.print_state === 'printing') this.sql.setPrintState.run('failed', 1, row.id);
            toPrint.push(row.id);
          } else {
            this.sql.setPrintState.run(
              'failed',
              row.print_state === 'printing' ? 1 : row.original_maybe_on_paper,
              row.id,
            );
            leftForDesk += 1;
          }
        }
      })
      .immediate();
    for (const id of toPrint) {
      const row = this.sql.byId.get(id)!;
      await this.printTicket(id, { reason: row.original_maybe_on_paper ? 'crash-recovery' : 'issue' });
    }
    if (toPrint.length + leftForDesk > 0)
      this.logger.info('queue.resumed', { resumed: toPrint.length, leftForDesk });
    return { resumed: toPrint.length, leftForDesk };
  }

  /** Voids an open ticket. Call inside the staff action's transaction so the audit record and the
   *  change are one; returns the updated ticket. */
  voidTicket(ticketId: number, reason: string, staffId: string | null): TicketView {
    return this.db.transaction(() => {
      const row = this.sql.byId.get(ticketId);
      if (!row)
        throw new KioskError('not-found', `There is no ticket ${ticketId}.`, 'queue.error.noSuchTicket');
      const at = this.now();
      if (this.sql.voidTicket.run(at.toISOString(), reason, staffId, ticketId).changes === 0)
        throw new KioskError(
          'conflict',
          `Ticket ${row.number} is ${row.status}; it cannot be voided.`,
          'queue.error.notOpen',
        );
      this.events({
        type: 'ticket',
        occurredAt: at,
        payload: {
          action: 'voided',
          ticketKey: row.ticket_key,
          number: row.number,
          businessDay: row.business_day,
          reason,
          staffId,
        },
      });
      return this.view(this.sql.byId.get(ticketId)!, at);
    })();
  }

  /** A window finished serving someone in this line (from the calling system via sync, or a local
   *  ticket by number): feeds the service rate, and closes the local ticket if it is one. */
  recordServed(input: { lineId: string; servedAt: Date; number?: string; businessDay?: string }): void {
    this.db
      .transaction(() => {
        this.sql.insertServed.run(input.lineId, input.servedAt.toISOString());
        if (input.number) {
          const row = this.sql.byNumber.get(
            input.businessDay ?? businessDay(input.servedAt, this.hall),
            input.number,
          );
          if (row) this.sql.markServed.run(input.servedAt.toISOString(), row.id);
        }
      })
      .immediate();
  }

  ticket(ticketId: number): TicketView {
    const row = this.sql.byId.get(ticketId);
    if (!row)
      throw new KioskError('not-found', `There is no ticket ${ticketId}.`, 'queue.error.noSuchTicket');
    return this.view(row, this.now());
  }

  findByNumber(number: string, day = this.today()): TicketView | null {
    const row = this.sql.byNumber.get(day, number.trim().toUpperCase());
    return row ? this.view(row, this.now()) : null;
  }

  /** Today's and later (vouchers) tickets, newest first. */
  recent(limit = 50): TicketView[] {
    const now = this.now();
    return this.sql.recent.all(businessDay(now, this.hall), limit).map((row) => this.view(row, now));
  }

  counts(day = this.today()): QueueCountsView {
    const byLine = new Map<string, LineCountsView>(
      this.hall.lines.map((line) => [
        line.prefix,
        {
          lineId: line.prefix,
          prefix: line.prefix,
          name: line.name,
          issued: 0,
          served: 0,
          waiting: 0,
          voided: 0,
          vouchers: 0,
          vouchersVoided: 0,
          cap: kioskQuotaOf(this.hall, line),
        },
      ]),
    );
    for (const row of this.sql.countsByLine.all(day)) {
      const counts = byLine.get(row.line_id);
      if (!counts) continue;
      if (row.kind === 'voucher') continue;
      counts.issued += row.n;
      if (row.status === 'served') counts.served += row.n;
      if (row.status === 'waiting') counts.waiting += row.n;
      if (row.status === 'voided') counts.voided += row.n;
    }
    for (const row of this.sql.vouchersFrom.all(day)) {
      const counts = byLine.get(row.line_id);
      if (!counts || businessDay(new Date(row.issued_at), this.hall) !== day) continue;
      counts.vouchers += 1;
      // A voided voucher is a voided paper like a voided ticket: counted in both places.
      if (row.status === 'voided') {
        counts.vouchersVoided += 1;
        counts.voided += 1;
      }
    }
    return { businessDay: day, lines: [...byLine.values()], unprinted: this.sql.unprinted.get(day)?.n ?? 0 };
  }

  /** The open ticket (or voucher) this person holds in a line, if any. */
  openTicketFor(line: string, personKey: string): TicketView | null {
    const now = this.now();
    const today = businessDay(now, this.hall);
    const row =
      this.sql.openForPerson.get(today, 'ticket', line, personKey) ??
      this.db
        .prepare<[string, string, string], TicketRow>(
          `SELECT * FROM queue_tickets WHERE kind = 'voucher' AND business_day >= ? AND line_id = ?
             AND person_key = ? AND status = 'waiting' ORDER BY id DESC LIMIT 1`,
        )
        .get(today, line, personKey);
    return row ? this.view(row, now) : null;
  }

  private hallPhone(): string | undefined {
    return this.options.hallPhone ?? this.hall.phone;
  }

  private lane(id: LaneId): LaneConfig {
    return this.laneById.get(id) ?? { id, name: { 'zh-CN': id, en: id }, priority: 0 };
  }

  private perPerson(line: LineConfig, now: Date): number {
    const windowMinutes = this.options.rateWindowMinutes ?? 60;
    const since = new Date(now.getTime() - windowMinutes * 60_000).toISOString();
    const servedAt = this.sql.servedSince.all(line.prefix, since).map((row) => Date.parse(row.served_at));
    return minutesPerPerson({
      servedAt,
      now: now.getTime(),
      windowMinutes,
      counters: line.counters,
      defaultServiceMinutes: line.defaultServiceMinutes,
    });
  }

  private peopleAheadOf(row: TicketRow): number {
    if (row.kind !== 'ticket' || row.status !== 'waiting') return 0;
    return (
      this.sql.aheadOf.get(
        row.business_day,
        row.line_id,
        row.lane_priority,
        row.lane_priority,
        row.issued_at,
        row.issued_at,
        row.id,
      )?.n ?? 0
    );
  }

  private view(row: TicketRow, now: Date): TicketView {
    const line = this.lineById.get(row.line_id);
    const lane = this.lane(row.lane);
    // Where the queue is now; the original paper prints what was promised at issue (people_ahead).
    const peopleAhead = row.kind === 'ticket' ? this.peopleAheadOf(row) : 0;
    const wait =
      line && row.kind === 'ticket' ? estimateWaitMinutes(peopleAhead, this.perPerson(line, now)) : 0;
    return {
      id: row.id,
      kind: row.kind,
      number: row.number,
      lineId: row.line_id,
      lineName: line?.name ?? { 'zh-CN': row.line_id, en: row.line_id },
      lane: row.lane,
      laneName: lane.name,
      businessDay: row.business_day,
      issuedAt: row.issued_at,
      source: row.source,
      status: row.status,
      printState: row.print_state,
      printAttempts: row.print_attempts,
      peopleAhead,
      estimatedWaitMinutes: wait,
      ...(row.kind === 'ticket'
        ? { printedPeopleAhead: { count: row.people_ahead, basis: row.people_ahead_basis } }
        : {}),
      prereviewRef: row.prereview_ref,
      appointment:
        row.appointment_day && row.appointment_from
          ? { day: row.appointment_day, from: row.appointment_from }
          : null,
      voidReason: row.void_reason,
    };
  }

  private documentFor(row: TicketRow, reprint: { attempt: number; at: Date } | undefined): PrintDocument {
    const line = this.lineById.get(row.line_id);
    const lane = this.lane(row.lane);
    const hallName = this.options.hallName ?? this.hall.hallName;
    // Every copy in the language of the original (the row keeps the citizen's choice).
    const locale = row.locale ?? 'zh-CN';
    const lineName = line?.name[locale] ?? row.line_id;
    // The hall's short lane label (「绿色通道」) is Chinese only; English paper names the lane.
    const laneLabel = lane.label ? (locale === 'en' ? lane.name.en : lane.label) : undefined;
    if (row.kind === 'voucher') {
      return voucherDocument({
        reference: row.number,
        lineName,
        ...(laneLabel ? { laneLabel } : {}),
        locale,
        appointmentDay: row.appointment_day ?? row.business_day,
        appointmentFrom: row.appointment_from ?? '',
        issuedAt: new Date(row.issued_at),
        hallName,
        ...(this.hallPhone() ? { hallPhone: this.hallPhone()! } : {}),
        ...(row.prereview_ref ? { prereviewRef: row.prereview_ref } : {}),
        kioskId: this.options.kioskId,
        timeZone: this.hall.timeZone,
        ...(reprint ? { reprint } : {}),
      });
    }
    // A copy says what the original said (the figure and whether it was an estimate): it is the
    // same ticket, and a different number on a 补打 would read as a different place in the queue.
    return ticketDocument({
      data: {
        number: row.number,
        lineName,
        ...(laneLabel ? { priorityLabel: laneLabel } : {}),
        locale,
        peopleAhead: row.people_ahead,
        peopleAheadBasis: row.people_ahead_basis,
        estimatedWaitMinutes: row.estimated_wait_minutes,
        issuedAt: new Date(row.issued_at),
        hallName,
        ...(this.hallPhone() ? { hallPhone: this.hallPhone()! } : {}),
        reference: row.prereview_ref ?? '',
        kioskId: this.options.kioskId,
      },
      timeZone: this.hall.timeZone,
      ...(reprint ? { reprint } : {}),
    });
  }
}

function failureKeyOf(code: string): string {
  const keys: Record<string, string> = {
    'paper-out': 'health.printer.paperOut',
    'cover-open': 'health.printer.coverOpen',
    'cutter-jam': 'health.printer.cutterJam',
    offline: 'health.printer.offline',
    'no-answer': 'health.printer.unreachable',
    disconnected: 'health.printer.unreachable',
    'garbled-reply': 'health.printer.unreachable',
    unfinished: 'print.unfinished',
  };
  return keys[code] ?? 'health.printer.error';
}
