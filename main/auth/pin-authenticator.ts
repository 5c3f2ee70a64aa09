// One PIN authenticator for the staff desk and the maintenance screen: sign-in, lock-out, idle
// logout and the session check the dispatcher runs before every request that needs a session.
//
// Lock-out is counted per ACCOUNT and per TERMINAL, in SQLite (auth_lockout), so it survives a
// restart and a colleague's successful login resets nothing: guessing someone's PIN counts against
// their account whoever logs in between, and many guesses spread over many accounts lock the
// terminal. Each further lock lasts twice as long as the one before (up to a day). Logins refused
// while locked cost no PIN check and are audited at most once a minute, with their count, so
// hammering a locked desk does not flood the store or the central system.
import crypto from 'node:crypto';
import type { Authority, Role } from '../../common/contract.ts';
import { KioskError } from '../errors.ts';
import type { Principal } from '../host/dispatch.ts';
import { decoyHash, verifyPin } from '../staff/pin.ts';
import type { Db } from '../store/database.ts';

export interface PinAccount {
  id: string;
  pinHash: string;
  roles: readonly Role[];
  active: boolean;
}

/** Where accounts come from (the staff table, the maintenance configuration). Read at every
 *  login and every request, so an account removed or deactivated stops working at once. */
export interface AccountSource {
  find(id: string): PinAccount | undefined;
  /** A reason no one can sign in at all now (e.g. no staff list on a real kiosk), or null. */
  unavailable?(): KioskError | null;
}

export interface AuthEvent {
  action:
    'login' | 'login-failed' | 'locked' | 'login-refused-locked' | 'logout' | 'logout-idle' | 'session-ended';
  accountId: string | null;
  detail: Record<string, unknown>;
}

export interface AuthSentences {
  wrong: (failuresLeft: number) => { message: string; key: string };
  locked: { message: string; key: string };
  busy: { message: string; key: string };
  loggedOut: { message: string; key: string };
  idle: { message: string; key: string };
}

export interface PinAuthenticatorOptions {
  db: Db;
  authority: Authority;
  /** This terminal (the kiosk id): the subject of the terminal-wide count. */
  terminalId: string;
  accounts: AccountSource;
  /** Wrong PINs for one account before it locks. */
  maxFailures: number;
  /** Wrong PINs at this terminal, over any accounts, before it locks; default 2 × maxFailures. */
  terminalMaxFailures?: number;
  /** Terminal failures older than this are forgotten (accounts forget only on their own login). */
  terminalWindowMs?: number;
  /** The first lock's length; each further lock doubles it, up to maxLockoutMs. */
  lockoutMs: number;
  maxLockoutMs?: number;
  idleLogoutMs: number;
  /** Refusals while locked are audited at most this often (default one a minute). */
  refusalAuditIntervalMs?: number;
  sentences: AuthSentences;
  /** Writes the audit record; runs inside the authenticator's transaction. */
  audit: (event: AuthEvent) => void;
  now?: () => number;
}

export interface SessionView {
  token: string;
  accountId: string;
  roles: readonly Role[];
  /** Epoch ms at which the session ends unless used again. */
  expiresAt: number;
}

export interface LoginState {
  locked: boolean;
  lockedUntil: number | null;
  failuresLeft: number;
}

interface Session {
  token: string;
  accountId: string;
  lastUsed: number;
}

interface LockRow {
  failures: number;
  first_failure_at: number;
  locked_until: number;
  lockouts: number;
  refused_pending: number;
  refused_reported_at: number;
}

type Scope = 'account' | 'terminal';
const day = 24 * 3_600_000;

export class PinAuthenticator {
  private session: Session | null = null;
  private idleTimer: NodeJS.Timeout | undefined;
  private checking = false;
  /** Refusals while locked not yet in an audit record, per `scope:subject`. */
  private readonly refusedPending = new Map<string, number>();
  private readonly now: () => number;
  private readonly terminalMax: number;
  private readonly terminalWindowMs: number;
  private readonly maxLockoutMs: number;
  private readonly refusalIntervalMs: number;
  private readonly sql;

  constructor(private readonly options: PinAuthenticatorOptions) {
    this.now = options.now ?? Date.now;
    this.terminalMax = options.terminalMaxFailures ?? options.maxFailures * 2;
    this.terminalWindowMs = options.terminalWindowMs ?? 15 * 60_000;
    this.maxLockoutMs = options.maxLockoutMs ?? day;
    this.refusalIntervalMs = options.refusalAuditIntervalMs ?? 60_000;
    const db = options.db;
    this.sql = {
      get: db.prepare<[string, Scope, string], LockRow>(
        `SELECT failures, first_failure_at, locked_until, lockouts, refused_pending, refused_reported_at
         FROM auth_lockout WHERE authority = ? AND scope = ? AND subject = ?`,
      ),
      put: db.prepare<[string, Scope, string, number, number, number, number, number, number]>(
        `INSERT INTO auth_lockout (authority, scope, subject, failures, first_failure_at, locked_until,
           lockouts, refused_pending, refused_reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (authority, scope, subject) DO UPDATE SET failures = excluded.failures,
           first_failure_at = excluded.first_failure_at, locked_until = excluded.locked_until,
           lockouts = excluded.lockouts, refused_pending = excluded.refused_pending,
           refused_reported_at = excluded.refused_reported_at`,
      ),
      forget: db.prepare<[string, Scope, string]>(
        'DELETE FROM auth_lockout WHERE authority = ? AND scope = ? AND subject = ?',
      ),
    };
  }

  /** The terminal's lock state; with an account id, that account's too (the stricter of both). */
  state(accountId?: string): LoginState {
    const now = this.now();
    const terminal = this.row('terminal', this.options.terminalId);
    const terminalFailures = this.liveTerminalFailures(terminal, now);
    let lockedUntil = terminal.locked_until > now ? terminal.locked_until : 0;
    let left = this.terminalMax - terminalFailures;
    if (accountId !== undefined) {
      const account = this.row('account', accountId);
      if (account.locked_until > now) lockedUntil = Math.max(lockedUntil, account.locked_until);
      left = Math.min(left, this.options.maxFailures - account.failures);
    }
    const locked = lockedUntil > 0;
    return { locked, lockedUntil: locked ? lockedUntil : null, failuresLeft: locked ? 0 : Math.max(0, left) };
  }

  async login(accountId: string, pin: string): Promise<SessionView> {
    const closed = this.options.accounts.unavailable?.();
    if (closed) throw closed;
    if (this.refuseIfLocked(accountId)) throw this.error(this.options.sentences.locked);
    // One check at a time: parallel guesses must not slip past the counters.
    if (this.checking) throw this.error(this.options.sentences.busy);
    this.checking = true;
    let account: PinAccount | undefined;
    let valid = false;
    try {
      account = this.options.accounts.find(accountId);
      const usable = account !== undefined && account.active;
      // An unknown or inactive id costs as long as a known one, so timing does not tell which exist.
      valid = (await verifyPin(pin, usable ? account!.pinHash : await decoyHash())) && usable;
    } finally {
      this.checking = false;
    }
    if (!valid) {
      const left = this.noteFailure(accountId, account !== undefined);
      if (left === 0) throw this.error(this.options.sentences.locked);
      throw this.error(this.options.sentences.wrong(left));
    }
    this.options.db
      .transaction(() => {
        // Only this account's own count is cleared: the terminal's stays, and so do colleagues'.
        this.sql.forget.run(this.options.authority, 'account', accountId);
        this.options.audit({ action: 'login', accountId, detail: {} });
      })
      .immediate();
    // One session at a time per authority on this terminal: a new login ends the previous one.
    this.session = { token: crypto.randomBytes(24).toString('base64url'), accountId, lastUsed: this.now() };
    this.armIdleTimer();
    return this.view(this.session, account!);
  }

  /** The dispatcher's check: the live session's principal, with the roles its account holds now.
   *  Restarts the idle clock. Throws `forbidden` with the sentence to show otherwise. */
  authenticate(token: string): Principal {
    const session = this.session;
    if (!session || !safeEqual(session.token, token)) throw this.error(this.options.sentences.loggedOut);
    if (this.now() - session.lastUsed >= this.options.idleLogoutMs) {
      this.end('logout-idle');
      throw this.error(this.options.sentences.idle);
    }
    const account = this.options.accounts.find(session.accountId);
    if (!account || !account.active) {
      // Removed or deactivated (e.g. by a new staff list from the central system): out at once.
      this.end('session-ended');
      throw this.error(this.options.sentences.loggedOut);
    }
    session.lastUsed = this.now();
    this.armIdleTimer();
    return { authority: this.options.authority, id: session.accountId, roles: account.roles, token };
  }

  /** The session view after a successful authenticate (for the "touch" requests). */
  touch(token: string): SessionView {
    const principal = this.authenticate(token);
    const account = this.options.accounts.find(principal.id)!;
    return this.view(this.session!, account);
  }

  /** Ends the session of this token, if it is the live one. */
  logout(token: string): LoginState {
    if (this.session && safeEqual(this.session.token, token)) this.end('logout');
    return this.state();
  }

  stop(): void {
    clearTimeout(this.idleTimer);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────

  private end(action: 'logout' | 'logout-idle' | 'session-ended'): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    clearTimeout(this.idleTimer);
    this.options.db
      .transaction(() => this.options.audit({ action, accountId: session.accountId, detail: {} }))
      .immediate();
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    const session = this.session;
    if (!session) return;
    this.idleTimer = setTimeout(() => {
      if (this.session === session && this.now() - session.lastUsed >= this.options.idleLogoutMs)
        this.end('logout-idle');
    }, this.options.idleLogoutMs + 50);
    this.idleTimer.unref();
  }

  private row(scope: Scope, subject: string): LockRow {
    return (
      this.sql.get.get(this.options.authority, scope, subject) ?? {
        failures: 0,
        first_failure_at: 0,
        locked_until: 0,
        lockouts: 0,
        refused_pending: 0,
        refused_reported_at: 0,
      }
    );
  }

  private put(scope: Scope, subject: string, row: LockRow): void {
    this.sql.put.run(
      this.options.authority,
      scope,
      subject,
      row.failures,
      row.first_failure_at,
      row.locked_until,
      row.lockouts,
      row.refused_pending,
      row.refused_reported_at,
    );
  }

  private liveTerminalFailures(row: LockRow, now: number): number {
    return now - row.first_failure_at > this.terminalWindowMs ? 0 : row.failures;
  }

  /** True (and the refusal counted, audited at most once a minute) when the terminal or the
   *  account is locked now. A refusal between two audit records only bumps a counter in memory:
   *  no write at all, so hammering a locked desk costs the store nothing. */
  private refuseIfLocked(accountId: string): boolean {
    const now = this.now();
    for (const [scope, subject] of [
      ['terminal', this.options.terminalId],
      ['account', accountId],
    ] as const) {
      const row = this.row(scope, subject);
      if (row.locked_until <= now) continue;
      const counter = `${scope}:${subject}`;
      const refused = (this.refusedPending.get(counter) ?? row.refused_pending) + 1;
      if (now - row.refused_reported_at < this.refusalIntervalMs) {
        this.refusedPending.set(counter, refused);
        return true;
      }
      this.options.db
        .transaction(() => {
          this.options.audit({
            action: 'login-refused-locked',
            accountId: null,
            detail: { attempted: accountId, scope, refused, lockedUntil: row.locked_until },
          });
          this.put(scope, subject, { ...row, refused_pending: 0, refused_reported_at: now });
        })
        .immediate();
      this.refusedPending.delete(counter);
      return true;
    }
    return false;
  }

  /** Counts a wrong PIN against the account and the terminal; returns the attempts left (0: locked). */
  private noteFailure(accountId: string, known: boolean): number {
    const now = this.now();
    return this.options.db
      .transaction(() => {
        const account = this.row('account', accountId);
        const terminal = this.row('terminal', this.options.terminalId);
        account.failures += 1;
        if (account.failures === 1) account.first_failure_at = now;
        const terminalFailures = this.liveTerminalFailures(terminal, now);
        if (terminalFailures === 0) terminal.first_failure_at = now;
        terminal.failures = terminalFailures + 1;
        let locked = false;
        for (const [scope, row, max] of [
          ['account', account, this.options.maxFailures],
          ['terminal', terminal, this.terminalMax],
        ] as const) {
          if (row.failures < max) continue;
          // A lock long past (a day) is forgiven: the back-off starts again from the first length.
          if (row.locked_until > 0 && now - row.locked_until > day) row.lockouts = 0;
          const length = Math.min(this.options.lockoutMs * 2 ** row.lockouts, this.maxLockoutMs);
          row.locked_until = now + length;
          row.lockouts += 1;
          row.failures = 0;
          row.refused_pending = 0;
          row.refused_reported_at = 0;
          this.refusedPending.delete(`${scope}:${scope === 'account' ? accountId : this.options.terminalId}`);
          locked = true;
          this.options.audit({
            action: 'locked',
            accountId: null,
            detail: { scope, attempted: accountId, lockoutMs: length, lockouts: row.lockouts },
          });
        }
        this.put('account', accountId, account);
        this.put('terminal', this.options.terminalId, terminal);
        if (!locked)
          this.options.audit({
            action: 'login-failed',
            accountId: null,
            detail: { attempted: accountId, known },
          });
        return locked
          ? 0
          : Math.min(this.options.maxFailures - account.failures, this.terminalMax - terminal.failures);
      })
      .immediate();
  }

  private view(session: Session, account: PinAccount): SessionView {
    return {
      token: session.token,
      accountId: session.accountId,
      roles: account.roles,
      expiresAt: session.lastUsed + this.options.idleLogoutMs,
    };
  }

  private error(sentence: { message: string; key: string }): KioskError {
    return new KioskError('forbidden', sentence.message, sentence.key);
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
