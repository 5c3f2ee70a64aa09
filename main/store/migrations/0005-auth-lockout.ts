import type { Migration } from './index.ts';

export const authLockoutSchema: Migration = {
  version: 5,
  name: 'auth-lockout',
  sql: `
    -- PIN lock-out for staff and maintenance alike (main/auth/pin-authenticator.ts): one row per
    -- account and one per terminal, so guessing a colleague's PIN counts against that account
    -- whoever logs in between. Kept across restarts; lockouts grows the next lock's length.
    CREATE TABLE auth_lockout (
      authority           TEXT NOT NULL CHECK (authority IN ('staff', 'maintenance')),
      scope               TEXT NOT NULL CHECK (scope IN ('account', 'terminal')),
      subject             TEXT NOT NULL,
      failures            INTEGER NOT NULL DEFAULT 0,
      first_failure_at    INTEGER NOT NULL DEFAULT 0,
      locked_until        INTEGER NOT NULL DEFAULT 0,
      lockouts            INTEGER NOT NULL DEFAULT 0,
      -- Logins refused while locked since the last audit record (refusals are audited at most
      -- once a minute, with this count, so a flood of refusals does not flood the store).
      refused_pending     INTEGER NOT NULL DEFAULT 0,
      refused_reported_at INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (authority, scope, subject)
    ) STRICT;

    -- The desk-wide counter is replaced by auth_lockout.
    DROP TABLE IF EXISTS staff_desk;
  `,
};
