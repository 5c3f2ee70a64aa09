import type { Migration } from './index.ts';

export const ticketLocaleSchema: Migration = {
  version: 8,
  name: 'ticket-locale',
  sql: `
    -- The language the citizen chose on screen when the number was taken (issue 15: English slips).
    -- The queue rebuilds a ticket or voucher from its row for every copy, so a desk reprint of an
    -- English ticket is English too. Rows from before this step were all printed in Chinese.
    ALTER TABLE queue_tickets ADD COLUMN locale TEXT NOT NULL DEFAULT 'zh-CN'
      CHECK (locale IN ('zh-CN', 'en'));
  `,
};
