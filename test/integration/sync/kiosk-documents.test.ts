// The document lifecycle end to end (#16 item 1): documents signed and published with the central
// admin tool (central/admin.ts), pulled by a real kiosk from the real central server, applied at
// once, and still applied after a restart on the same data folder — where the kiosk used to fall
// back to its bundled catalog and then refuse the same version. A staff member removed centrally
// can no longer sign in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../../central/admin.ts';
import { buildCentralServer } from '../../../central/server.ts';
import { openCentralStore } from '../../../central/store/open.ts';
import type { DocumentStatusView } from '../../../common/maintenance.ts';
import { createKiosk, type Kiosk } from '../../../main/kiosk.ts';
import { catalogBundle, loadCatalog } from '../../../main/prereview/index.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; key?: string } };
const call = (kiosk: Kiosk, channel: string, args: unknown = {}) =>
  kiosk.dispatch(channel, args) as Promise<Reply>;
async function must<T>(kiosk: Kiosk, channel: string, args: unknown = {}): Promise<T> {
  const reply = await call(kiosk, channel, args);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.key ?? reply.error.code}`);
  return reply.value as T;
}

async function admin(...argv: string[]): Promise<Record<string, unknown>> {
  const lines: string[] = [];
  await runAdmin(argv, (line) => lines.push(line));
  return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
}

describe('signed documents: verified, stored, applied, and applied again at start', () => {
  it('publish → the kiosk applies catalog and staff list → restart → still applied', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-documents-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const db = `sqlite:${path.join(dir, 'central.db')}`;
    const store = await openCentralStore(db);
    const app: FastifyInstance = await buildCentralServer({ store });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    cleanups.push(async () => {
      await app.close();
      await store.close();
    });
    const keys = await admin('gen-keys', '--out', path.join(dir, 'keys'));
    const { enrollmentToken } = await admin(
      'register-kiosk',
      '--db',
      db,
      '--id',
      'kiosk-02',
      '--hall',
      'demo-hall',
    );
    const publish = async (kind: string, version: number, content: unknown) => {
      const input = path.join(dir, `${kind}-${version}.json`);
      const signed = path.join(dir, `${kind}-${version}.signed.json`);
      fs.writeFileSync(input, JSON.stringify(content));
      await admin(
        'sign',
        '--key',
        String(keys.privateKey),
        '--kind',
        kind,
        '--version',
        String(version),
        '--in',
        input,
        '--out',
        signed,
        // Hall configuration and staff lists are for one hall (the kiosk's); the catalog is city-wide.
        ...(kind === 'catalog' ? [] : ['--hall', 'demo-hall']),
      );
      await admin('publish', '--db', db, '--in', signed);
    };

    const env = {
      KIOSK_HARDWARE: 'emulated',
      KIOSK_ID: 'kiosk-02',
      KIOSK_CENTRAL_URL: url,
      KIOSK_ENROLLMENT_TOKEN: String(enrollmentToken),
      KIOSK_CATALOG_PUBLIC_KEY: String(keys.publicKeyBase64),
    };
    const start = async (): Promise<Kiosk> => {
      const kiosk = await createKiosk({
        host: 'web',
        version: '0.0.0-test',
        resourcesDir: path.resolve('resources'),
        dataRoot: path.join(dir, 'kiosk'),
        env,
      });
      cleanups.push(() => kiosk.shutdown());
      return kiosk;
    };
    const documents = async (kiosk: Kiosk) => {
      const { token } = await must<{ token: string }>(kiosk, 'maint:login', {
        accountId: '8001',
        pin: '246810',
      });
      const list = await must<DocumentStatusView[]>(kiosk, 'maint:listDocuments', { token });
      await call(kiosk, 'maint:logout', { token });
      return Object.fromEntries(list.map((entry) => [entry.kind, entry]));
    };

    const first = await start();
    const bundled = first.catalog.current().version;
    expect((await documents(first)).catalog).toMatchObject({
      source: 'factory',
      version: bundled,
      appliedAt: null,
    });
    // Before: 1002 is one of the emulated kiosk's dev accounts.
    const before = await must<{ token: string }>(first, 'staff:login', { staffId: '1002', pin: '135790' });

    // The central system publishes a catalog, a staff list without 1002, and the hall configuration.
    const loaded = loadCatalog(path.resolve('resources', 'catalog'));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const catalog = catalogBundle(loaded.catalog);
    await publish('catalog', 1, { ...catalog, version: '2099.01' });
    const staffFile = JSON.parse(
      fs.readFileSync(path.resolve('resources', 'hall', 'staff.json'), 'utf8'),
    ) as {
      schemaVersion: 1;
      accounts: Array<{ staffId: string }>;
    };
    await publish('staff', 1, {
      ...staffFile,
      accounts: staffFile.accounts.filter((a) => a.staffId !== '1002'),
    });
    // Retries: the central's connection limits may cut a connection; sync resumes where it was.
    let result = await first.sync.syncNow();
    for (let i = 0; i < 3 && (result.error || !first.sync.health().documents.staff); i++)
      result = await first.sync.syncNow();
    expect(result.error, JSON.stringify(first.sync.health())).toBeNull();
    const applied = await documents(first);
    expect(applied.catalog).toMatchObject({ source: 'central', version: '1', problem: null });
    expect(applied.staff).toMatchObject({ source: 'central', version: '1' });
    expect(applied.catalog!.appliedAt).not.toBeNull();
    expect(first.catalog.current().version).toBe('2099.01');
    const check = async (kiosk: Kiosk) => {
      // 1002 was removed centrally: no sign-in, and the session it had is over.
      expect(await call(kiosk, 'staff:login', { staffId: '1002', pin: '135790' })).toMatchObject({
        ok: false,
        error: { key: 'staff.error.badPin' },
      });
      // 1001 stays.
      const { token } = await must<{ token: string }>(kiosk, 'staff:login', {
        staffId: '1001',
        pin: '246810',
      });
      await call(kiosk, 'staff:logout', { token });
    };
    expect(await call(first, 'staff:getCounts', { token: before.token })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await check(first);

    // Restart on the same data folder: everything is applied again before anything is served.
    await first.shutdown();
    cleanups.splice(cleanups.length - 1, 1);
    const second = await start();
    expect(second.catalog.current().version).toBe('2099.01');
    const again = await documents(second);
    expect(again.catalog).toMatchObject({
      source: 'central',
      version: '1',
      appliedAt: applied.catalog!.appliedAt,
    });
    await check(second);
    // The same version offered again is not "newer": nothing is refused, nothing rolls back.
    expect((await second.sync.syncNow()).error).toBeNull();
    expect(second.sync.health().key).not.toBe('health.sync.documentRefused');
  }, 90_000);

  it('a kiosk on real hardware without a staff list from the central system refuses desk sign-in, saying why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-real-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const kiosk = await createKiosk({
      host: 'web',
      version: '0.0.0-test',
      resourcesDir: path.resolve('resources'),
      dataRoot: dir,
      env: {
        KIOSK_HARDWARE: 'real',
        KIOSK_ID: 'kiosk-01',
        KIOSK_IDCARD_PORT: path.join(dir, 'no-such-reader'),
        KIOSK_PRINTER_PORT: path.join(dir, 'no-such-printer'),
      },
    });
    cleanups.push(() => kiosk.shutdown());
    expect(await call(kiosk, 'staff:login', { staffId: '9001', pin: '112233' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', key: 'staff.error.noStaffList' },
    });
  }, 30_000);
});
