import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHallConfig } from '../../../main/queue/hall-config.ts';
import { businessDay } from '../../../main/queue/hall-time.ts';
import { slipCountsOf } from '../../../main/queue/slip-counts.ts';
import { openStore } from '../../../main/store/database.ts';
import { enqueueEvent, openOutbox } from '../../../main/sync/outbox.ts';

describe('daily summary slip counts', () => {
  it('counts the day’s notification and commitment slips from the pre-review records', () => {
    const db = openStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slips-')), 'kiosk.db'));
    openOutbox(db, { personalKey: Buffer.alloc(32, 7) });
    const hall = loadHallConfig(path.resolve('resources/hall/hall.json'));
    const now = new Date();
    const yesterday = new Date(now.getTime() - 86_400_000);
    const record = (outcome: string, at: Date) =>
      enqueueEvent(db, { type: 'prereview', payload: { outcome }, occurredAt: at });
    record('notice', now);
    record('notice', now);
    record('commitment', now);
    record('pass', now);
    record('notice', yesterday);
    enqueueEvent(db, { type: 'ticket', payload: { outcome: 'notice' }, occurredAt: now });

    expect(slipCountsOf(db, hall, businessDay(now, hall))).toEqual({ noticeSlips: 2, commitmentSlips: 1 });
    expect(slipCountsOf(db, hall, businessDay(yesterday, hall))).toEqual({
      noticeSlips: 1,
      commitmentSlips: 0,
    });
    db.close();
  });
});
