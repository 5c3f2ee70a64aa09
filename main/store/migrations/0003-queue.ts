import type { Migration } from './index.ts';

export const queueSchema: Migration = {
  version: 3,
  name: 'queue',
  sql: `
    -- The last sequence number used per business day and series ('A' for line A's numbers,
    -- 'N:A' for its night vouchers). Bumped in the same transaction as the ticket it numbers, so a
    -- number is never lost and never used twice.
    CREATE TABLE queue_counters (
      business_day  TEXT NOT NULL,
      series        TEXT NOT NULL,
      last_seq      INTEGER NOT NULL,
      PRIMARY KEY (business_day, series)
    ) STRICT;

    CREATE TABLE queue_tickets (
      id                      INTEGER PRIMARY KEY,
      ticket_key              TEXT NOT NULL UNIQUE,
      kind                    TEXT NOT NULL CHECK (kind IN ('ticket', 'voucher')),
      number                  TEXT NOT NULL,
      -- For a voucher: the day it is for.
      business_day            TEXT NOT NULL,
      line_id                 TEXT NOT NULL,
      lane                    TEXT NOT NULL,
      lane_priority           INTEGER NOT NULL,
      seq                     INTEGER NOT NULL,
      kiosk_id                TEXT NOT NULL,
      kiosk_index             INTEGER NOT NULL,
      source                  TEXT NOT NULL CHECK (source IN ('citizen', 'staff')),
      staff_id                TEXT,
      -- HMAC of the ID number (never the number itself); NULL when issued without a card.
      person_key              TEXT,
      prereview_ref           TEXT,
      issued_at               TEXT NOT NULL,
      people_ahead            INTEGER NOT NULL,
      estimated_wait_minutes  INTEGER NOT NULL,
      appointment_day         TEXT,
      appointment_from        TEXT,
      status                  TEXT NOT NULL DEFAULT 'waiting'
                              CHECK (status IN ('waiting', 'served', 'voided', 'expired')),
      served_at               TEXT,
      voided_at               TEXT,
      void_reason             TEXT,
      voided_by               TEXT,
      print_state             TEXT NOT NULL DEFAULT 'pending'
                              CHECK (print_state IN ('pending', 'printing', 'printed', 'failed', 'reprinted')),
      print_attempts          INTEGER NOT NULL DEFAULT 0,
      -- Set once any byte of the original may have reached the printer: every later copy is a 补打.
      original_maybe_on_paper INTEGER NOT NULL DEFAULT 0,
      UNIQUE (business_day, kind, number),
      UNIQUE (business_day, kind, line_id, seq)
    ) STRICT;
    -- One open ticket per person per line per day, enforced by the store itself.
    CREATE UNIQUE INDEX queue_tickets_one_open ON queue_tickets(business_day, kind, line_id, person_key)
      WHERE person_key IS NOT NULL AND status = 'waiting';
    CREATE INDEX queue_tickets_waiting ON queue_tickets(business_day, line_id, status, lane_priority, issued_at);
    CREATE INDEX queue_tickets_print ON queue_tickets(print_state) WHERE print_state IN ('pending', 'printing', 'failed');

    -- Every attempt to put a ticket on paper, with why and how it ended.
    CREATE TABLE queue_prints (
      id           INTEGER PRIMARY KEY,
      ticket_id    INTEGER NOT NULL REFERENCES queue_tickets(id),
      attempt      INTEGER NOT NULL,
      kind         TEXT NOT NULL CHECK (kind IN ('original', 'reprint')),
      reason       TEXT NOT NULL,
      staff_id     TEXT,
      started_at   TEXT NOT NULL,
      finished_at  TEXT,
      outcome      TEXT NOT NULL CHECK (outcome IN ('printing', 'printed', 'failed', 'interrupted')),
      failure_code TEXT,
      UNIQUE (ticket_id, attempt)
    ) STRICT;

    -- Tickets served at the windows (this kiosk's and, once synced, the hall's): the service rate
    -- behind the waiting-time estimate.
    CREATE TABLE queue_served (
      id         INTEGER PRIMARY KEY,
      line_id    TEXT NOT NULL,
      served_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX queue_served_line_at ON queue_served(line_id, served_at);

    -- Staff accounts: PINs only as salted scrypt hashes.
    CREATE TABLE staff_accounts (
      staff_id    TEXT PRIMARY KEY,
      pin_hash    TEXT NOT NULL,
      roles       TEXT NOT NULL,
      active      INTEGER NOT NULL DEFAULT 1,
      source      TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    ) STRICT;

    -- Every staff action (and every refused login), kept on the kiosk and sent to the central system.
    CREATE TABLE staff_audit (
      id         INTEGER PRIMARY KEY,
      at         TEXT NOT NULL,
      staff_id   TEXT,
      action     TEXT NOT NULL,
      ticket_id  INTEGER,
      detail     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX staff_audit_at ON staff_audit(at);

    -- The desk's lock-out counter survives a restart, so pulling the plug does not reset it.
    CREATE TABLE staff_desk (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) STRICT;
  `,
};
