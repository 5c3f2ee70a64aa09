import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReaderFaultCode } from '../../../hardware/idcard/faults.ts';
import { FAST_POLL_MS, type Bench, sleep, startBench, until } from './harness.ts';

describe('faults injected in the emulator, seen through the real driver', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(async () => {
    await bench?.dispose();
  });
  afterEach(async () => {
    bench.emulator.setFault(null);
    bench.emulator.removeCard();
    await until(
      () => !bench.reader.status().cardPresent && bench.reader.status().activeFaults.length === 0,
      'clean state',
    );
  });

  const codesSince = (index: number): ReaderFaultCode[] =>
    bench.faults.slice(index).map((fault) => fault.code);

  /** Raises the fault with a card placed, checks it is reported exactly once over many polls, then clears it
   *  and checks the same placement is read. */
  async function faultOncePerPlacementThenRead(
    fault: Parameters<Bench['emulator']['setFault']>[0],
    expected: ReaderFaultCode,
  ): Promise<void> {
    const faultsBefore = bench.faults.length;
    const cardsBefore = bench.cards.length;
    bench.emulator.setFault(fault);
    bench.emulator.placeCard('resident-zhang-san');
    await until(() => bench.faults.length > faultsBefore, `fault ${expected}`);
    await sleep(FAST_POLL_MS * 10);
    expect(codesSince(faultsBefore)).toEqual([expected]);
    expect(bench.cards.length).toBe(cardsBefore);
    expect(bench.reader.status().lastFault?.code).toBe(expected);
    bench.emulator.setFault(null);
    await until(() => bench.cards.length === cardsBefore + 1, 'card read after the fault cleared');
    expect(bench.cards.at(-1)!.card.idNumber).toBe('110101198503120017');
  }

  it('select fails (SW3 81) → unstable-card', () =>
    faultOncePerPlacementThenRead('select-fails', 'unstable-card'));
  it('read fails (SW3 41) → read-failed', () => faultOncePerPlacementThenRead('read-fails', 'read-failed'));
  it('unknown card type (SW3 40) → unknown-card-type', () =>
    faultOncePerPlacementThenRead('unknown-card-type', 'unknown-card-type'));
  it('bad checksum → garbled', () => faultOncePerPlacementThenRead('bad-checksum', 'garbled'));
  it('truncated frame → garbled', () => faultOncePerPlacementThenRead('truncated-frame', 'garbled'));
  it('SAM not authorised (SW3 66) → sam-unauthorised, and the SAM status says so', async () => {
    const faultsBefore = bench.faults.length;
    bench.emulator.setFault('sam-not-authorised');
    await until(
      () => bench.reader.status().samStatus?.includes('SAM is not authorised') === true,
      'SAM status',
    );
    expect(codesSince(faultsBefore)).toEqual(['sam-unauthorised']);
    bench.emulator.setFault(null);
    await until(() => bench.reader.status().samStatus === 'ok', 'SAM recovered');
  });

  it('fault raised again for a new placement, not for the same one', async () => {
    const faultsBefore = bench.faults.length;
    bench.emulator.setFault('read-fails');
    bench.emulator.placeCard('hk-resident-permit');
    await until(() => bench.faults.length === faultsBefore + 1, 'first fault');
    bench.emulator.removeCard();
    await until(() => !bench.reader.status().cardPresent, 'removal');
    bench.emulator.placeCard('hk-resident-permit');
    await until(() => bench.faults.length === faultsBefore + 2, 'second fault');
    await sleep(FAST_POLL_MS * 5);
    expect(codesSince(faultsBefore)).toEqual(['read-failed', 'read-failed']);
  });

  it('no card: nothing happens until the reader finds it', async () => {
    const cardsBefore = bench.cards.length;
    const faultsBefore = bench.faults.length;
    bench.emulator.setFault('no-card');
    bench.emulator.placeCard('foreign-2023');
    await sleep(FAST_POLL_MS * 6);
    expect(bench.cards.length).toBe(cardsBefore);
    expect(bench.reader.status().cardPresent).toBe(false);
    bench.emulator.setFault(null);
    await until(() => bench.cards.length === cardsBefore + 1, 'card');
    expect(bench.faults.length).toBe(faultsBefore);
  });

  it('garbage before every reply: the decoder resynchronises and the card is read without a fault', async () => {
    const cardsBefore = bench.cards.length;
    const faultsBefore = bench.faults.length;
    bench.emulator.setFault('garbage');
    bench.emulator.placeCard('resident-rare-character');
    await until(() => bench.cards.length === cardsBefore + 1, 'card');
    expect(bench.cards.at(-1)!.card.displayName).toBe('陈𪚥𠀾');
    expect(bench.faults.length).toBe(faultsBefore);
  });

  it('slow reader: replies 300 ms late are still within the command timeout', async () => {
    const cardsBefore = bench.cards.length;
    bench.emulator.setFault('slow-reader');
    bench.emulator.placeCard('tw-resident-permit');
    await until(() => bench.cards.length === cardsBefore + 1, 'card');
    const { timing } = bench.cards.at(-1)!;
    expect(timing.parsedAt - timing.placedDetectedAt).toBeGreaterThan(900);
  });

  it('silence → device-unreachable once; the driver recovers by itself', async () => {
    const faultsBefore = bench.faults.length;
    const cardsBefore = bench.cards.length;
    bench.emulator.setFault('silence');
    await until(() => bench.faults.length > faultsBefore, 'unreachable');
    await sleep(1500);
    expect(new Set(codesSince(faultsBefore))).toEqual(new Set(['device-unreachable']));
    expect(codesSince(faultsBefore)).toHaveLength(1);
    bench.emulator.setFault(null);
    bench.emulator.placeCard('resident-long-term');
    await until(() => bench.cards.length === cardsBefore + 1, 'card after silence', 8000);
    expect(bench.reader.status()).toMatchObject({ portState: 'open', activeFaults: [] });
  });
});
