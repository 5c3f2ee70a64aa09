// Maintenance login: a role apart from the hall staff (a desk clerk's PIN does not open the
// technician's screen, and the reverse). PINs are scrypt hashes from main/staff/pin.ts; repeated
// failures lock the screen for a while, and the lock survives a restart (it is kept in a file in
// the data folder), so pulling the plug does not buy more guesses.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MaintLoginState, MaintSessionView } from '../../common/maintenance.ts';
import { KioskError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { decoyHash, verifyPin } from '../staff/pin.ts';

export interface MaintenanceAccount {
  accountId: string;
  pinHash: string;
}

/** The developer account of emulated kiosks (PIN 246810), used only when none is configured. It
 *  is never offered on a kiosk with real hardware. */
export const devMaintenanceAccount: MaintenanceAccount = {
  accountId: '8001',
  pinHash: 'scrypt$N=32768,r=8,p=1$EZkqNiG1BAPPu6CcDx562Q==$N3IyvLb5m+OQe6MHfot1aPkzHYEkaqhxgfL4UrMK0Rk=',
};

export interface MaintenanceAuthOptions {
  accounts: readonly MaintenanceAccount[];
  /** File holding the failure count and lock (JSON). */
  stateFile: string;
  maxFailures: number;
  lockoutMs: number;
  idleLogoutMs: number;
  logger: Logger;
  now?: () => number;
}

interface LockState {
  failures: number;
  lockedUntil: number;
}

interface Session {
  token: string;
  accountId: string;
  lastUsed: number;
}

export class MaintenanceAuth {
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => number;
  private checking = false;
  private lock: LockState;

  constructor(private readonly options: MaintenanceAuthOptions) {
    this.now = options.now ?? Date.now;
    this.lock = this.loadLock();
  }

  state(): MaintLoginState {
    const lock = this.readLock();
    const locked = lock.lockedUntil > this.now();
    return {
      locked,
      lockedUntil: locked ? lock.lockedUntil : null,
      failuresLeft: locked ? 0 : Math.max(0, this.options.maxFailures - lock.failures),
    };
  }

  async login(accountId: string, pin: string): Promise<MaintSessionView> {
    if (this.state().locked) {
      this.options.logger.warn('maintenance login refused', { reason: 'locked' });
      throw new KioskError(
        'forbidden',
        'Maintenance login is locked after repeated wrong PINs.',
        'maint.login.locked',
      );
    }
    if (this.checking) throw new KioskError('conflict', 'A login is being checked.', 'maint.login.busy');
    this.checking = true;
    let matched: boolean;
    try {
      const account = this.options.accounts.find((candidate) => candidate.accountId === accountId);
      // An unknown id costs as long as a known one, so timing does not tell which ids exist.
      matched = await verifyPin(pin, account?.pinHash ?? (await decoyHash()));
      matched &&= account !== undefined;
    } finally {
      this.checking = false;
    }
    if (!matched) {
      const lock = this.readLock();
      lock.failures += 1;
      if (lock.failures >= this.options.maxFailures) {
        lock.lockedUntil = this.now() + this.options.lockoutMs;
        lock.failures = 0;
        this.writeLock(lock);
        this.options.logger.warn('maintenance login locked', { lockoutMs: this.options.lockoutMs });
        throw new KioskError(
          'forbidden',
          'Maintenance login is locked after repeated wrong PINs.',
          'maint.login.locked',
        );
      }
      this.writeLock(lock);
      this.options.logger.warn('maintenance login failed', {
        failuresLeft: this.options.maxFailures - lock.failures,
      });
      throw new KioskError('forbidden', 'The account or PIN is wrong.', 'maint.login.wrong');
    }
    this.writeLock({ failures: 0, lockedUntil: 0 });
    // One technician at a time: a new login ends any other session.
    this.sessions.clear();
    const session: Session = {
      token: crypto.randomBytes(24).toString('base64url'),
      accountId,
      lastUsed: this.now(),
    };
    this.sessions.set(session.token, session);
    this.options.logger.info('maintenance login', { accountId });
    return this.view(session);
  }

  /** Confirms the session and restarts its idle clock; throws `forbidden` when it is over. */
  require(token: string): MaintSessionView {
    const session = this.sessions.get(token);
    if (!session || this.now() - session.lastUsed > this.options.idleLogoutMs) {
      if (session) this.sessions.delete(token);
      throw new KioskError(
        'forbidden',
        'The maintenance session has ended; please log in again.',
        'maint.login.expired',
      );
    }
    session.lastUsed = this.now();
    return this.view(session);
  }

  /** Who is logged in (for the audit lines in the log), or null. */
  accountOf(token: string): string | null {
    return this.sessions.get(token)?.accountId ?? null;
  }

  logout(token: string): MaintLoginState {
    const session = this.sessions.get(token);
    if (session) this.options.logger.info('maintenance logout', { accountId: session.accountId });
    this.sessions.delete(token);
    return this.state();
  }

  private view(session: Session): MaintSessionView {
    return {
      token: session.token,
      accountId: session.accountId,
      expiresAt: session.lastUsed + this.options.idleLogoutMs,
    };
  }

  private readLock(): LockState {
    return { ...this.lock };
  }

  private loadLock(): LockState {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.options.stateFile, 'utf8')) as Partial<LockState>;
      return {
        failures: Number.isSafeInteger(parsed.failures) ? parsed.failures! : 0,
        lockedUntil: Number.isFinite(parsed.lockedUntil) ? parsed.lockedUntil! : 0,
      };
    } catch {
      // No state file yet, or a damaged one: start unlocked with no failures (the lock-out is a brake, not a record).
      return { failures: 0, lockedUntil: 0 };
    }
  }

  private writeLock(lock: LockState): void {
    this.lock = { ...lock };
    try {
      fs.mkdirSync(path.dirname(this.options.stateFile), { recursive: true, mode: 0o700 });
      fs.writeFileSync(this.options.stateFile, JSON.stringify(lock), { mode: 0o600 });
    } catch (error) {
      // The count still holds in memory; only a restart during a full disk would forget it.
      this.options.logger.error('maintenance lock state not saved', { error });
    }
  }
}
