import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECK } from '../../../hardware/emulators/idcard/deck.ts';
import { FAST_POLL_MS, type Bench, sleep, startBench, until } from './harness.ts';

describe('IdCardReader ↔ emulator over a real pseudo-terminal (115200 baud)', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(async () => {
    await bench?.dispose();
  });

  it('reports SAM id and status once the port is open', () => {
    expect(bench.reader.status()).toMatchObject({
      portState: 'open',
      path: bench.emulator.hostPath,
      baudRate: 115200,
      samId: '05.01-20105244-0000011119-0502349249',
      samStatus: 'ok',
      cardPresent: false,
      activeFaults: [],
    });
  });

  for (const entry of DECK) {
    it(`reads ${entry.id} once per placement and notices its removal`, async () => {
      const cardsBefore = bench.cards.length;
      const removalsBefore = bench.removals;
      bench.emulator.placeCard(entry.id);
      await until(() => bench.cards.length > cardsBefore, `card ${entry.id}`);
      const { card, timing } = bench.cards.at(-1)!;
      expect(card).toMatchObject(entry.fields);
      expect(card.photo).toBe('encrypted-wlt');
      // find 25 + select 29 + read 1305 + latest address (21 when the card has none, 161 with one).
      expect(timing.bytesExchanged).toBe(entry.latestAddress ? 1520 : 1380);
      expect(card.latestAddress).toBe(entry.latestAddress ?? null);
      expect(timing.parsedAt - timing.placedDetectedAt).toBeGreaterThanOrEqual(timing.wireMs * 0.98);
      // Left on the reader for many polls: no second event.
      await sleep(FAST_POLL_MS * 8);
      expect(bench.cards.length).toBe(cardsBefore + 1);
      expect(bench.reader.status().cardPresent).toBe(true);
      bench.emulator.removeCard();
      await until(() => bench.removals > removalsBefore, 'removal');
      expect(bench.reader.status().cardPresent).toBe(false);
      expect(bench.removalReasons.at(-1)).toBe('taken-away');
    });
  }

  it('reads a card placed again after removal as a new placement', async () => {
    const before = bench.cards.length;
    bench.emulator.placeCard('resident-zhang-san');
    await until(() => bench.cards.length === before + 1, 'first placement');
    bench.emulator.removeCard();
    await until(() => !bench.reader.status().cardPresent, 'removal');
    bench.emulator.placeCard('resident-zhang-san');
    await until(() => bench.cards.length === before + 2, 'second placement');
    bench.emulator.removeCard();
    await until(() => !bench.reader.status().cardPresent, 'removal');
    expect(bench.faults).toEqual([]);
  });

  it('hands the card on before any status or log bookkeeping, with one status for placed-and-read', async () => {
    const order: string[] = [];
    const onCard = () => order.push('card');
    const onStatus = (status: { cardPresent: boolean }) => order.push(`status:${status.cardPresent}`);
    bench.reader.on('card', onCard);
    bench.reader.on('status', onStatus);
    try {
      bench.emulator.placeCard('resident-zhang-san');
      await until(() => order.includes('card'), 'card');
      await sleep(FAST_POLL_MS * 3);
      // A person is waiting for the card; the status that follows is for the health line.
      expect(order).toEqual(['card', 'status:true']);
      bench.emulator.removeCard();
      await until(() => order.includes('status:false'), 'removal status');
    } finally {
      bench.reader.off('card', onCard);
      bench.reader.off('status', onStatus);
    }
  });

  it('test read and SAM commands work on demand alongside the loop', async () => {
    expect(await bench.reader.readSamStatus()).toEqual({ ok: true, sw3: 0x90, description: 'ok' });
    expect(await bench.reader.readSamId()).toMatch(/^\d{2}\.\d{2}-\d{8}-\d{10}-\d{10}$/);
    const empty = await bench.reader.testRead();
    expect(empty).toEqual({ ok: false, noCard: true, message: 'No card on the reader' });
    bench.emulator.placeCard('foreign-old');
    await until(() => bench.reader.status().cardPresent, 'card seen');
    const result = await bench.reader.testRead();
    expect(result.ok && result.card.kind).toBe('foreign-old');
    bench.emulator.removeCard();
    await until(() => !bench.reader.status().cardPresent, 'removal');
  });

  it('notices a card swapped for another faster than one poll, and reads the new one', async () => {
    const before = bench.cards.length;
    const removalsBefore = bench.removals;
    bench.emulator.placeCard('resident-zhang-san');
    await until(() => bench.cards.length === before + 1, 'first card');
    // Another card at once, with no gap the poll could see as "no card": only its serial tells.
    bench.emulator.placeCard('resident-long-term');
    await until(() => bench.cards.length === before + 2, 'swapped card', 2000);
    expect(bench.cards.at(-1)!.card.displayName).toBe('马秀兰');
    expect(bench.removalReasons.at(-1)).toBe('swapped');
    expect(bench.removals).toBe(removalsBefore + 1);
    // And back within a second, through a short gap shorter than the removal count.
    bench.emulator.removeCard();
    await sleep(FAST_POLL_MS);
    bench.emulator.placeCard('resident-zhang-san');
    await until(() => bench.cards.length === before + 3, 'card swapped back', 2000);
    expect(bench.cards.at(-1)!.card.displayName).toBe('张三');
    // The same card lying there stays one placement.
    await sleep(FAST_POLL_MS * 6);
    expect(bench.cards.length).toBe(before + 3);
    bench.emulator.removeCard();
    await until(() => !bench.reader.status().cardPresent, 'removal');
    expect(bench.faults).toEqual([]);
  });

  it('lifting the same card for a moment and putting it back is not a new placement', async () => {
    bench.emulator.placeCard('resident-zhang-san');
    await until(() => bench.reader.status().cardPresent, 'card');
    await sleep(FAST_POLL_MS * 2);
    const before = bench.cards.length;
    bench.emulator.removeCard();
    await sleep(FAST_POLL_MS);
    bench.emulator.placeCard('resident-zhang-san');
    await sleep(FAST_POLL_MS * 6);
    expect(bench.cards.length).toBe(before);
    bench.emulator.removeCard();
    await until(() => !bench.reader.status().cardPresent, 'removal');
  });
});
