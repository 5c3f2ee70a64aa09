// Kiosk and central on loopback with a fault-injecting proxy between them: cut requests, lost
// answers after the server applied them, injected 500/429, SIGKILL of the kiosk mid-batch and of
// the central server mid-request, clock jumps. Proves the central store ends with every record
// exactly once and in per-kiosk order, and that the kiosks never stopped serving.
// SYNC_FAULTS=2000 runs longer (the default 250 takes about a minute and a half). Part of the fault
// suite (npm run test:faults), not the unit run.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { sha256 } from '../../central/server.ts';
import { generateSigningKeys, signDocument } from '../../protocol/signing.ts';
import { openCentralStore } from '../../central/store/open.ts';
import { FaultProxy } from './fault-proxy.ts';
import { seededRandom } from '../support/seeded-random.ts';

const root = path.resolve(import.meta.dirname, '../..');
const targetFaults = Number(process.env.SYNC_FAULTS ?? '250');
const chaosLimitMs = Number(process.env.SYNC_FAULT_SECONDS ?? String(Math.max(150, targetFaults / 2))) * 1000;
/** The longest a kiosk's serving loop may fall behind while sync fights faults. */
const maxServingGapMs = 1_500;
const kioskIds = ['HALL1-K01', 'HALL1-K02'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-fault-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Every dice roll of the fault schedule comes from one seeded generator: the seed is printed, and
// SEED=<n> replays the same schedule (the kiosks' own back-off jitter still varies between runs).
const dice = seededRandom('sync chaos');
const random = dice.next;
const between = (low: number, high: number) => low + random() * (high - low);

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function startCentral(port: number, dbFile: string): Promise<ChildProcess> {
  const child = track(
    spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'central/main.ts',
        '--port',
        String(port),
        '--db',
        `sqlite:${dbFile}`,
        '--log-level',
        'silent',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`central did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('central listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', () => {
      clearTimeout(timer);
      // Port still held by the previous process for a moment: the caller retries.
      reject(new Error(`central exited: ${out}`));
    });
  });
  return child;
}

interface KioskLife {
  child: ChildProcess;
  maxGapMs: number;
  drained?: { issued: number; backlog: number; catalog: number; maxGapMs: number; lastError: string | null };
}

function startKiosk(kioskId: string, env: Record<string, string>): KioskLife {
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'test/integration/sync/kiosk-harness.ts'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...env, HARNESS_KIOSK_ID: kioskId, HARNESS_DIR: path.join(work, kioskId) },
    }),
  );
  const life: KioskLife = { child, maxGapMs: 0 };
  child.on('message', (message: { type: string; maxGapMs?: number } & KioskLife['drained']) => {
    if (message.type === 'stats' || message.type === 'drained')
      life.maxGapMs = Math.max(life.maxGapMs, message.maxGapMs ?? 0);
    if (message.type === 'drained') life.drained = message;
  });
  return life;
}

it(`survives ${targetFaults}+ random faults with every record applied exactly once and in order`, async () => {
  const centralDb = path.join(work, 'central.db');
  const keys = generateSigningKeys();
  const tokens = new Map<string, string>();
  {
    const store = await openCentralStore(`sqlite:${centralDb}`);
    for (const kioskId of kioskIds) {
      const token = crypto.randomBytes(24).toString('base64url');
      tokens.set(kioskId, token);
      await store.createEnrollment(kioskId, sha256(token), new Date(Date.now() + 3_600_000).toISOString());
    }
    await store.publishDocument(
      signDocument(keys.privateKeyPem, {
        kind: 'catalog',
        version: 1,
        issuedAt: new Date().toISOString(),
        content: { items: ['户籍'] },
      }),
    );
    await store.close();
  }

  const centralPort = await freePort();
  let central: ChildProcess | null = await startCentral(centralPort, centralDb);
  const proxy = new FaultProxy({ upstreamPort: centralPort, faultRate: 0.35, random });
  const proxyPort = await proxy.listen();
  const kioskEnv = (kioskId: string) => ({
    HARNESS_CENTRAL_URL: `http://127.0.0.1:${proxyPort}`,
    HARNESS_TOKEN: tokens.get(kioskId)!,
    HARNESS_CATALOG_KEY: keys.publicKeyBase64,
  });
  const kiosks = new Map(kioskIds.map((kioskId) => [kioskId, startKiosk(kioskId, kioskEnv(kioskId))]));
  const lives: KioskLife[] = [...kiosks.values()];
  const tally = {
    kioskKills: 0,
    kioskKillsMidRequest: 0,
    centralKills: 0,
    centralKillsMidRequest: 0,
    clockJumps: 0,
  };
  const faults = () => proxy.faults() + tally.kioskKills + tally.centralKills + tally.clockJumps;

  const restartCentral = async () => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        central = await startCentral(centralPort, centralDb);
        return;
      } catch (error) {
        if (attempt > 10) throw error;
        await sleep(200);
      }
    }
  };

  const started = performance.now();
  await sleep(1_500);
  while (faults() < targetFaults && performance.now() - started < chaosLimitMs) {
    await sleep(between(800, 1_800));
    const roll = random();
    if (roll < 0.3) {
      // Kill a kiosk, preferably while one of its batches is at the server.
      const kioskId = kioskIds[Math.floor(random() * kioskIds.length)]!;
      for (let wait = 0; wait < 400 && !(proxy.inFlight.get(kioskId) ?? 0); wait += 1) await sleep(2);
      if (proxy.inFlight.get(kioskId)) tally.kioskKillsMidRequest += 1;
      const life = kiosks.get(kioskId)!;
      life.child.kill('SIGKILL');
      tally.kioskKills += 1;
      await new Promise((resolve) =>
        life.child.exitCode !== null || life.child.signalCode
          ? resolve(null)
          : life.child.once('exit', resolve),
      );
      await sleep(between(50, 400));
      const next = startKiosk(kioskId, kioskEnv(kioskId));
      kiosks.set(kioskId, next);
      lives.push(next);
    } else if (roll < 0.5) {
      for (let wait = 0; wait < 400 && ![...proxy.inFlight.values()].some((n) => n > 0); wait += 1)
        await sleep(2);
      if ([...proxy.inFlight.values()].some((n) => n > 0)) tally.centralKillsMidRequest += 1;
      const dying = central!;
      dying.kill('SIGKILL');
      tally.centralKills += 1;
      await new Promise((resolve) =>
        dying.exitCode !== null || dying.signalCode ? resolve(null) : dying.once('exit', resolve),
      );
      await sleep(between(100, 1_000));
      await restartCentral();
    } else {
      const kioskId = kioskIds[Math.floor(random() * kioskIds.length)]!;
      const hours = between(1, 72) * (random() < 0.5 ? -1 : 1);
      kiosks.get(kioskId)!.child.send({ type: 'jump', ms: Math.round(hours * 3_600_000) });
      tally.clockJumps += 1;
    }
  }
  const chaosSeconds = Math.round((performance.now() - started) / 1000);

  // Calm: no more faults; each kiosk stops serving, drains its backlog and reports.
  proxy.faultRate = 0;
  await Promise.all(
    [...kiosks.values()].map(
      (life) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('a kiosk did not drain in time')), 60_000);
          life.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          life.child.send({ type: 'drain' });
        }),
    ),
  );
  central!.kill('SIGTERM');
  await new Promise((resolve) => central!.once('exit', resolve));
  await proxy.close();

  const summary = { chaosSeconds, proxy: proxy.counts, ...tally, totalFaults: faults() };
  console.log('sync fault test:', JSON.stringify(summary));
  expect(faults()).toBeGreaterThanOrEqual(targetFaults);

  // Read back through the store: personal fields are sealed at rest, and the store opens them with
  // the key the central process made beside (never inside) its data folder.
  const centralStore = await openCentralStore(`sqlite:${centralDb}`);
  const rawCentral = new Database(centralDb, { readonly: true });
  for (const kioskId of kioskIds) {
    const final = kiosks.get(kioskId)!.drained!;
    expect(final.backlog, `${kioskId}: ${final.lastError}`).toBe(0);
    expect(final.catalog).toBe(1);

    const kioskDb = new Database(path.join(work, kioskId, 'kiosk.db'), { readonly: true });
    const tickets = kioskDb
      .prepare('SELECT outbox_seq AS seq FROM harness_tickets ORDER BY id')
      .all() as Array<{ seq: number }>;
    const outbox = kioskDb
      .prepare('SELECT seq, idempotency_key AS key, acked_at FROM sync_outbox ORDER BY seq')
      .all() as Array<{ seq: number; key: string; acked_at: string | null }>;
    kioskDb.close();
    const held = (await centralStore.events({ kioskId })).map((event) => ({
      seq: event.seq,
      key: event.key,
      personal: event.personal,
    }));
    const plain = rawCentral
      .prepare('SELECT count(*) AS n FROM events WHERE kiosk_id = ? AND personal IS NOT NULL')
      .get(kioskId) as { n: number };
    expect(plain.n, 'no plain personal fields at rest').toBe(0);

    // Business records and outbox records exist together, whatever the kills.
    expect(tickets.map((ticket) => ticket.seq)).toEqual(outbox.map((row) => row.seq));
    expect(outbox.every((row) => row.acked_at !== null)).toBe(true);
    // Exactly once, in per-kiosk order: the arrival order is 1, 2, 3… with the kiosk's own keys.
    expect(held.length).toBe(outbox.length);
    expect(held.map((row) => row.seq)).toEqual(outbox.map((_, index) => index + 1));
    expect(held.map((row) => row.key)).toEqual(outbox.map((row) => row.key));
    expect(new Set(held.map((row) => row.key)).size).toBe(held.length);
    expect(
      held.every((row) => typeof row.personal?.name === 'string' && row.personal.name.startsWith('测试')),
    ).toBe(true);
    expect(held.length).toBeGreaterThan(200);
  }
  rawCentral.close();
  await centralStore.close();

  // Serving never stalled beyond the bound in any life of any kiosk.
  const worstGap = Math.max(...lives.map((life) => life.maxGapMs));
  console.log('sync fault test: worst serving gap', worstGap, 'ms over', lives.length, 'kiosk lives');
  expect(worstGap).toBeLessThan(maxServingGapMs);
  expect(tally.kioskKillsMidRequest).toBeGreaterThan(0);
  expect(tally.centralKillsMidRequest).toBeGreaterThan(0);
}, 240_000);
