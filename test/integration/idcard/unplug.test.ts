import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdCardEmulator } from '../../../hardware/emulators/idcard/emulator.ts';
import { IdCardReader } from '../../../hardware/idcard/reader.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bench, sleep, startBench, until } from './harness.ts';

describe('unplug and replug', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(async () => {
    await bench?.dispose();
  });

  it('notices the unplug, reports it, and reads again after replug without a restart', async () => {
    bench.emulator.placeCard('resident-zhang-san');
    await until(() => bench.cards.length === 1, 'first read');

    await bench.emulator.unplug();
    await until(() => bench.reader.status().portState === 'backoff', 'backoff');
    expect(bench.faults.map((fault) => fault.code)).toEqual(['device-unreachable']);
    expect(bench.removalReasons).toEqual(['reader-lost']);
    const status = bench.reader.status();
    expect(status.cardPresent).toBe(false);
    expect(status.lastError).toMatch(/does not exist|disconnected/);

    await bench.emulator.replug();
    await until(() => bench.reader.status().portState === 'open', 'reopened');
    // The card never left the reader: after the reconnect it is read again, as a new placement.
    await until(() => bench.cards.length === 2, 'read after replug');
    expect(bench.reader.status()).toMatchObject({ samStatus: 'ok', activeFaults: [] });
  });

  it('survives an unplug in the middle of a 1295-byte reply', async () => {
    bench.emulator.removeCard();
    await until(() => !bench.reader.status().cardPresent, 'removal');
    const cardsBefore = bench.cards.length;
    bench.emulator.placeCard('foreign-2023');
    // The read reply takes ~112 ms on the wire; pull the cable 40 ms into it.
    await new Promise<void>((resolve) => {
      const onCommand = (summary: string) => {
        if (summary !== '30 01') return;
        bench.emulator.off('command', onCommand);
        resolve();
      };
      bench.emulator.on('command', onCommand);
    });
    await sleep(40);
    await bench.emulator.unplug();
    expect(bench.cards.length).toBe(cardsBefore);
    await until(() => bench.reader.status().portState !== 'open', 'unplug seen');
    await bench.emulator.replug();
    await until(() => bench.cards.length > cardsBefore, 'read after replug', 8000);
    expect(bench.cards.at(-1)!.card.kind).toBe('foreign-2023');
  });
});

describe('found by USB vendor/product/serial number', () => {
  it('opens the port whose USB ids match', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'idcard-usb-'));
    const emulator = await startIdCardEmulator({ dir, baudRate: 115200 });
    // The enumeration is what the OS would list; the port itself is a real pseudo-terminal.
    const listing = [
      { path: join(dir, 'not-this-one'), vendorId: '1a86', productId: '7523' },
      { path: emulator.hostPath, vendorId: '10C4', productId: 'EA60', serialNumber: 'READER-0042' },
    ];
    const reader = new IdCardReader({
      locator: { usb: { vendorId: '10c4', productId: 'ea60', serialNumber: 'READER-0042' } },
      baudRate: 115200,
      pollIntervalMs: 40,
      backoff: { initialMs: 50, maxMs: 200 },
      listPorts: async () => listing,
    });
    let cards = 0;
    reader.on('card', () => (cards += 1));
    reader.start();
    try {
      emulator.placeCard('resident-zhang-san');
      await until(() => cards === 1, 'card via USB ids');
      expect(reader.status().path).toBe(emulator.hostPath);
    } finally {
      await reader.stop();
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
