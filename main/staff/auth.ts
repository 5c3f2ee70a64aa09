// The staff desk's sign-in: the shared PIN authenticator, reading the staff accounts in the store
// and writing its audit into the staff audit log (and the outbox) like every desk action.
import { PinAuthenticator, type AccountSource } from '../auth/pin-authenticator.ts';
import type { Db } from '../store/database.ts';
import type { StaffService } from './staff-service.ts';

export function staffAuthenticator(options: {
  db: Db;
  /** Null on a kiosk without a number mark (no desk): nobody can sign in. */
  staff: StaffService | null;
  kioskId: string;
  maxFailures: number;
  lockoutMs: number;
  idleLogoutMs: number;
  /** Why nobody can sign in now (a real kiosk without a staff list), checked at each login. */
  unavailable?: AccountSource['unavailable'];
  now?: () => number;
}): PinAuthenticator {
  const { staff } = options;
  return new PinAuthenticator({
    db: options.db,
    authority: 'staff',
    terminalId: options.kioskId,
    accounts: {
      find: (id) => staff?.findAccount(id),
      ...(options.unavailable ? { unavailable: options.unavailable } : {}),
    },
    maxFailures: options.maxFailures,
    lockoutMs: options.lockoutMs,
    idleLogoutMs: options.idleLogoutMs,
    ...(options.now ? { now: options.now } : {}),
    sentences: {
      wrong: (left) => ({
        message: `Wrong staff id or PIN; ${left} attempts left.`,
        key: 'staff.error.badPin',
      }),
      locked: { message: 'Sign-in is locked after repeated wrong PINs.', key: 'staff.error.locked' },
      busy: { message: 'A login is being checked.', key: 'staff.error.busy' },
      loggedOut: { message: 'Please log in at the staff desk.', key: 'staff.error.loggedOut' },
      idle: { message: 'The staff desk logged out after being idle.', key: 'staff.error.loggedOut' },
    },
    audit: ({ action, accountId, detail }) =>
      staff?.record(accountId, action === 'locked' ? 'desk-locked' : action, null, detail),
  });
}
