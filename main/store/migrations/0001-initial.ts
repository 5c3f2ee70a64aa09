import type { Migration } from './index.ts';

export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    -- Facts about this installation (install id, first start), one row per key.
    CREATE TABLE kiosk_meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- Device and service health changes, kept for the maintenance screen and the diagnostic bundle.
    CREATE TABLE health_events (
      id         INTEGER PRIMARY KEY,
      at         TEXT NOT NULL,
      component  TEXT NOT NULL,
      level      TEXT NOT NULL,
      detail     TEXT
    ) STRICT;
    CREATE INDEX health_events_at ON health_events(at);
  `,
};
