// `npx tsx bench/sync.ts [records]`: catch-up of a queued backlog (default 10,000 records, each
// with encrypted personal fields) to a loopback central server running as its own process.
// Prints the catch-up time, records/s and the kiosk's RSS sampled during catch-up.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256 } from '../central/server.ts';
import { openCentralStore } from '../central/store/open.ts';
import { openStore } from '../main/store/database.ts';
import { SyncService } from '../main/sync/sync-service.ts';
import { silentLogger } from '../common/log.ts';

const total = Number(process.argv[2] ?? '10000');
const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
const centralDb = path.join(dir, 'central.db');

const token = crypto.randomBytes(24).toString('base64url');
{
  const store = await openCentralStore(`sqlite:${centralDb}`);
  await store.createEnrollment('BENCH-K01', sha256(token), new Date(Date.now() + 3_600_000).toISOString());
  await store.close();
}

const central = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'central/main.ts',
    '--port',
    '0',
    '--db',
    `sqlite:${centralDb}`,
    '--log-level',
    'silent',
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  central.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const line = out.split('\n').find((text) => text.includes('central listening'));
    if (line) resolve((JSON.parse(line) as { url: string }).url);
  });
  central.once('exit', () => reject(new Error('central exited')));
});

const db = openStore(path.join(dir, 'kiosk', 'kiosk.db'));
const sync = new SyncService({
  db,
  kioskId: 'BENCH-K01',
  centralUrl: url,
  keysDir: path.join(dir, 'kiosk', 'keys'),
  enrollmentToken: token,
  catalogPublicKey: null,
  logger: silentLogger,
});

const fill = db.transaction(() => {
  for (let index = 0; index < total; index += 1)
    sync.outbox.enqueue({
      type: 'prereview',
      payload: { item: 'residence-permit', materials: ['photo', 'form'], queue: `A${index % 1000}` },
      personal: { name: '王小明', idNumber: '110101199003071234', phone: '13800000000' },
    });
});
const filledAt = performance.now();
fill();
const fillMs = performance.now() - filledAt;

global.gc?.();
const rss: number[] = [];
const heap: number[] = [];
const sample = () => {
  const usage = process.memoryUsage();
  rss.push(usage.rss);
  heap.push(usage.heapUsed);
};
sample();
const sampler = setInterval(sample, 100);
const started = performance.now();
const result = await sync.syncNow();
const elapsedMs = performance.now() - started;
clearInterval(sampler);
sample();

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
const report = {
  records: total,
  enqueueMs: Math.round(fillMs),
  catchUpMs: Math.round(elapsedMs),
  recordsPerSecond: Math.round((result.pushed / elapsedMs) * 1000),
  pushed: result.pushed,
  backlogAfter: result.backlog,
  kioskHeapUsedMb: { atStart: mb(heap[0]!), max: mb(Math.max(...heap)), atEnd: mb(heap.at(-1)!) },
  kioskRssMb: {
    atStart: mb(rss[0]!),
    max: mb(Math.max(...rss)),
    atEnd: mb(rss.at(-1)!),
    samples: rss.map(mb),
  },
  target: 'under 10 s for 10,000 records, RSS flat',
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

await sync.stop();
db.close();
central.kill('SIGTERM');
await new Promise((resolve) => central.once('exit', resolve));
fs.rmSync(dir, { recursive: true, force: true });
if (result.backlog !== 0 || (total <= 10_000 && elapsedMs > 10_000)) process.exitCode = 1;
