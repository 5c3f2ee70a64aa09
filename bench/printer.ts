import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrinterEmulator } from '../hardware/emulators/printer/emulator.ts';
import type { Receipt } from '../hardware/emulators/printer/receipt-model.ts';
import { SAMPLE_DOCUMENTS } from '../tools/printer-docs/samples.ts';
import { TicketPrinter } from '../hardware/printer/driver.ts';
import { wireTimeMs } from '../hardware/serial/index.ts';

// `npx tsx bench/printer.ts [runs]`: prints the queue ticket through the driver, serialport, a real
// pseudo-terminal and the emulator (which takes bytes in no faster than the baud rate), and reports
//  - first byte: from print() to the document's first byte handed to the line (the pre-job status
//    check is inside this span; the printer-side arrival is shown too);
//  - job / wire: from that first byte until the printer confirmed the last one (GS r 1 answered),
//    divided by the wire time of the bytes exchanged in that span (document + GS r 1 + its answer).
// Targets: first byte < 20 ms, ratio <= 1.10.

const runs = Number(process.argv[2] ?? 20);
const BAUDS = [115200, 9600];
const now = (): number => performance.timeOrigin + performance.now();

function stats(values: number[]): { median: number; p90: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1] ?? NaN };
}

const fmt = (n: number, digits = 1): string => n.toFixed(digits);

async function bench(baudRate: number): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'printer-bench-'));
  const emulator = await startPrinterEmulator({ dir, baudRate, keepReceipts: 5 });
  const printer = new TicketPrinter({ locator: { path: emulator.hostPath }, baudRate, heartbeatMs: 0 });
  printer.start();
  await new Promise<void>((resolve) => printer.serialPort.once('state', () => resolve()));
  const make = SAMPLE_DOCUMENTS.ticket;
  if (!make) throw new Error('no ticket sample');
  const firstByte: number[] = [];
  const arrival: number[] = [];
  const ratios: number[] = [];
  let bytes = 0;
  try {
    for (let i = -3; i < runs; i++) {
      const document = make();
      const received = new Promise<Receipt>((resolve) => emulator.once('receipt', resolve));
      const calledAt = now();
      const outcome = await printer.print(document);
      const receipt = await received;
      if (!outcome.ok) throw new Error(`print failed: ${outcome.message}`);
      if (i < 0) continue; // warm-up: module loading and JIT are not what a citizen waits for twice
      bytes = outcome.bytes;
      firstByte.push(outcome.firstByteAt - calledAt);
      arrival.push(receipt.receivedAt - calledAt);
      ratios.push((outcome.finishedAt - outcome.firstByteAt) / wireTimeMs(outcome.bytes + 3 + 1, baudRate));
    }
  } finally {
    await printer.stop();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const fb = stats(firstByte);
  const ar = stats(arrival);
  const ra = stats(ratios);
  const wire = wireTimeMs(bytes + 4, baudRate);
  process.stdout.write(
    `${String(baudRate).padStart(6)} baud  ticket ${bytes} B, wire ${fmt(wire)} ms | ` +
      `first byte median ${fmt(fb.median)} ms, p90 ${fmt(fb.p90)}, max ${fmt(fb.max)} ` +
      `(at printer median ${fmt(ar.median)}) | job/wire median ${fmt(ra.median, 3)}, p90 ${fmt(ra.p90, 3)}, max ${fmt(ra.max, 3)}\n`,
  );
  return fb.median < 20 && ra.median <= 1.1;
}

let allMet = true;
process.stdout.write(
  `printer bench: ${runs} runs per baud rate (targets: first byte < 20 ms, job/wire <= 1.10)\n`,
);
for (const baud of BAUDS) allMet = (await bench(baud)) && allMet;
process.stdout.write(allMet ? 'targets met\n' : 'targets NOT met\n');
