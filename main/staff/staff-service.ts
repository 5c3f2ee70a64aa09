// The staff desk: its accounts (seeded on emulated kiosks, replaced by the central system's signed
// staff list) and its actions — issue (any lane, with or without a card), reprint, void, today's
// counts, the daily summary — each written to the audit log (and the sync outbox) in the same
// transaction as the change it records. Sign-in, lock-out and idle logout are the shared PIN
// authenticator's (main/auth/pin-authenticator.ts); the dispatcher checks the session and the
// role, so every action here receives the staff id of an authenticated principal.
import type {
  ArchivedPaperView,
  PaperReprintResult,
  IssueOutcome,
  LaneId,
  PrintResultView,
  QueueCountsView,
  TicketView,
} from '../../common/queue.ts';
import { isValidGb11643 } from '../../domain/identity/id-number.ts';
import type { PinAccount } from '../auth/pin-authenticator.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import { renderDailySummary } from '../queue/slips/daily-summary.ts';
import { KioskError } from '../errors.ts';
import { personKeyFor } from '../queue/person-key.ts';
import type { QueueEventSink, QueueService, TicketPrinterPort } from '../queue/queue-service.ts';
import type { Db } from '../store/database.ts';
import type { StaffAccount, StaffRole } from './accounts.ts';

export interface StaffServiceOptions {
  db: Db;
  queue: QueueService;
  printer: TicketPrinterPort | null;
  kioskId: string;
  /** Read at print time: a hall configuration from the central system may rename the hall. */
  hallName: () => string;
  /** Key for personKeyFor (HMAC of ID numbers). */
  personKey: Buffer;
  events?: QueueEventSink;
  now?: () => Date;
  logger?: Logger;
  /** Slip counts of the day for the summary, from the pre-review records (0 until wired). */
  slipCounts?: (businessDay: string) => { noticeSlips: number; commitmentSlips: number };
  /** The HMAC of the ID number of the card on the reader now, if any (issuing "with the card"). */
  cardPersonKey?: () => Promise<string | null> | string | null;
  /** The citizen flow's slips kept for reprinting (main/queue/paper-archive.ts). */
  paper?: {
    list(): ArchivedPaperView[];
    reprint(id: number): Promise<PaperReprintResult>;
  };
}

export interface AuditEntry {
  id: number;
  at: string;
  staffId: string | null;
  action: string;
  ticketId: number | null;
  detail: Record<string, unknown>;
}

export class StaffService {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly logger: Logger;
  private readonly events: QueueEventSink;
  private readonly sql;

  constructor(private readonly options: StaffServiceOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
    this.events = options.events ?? (() => {});
    const db = this.db;
    this.sql = {
      account: db.prepare<[string], { staff_id: string; pin_hash: string; roles: string; active: number }>(
        'SELECT staff_id, pin_hash, roles, active FROM staff_accounts WHERE staff_id = ?',
      ),
      upsertAccount: db.prepare(
        `INSERT INTO staff_accounts (staff_id, pin_hash, roles, active, source, updated_at)
         VALUES (@staff_id, @pin_hash, @roles, @active, @source, @updated_at)
         ON CONFLICT (staff_id) DO UPDATE SET pin_hash = excluded.pin_hash, roles = excluded.roles,
           active = excluded.active, source = excluded.source, updated_at = excluded.updated_at`,
      ),
      accountCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM staff_accounts'),
      deactivateOthers: db.prepare<[string, string]>(
        `UPDATE staff_accounts SET active = 0, updated_at = ? WHERE staff_id NOT IN (SELECT value FROM json_each(?))`,
      ),
      activeCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM staff_accounts WHERE active = 1'),
      audit: db.prepare<[string, string | null, string, number | null, string]>(
        'INSERT INTO staff_audit (at, staff_id, action, ticket_id, detail) VALUES (?, ?, ?, ?, ?)',
      ),
      auditList: db.prepare<
        [number],
        {
          id: number;
          at: string;
          staff_id: string | null;
          action: string;
          ticket_id: number | null;
          detail: string;
        }
      >('SELECT * FROM staff_audit ORDER BY id DESC LIMIT ?'),
    };
  }

  /** Dev/emulated kiosks: seeds the accounts when the store has none (never overwrites). */
  seedIfEmpty(accounts: readonly StaffAccount[]): number {
    return this.db
      .transaction(() => {
        if ((this.sql.accountCount.get()?.n ?? 0) > 0) return 0;
        for (const account of accounts) this.upsert(account, 'dev-seed');
        return accounts.length;
      })
      .immediate();
  }

  /** The central system's staff document in force: these accounts, every other one deactivated. */
  replaceAccounts(accounts: readonly StaffAccount[]): void {
    this.db
      .transaction(() => {
        for (const account of accounts) this.upsert(account, 'central');
        this.sql.deactivateOthers.run(
          this.now().toISOString(),
          JSON.stringify(accounts.map((a) => a.staffId)),
        );
      })
      .immediate();
  }

  private upsert(account: StaffAccount, source: string): void {
    this.sql.upsertAccount.run({
      staff_id: account.staffId,
      pin_hash: account.pinHash,
      roles: JSON.stringify(account.roles),
      active: account.active ? 1 : 0,
      source,
      updated_at: this.now().toISOString(),
    });
  }

  /** An account as the PIN authenticator reads it (at every login and every request). */
  findAccount(staffId: string): PinAccount | undefined {
    const row = this.sql.account.get(staffId);
    if (!row) return undefined;
    return {
      id: row.staff_id,
      pinHash: row.pin_hash,
      roles: JSON.parse(row.roles) as StaffRole[],
      active: row.active === 1,
    };
  }

  /** Accounts that can sign in now. */
  activeAccounts(): number {
    return this.sql.activeCount.get()?.n ?? 0;
  }

  /** Issues a number for a person at the desk, in any lane the line has; with the person's ID
   *  number (typed, or the card on the reader) the one-open-ticket rule applies. */
  async issue(
    staffId: string,
    input: { line: string; lane: LaneId; idNumber?: string; useCard?: boolean; prereviewRef?: string },
  ): Promise<{ result: IssueOutcome; print: PrintResultView | null }> {
    let personKey: string | undefined;
    if (input.idNumber) {
      const id = input.idNumber.replace(/\s+/g, '').toUpperCase();
      if (!isValidGb11643(id))
        throw new KioskError('bad-request', 'That ID number is not valid.', 'staff.error.badIdNumber');
      personKey = personKeyFor(this.options.personKey, id);
    } else if (input.useCard) {
      personKey = (await this.options.cardPersonKey?.()) ?? undefined;
      if (!personKey) throw new KioskError('unavailable', 'No card is on the reader.', 'staff.error.noCard');
    }
    const result = this.db
      .transaction(() => {
        const outcome = this.options.queue.issue({
          line: input.line,
          lane: input.lane,
          source: 'staff',
          staffId: staffId,
          ...(personKey ? { personKey } : {}),
          ...(input.prereviewRef ? { prereviewRef: input.prereviewRef } : {}),
        });
        const ticket = 'ticket' in outcome ? outcome.ticket : null;
        this.record(staffId, 'issue', ticket?.id ?? null, {
          line: input.line,
          lane: input.lane,
          outcome: outcome.outcome,
          number: ticket?.number ?? null,
          withPerson: personKey !== undefined,
        });
        return outcome;
      })
      .immediate();
    if (result.outcome !== 'issued' && result.outcome !== 'voucher') return { result, print: null };
    return {
      result,
      print: await this.options.queue.printTicket(result.ticket.id, {
        reason: 'issue',
        staffId: staffId,
      }),
    };
  }

  async reprint(staffId: string, ticketId: number): Promise<PrintResultView> {
    const ticket = this.options.queue.ticket(ticketId);
    if (ticket.status !== 'waiting')
      throw new KioskError(
        'conflict',
        `Ticket ${ticket.number} is ${ticket.status}; it cannot be reprinted.`,
        'queue.error.notOpen',
      );
    this.db
      .transaction(() => this.record(staffId, 'reprint', ticketId, { number: ticket.number }))
      .immediate();
    return this.options.queue.reprint(ticketId, { reason: 'staff', staffId: staffId });
  }

  voidTicket(staffId: string, ticketId: number, reason: string): TicketView {
    const text = reason.trim();
    if (text.length < 2)
      throw new KioskError('bad-request', 'Give a reason for voiding.', 'staff.error.reasonNeeded');
    return this.db
      .transaction(() => {
        const ticket = this.options.queue.voidTicket(ticketId, text, staffId);
        this.record(staffId, 'void', ticketId, { number: ticket.number, reason: text });
        return ticket;
      })
      .immediate();
  }

  /** The slips the desk may reprint (notice, not-accepted notice, commitment, blank form). */
  papers(): ArchivedPaperView[] {
    return this.options.paper?.list() ?? [];
  }

  /** A copy of a kept slip, marked 补打; who asked is in the audit log (and so in the outbox). */
  async reprintPaper(staffId: string, paperId: number): Promise<PaperReprintResult> {
    if (!this.options.paper)
      throw new KioskError('not-found', `There is no kept slip ${paperId}.`, 'staff.error.noSuchPaper');
    const result = await this.options.paper.reprint(paperId);
    this.db
      .transaction(() =>
        this.record(staffId, 'reprint-paper', null, {
          paperId,
          kind: result.paper.kind,
          reference: result.paper.reference,
          printed: result.printed,
        }),
      )
      .immediate();
    return result;
  }

  counts(): QueueCountsView {
    return this.options.queue.counts();
  }

  tickets(limit = 50): TicketView[] {
    return this.options.queue.recent(limit);
  }

  findTicket(number: string): TicketView {
    const found = this.options.queue.findByNumber(number);
    if (!found)
      throw new KioskError('not-found', `There is no ticket ${number} today.`, 'staff.error.noSuchTicket');
    return found;
  }

  async printDailySummary(staffId: string): Promise<{ printed: boolean; failureKey?: string }> {
    const printer = this.options.printer;
    if (!printer) return { printed: false, failureKey: 'health.printer.disabled' };
    const counts = this.options.queue.counts();
    const slips = this.options.slipCounts?.(counts.businessDay) ?? { noticeSlips: 0, commitmentSlips: 0 };
    const document = renderDailySummary(
      {
        date: counts.businessDay,
        hall: this.options.hallName(),
        kioskId: this.options.kioskId,
        printedAt: this.now(),
        lines: counts.lines.map((line) => ({
          prefix: line.prefix,
          lineName: line.name['zh-CN'],
          issued: line.issued,
          served: line.served,
          waiting: line.waiting,
          voided: line.voided,
          vouchers: line.vouchers,
          vouchersVoided: line.vouchersVoided,
        })),
        noticeSlips: slips.noticeSlips,
        commitmentSlips: slips.commitmentSlips,
        staffId: staffId,
      },
      { columns: 48, timeZone: this.options.queue.hallConfig.timeZone },
    );
    this.db
      .transaction(() => this.record(staffId, 'daily-summary', null, { businessDay: counts.businessDay }))
      .immediate();
    const outcome = await printer.print(document);
    if (outcome.ok) return { printed: true };
    return {
      printed: false,
      failureKey: outcome.code === 'unfinished' ? 'print.unfinished' : `health.printer.error`,
    };
  }

  auditLog(limit = 100): AuditEntry[] {
    return this.sql.auditList.all(limit).map((row) => ({
      id: row.id,
      at: row.at,
      staffId: row.staff_id,
      action: row.action,
      ticketId: row.ticket_id,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  }

  /** One audit row and its outbox record, committed together. */
  record(
    staffId: string | null,
    action: string,
    ticketId: number | null,
    detail: Record<string, unknown>,
  ): void {
    const at = this.now();
    // A savepoint inside the caller's transaction; its own transaction when called alone.
    this.db.transaction(() => {
      this.sql.audit.run(at.toISOString(), staffId, action, ticketId, JSON.stringify(detail));
      this.events({
        type: 'audit',
        occurredAt: at,
        payload: { action, staffId, ticketId, kioskId: this.options.kioskId, detail },
      });
    })();
  }
}
