import type { Migration } from './index.ts';

export const paperAndUsageSchema: Migration = {
  version: 6,
  name: 'paper-and-usage',
  sql: `
    -- Slips the citizen flow printed (notice, not-accepted notice, commitment…), kept so the desk can
    -- reprint one for a person whose paper ran out or who lost it. The document itself holds a name
    -- and a masked ID number: it is stored encrypted (AES-256-GCM, the outbox's key, the row's id as
    -- associated data) and the row is deleted once purge_after has passed.
    CREATE TABLE IF NOT EXISTS paper_archive (
      id             INTEGER PRIMARY KEY,
      kind           TEXT NOT NULL,
      reference      TEXT,
      business_day   TEXT NOT NULL,
      created_at     TEXT NOT NULL,
      print_state    TEXT NOT NULL CHECK (print_state IN ('printing', 'printed', 'failed')),
      failure_code   TEXT,
      reprints       INTEGER NOT NULL DEFAULT 0,
      document       BLOB NOT NULL,
      purge_after    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS paper_archive_purge ON paper_archive (purge_after);

    -- 常用事项: how often each service item was carried through to its paper on this kiosk.
    CREATE TABLE IF NOT EXISTS item_usage (
      item_code    TEXT PRIMARY KEY,
      uses         INTEGER NOT NULL,
      last_used_at TEXT NOT NULL
    ) STRICT;
  `,
};
