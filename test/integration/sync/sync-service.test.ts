// The kiosk's SyncService against the real central server on loopback.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCentralServer, sha256, type CentralServerOptions } from '../../../central/server.ts';
import { generateSigningKeys, signDocument } from '../../../protocol/signing.ts';
import { openCentralStore } from '../../../central/store/open.ts';
import type { CentralStore } from '../../../central/store/types.ts';
import { openStore, type Db } from '../../../main/store/database.ts';
import { enqueueEvent } from '../../../main/sync/outbox.ts';
import { SyncService, type VerifiedDocument } from '../../../main/sync/sync-service.ts';
import { rawLogger } from '../../support/log.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Raw: what the sync service hands its logger, before any redaction by the port.
const logger = rawLogger();

async function world(server: Omit<CentralServerOptions, 'store'> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-service-'));
  const store: CentralStore = await openCentralStore(`sqlite:${path.join(dir, 'central.db')}`);
  const app: FastifyInstance = await buildCentralServer({ store, ...server });
  // When central answered each push, and how: the pacing tests read the kiosk's rhythm from it.
  const pushAnswers: Array<{ at: number; status: number }> = [];
  app.addHook('onResponse', async (request, reply) => {
    if (request.url === '/v1/events') pushAnswers.push({ at: performance.now(), status: reply.statusCode });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const token = crypto.randomBytes(24).toString('base64url');
  await store.createEnrollment('K01', sha256(token), new Date(Date.now() + 3_600_000).toISOString());
  const keys = generateSigningKeys();
  const db: Db = openStore(path.join(dir, 'kiosk', 'kiosk.db'));
  cleanups.push(async () => {
    await app.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  cleanups.push(() => {
    db.close();
  });
  const service = (overrides: Partial<ConstructorParameters<typeof SyncService>[0]> = {}) => {
    const created = new SyncService({
      db,
      kioskId: 'K01',
      centralUrl: url,
      keysDir: path.join(dir, 'kiosk', 'keys'),
      enrollmentToken: token,
      catalogPublicKey: keys.publicKeyBase64,
      logger,
      tuning: { idleIntervalMs: 50, wakeDelayMs: 10, documentIntervalMs: 0, maxBatchRecords: 7 },
      ...overrides,
    });
    cleanups.push(() => created.stop());
    return created;
  };
  return { dir, store, app, url, keys, db, service, pushAnswers };
}

describe('SyncService', () => {
  it('registers, pushes in capped batches, marks receipts and resumes after a restart', async () => {
    const { db, store, service } = await world();
    db.exec('CREATE TABLE tickets (id INTEGER PRIMARY KEY, number TEXT)');
    const issue = db.transaction((number: string) => {
      db.prepare('INSERT INTO tickets (number) VALUES (?)').run(number);
      enqueueEvent(db, { type: 'ticket', payload: { number }, personal: { name: '李四' } });
    });
    const first = service();
    for (let index = 1; index <= 20; index += 1) issue(`A${index}`);
    const result = await first.syncNow();
    expect(result).toMatchObject({ ok: true, pushed: 20, backlog: 0, error: null });
    expect(first.health()).toMatchObject({ level: 'ok', key: 'health.sync.ok', backlog: 0 });
    expect(first.health().lastSuccessAt).not.toBeNull();
    expect(Math.abs(first.health().clockOffsetMs!)).toBeLessThan(1_000);
    await first.stop();

    for (let index = 21; index <= 30; index += 1) issue(`A${index}`);
    const second = service();
    expect(second.health().backlog).toBe(10);
    second.start();
    await expect.poll(() => second.health().backlog, { timeout: 5_000 }).toBe(0);
    const held = await store.events('K01');
    expect(held.map((event) => event.seq)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    expect(held.map((event) => event.payload.number)).toEqual(
      Array.from({ length: 30 }, (_, index) => `A${index + 1}`),
    );
    expect(held[29]!.personal).toEqual({ name: '李四' });
    expect(JSON.stringify(logger.lines)).not.toContain('李四');
  });

  it('waits for its moment within the start spread before it first reaches central, unless a record is enqueued', async () => {
    const { db, store, service } = await world();
    // random 0.75 of a 2 s spread: the first cycle is due 1.5 s after start.
    const spread = service({ tuning: { startSpreadMs: 2_000, idleIntervalMs: 50 }, random: () => 0.75 });
    const started = performance.now();
    spread.start();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await store.listKiosks()).find((kiosk) => kiosk.kioskId === 'K01')?.enrollmentPending).toBe(true);
    expect(spread.health()).toMatchObject({ level: 'connecting', lastSuccessAt: null });
    await expect.poll(() => spread.health().lastSuccessAt, { timeout: 5_000 }).not.toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_500);
    await spread.stop();

    // A citizen's record is not held back by the spread: the enqueue wakes the sender.
    const eager = service({ tuning: { startSpreadMs: 60_000, idleIntervalMs: 50, wakeDelayMs: 10 } });
    eager.start();
    enqueueEvent(db, { type: 'ticket', payload: { number: 'A001' } });
    await expect.poll(async () => (await store.events('K01')).length, { timeout: 5_000 }).toBe(1);
  });

  it('applies only verified documents; a tampered or foreign-signed catalog leaves the previous one in force', async () => {
    const { store, keys, service } = await world();
    const delivered: VerifiedDocument[] = [];
    const sync = service();
    sync.onCatalog((catalog) => delivered.push(catalog));
    const sign = (version: number, privateKeyPem = keys.privateKeyPem) =>
      signDocument(privateKeyPem, {
        kind: 'catalog',
        version,
        issuedAt: new Date().toISOString(),
        content: { items: [`v${version}`] },
      });

    await store.publishDocument(sign(1));
    await sync.syncNow();
    expect(delivered.map((catalog) => catalog.version)).toEqual([1]);
    expect(sync.currentDocument('catalog')?.content).toEqual({ items: ['v1'] });

    const genuine = sign(2);
    await store.publishDocument({ ...genuine, document: genuine.document.replace('v2', 'v9') });
    await sync.syncNow();
    expect(delivered).toHaveLength(1);
    expect(sync.currentDocument('catalog')?.version).toBe(1);
    expect(sync.health()).toMatchObject({ level: 'warning', key: 'health.sync.documentRefused' });
    expect(sync.health().lastError).toMatch(/refused.*Version 1 stays in force/);

    await store.publishDocument(sign(3, generateSigningKeys().privateKeyPem));
    await sync.syncNow();
    expect(sync.currentDocument('catalog')?.version).toBe(1);
    expect(sync.health().lastError).toMatch(/signed with key/);

    await store.publishDocument(sign(4));
    await sync.syncNow();
    expect(delivered.map((catalog) => catalog.version)).toEqual([1, 4]);
    expect(sync.health().level).toBe('ok');
  });

  it('says in plain words when the central system is down, opens its circuit, and recovers', async () => {
    const { app, url, store, db, service } = await world();
    const sync = service({
      tuning: {
        idleIntervalMs: 50,
        backoffBaseMs: 10,
        backoffCapMs: 50,
        circuitFailureThreshold: 3,
        circuitOpenMs: 200,
        circuitMaxOpenMs: 400,
      },
    });
    await sync.syncNow();
    await app.close();
    enqueueEvent(db, { type: 'audit', payload: { action: 'login' } });
    sync.start();
    await expect.poll(() => sync.health().circuit, { timeout: 5_000 }).toBe('open');
    expect(sync.health()).toMatchObject({ level: 'warning', key: 'health.sync.offline', backlog: 1 });
    expect(sync.health().lastError).toMatch(/connection was refused/);
    // The same store behind a new server on the same address: the half-open probe finds it.
    const again = await buildCentralServer({ store });
    await again.listen({ host: '127.0.0.1', port: Number(new URL(url).port) });
    cleanups.push(() => again.close());
    await expect.poll(() => sync.health().level, { timeout: 5_000 }).toBe('ok');
    expect(sync.health().backlog).toBe(0);
  });

  it("answered 429 'retry after 1 s', comes back after 1 s plus its jitter, not on the second", async () => {
    // A central with no place for any push: every push is answered 429 with Retry-After: 1. With the
    // jitter drawn at half its range, the kiosk must not return before 1.5 s. (It waited the larger
    // of Retry-After and its back-off, so every kiosk told 'busy' returned together at 1.0 s.)
    const { db, service, pushAnswers } = await world({ maxInFlight: 0 });
    const sync = service({ tuning: { idleIntervalMs: 50, backoffBaseMs: 1_000 }, random: () => 0.5 });
    enqueueEvent(db, { type: 'audit', payload: { action: 'login' } });
    sync.start();
    await expect.poll(() => pushAnswers.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await sync.stop();
    expect(pushAnswers.every((answer) => answer.status === 429)).toBe(true);
    expect(sync.health()).toMatchObject({ level: 'warning', key: 'health.sync.offline', backlog: 1 });
    // A lower bound only (a loaded machine may add to a wait, never take from it).
    for (let n = 1; n < pushAnswers.length; n += 1)
      expect(pushAnswers[n]!.at - pushAnswers[n - 1]!.at).toBeGreaterThanOrEqual(1_500 - 5);
  });

  it('refuses plain HTTP to a remote address and reports a missing configuration', async () => {
    const { service } = await world();
    expect(service({ centralUrl: 'http://central.example.org' }).health()).toMatchObject({
      level: 'fault',
      key: 'health.sync.misconfigured',
    });
    expect(service({ centralUrl: null }).health()).toMatchObject({
      level: 'disabled',
      key: 'health.sync.notConfigured',
    });
  });
});
