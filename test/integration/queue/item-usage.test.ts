// 常用事项 survive a restart: the counts are in the store; the hall's list fills in after them; the
// catalog's file order never decides.
import { afterEach, describe, expect, it } from 'vitest';
import { ItemUsage } from '../../../main/services/item-usage.ts';
import { openStore } from '../../../main/store/database.ts';
import { manualClock, sh, tempStore, type TestStore } from './helpers.ts';

let store: TestStore | undefined;
afterEach(() => store?.close());

const catalogOrder = ['A-ITEM', 'B-ITEM', 'C-ITEM', 'D-ITEM', 'E-ITEM'];

describe('常用事项 from persisted use counts', () => {
  it('ranks by uses, then the most recent, and keeps the ranking across a restart', () => {
    store = tempStore('usage');
    const clock = manualClock(sh('2025-06-10T09:00:00'));
    const usage = new ItemUsage(store.db, clock.now);
    for (const code of ['D-ITEM', 'C-ITEM', 'D-ITEM', 'E-ITEM']) {
      usage.record(code);
      clock.advance(60_000);
    }
    expect(usage.ranked(catalogOrder)).toEqual(['D-ITEM', 'E-ITEM', 'C-ITEM']);
    // Restart: a new process opens the same database file.
    store.db.close();
    const reopened = openStore(store.file);
    store.db = reopened;
    expect(new ItemUsage(reopened).ranked(catalogOrder)).toEqual(['D-ITEM', 'E-ITEM', 'C-ITEM']);
  });

  it('fills in with the hall’s configured list, skipping codes the catalog lacks; never file order', () => {
    store = tempStore('usage');
    const usage = new ItemUsage(store.db);
    // Nothing used yet: the hall's list, in its order, not the catalog's.
    expect(usage.ranked(catalogOrder, ['E-ITEM', 'GONE-ITEM', 'B-ITEM'])).toEqual(['E-ITEM', 'B-ITEM']);
    expect(usage.ranked(catalogOrder)).toEqual([]);
    usage.record('C-ITEM');
    expect(usage.ranked(catalogOrder, ['E-ITEM', 'C-ITEM'])).toEqual(['C-ITEM', 'E-ITEM']);
  });
});
