import type { Migration } from './index.ts';

export const peopleAheadBasisSchema: Migration = {
  version: 7,
  name: 'people-ahead-basis',
  sql: `
    -- Where the printed "people ahead" came from (issue 16, item 4): 'hall' = central's hall-wide
    -- figure, fresh; 'offline' / 'stale' / 'lane' = this kiosk's own count, printed as an estimate
    -- (约) with why. NULL: no central system configured, or a ticket from before this step. Kept
    -- so that a reprint says exactly what the original said.
    ALTER TABLE queue_tickets ADD COLUMN people_ahead_basis TEXT
      CHECK (people_ahead_basis IN ('hall', 'offline', 'stale', 'lane'));
  `,
};
