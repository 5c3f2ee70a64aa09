// The staff desk: PIN login with a desk-wide lock-out after repeated failures, automatic log-out
// when idle, and the desk's actions — issue (any lane, with or without a card), reprint, void,
// today's counts, the daily summary — each written to the audit log (and the sync outbox) in the
// same transaction as the change it records.
import crypto from 'node:crypto';
import type {
  IssueOutcome,
  LaneId,
  PrintResultView,
  QueueCountsView,
  StaffDeskState,
  StaffSessionView,
  TicketView,
} from '../../common/queue.ts';
import { isValidGb11643 } from '../../domain/identity/id-number.ts';
import { renderDailySummary } from '../queue/slips/daily-summary.ts';
import { KioskError } from '../errors.ts';
import { personKeyFor } from '../queue/person-key.ts';
import type { QueueEventSink, QueueLogger, QueueService, TicketPrinterPort } from '../queue/queue-service.ts';
import type { Db } from '../store/database.ts';
import type { StaffAccount, StaffRole } from './accounts.ts';
import { decoyHash, verifyPin } from './pin.ts';

export interface StaffServiceOptions {
  db: Db;
  queue: QueueService;
  printer: TicketPrinterPort | null;
  kioskId: string;
  hallName: string;
  /** Key for personKeyFor (HMAC of ID numbers). */
  personKey: Buffer;
  events?: QueueEventSink;
  now?: () => Date;
  logger?: QueueLogger;
  /** Consecutive failed logins that lock the desk; default 5. */
  maxFailures?: number;
  lockoutMs?: number;
  idleLogoutMs?: number;
  /** Slip counts of the day for the summary, from the pre-review records (0 until wired). */
  slipCounts?: (businessDay: string) => { noticeSlips: number; commitmentSlips: number };
  /** The HMAC of the ID number of the card on the reader now, if any (issuing "with the card"). */
  cardPersonKey?: () => string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  staffId: string | null;
  action: string;
  ticketId: number | null;
  detail: Record<string, unknown>;
}

interface Session {
  token: string;
  staffId: string;
  lastUsed: number;
}

const silent: QueueLogger = { info() {}, warn() {}, error() {} };

export class StaffService {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly logger: QueueLogger;
  private readonly events: QueueEventSink;
  private readonly maxFailures: number;
  private readonly lockoutMs: number;
  private readonly idleLogoutMs: number;
  private session: Session | null = null;
  private idleTimer: NodeJS.Timeout | undefined;
  private loginInFlight = false;
  private readonly sql;

  constructor(private readonly options: StaffServiceOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? silent;
    this.events = options.events ?? (() => {});
    this.maxFailures = options.maxFailures ?? 5;
    this.lockoutMs = options.lockoutMs ?? 5 * 60_000;
    this.idleLogoutMs = options.idleLogoutMs ?? 2 * 60_000;
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
      deskGet: db.prepare<[string], { value: string }>('SELECT value FROM staff_desk WHERE key = ?'),
      deskSet: db.prepare<[string, string]>(
        'INSERT INTO staff_desk (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
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

  deskState(): StaffDeskState {
    const lockedUntil = Number(this.sql.deskGet.get('locked_until')?.value ?? '0');
    const failures = Number(this.sql.deskGet.get('failures')?.value ?? '0');
    const locked = lockedUntil > this.now().getTime();
    return {
      locked,
      lockedUntil: locked ? lockedUntil : null,
      failuresLeft: locked ? 0 : Math.max(0, this.maxFailures - failures),
    };
  }

  async login(staffId: string, pin: string): Promise<StaffSessionView> {
    const state = this.deskState();
    if (state.locked) {
      this.record(null, 'login-refused-locked', null, { staffId });
      throw new KioskError(
        'forbidden',
        'The staff desk is locked after repeated wrong PINs.',
        'staff.error.locked',
      );
    }
    // One check at a time: parallel guesses must not slip past the failure counter.
    if (this.loginInFlight) throw new KioskError('conflict', 'A login is being checked.', 'staff.error.busy');
    this.loginInFlight = true;
    let valid = false;
    let account: { staff_id: string; active: number } | undefined;
    try {
      const found = this.sql.account.get(staffId);
      account = found;
      const hash = found && found.active === 1 ? found.pin_hash : await decoyHash();
      valid = (await verifyPin(pin, hash)) && found !== undefined && found.active === 1;
    } finally {
      this.loginInFlight = false;
    }
    if (!valid) {
      const left = this.db
        .transaction(() => {
          const failures = Number(this.sql.deskGet.get('failures')?.value ?? '0') + 1;
          if (failures >= this.maxFailures) {
            this.sql.deskSet.run('failures', '0');
            this.sql.deskSet.run('locked_until', String(this.now().getTime() + this.lockoutMs));
            this.record(null, 'desk-locked', null, { staffId, failures, lockoutMs: this.lockoutMs });
            return 0;
          }
          this.sql.deskSet.run('failures', String(failures));
          this.record(null, 'login-failed', null, { staffId, known: account !== undefined });
          return this.maxFailures - failures;
        })
        .immediate();
      this.logger.warn('staff.login-failed', { failuresLeft: left });
      if (left === 0)
        throw new KioskError(
          'forbidden',
          'The staff desk is locked after repeated wrong PINs.',
          'staff.error.locked',
        );
      throw new KioskError(
        'forbidden',
        `Wrong staff id or PIN; ${left} attempts left.`,
        'staff.error.badPin',
      );
    }
    this.db
      .transaction(() => {
        this.sql.deskSet.run('failures', '0');
        this.record(staffId, 'login', null, {});
      })
      .immediate();
    this.session = {
      token: crypto.randomBytes(24).toString('base64url'),
      staffId,
      lastUsed: this.now().getTime(),
    };
    this.armIdleTimer();
    this.logger.info('staff.login', { staffId });
    return this.view(this.session);
  }

  logout(token: string, reason: 'user' | 'idle' = 'user'): void {
    if (!this.session || this.session.token !== token) return;
    const staffId = this.session.staffId;
    this.session = null;
    clearTimeout(this.idleTimer);
    this.record(staffId, reason === 'idle' ? 'logout-idle' : 'logout', null, {});
  }

  /** The dispatcher's session check: the live session's account with its roles (from the store,
   *  so a role taken away takes effect at the next request). */
  authenticate(token: string): { staffId: string; roles: StaffRole[] } {
    const session = this.require(token);
    const account = this.sql.account.get(session.staffId);
    if (!account || account.active !== 1) {
      this.logout(token);
      throw new KioskError('forbidden', 'Please log in at the staff desk.', 'staff.error.loggedOut');
    }
    return { staffId: session.staffId, roles: JSON.parse(account.roles) as StaffRole[] };
  }

  /** Who is signed in with this token, without resetting the idle clock (a desk that only listens
   *  for help calls must still log out when nobody uses it); null when the session is over. */
  staffOf(token: string): string | null {
    const session = this.session;
    if (!session || !safeEqual(session.token, token)) return null;
    if (this.now().getTime() - session.lastUsed >= this.idleLogoutMs) return null;
    return session.staffId;
  }

  /** Confirms the session is live and resets its idle clock. */
  touch(token: string): StaffSessionView {
    return this.view(this.require(token));
  }

  private require(token: string): Session {
    const session = this.session;
    if (!session || !safeEqual(session.token, token))
      throw new KioskError('forbidden', 'Please log in at the staff desk.', 'staff.error.loggedOut');
    if (this.now().getTime() - session.lastUsed >= this.idleLogoutMs) {
      this.logout(session.token, 'idle');
      throw new KioskError(
        'forbidden',
        'The staff desk logged out after being idle.',
        'staff.error.loggedOut',
      );
    }
    session.lastUsed = this.now().getTime();
    this.armIdleTimer();
    return session;
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    const session = this.session;
    if (!session) return;
    this.idleTimer = setTimeout(() => {
      if (this.session === session && this.now().getTime() - session.lastUsed >= this.idleLogoutMs)
        this.logout(session.token, 'idle');
    }, this.idleLogoutMs + 50);
    this.idleTimer.unref();
  }

  /** Issues a number for a person at the desk, in any lane the line has; with the person's ID
   *  number (typed, or the card on the reader) the one-open-ticket rule applies. */
  async issue(
    token: string,
    input: { line: string; lane: LaneId; idNumber?: string; useCard?: boolean; prereviewRef?: string },
  ): Promise<{ result: IssueOutcome; print: PrintResultView | null }> {
    const session = this.require(token);
    let personKey: string | undefined;
    if (input.idNumber) {
      const id = input.idNumber.replace(/\s+/g, '').toUpperCase();
      if (!isValidGb11643(id))
        throw new KioskError('bad-request', 'That ID number is not valid.', 'staff.error.badIdNumber');
      personKey = personKeyFor(this.options.personKey, id);
    } else if (input.useCard) {
      personKey = this.options.cardPersonKey?.() ?? undefined;
      if (!personKey) throw new KioskError('unavailable', 'No card is on the reader.', 'staff.error.noCard');
    }
    const result = this.db
      .transaction(() => {
        const outcome = this.options.queue.issue({
          line: input.line,
          lane: input.lane,
          source: 'staff',
          staffId: session.staffId,
          ...(personKey ? { personKey } : {}),
          ...(input.prereviewRef ? { prereviewRef: input.prereviewRef } : {}),
        });
        const ticket = 'ticket' in outcome ? outcome.ticket : null;
        this.record(session.staffId, 'issue', ticket?.id ?? null, {
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
        staffId: session.staffId,
      }),
    };
  }

  async reprint(token: string, ticketId: number): Promise<PrintResultView> {
    const session = this.require(token);
    const ticket = this.options.queue.ticket(ticketId);
    if (ticket.status !== 'waiting')
      throw new KioskError(
        'conflict',
        `Ticket ${ticket.number} is ${ticket.status}; it cannot be reprinted.`,
        'queue.error.notOpen',
      );
    this.db
      .transaction(() => this.record(session.staffId, 'reprint', ticketId, { number: ticket.number }))
      .immediate();
    return this.options.queue.reprint(ticketId, { reason: 'staff', staffId: session.staffId });
  }

  voidTicket(token: string, ticketId: number, reason: string): TicketView {
    const session = this.require(token);
    const text = reason.trim();
    if (text.length < 2)
      throw new KioskError('bad-request', 'Give a reason for voiding.', 'staff.error.reasonNeeded');
    return this.db
      .transaction(() => {
        const ticket = this.options.queue.voidTicket(ticketId, text, session.staffId);
        this.record(session.staffId, 'void', ticketId, { number: ticket.number, reason: text });
        return ticket;
      })
      .immediate();
  }

  counts(token: string): QueueCountsView {
    this.require(token);
    return this.options.queue.counts();
  }

  tickets(token: string, limit = 50): TicketView[] {
    this.require(token);
    return this.options.queue.recent(limit);
  }

  findTicket(token: string, number: string): TicketView {
    this.require(token);
    const found = this.options.queue.findByNumber(number);
    if (!found)
      throw new KioskError('not-found', `There is no ticket ${number} today.`, 'staff.error.noSuchTicket');
    return found;
  }

  async printDailySummary(token: string): Promise<{ printed: boolean; failureKey?: string }> {
    const session = this.require(token);
    const printer = this.options.printer;
    if (!printer) return { printed: false, failureKey: 'health.printer.disabled' };
    const counts = this.options.queue.counts();
    const slips = this.options.slipCounts?.(counts.businessDay) ?? { noticeSlips: 0, commitmentSlips: 0 };
    const document = renderDailySummary(
      {
        date: counts.businessDay,
        hall: this.options.hallName,
        kioskId: this.options.kioskId,
        printedAt: this.now(),
        lines: counts.lines.map((line) => ({
          prefix: line.prefix,
          lineName: line.name['zh-CN'],
          issued: line.issued,
          served: line.served,
          waiting: line.waiting,
          voided: line.voided,
        })),
        noticeSlips: slips.noticeSlips,
        commitmentSlips: slips.commitmentSlips,
        staffId: session.staffId,
      },
      { columns: 48, timeZone: this.options.queue.hallConfig.timeZone },
    );
    this.db
      .transaction(() =>
        this.record(session.staffId, 'daily-summary', null, { businessDay: counts.businessDay }),
      )
      .immediate();
    const outcome = await printer.print(document);
    if (outcome.ok) return { printed: true };
    return {
      printed: false,
      failureKey: outcome.code === 'unfinished' ? 'print.unfinished' : `health.printer.error`,
    };
  }

  auditLog(token: string, limit = 100): AuditEntry[] {
    this.require(token);
    return this.sql.auditList.all(limit).map((row) => ({
      id: row.id,
      at: row.at,
      staffId: row.staff_id,
      action: row.action,
      ticketId: row.ticket_id,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  }

  stop(): void {
    clearTimeout(this.idleTimer);
  }

  /** One audit row and its outbox record, committed together. */
  private record(
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

  private view(session: Session): StaffSessionView {
    return {
      token: session.token,
      staffId: session.staffId,
      expiresAt: session.lastUsed + this.idleLogoutMs,
    };
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
