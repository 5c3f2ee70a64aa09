// Slip counts for the staff desk's daily summary.
import type { Db } from '../store/database.ts';
import type { HallConfig } from './hall-config.ts';
import { businessDay } from './hall-time.ts';

/** Notification and commitment slips of a business day, from the pre-review records in the outbox
 *  (kept there, without personal fields, well beyond a day after sync). */
export function slipCountsOf(
  db: Db,
  hall: HallConfig,
  day: string,
): { noticeSlips: number; commitmentSlips: number } {
  const rows = db
    .prepare<[], { occurred_at: string; outcome: string }>(
      "SELECT occurred_at, json_extract(payload, '$.outcome') AS outcome FROM sync_outbox WHERE type = 'prereview'",
    )
    .all();
  let noticeSlips = 0;
  let commitmentSlips = 0;
  for (const row of rows) {
    if (businessDay(new Date(row.occurred_at), hall) !== day) continue;
    if (row.outcome === 'notice') noticeSlips += 1;
    if (row.outcome === 'commitment') commitmentSlips += 1;
  }
  return { noticeSlips, commitmentSlips };
}
