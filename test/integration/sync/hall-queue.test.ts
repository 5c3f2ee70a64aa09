// The kiosk's side of the hall-wide queue (issue 16, item 4) against the real central server on
// loopback: the sync loop pulls GET /v1/hall/queue after pushing tickets and keeps the snapshot
// with the instant from which local tickets were not yet at central; a central that gives no hall
// queue (a kiosk enrolled in no hall) never stalls the push.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openFleetStore } from '../../../central/fleet/fleet-store.ts';
import { buildCentralServer, sha256 } from '../../../central/server.ts';
import { openCentralStore } from '../../../central/store/open.ts';
import { openStore } from '../../../main/store/database.ts';
import { enqueueEvent } from '../../../main/sync/outbox.ts';
import { SyncService } from '../../../main/sync/sync-service.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const warnings: string[] = [];
const logger = {
  info: () => undefined,
  warn: (event: string, fields?: Record<string, unknown>) =>
    warnings.push(JSON.stringify({ event, ...fields })),
  error: () => undefined,
};

async function world(hallId: string | null) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-queue-'));
  const location = `sqlite:${path.join(dir, 'central.db')}`;
  const store = await openCentralStore(location);
  const fleet = await openFleetStore(location);
  const app: FastifyInstance = await buildCentralServer({ store, fleet: { store: fleet } });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const token = crypto.randomBytes(24).toString('base64url');
  await store.createEnrollment('K07', sha256(token), new Date(Date.now() + 3_600_000).toISOString(), hallId);
  const db = openStore(path.join(dir, 'kiosk', 'kiosk.db'));
  const sync = new SyncService({
    db,
    kioskId: 'K07',
    centralUrl: url,
    keysDir: path.join(dir, 'kiosk', 'keys'),
    enrollmentToken: token,
    catalogPublicKey: null,
    logger,
  });
  cleanups.push(async () => {
    await sync.stop();
    db.close();
    await app.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // A ticket record as the queue writes it (main/queue/queue-service.ts insert()).
  const ticket = (number: string, at: Date) =>
    enqueueEvent(db, {
      type: 'ticket',
      occurredAt: at,
      payload: {
        action: 'issued',
        ticketKey: crypto.randomUUID(),
        kind: 'ticket',
        number,
        businessDay: hallDay(at),
        line: number.slice(0, 1),
        lane: 'ordinary',
        lanePriority: 0,
        kioskId: 'K07',
        kioskIndex: 7,
        source: 'staff',
        issuedAt: at.toISOString(),
      },
    });
  return { sync, ticket };
}

/** The calendar day at UTC+8, as central's hallDate() counts it. */
const hallDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('the hall queue on the kiosk', () => {
  it('is pulled after tickets are pushed; the snapshot says from when local tickets were not in it', async () => {
    const { sync, ticket } = await world('hall-7');
    expect(sync.hallQueue()).toBeNull();
    const before = new Date();
    ticket('A7-001', before);
    ticket('A7-002', before);
    ticket('C7-001', before);
    const result = await sync.syncNow();
    expect(result).toMatchObject({ ok: true, backlog: 0 });
    const snapshot = sync.hallQueue()!;
    expect(snapshot.waiting).toEqual({ A: 2, C: 1 });
    expect(snapshot.businessDay).toBe(hallDay(new Date()));
    // Everything was pushed before the pull: only tickets issued from the request on are missing.
    expect(Date.parse(snapshot.localPendingFrom)).toBeGreaterThanOrEqual(before.getTime());
    expect(Math.abs(snapshot.receivedAtMs - Date.now())).toBeLessThan(5_000);
  });

  it('the oldest unsent ticket’s issue time is where the kiosk’s own rows take over', async () => {
    const { sync, ticket } = await world('hall-7');
    // What the pull takes as localPendingFrom while a ticket is still unsent: its issue time.
    const at = new Date(Date.now() - 30_000);
    ticket('B7-001', at);
    expect(sync.outbox.oldestPendingTicketAt()).toBe(at.toISOString());
    await sync.syncNow();
    expect(sync.outbox.oldestPendingTicketAt()).toBeNull();
    expect(sync.hallQueue()!.waiting).toEqual({ B: 1 });
  });

  it('a central with no hall queue for this kiosk does not stall the push or the health', async () => {
    warnings.length = 0;
    const { sync, ticket } = await world(null);
    ticket('A7-001', new Date());
    const result = await sync.syncNow();
    expect(result).toMatchObject({ ok: true, pushed: 1, backlog: 0 });
    expect(sync.hallQueue()).toBeNull();
    expect(sync.health().level).toBe('ok');
    expect(warnings.join('\n')).toContain('enrolled in a hall');
    // Said once, not on every cycle.
    await sync.syncNow();
    expect(warnings.filter((line) => line.includes('hall queue not received'))).toHaveLength(1);
  });
});
