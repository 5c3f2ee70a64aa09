import type { Migration } from './index.ts';

export const outboxSchema: Migration = {
  version: 2,
  name: 'outbox',
  sql: `
    -- Records waiting for (or already given) a receipt from the central system. Written in the same
    -- transaction as the business record; seq is this kiosk's gap-free sequence, never reused.
    CREATE TABLE sync_outbox (
      seq              INTEGER PRIMARY KEY,
      idempotency_key  TEXT NOT NULL UNIQUE,
      type             TEXT NOT NULL,
      occurred_at      TEXT NOT NULL,
      payload          TEXT NOT NULL,
      -- AES-256-GCM ciphertext of the personal fields; NULL once purged after the retention period.
      personal         BLOB,
      acked_at         TEXT,
      purged_at        TEXT
    ) STRICT;
    CREATE INDEX sync_outbox_unacked ON sync_outbox(seq) WHERE acked_at IS NULL;
    CREATE INDEX sync_outbox_personal_acked ON sync_outbox(acked_at)
      WHERE acked_at IS NOT NULL AND personal IS NOT NULL;
    CREATE INDEX sync_outbox_acked ON sync_outbox(acked_at) WHERE acked_at IS NOT NULL;

    -- The sender's memory across restarts: next sequence number, last success, last error.
    CREATE TABLE sync_state (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) STRICT;
    INSERT INTO sync_state (key, value) VALUES ('next_seq', '1');

    -- The signed documents in force (catalog, hall configuration, staff accounts), as received.
    CREATE TABLE sync_documents (
      kind          TEXT PRIMARY KEY,
      version       INTEGER NOT NULL,
      published_at  TEXT NOT NULL,
      document      TEXT NOT NULL,
      signature     TEXT NOT NULL,
      key_id        TEXT NOT NULL,
      applied_at    TEXT NOT NULL
    ) STRICT;
  `,
};
