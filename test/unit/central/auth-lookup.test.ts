import { describe, expect, it } from 'vitest';
import { createAuthLookup } from '../../../central/auth-lookup.ts';
import type { AuthInfo } from '../../../central/store/types.ts';

const info = (hash: string): AuthInfo => ({ credentialHash: hash, hallId: 'H1', enrollmentPending: false });

function storeOf(table: Map<string, AuthInfo>) {
  const reads: string[] = [];
  const gates: Array<() => void> = [];
  let hold = false;
  return {
    reads,
    holdReads: () => (hold = true),
    release: () => {
      hold = false;
      gates.splice(0).forEach((open) => open());
    },
    read: async (kioskId: string) => {
      reads.push(kioskId);
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      return table.get(kioskId) ?? null;
    },
  };
}

describe('credential lookup', () => {
  it('reuses a positive answer within its time, and reads again after it', async () => {
    let clock = 1_000;
    const store = storeOf(new Map([['K1', info('h1')]]));
    const lookup = createAuthLookup(store.read, { ttlMs: 5_000, maxPending: 4, now: () => clock });
    expect(await lookup.lookup('K1')).toEqual({ kind: 'found', info: info('h1'), cached: false });
    clock += 4_999;
    expect(await lookup.lookup('K1')).toEqual({ kind: 'found', info: info('h1'), cached: true });
    expect(store.reads).toEqual(['K1']);
    clock += 2;
    expect((await lookup.lookup('K1')).kind).toBe('found');
    expect(store.reads).toEqual(['K1', 'K1']);
  });

  it('never remembers an unknown kiosk, and forgets one the store no longer knows', async () => {
    const table = new Map([['K1', info('h1')]]);
    const store = storeOf(table);
    const lookup = createAuthLookup(store.read, { ttlMs: 5_000, maxPending: 4 });
    expect(await lookup.lookup('K9')).toEqual({ kind: 'unknown' });
    expect(await lookup.lookup('K9')).toEqual({ kind: 'unknown' });
    expect(store.reads).toEqual(['K9', 'K9']);
    await lookup.lookup('K1');
    table.delete('K1');
    // A fresh read (asked for when a credential does not match) sees the revocation and drops it.
    expect(await lookup.lookup('K1', true)).toEqual({ kind: 'unknown' });
    expect(await lookup.lookup('K1')).toEqual({ kind: 'unknown' });
  });

  it('a fresh lookup finds a credential re-issued behind its back', async () => {
    const table = new Map([['K1', info('old')]]);
    const lookup = createAuthLookup(storeOf(table).read, { ttlMs: 5_000, maxPending: 4 });
    await lookup.lookup('K1');
    table.set('K1', info('new'));
    expect(await lookup.lookup('K1')).toMatchObject({ info: info('old'), cached: true });
    expect(await lookup.lookup('K1', true)).toMatchObject({ info: info('new'), cached: false });
    expect(await lookup.lookup('K1')).toMatchObject({ info: info('new'), cached: true });
  });

  it('answers busy instead of queueing more than maxPending reads', async () => {
    const store = storeOf(
      new Map([
        ['K1', info('h1')],
        ['K2', info('h2')],
        ['K3', info('h3')],
      ]),
    );
    const lookup = createAuthLookup(store.read, { ttlMs: 5_000, maxPending: 2 });
    store.holdReads();
    const first = lookup.lookup('K1');
    const second = lookup.lookup('K2');
    expect(await lookup.lookup('K3')).toEqual({ kind: 'busy' });
    store.release();
    expect((await first).kind).toBe('found');
    expect((await second).kind).toBe('found');
    // The places are given back: the next read goes through.
    expect((await lookup.lookup('K3')).kind).toBe('found');
    // And a remembered kiosk never waits for a place.
    store.holdReads();
    const a = lookup.lookup('K9');
    const b = lookup.lookup('K8');
    expect((await lookup.lookup('K1')).kind).toBe('found');
    store.release();
    await Promise.all([a, b]);
  });

  it('with ttl 0 reads the store every time', async () => {
    const store = storeOf(new Map([['K1', info('h1')]]));
    const lookup = createAuthLookup(store.read, { ttlMs: 0, maxPending: 2 });
    await lookup.lookup('K1');
    await lookup.lookup('K1');
    expect(store.reads).toEqual(['K1', 'K1']);
  });

  it('keeps at most maxEntries kiosks', async () => {
    const table = new Map(Array.from({ length: 5 }, (_, n) => [`K${n}`, info(`h${n}`)] as const));
    const store = storeOf(table);
    const lookup = createAuthLookup(store.read, { ttlMs: 5_000, maxPending: 2, maxEntries: 3 });
    for (const id of ['K0', 'K1', 'K2', 'K3']) await lookup.lookup(id);
    store.reads.length = 0;
    await lookup.lookup('K0'); // the oldest was dropped
    await lookup.lookup('K3');
    expect(store.reads).toEqual(['K0']);
  });
});
