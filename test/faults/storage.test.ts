// The store failing under a person's case: disk full while issuing, the database locked by another
// program, the database file damaged, the service catalog damaged. Each answer is a sentence, each
// failure loses nothing, and each ends in a recovery that is asserted.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { StoreError } from '../../main/store/database.ts';
import { StartupError } from '../../main/kiosk.ts';
import { latestBackup, restoreBackup } from '../../main/maintenance/store-tools.ts';
import {
  citizenTo,
  makeDataRoot,
  outboxCount,
  startFaultKiosk,
  startKioskProcess,
  ticketCount,
  waitFor,
  type FaultKiosk,
  type KioskChild,
} from './helpers.ts';

const running: FaultKiosk[] = [];
async function start(options: Parameters<typeof startFaultKiosk>[0] = {}): Promise<FaultKiosk> {
  const fk = await startFaultKiosk(options);
  running.push(fk);
  return fk;
}
const children: KioskChild[] = [];
afterEach(async () => {
  for (const fk of running.splice(0)) await fk.stop();
  for (const child of children.splice(0)) await child.stop();
});

/** Drives a person's case over the process's WebSocket up to the pre-review outcome. */
async function processCitizenToOutcome(child: KioskChild, cardId = 'resident-zhang-san'): Promise<void> {
  await waitFor(async () => {
    const health = (await child.call('system:getHealth')) as {
      ok: boolean;
      value: { devices: Array<{ level: string }> };
    };
    return health.ok && health.value.devices.every((device) => device.level === 'ok');
  }, 'the devices to be ready');
  await child.call('dev:placeCard', { cardId });
  await waitFor(async () => {
    const session = (await child.call('session:get')) as { ok: boolean; value: { stage: string } };
    return session.ok && session.value.stage === 'identified';
  }, 'the card to start a session');
  const steps: Array<[string, unknown]> = [
    ['flow:setWhom', { whom: 'self' }],
    ['flow:chooseItem', { itemCode: 'SOCIAL-SECURITY-CARD' }],
    ['flow:setField', { fieldId: 'mobile', value: '13912345678' }],
    ['flow:setField', { fieldId: 'bank', value: 'icbc' }],
    ['flow:setField', { fieldId: 'alreadyHasLocalCard', value: 'no' }],
    ['flow:goto', { stage: 'materials' }],
    ['flow:setMaterial', { materialId: null, answer: 'have' }],
    ['flow:review', {}],
  ];
  for (const [channel, args] of steps) {
    const reply = await child.call(channel, args);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  }
}

function countIn(file: string, sql: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

it('disk full while issuing: a plain sentence, nothing half-written; with space again the same case finishes', async () => {
  // The kiosk as its own process, whose files may not grow past their present size (RLIMIT_FSIZE,
  // as a full disk: writes that would extend a file fail). Node ignores SIGXFSZ, so writes fail
  // with EFBIG instead of killing the process.
  const child = await startKioskProcess();
  children.push(child);
  const file = path.join(child.dataRoot, 'db', 'kiosk.db');
  await processCitizenToOutcome(child);
  const ticketsBefore = countIn(file, 'SELECT count(*) AS n FROM queue_tickets');
  const outboxBefore = countIn(file, 'SELECT count(*) AS n FROM sync_outbox');
  const limit = Math.max(fs.statSync(`${file}-wal`).size, fs.statSync(file).size);
  execFileSync('prlimit', ['--pid', String(child.pid), `--fsize=${limit}:`]);

  const refused = await child.call('flow:confirm', {});
  expect(refused.ok).toBe(false);
  if (refused.ok) return;
  expect(refused.error.code).toBe('unavailable');
  // SQLite reports a write cut short by the limit as an I/O error, a real ENOSPC as SQLITE_FULL;
  // either way the person hears that nothing was saved.
  expect(['maint.storage.io', 'maint.storage.full']).toContain(refused.error.key);
  expect(refused.error.message).toMatch(/nothing was saved/);
  expect(countIn(file, 'SELECT count(*) AS n FROM queue_tickets')).toBe(ticketsBefore);
  expect(countIn(file, 'SELECT count(*) AS n FROM sync_outbox')).toBe(outboxBefore);
  const paper = (await child.call('dev:getState')) as {
    ok: true;
    value: { printer: { receipts: unknown[] } };
  };
  expect(paper.value.printer.receipts).toHaveLength(0);
  const session = (await child.call('session:get')) as { ok: true; value: { stage: string } };
  expect(session.value.stage).toBe('outcome');

  // Space again: the same case goes through, once, with its paper.
  execFileSync('prlimit', ['--pid', String(child.pid), '--fsize=unlimited:']);
  const done = (await child.call('flow:confirm', {})) as { ok: boolean; value: { stage: string } };
  expect(done.ok).toBe(true);
  expect(done.value.stage).toBe('done');
  expect(countIn(file, 'SELECT count(*) AS n FROM queue_tickets')).toBe(ticketsBefore + 1);
  const printed = (await child.call('dev:getState')) as {
    ok: true;
    value: { printer: { receipts: Array<{ complete: boolean }> } };
  };
  expect(printed.value.printer.receipts[0]?.complete).toBe(true);
});

/** Another program holds the database's write lock for `ms` (a backup tool, a curious admin). */
function holdLock(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const Database = require('better-sqlite3');
       const db = new Database(process.argv[1]);
       db.exec('BEGIN EXCLUSIVE');
       process.stdout.write('locked\\n');
       setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, Number(process.argv[2]));`,
      file,
      String(ms),
    ],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve({ released });
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
}

it('database locked by another program: the person hears it in a sentence, nothing is half-written, and the retry works', async () => {
  const fk = await start();
  const { kiosk } = fk;
  const file = path.join(fk.dataRoot, 'db', 'kiosk.db');
  await citizenTo(fk, 'outcome');
  const outboxBefore = outboxCount(kiosk);

  // Longer than the 5 s busy timeout: a shorter lock is waited out (IMMEDIATE transactions) and
  // the person never notices it; this one is not, and must be told.
  const lock = await holdLock(file, 7000);
  const refused = await fk.call('flow:confirm', {});
  expect(refused.ok).toBe(false);
  if (!refused.ok) {
    expect(refused.error.code).toBe('unavailable');
    expect(refused.error.key).toBe('maint.storage.locked');
  }
  expect(ticketCount(kiosk)).toBe(0);
  expect(outboxCount(kiosk)).toBe(outboxBefore);
  expect(kiosk.maintenance.storage.current()?.problem).toBe('locked');
  await lock.released;

  const done = await fk.must('flow:confirm', {});
  expect(done.stage).toBe('done');
  expect(ticketCount(kiosk)).toBe(1);
  // The same request succeeding clears the problem from the store's health.
  expect(kiosk.maintenance.storage.current()).toBeNull();
});

it('database file damaged: the kiosk refuses to start with one line; the backup is restored and nothing before it is lost', async () => {
  const dataRoot = makeDataRoot();
  const first = await startFaultKiosk({ dataRoot });
  await citizenTo(first, 'outcome');
  await first.must('flow:confirm', {});
  const token = (await first.must('maint:login', { accountId: '8001', pin: '246810' })).token;
  const backup = await first.must('maint:backupStore', { token });
  expect(backup.ok).toBe(true);
  await first.stop();

  const file = path.join(dataRoot, 'db', 'kiosk.db');
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
  fs.closeSync(fd);

  const refusal = await startFaultKiosk({ dataRoot }).then(
    (fk) => fk.stop().then(() => null),
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(StoreError);
  expect((refusal as Error).message).toContain(file);
  expect((refusal as Error).message).not.toContain('\n');

  const kept = restoreBackup(file, latestBackup(path.join(dataRoot, 'backups'))!);
  expect(kept && fs.existsSync(kept)).toBe(true);
  const restored = await start({ dataRoot });
  expect(ticketCount(restored.kiosk)).toBe(1);
  const report = await restored.must('maint:runSelfTest', {
    token: (await restored.must('maint:login', { accountId: '8001', pin: '246810' })).token,
  });
  expect(report.checks.find((check) => check.id === 'store')?.level).toBe('ok');
});

it('database pages damaged while the file still opens: the self-test finds it and the kiosk goes out of service', async () => {
  const dataRoot = makeDataRoot();
  const first = await startFaultKiosk({ dataRoot });
  await citizenTo(first, 'outcome');
  await first.must('flow:confirm', {});
  await first.stop();
  const file = path.join(dataRoot, 'db', 'kiosk.db');
  const pageSize = 4096;
  const pages = fs.statSync(file).size / pageSize;
  // Scribble over the last page (a table or index b-tree page), leaving the header intact.
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (pages - 1) * pageSize);
  fs.closeSync(fd);

  const fk = await start({ dataRoot });
  const token = (await fk.must('maint:login', { accountId: '8001', pin: '246810' })).token;
  const report = await fk.must('maint:runSelfTest', { token });
  const store = report.checks.find((check) => check.id === 'store');
  expect(store?.level).toBe('fault');
  expect(store?.key).toBe('maint.check.storeDamaged');
  expect(report.serviceable).toBe(false);
});

it('service catalog damaged: the kiosk refuses to start naming the file; a damaged update is refused and service goes on', async () => {
  const resources = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-resources-'));
  fs.cpSync(path.resolve('resources'), resources, { recursive: true });
  const item = path.join(resources, 'catalog', 'items', 'social-security-card.json');
  const good = fs.readFileSync(item, 'utf8');
  fs.writeFileSync(item, good.slice(0, good.length / 2));
  const refusal = await startFaultKiosk({ resourcesDir: resources }).then(
    (fk) => fk.stop().then(() => null),
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(StartupError);
  expect((refusal as Error).message).toContain('social-security-card.json');

  fs.writeFileSync(item, good);
  const fk = await start({ resourcesDir: resources });
  const before = fk.kiosk.catalog.current().hash;
  const replaced = fk.kiosk.catalog.replace({ version: 'broken', items: [{ code: 42 }] });
  expect(replaced.ok).toBe(false);
  expect(fk.kiosk.catalog.current().hash).toBe(before);
  await citizenTo(fk, 'outcome');
  expect((await fk.must('flow:confirm', {})).flow?.printed?.ok).toBe(true);
  fs.rmSync(resources, { recursive: true, force: true });
});
