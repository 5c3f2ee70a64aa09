// System health tells the truth about sync: through the real dispatch (system:getHealth) of a real
// kiosk talking to a real central server on loopback. It used to say "not configured" always.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCentralServer, sha256 } from '../../../central/server.ts';
import { generateSigningKeys } from '../../../protocol/signing.ts';
import { openCentralStore } from '../../../central/store/open.ts';
import type { HealthSnapshot } from '../../../common/health.ts';
import { createKiosk, type Kiosk } from '../../../main/kiosk.ts';
import { enqueueEvent } from '../../../main/sync/outbox.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function health(kiosk: Kiosk): Promise<HealthSnapshot> {
  const reply = await kiosk.dispatch('system:getHealth', {});
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as HealthSnapshot;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('sync health in system health', () => {
  it('reports sync working, then offline with its backlog and last success, never "not configured"', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-sync-health-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = await openCentralStore(`sqlite:${path.join(dir, 'central.db')}`);
    let app: FastifyInstance | null = await buildCentralServer({ store });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    cleanups.push(async () => {
      await app?.close();
      await store.close();
    });
    const token = crypto.randomBytes(24).toString('base64url');
    await store.createEnrollment('K-HEALTH', sha256(token), new Date(Date.now() + 3_600_000).toISOString());
    const keys = generateSigningKeys();

    const kiosk = await createKiosk({
      host: 'web',
      version: '0.0.0-test',
      resourcesDir: path.resolve('resources'),
      dataRoot: path.join(dir, 'kiosk'),
      env: {
        KIOSK_HARDWARE: 'emulated',
        KIOSK_ID: 'K-HEALTH',
        KIOSK_CENTRAL_URL: url,
        KIOSK_ENROLLMENT_TOKEN: token,
        KIOSK_CATALOG_PUBLIC_KEY: keys.publicKeyBase64,
      },
      healthIntervalMs: 100,
    });
    cleanups.push(() => kiosk.shutdown());

    const working = await until('sync ok', async () => {
      const snapshot = await health(kiosk);
      return snapshot.sync.level === 'ok' ? snapshot : undefined;
    });
    expect(working.sync).toMatchObject({ key: 'health.sync.ok', lastError: null });
    expect(working.sync.lastSuccessAt).not.toBeNull();

    // The central system goes away while the kiosk keeps writing records.
    await app.close();
    app = null;
    for (let i = 0; i < 5; i++) enqueueEvent(kiosk.db, { type: 'audit', payload: { action: 'test', n: i } });
    await kiosk.sync.syncNow();
    const offline = await until('sync offline', async () => {
      const snapshot = await health(kiosk);
      return snapshot.sync.level === 'warning' && snapshot.sync.backlog >= 5 ? snapshot : undefined;
    });
    expect(offline.sync.key).toBe('health.sync.offline');
    expect(offline.sync.lastSuccessAt).toBe(working.sync.lastSuccessAt);
    expect(offline.sync.lastError).toBeTruthy();
    expect(offline.overall).not.toBe('ok');

    // The device-health record for the central system carries the same truth.
    const record = kiosk.maintenance.reporter.record(offline);
    expect(record.sync).toMatchObject({
      level: 'warning',
      key: 'health.sync.offline',
      backlog: offline.sync.backlog,
      lastSuccessAt: working.sync.lastSuccessAt,
    });
  }, 40_000);
});
