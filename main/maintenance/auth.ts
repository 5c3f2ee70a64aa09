// Maintenance login: a role apart from the hall staff (a desk clerk's PIN does not open the
// technician's screen, and the reverse), on the same PIN authenticator as the desk: scrypt hashes
// from main/staff/pin.ts, lock-out per account and per terminal kept in the store, idle logout.
import { PinAuthenticator } from '../auth/pin-authenticator.ts';
import type { Logger } from '../../common/log.ts';
import type { Db } from '../store/database.ts';

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
  db: Db;
  kioskId: string;
  accounts: readonly MaintenanceAccount[];
  maxFailures: number;
  lockoutMs: number;
  idleLogoutMs: number;
  logger: Logger;
  now?: () => number;
}

export function maintenanceAuthenticator(options: MaintenanceAuthOptions): PinAuthenticator {
  const { accounts, logger } = options;
  return new PinAuthenticator({
    db: options.db,
    authority: 'maintenance',
    terminalId: options.kioskId,
    accounts: {
      find(id) {
        const account = accounts.find((candidate) => candidate.accountId === id);
        return account && { id, pinHash: account.pinHash, roles: ['technician'], active: true };
      },
    },
    maxFailures: options.maxFailures,
    lockoutMs: options.lockoutMs,
    idleLogoutMs: options.idleLogoutMs,
    ...(options.now ? { now: options.now } : {}),
    sentences: {
      wrong: () => ({ message: 'The account or PIN is wrong.', key: 'maint.login.wrong' }),
      locked: {
        message: 'Maintenance login is locked after repeated wrong PINs.',
        key: 'maint.login.locked',
      },
      busy: { message: 'A login is being checked.', key: 'maint.login.busy' },
      loggedOut: {
        message: 'The maintenance session has ended; please log in again.',
        key: 'maint.login.expired',
      },
      idle: {
        message: 'The maintenance session has ended; please log in again.',
        key: 'maint.login.expired',
      },
    },
    // Technician sign-ins are audited in the log (no personal data; account ids only).
    audit: ({ action, accountId, detail }) =>
      (action === 'login' || action === 'logout' ? logger.info : logger.warn)(`maintenance.${action}`, {
        accountId,
        ...detail,
      }),
  });
}
