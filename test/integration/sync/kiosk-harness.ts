// A kiosk stand-in for the fault test, run as its own process: opens a real store file, keeps
// "serving" (a business record plus its outbox record every few milliseconds, in one transaction)
// and runs the real SyncService. Talks to the test over the IPC channel.
import path from 'node:path';
import { openStore } from '../../../main/store/database.ts';
import { enqueueEvent } from '../../../main/sync/outbox.ts';
import { SyncService } from '../../../main/sync/sync-service.ts';
import { createLogger } from '../../../common/log.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`harness needs ${name}`);
  return value;
};

const dataDir = env('HARNESS_DIR');
const kioskId = env('HARNESS_KIOSK_ID');
const intervalMs = Number(process.env.HARNESS_INTERVAL_MS ?? '25');
const send = (message: unknown): void => {
  if (process.connected) process.send?.(message);
};

const db = openStore(path.join(dataDir, 'kiosk.db'));
db.exec(`CREATE TABLE IF NOT EXISTS harness_tickets (
  id INTEGER PRIMARY KEY, outbox_seq INTEGER NOT NULL UNIQUE, issued_at TEXT NOT NULL) STRICT`);

let clockSkewMs = 0;
const now = (): Date => new Date(Date.now() + clockSkewMs);
const quiet = createLogger((record) => {
  if (record.level === 'error') send({ type: 'log', event: record.event, fields: record });
});

const sync = new SyncService({
  db,
  kioskId,
  centralUrl: env('HARNESS_CENTRAL_URL'),
  keysDir: path.join(dataDir, 'keys'),
  enrollmentToken: env('HARNESS_TOKEN'),
  catalogPublicKey: env('HARNESS_CATALOG_KEY'),
  logger: quiet,
  now,
  tuning: {
    maxBatchRecords: 25,
    idleIntervalMs: 50,
    wakeDelayMs: 20,
    documentIntervalMs: 1_000,
    requestTimeoutMs: 3_000,
    backoffBaseMs: 20,
    backoffCapMs: 300,
    circuitFailureThreshold: 5,
    circuitOpenMs: 150,
    circuitMaxOpenMs: 600,
  },
});

const insertTicket = db.prepare('INSERT INTO harness_tickets (outbox_seq, issued_at) VALUES (?, ?)');
const issue = db.transaction(() => {
  const at = now();
  const { seq } = enqueueEvent(db, {
    type: 'ticket',
    payload: { kioskId, issuedAt: at.toISOString() },
    personal: { name: `测试${Math.floor(Math.random() * 1000)}` },
    occurredAt: at,
  });
  insertTicket.run(seq, at.toISOString());
});

let issued = 0;
let maxGapMs = 0;
let last = performance.now();
const serving = setInterval(() => {
  const tick = performance.now();
  maxGapMs = Math.max(maxGapMs, tick - last - intervalMs);
  last = tick;
  issue();
  issued += 1;
}, intervalMs);

const report = setInterval(() => {
  const health = sync.health();
  send({
    type: 'stats',
    issued,
    maxGapMs: Math.round(maxGapMs),
    backlog: health.backlog,
    level: health.level,
    catalog: health.documents.catalog ?? 0,
  });
}, 500);

process.on('message', (message: { type: string; ms?: number }) => {
  if (message.type === 'jump') {
    clockSkewMs += message.ms ?? 0;
    send({ type: 'jumped', clockSkewMs });
  }
  if (message.type === 'drain') void drain();
});

async function drain(): Promise<void> {
  clearInterval(serving);
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const result = await sync.syncNow();
    if (result.ok && result.backlog === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await sync.stop();
  clearInterval(report);
  const health = sync.health();
  send({
    type: 'drained',
    issued,
    maxGapMs: Math.round(maxGapMs),
    backlog: health.backlog,
    catalog: sync.currentDocument('catalog')?.version ?? 0,
    lastError: health.lastError,
  });
  db.close();
  process.disconnect?.();
}

sync.start();
send({ type: 'ready' });
