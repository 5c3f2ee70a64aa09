import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueueService } from '../main/queue/queue-service.ts';
import { loadHallConfig } from '../main/queue/hall-config.ts';
import { openStore, storeFacts } from '../main/store/database.ts';
import { enqueueEvent, openOutbox } from '../main/sync/outbox.ts';
// The same printer-over-pty set-up as the paper tests, so the bench measures what they check.
import { startEmulatedPrinter } from '../test/integration/queue/emulated-printer.ts';

// `npx tsx bench/queue.ts [issues]`: issue latency, from the call (the tap reaching main) to the
// ticket and its outbox record committed, on a file database in WAL with synchronous=FULL (every
// commit waits for fsync), then tap → first byte at the printer through the real driver and the
// printer emulator on a pseudo-terminal. Target: issue p99 < 20 ms.

const issues = Number(process.argv[2] ?? 2000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-queue-'));
const hall = loadHallConfig(path.resolve('resources/hall/hall.json'));
const allDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]),
);
const openHall = {
  ...hall,
  hours: allDay as typeof hall.hours,
  closedDates: [],
  lastIssueBeforeCloseMinutes: 0,
  lines: hall.lines.map(({ hours: _hours, ...line }) => ({ ...line, kioskQuota: 999 })),
};

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

const db = openStore(path.join(dir, 'kiosk.db'));
openOutbox(db, { personalKey: crypto.randomBytes(32) });
const facts = storeFacts(db);
const queue = new QueueService({
  db,
  hall: openHall,
  kioskId: 'bench',
  kioskIndex: 1,
  printer: null,
  events: (event) => void enqueueEvent(db, event),
});

const lines = openHall.lines.map((line) => line.prefix);
const latencies: number[] = [];
for (let i = 0; i < Math.min(issues, lines.length * 999); i++) {
  const started = performance.now();
  const result = queue.issue({
    line: lines[i % lines.length]!,
    source: 'citizen',
    personKey: crypto.createHash('sha256').update(String(i)).digest('hex'),
    prereviewRef: `PR-${i}`,
  });
  latencies.push(performance.now() - started);
  if (result.outcome !== 'issued') throw new Error(`unexpected ${result.outcome}`);
}
latencies.sort((a, b) => a - b);
const p99 = percentile(latencies, 0.99);
console.log(
  `issue → committed (${latencies.length} tickets, journal=${facts.journalMode}, synchronous=${facts.synchronous === 2 ? 'FULL' : facts.synchronous}): ` +
    `p50 ${fmt(percentile(latencies, 0.5))}, p99 ${fmt(p99)}, max ${fmt(latencies.at(-1)!)} ` +
    `— target p99 < 20 ms: ${p99 < 20 ? 'met' : 'NOT met'}`,
);

// Tap → first byte at the printer: issue, then print through the driver to the emulator.
const { printer, stop: stopPrinter } = await startEmulatedPrinter('bench-queue-printer');
const printing = new QueueService({
  db,
  hall: openHall,
  kioskId: 'bench',
  kioskIndex: 2,
  printer,
  events: (event) => void enqueueEvent(db, event),
});
const firstBytes: number[] = [];
const original = printer.print.bind(printer);
let tapAt = 0;
printer.print = async (document) => {
  const outcome = await original(document);
  if (outcome.ok) firstBytes.push(outcome.firstByteAt - tapAt);
  return outcome;
};
for (let i = 0; i < 20; i++) {
  tapAt = performance.timeOrigin + performance.now();
  await printing.issueAndPrint({ line: 'A', source: 'citizen', prereviewRef: `PR-P${i}` });
}
firstBytes.sort((a, b) => a - b);
console.log(
  `tap → first byte at the printer (${firstBytes.length} tickets, pre-job status check included): ` +
    `p50 ${fmt(percentile(firstBytes, 0.5))}, max ${fmt(firstBytes.at(-1)!)}`,
);
await stopPrinter();
db.close();
fs.rmSync(dir, { recursive: true, force: true });
