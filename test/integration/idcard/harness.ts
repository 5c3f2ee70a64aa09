// Real driver, real serialport, real pseudo-terminal: the emulator on one end, IdCardReader on the other.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IdCardEmulator, startIdCardEmulator } from '../../../hardware/emulators/idcard/emulator.ts';
import type { IdCard } from '../../../domain/identity/card.ts';
import type { ReaderFault } from '../../../hardware/idcard/faults.ts';
import {
  type CardRemoval,
  type CardTiming,
  IdCardReader,
  type IdCardReaderOptions,
} from '../../../hardware/idcard/reader.ts';

export interface Bench {
  emulator: IdCardEmulator;
  reader: IdCardReader;
  cards: { card: IdCard; timing: CardTiming }[];
  faults: ReaderFault[];
  removals: number;
  removalReasons: string[];
  dispose(): Promise<void>;
}

export const FAST_POLL_MS = 40;

export async function startBench(
  baudRate = 115200,
  options: Partial<IdCardReaderOptions> = {},
): Promise<Bench> {
  const dir = await mkdtemp(join(tmpdir(), 'idcard-it-'));
  const emulator = await startIdCardEmulator({ dir, baudRate });
  const reader = new IdCardReader({
    locator: { path: emulator.hostPath },
    baudRate,
    pollIntervalMs: FAST_POLL_MS,
    commandTimeoutMs: 400,
    heartbeatMs: 400,
    backoff: { initialMs: 50, maxMs: 200 },
    ...options,
  });
  const bench: Bench = {
    emulator,
    reader,
    cards: [],
    faults: [],
    removals: 0,
    removalReasons: [],
    async dispose() {
      await reader.stop();
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  reader.on('card', (card: IdCard, timing: CardTiming) => bench.cards.push({ card, timing }));
  reader.on('fault', (fault: ReaderFault) => bench.faults.push(fault));
  reader.on('removed', (removal: CardRemoval) => {
    bench.removals += 1;
    bench.removalReasons.push(removal.reason);
  });
  reader.start();
  await until(
    () => reader.status().samStatus === 'ok' && reader.status().samId !== undefined,
    'reader ready',
  );
  return bench;
}

export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
