// The document lifecycle end to end (#16 item 1): documents signed and published with the central
// admin tool (central/admin.ts), pulled by a real kiosk from the real central server, applied at
// once, and still applied after a restart on the same data folder — where the kiosk used to fall
// back to its bundled catalog and then refuse the same version. A staff member removed centrally
// can no longer sign in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKiosk, type Kiosk } from '../../../main/kiosk.ts';
import { catalogBundle, loadCatalog } from '../../../main/prereview/index.ts';
import { call, documentsOf as documents, must, startCentralWorld, syncUntil } from './central-world.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('signed documents: verified, stored, applied, and applied again at start', () => {
  it('publish → the kiosk applies catalog and staff list → restart → still applied', async () => {
    const world = await startCentralWorld('kiosk-documents-');
    cleanups.push(() => world.close());
    const enrollmentToken = await world.enroll('kiosk-02', 'demo-hall');
    // Hall configuration and staff lists are for one hall (the kiosk's); the catalog is city-wide.
    const publish = (kind: string, version: number, content: unknown) =>
      world.publish(kind, version, content, kind === 'catalog' ? undefined : 'demo-hall');
    const start = () => world.startKiosk('kiosk-02', enrollmentToken);

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
    const error = await syncUntil(first, () => first.sync.health().documents.staff !== undefined);
    expect(error, JSON.stringify(first.sync.health())).toBeNull();
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
    await world.stopKiosk(first);
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
