import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bench, startBench, until } from './harness.ts';

describe('at 9600 baud', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench(9600);
  });
  afterAll(async () => {
    await bench?.dispose();
  });

  it('reads a card at wire speed: 1380 bytes take ~1.4 s, and the driver waits for them', async () => {
    bench.emulator.placeCard('hk-resident-permit');
    await until(() => bench.cards.length === 1, 'card', 6000);
    const { card, timing } = bench.cards[0]!;
    expect(card.kind).toBe('hk-macao-taiwan');
    expect(timing.wireMs).toBeCloseTo(1437.5, 0);
    const elapsed = timing.parsedAt - timing.placedDetectedAt;
    expect(elapsed).toBeGreaterThanOrEqual(timing.wireMs * 0.99);
    // The ratio itself is measured by bench/idcard.ts; here only "not absurdly slow", as CI machines are shared.
    expect(elapsed).toBeLessThan(timing.wireMs * 1.5);
    expect(bench.faults).toEqual([]);
  });
});
