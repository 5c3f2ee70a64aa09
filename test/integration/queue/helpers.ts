import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { PrinterEmulatorOptions } from '../../../hardware/emulators/printer/emulator.ts';
import type { PrintDocument } from '../../../hardware/printer/document.ts';
import type { PrintOutcome } from '../../../hardware/printer/driver.ts';
import { loadHallConfig, type HallConfig } from '../../../main/queue/hall-config.ts';
import {
  QueueService,
  type QueueServiceOptions,
  type TicketPrinterPort,
} from '../../../main/queue/queue-service.ts';
import { openStore, type Db } from '../../../main/store/database.ts';
import { enqueueEvent, openOutbox, type Outbox } from '../../../main/sync/outbox.ts';
import { startEmulatedPrinter, type EmulatedPrinter } from './emulated-printer.ts';

export const hall: HallConfig = loadHallConfig(path.resolve('resources/hall/hall.json'));
/** Shanghai wall time → instant. */
export const sh = (text: string): Date => new Date(`${text}+08:00`);

export interface TestStore {
  dir: string;
  file: string;
  db: Db;
  outbox: Outbox;
  close(): void;
}

export function tempStore(name = 'queue'): TestStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kiosk-${name}-`));
  const file = path.join(dir, 'kiosk.db');
  const db = openStore(file);
  const outbox = openOutbox(db, { personalKey: crypto.randomBytes(32) });
  return {
    dir,
    file,
    db,
    outbox,
    close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start: Date): {
  now: () => Date;
  set(at: Date): void;
  advance(ms: number): void;
} {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => (current = at.getTime()),
    advance: (ms) => (current += ms),
  };
}

/** Keeps the documents it is given and answers as told: stands in for the printer where a test is
 *  about queue logic, not paper (the paper tests use the emulator over a real pty). */
export class RecordingPrinter implements TicketPrinterPort {
  readonly documents: PrintDocument[] = [];
  next: Array<PrintOutcome> = [];
  async print(document: PrintDocument): Promise<PrintOutcome> {
    this.documents.push(document);
    const scripted = this.next.shift();
    if (scripted) return scripted;
    return {
      ok: true,
      bytes: 1000,
      firstByteAt: Date.now(),
      finishedAt: Date.now(),
      status: {} as never,
      substitutedCharacters: 0,
    };
  }
  texts(index: number): string[] {
    return (this.documents[index]?.blocks ?? []).flatMap((block) =>
      block.kind === 'text' ? [block.text] : block.kind === 'pair' ? [`${block.label} ${block.value}`] : [],
    );
  }
}

export function queueOn(
  store: TestStore,
  options: Partial<QueueServiceOptions> & { now: () => Date },
): QueueService {
  return new QueueService({
    db: store.db,
    hall,
    kioskId: 'kiosk-01',
    kioskIndex: 1,
    printer: new RecordingPrinter(),
    events: (event) => enqueueEvent(store.db, event),
    ...options,
  });
}

export const personA = 'a'.repeat(64);
export const personB = 'b'.repeat(64);

/** The printer device over the emulator's pty for every test of a file: started once before them,
 *  its faults and paper cleared after each, stopped after all. Read `emulator` and `printer` inside
 *  tests (they exist once the file's beforeAll has run). */
export function usePrinterRig(
  name: string,
  emulatorOptions: Partial<Omit<PrinterEmulatorOptions, 'dir' | 'baudRate'>> = {},
): Omit<EmulatedPrinter, 'stop'> {
  let rig: EmulatedPrinter | undefined;
  beforeAll(async () => {
    rig = await startEmulatedPrinter(name, emulatorOptions);
  }, 20_000);
  afterEach(() => {
    rig?.emulator.setFault(null);
    rig?.emulator.clearReceipts();
  });
  afterAll(() => rig?.stop());
  const started = (): EmulatedPrinter => {
    if (!rig) throw new Error('the printer rig starts in beforeAll: use it inside tests');
    return rig;
  };
  return {
    get emulator() {
      return started().emulator;
    },
    get printer() {
      return started().printer;
    },
  };
}
