// Single-use enrollment end to end: the kiosk's real SyncService against the real central server on
// loopback. The answer to the first registration is lost on the way back (the server applied it);
// the kiosk — even after a restart — asks again with the same token and gets in, while another
// installation holding the same token is refused and the kiosk's credential keeps working.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildCentralServer, sha256 } from '../../../central/server.ts';
import { openCentralStore } from '../../../central/store/open.ts';
import { openStore } from '../../../main/store/database.ts';
import { enqueueEvent } from '../../../main/sync/outbox.ts';
import { SyncService } from '../../../main/sync/sync-service.ts';
import { silentLogger } from '../../../common/log.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'central-enroll-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const logger = silentLogger;

it('survives a lost registration answer and refuses the spent token to anyone else', async () => {
  const store = await openCentralStore(`sqlite:${path.join(dir, 'central', 'central.db')}`);
  const app = await buildCentralServer({ store });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const token = crypto.randomBytes(24).toString('base64url');
  await store.createEnrollment(
    'K-LOSE',
    sha256(token),
    new Date(Date.now() + 3_600_000).toISOString(),
    'hall-1',
  );
  const db = openStore(path.join(dir, 'kiosk', 'kiosk.db'));
  let dropped = 0;
  // The request reaches central and is applied; its answer never reaches the kiosk.
  const losingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).endsWith('/v1/register') && dropped === 0) {
      dropped += 1;
      await response.arrayBuffer();
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    }
    return response;
  };
  const make = (keysDir: string, kioskDb = db, fetchImpl: typeof fetch = fetch) =>
    new SyncService({
      db: kioskDb,
      kioskId: 'K-LOSE',
      centralUrl: url,
      keysDir,
      enrollmentToken: token,
      catalogPublicKey: null,
      logger,
      fetch: fetchImpl,
      tuning: { idleIntervalMs: 50, wakeDelayMs: 10, documentIntervalMs: 0 },
    });
  try {
    const first = make(path.join(dir, 'kiosk', 'keys'), db, losingFetch);
    enqueueEvent(db, { type: 'ticket', payload: { kioskId: 'K-LOSE', number: 'A001' } });
    expect((await first.syncNow()).ok).toBe(false);
    expect(dropped).toBe(1);
    first.stop();
    // A restart: a new service over the same data folder repeats its own attempt and gets in.
    const again = make(path.join(dir, 'kiosk', 'keys'));
    expect(await again.syncNow()).toMatchObject({ ok: true, pushed: 1 });
    again.stop();
    // Another installation with the same token (a copied configuration) is refused…
    const otherDb = openStore(path.join(dir, 'other', 'kiosk.db'));
    const other = make(path.join(dir, 'other', 'keys'), otherDb);
    const refused = await other.syncNow();
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/already used/);
    other.stop();
    otherDb.close();
    // …and the kiosk's own credential still works.
    const later = make(path.join(dir, 'kiosk', 'keys'));
    enqueueEvent(db, { type: 'ticket', payload: { kioskId: 'K-LOSE', number: 'A002' } });
    expect(await later.syncNow()).toMatchObject({ ok: true, pushed: 1 });
    later.stop();
    expect((await store.events('K-LOSE')).map((event) => event.payload.number)).toEqual(['A001', 'A002']);
  } finally {
    db.close();
    await app.close();
    await store.close();
  }
});
