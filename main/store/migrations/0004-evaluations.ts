import type { Migration } from './index.ts';

export const evaluationsSchema: Migration = {
  version: 4,
  name: 'evaluations',
  sql: `
    -- One rating per case (好差评): the case reference is the key, so a second rating is refused.
    CREATE TABLE IF NOT EXISTS citizen_evaluations (
      case_ref   TEXT PRIMARY KEY,
      rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
      reasons    TEXT NOT NULL,
      item_code  TEXT,
      outcome    TEXT,
      outbox_seq INTEGER NOT NULL,
      rated_at   TEXT NOT NULL
    ) STRICT;
  `,
};
