// The reference central server and its two stores, run through the same suite: SQLite (embedded)
// and PostgreSQL (a throwaway cluster started here from the Debian packages).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type DocumentKind, type EventRecord } from '../../../protocol/contract.ts';
import { buildCentralServer, sha256 } from '../../../central/server.ts';
import { generateSigningKeys, signDocument } from '../../../protocol/signing.ts';
import { staticKeys } from '../../../central/sealing.ts';
import { openCentralStore } from '../../../central/store/open.ts';
import { PublishError, type CentralStore } from '../../../central/store/types.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from './pg-cluster.ts';

const pgBin = findPostgresBin();
if (!pgBin)
  console.warn(
    'SKIPPING the PostgreSQL half of the central tests: no PostgreSQL server binaries (apt-get install postgresql).',
  );

let cluster: PgCluster | undefined;
beforeAll(async () => {
  if (pgBin) cluster = await startPgCluster();
}, 30_000);
afterAll(() => cluster?.stop());

const record = (seq: number, extra: Partial<EventRecord> = {}): EventRecord => ({
  seq,
  key: crypto.randomUUID(),
  type: 'ticket',
  occurredAt: new Date(Date.UTC(2025, 0, 1, 9, 0, seq)).toISOString(),
  payload: { number: `A${String(seq).padStart(3, '0')}` },
  ...extra,
});

const dataKeys = staticKeys([crypto.randomBytes(32)]);

const stores: Array<[string, () => Promise<CentralStore>]> = [
  [
    'sqlite',
    async () =>
      openCentralStore(`sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'central-')), 'c.db')}`),
  ],
];
if (pgBin) stores.push(['postgres', async () => openCentralStore(cluster!.url, { keys: dataKeys })]);

describe.each(stores)('central server on %s', (_name, open) => {
  let store: CentralStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await open();
    // Many concurrent pushes of one kiosk below: the per-kiosk limit is not what is tested here.
    app = await buildCentralServer({ store, maxInFlightPerKiosk: 64 });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  async function enroll(kioskId: string, hours = 1): Promise<string> {
    const token = crypto.randomBytes(24).toString('base64url');
    await store.createEnrollment(
      kioskId,
      sha256(token),
      new Date(Date.now() + hours * 3_600_000).toISOString(),
    );
    return token;
  }

  async function register(kioskId: string): Promise<{ auth: string; nextSeq: number }> {
    const token = await enroll(kioskId);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId, enrollmentToken: token },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(contract().checkResponse('register', 200, body)).toBeNull();
    return { auth: `Bearer ${kioskId}.${body.credential}`, nextSeq: body.nextSeq };
  }

  const push = (auth: string, records: EventRecord[]) =>
    app.inject({ method: 'POST', url: '/v1/events', headers: { authorization: auth }, payload: { records } });

  it('registers with a one-time, expiring enrollment token and refuses wrong ones', async () => {
    const token = await enroll('K-REG');
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId: 'K-REG', enrollmentToken: 'x'.repeat(32) },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().message).toMatch(/token is wrong/);
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId: 'K-REG', enrollmentToken: token },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().nextSeq).toBe(1);
    // Single-use: anyone else presenting the token again is refused, and the first credential stays.
    const again = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId: 'K-REG', enrollmentToken: token },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().message).toMatch(/already used/);
    const time = (authorization: string) =>
      app.inject({ method: 'GET', url: '/v1/time', headers: { authorization } });
    expect((await time(`Bearer K-REG.${ok.json().credential}`)).statusCode).toBe(200);
    // A lost answer: the same installation repeats its own attempt and gets a credential, until
    // it first uses one; then the token is spent for good.
    const token2 = await enroll('K-LOST');
    const attempt = crypto.randomBytes(24).toString('base64url');
    const first = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId: 'K-LOST', enrollmentToken: token2, attempt },
    });
    expect(first.statusCode).toBe(200);
    const stranger = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: {
        kioskId: 'K-LOST',
        enrollmentToken: token2,
        attempt: crypto.randomBytes(24).toString('base64url'),
      },
    });
    expect(stranger.statusCode).toBe(403);
    const retry = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId: 'K-LOST', enrollmentToken: token2, attempt },
    });
    expect(retry.statusCode).toBe(200);
    expect((await time(`Bearer K-LOST.${first.json().credential}`)).statusCode).toBe(401);
    expect((await time(`Bearer K-LOST.${retry.json().credential}`)).statusCode).toBe(200);
    const spent = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId: 'K-LOST', enrollmentToken: token2, attempt },
    });
    expect(spent.statusCode).toBe(403);
    expect((await time(`Bearer K-LOST.${retry.json().credential}`)).statusCode).toBe(200);
    const expired = await enroll('K-EXP', -1);
    const late = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId: 'K-EXP', enrollmentToken: expired },
    });
    expect(late.json().message).toMatch(/expired/);
  });

  it('authenticates every request and forgets a revoked kiosk', async () => {
    const { auth } = await register('K-AUTH');
    // An instance that reuses credential lookups (the default), on a clock the test moves.
    let clock = Date.now();
    const instance = await buildCentralServer({ store, now: () => new Date(clock), authCacheMs: 5_000 });
    const time = () => instance.inject({ method: 'GET', url: '/v1/time', headers: { authorization: auth } });
    try {
      expect((await instance.inject({ method: 'GET', url: '/v1/time' })).statusCode).toBe(401);
      expect(
        (await instance.inject({ method: 'GET', url: '/v1/time', headers: { authorization: `${auth}x` } }))
          .statusCode,
      ).toBe(401);
      const answered = await time();
      expect(answered.statusCode).toBe(200);
      expect(Math.abs(Date.parse(answered.json().serverTime) - Date.now())).toBeLessThan(5000);
      // Revoked by the admin tool, i.e. in the store, behind this instance's back.
      await store.revokeKiosk('K-AUTH', new Date().toISOString());
      // A push is refused at once: the write re-reads the kiosk row under lock.
      const pushed = await instance.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { authorization: auth },
        payload: { records: [record(1)] },
      });
      expect(pushed.statusCode).toBe(401);
      // A read may be honoured while the lookup is reused (at most authCacheMs), never after.
      clock += 5_001;
      expect((await time()).statusCode).toBe(401);
      // An instance that has not looked this kiosk up yet refuses it at once.
      expect(
        (await app.inject({ method: 'GET', url: '/v1/time', headers: { authorization: auth } })).statusCode,
      ).toBe(401);
    } finally {
      await instance.close();
    }
  });

  it('applies each idempotency key once and answers repeats with the original receipt', async () => {
    const { auth } = await register('K-ONCE');
    const batch = [record(1, { personal: { name: '张三' } }), record(2), record(3)];
    const first = await push(auth, batch);
    expect(first.statusCode).toBe(200);
    expect(first.json().receipts.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    const repeat = await push(auth, batch);
    expect(repeat.json().receipts.map((r: { status: string }) => r.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const overlap = await push(auth, [batch[2]!, record(4)]);
    expect(overlap.json()).toMatchObject({
      lastSeq: 4,
      receipts: [{ status: 'duplicate' }, { status: 'applied', seq: 4 }],
    });
    const held = await store.events('K-ONCE');
    expect(held.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(held[0]!.personal).toEqual({ name: '张三' });
    expect(held[0]!.payload).toEqual(batch[0]!.payload);
    expect(held[0]!.occurredAt).toBe(batch[0]!.occurredAt);
  });

  it('refuses a gap without applying anything and says which record it expects', async () => {
    const { auth } = await register('K-GAP');
    await push(auth, [record(1)]);
    const gap = await push(auth, [record(3), record(4)]);
    expect(gap.statusCode).toBe(409);
    expect(gap.json()).toMatchObject({ error: 'sequence-gap', expectedSeq: 2 });
    expect((await store.events('K-GAP')).map((event) => event.seq)).toEqual([1]);
  });

  it('refuses a sequence number reused with another key (a replaced kiosk database)', async () => {
    const { auth } = await register('K-CONFLICT');
    await push(auth, [record(1), record(2)]);
    const reused = await push(auth, [record(2)]);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error).toBe('sequence-conflict');
  });

  it('refuses a key offered again under the next sequence number, and applies nothing of its batch', async () => {
    // The batch continues the sequence exactly, so it takes the one-statement path; the reused key
    // must still be caught (there by the receipts' primary key) and named, and the batch's other
    // record must not be held.
    const { auth } = await register('K-REKEY');
    const first = record(1);
    await push(auth, [first]);
    const again = await push(auth, [record(2, { key: first.key }), record(3)]);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'sequence-conflict' });
    expect(again.json().message).toContain(first.key);
    expect((await store.events('K-REKEY')).map((event) => event.seq)).toEqual([1]);
    expect((await push(auth, [record(2), record(3)])).json().lastSeq).toBe(3);
  });

  it('tells a re-registered kiosk where its sequence continues', async () => {
    const { auth } = await register('K-AGAIN');
    await push(auth, [record(1), record(2), record(3)]);
    const { nextSeq } = await register('K-AGAIN');
    expect(nextSeq).toBe(4);
  });

  it('rejects bodies that break the contract', async () => {
    const { auth } = await register('K-BAD');
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: auth },
      payload: { records: [{ ...record(1), type: 'lottery' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('bad-request');
    const empty = await push(auth, []);
    expect(empty.statusCode).toBe(400);
  });

  it('applies concurrent repeats of the same batches exactly once, in order', async () => {
    const { auth } = await register('K-RACE');
    const records = Array.from({ length: 60 }, (_, index) => record(index + 1));
    const batches = [
      records.slice(0, 20),
      records.slice(0, 40),
      records.slice(20, 40),
      records.slice(40),
      records,
    ];
    const answers = await Promise.all([...batches, ...batches].map((batch) => push(auth, batch)));
    for (const answer of answers) expect([200, 409]).toContain(answer.statusCode);
    // Whatever order they landed in, a final full resend completes the sequence.
    expect((await push(auth, records)).statusCode).toBe(200);
    const held = await store.events('K-RACE');
    expect(held.map((event) => event.seq)).toEqual(records.map((r) => r.seq));
    expect(held.map((event) => event.key)).toEqual(records.map((r) => r.key));
    const arrival = held.map((event) => event.arrival);
    expect([...arrival].sort((a, b) => a - b)).toEqual(arrival);
  });

  it('serves the newest signed document and refuses to publish an older version', async () => {
    const { auth } = await register('K-DOC');
    const keys = generateSigningKeys();
    const none = await app.inject({
      method: 'GET',
      url: '/v1/documents/catalog?after=0',
      headers: { authorization: auth },
    });
    expect(none.statusCode).toBe(204);
    const v2 = signDocument(keys.privateKeyPem, {
      kind: 'catalog',
      version: 2,
      issuedAt: new Date().toISOString(),
      content: { items: [] },
    });
    await store.publishDocument(v2);
    const v1 = signDocument(keys.privateKeyPem, {
      kind: 'catalog',
      version: 1,
      issuedAt: new Date().toISOString(),
      content: {},
    });
    await expect(store.publishDocument(v1)).rejects.toBeInstanceOf(PublishError);
    const got = await app.inject({
      method: 'GET',
      url: '/v1/documents/catalog?after=1',
      headers: { authorization: auth },
    });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(v2);
    const current = await app.inject({
      method: 'GET',
      url: '/v1/documents/catalog?after=2',
      headers: { authorization: auth },
    });
    expect(current.statusCode).toBe(204);
  });

  describe('halls', () => {
    const publisher = generateSigningKeys();
    const sign = (kind: DocumentKind, version: number, hall?: string, content: unknown = { v: version }) =>
      signDocument(publisher.privateKeyPem, {
        kind,
        version,
        issuedAt: new Date().toISOString(),
        ...(hall ? { hall } : {}),
        content,
      });
    const get = (auth: string, url: string) =>
      app.inject({ method: 'GET', url, headers: { authorization: auth } });

    async function registerInHall(kioskId: string, hall: string): Promise<string> {
      const token = crypto.randomBytes(24).toString('base64url');
      await store.createEnrollment(
        kioskId,
        sha256(token),
        new Date(Date.now() + 3_600_000).toISOString(),
        hall,
      );
      const response = await app.inject({
        method: 'POST',
        url: '/v1/register',
        payload: { kioskId, enrollmentToken: token },
      });
      expect(response.statusCode).toBe(200);
      return `Bearer ${kioskId}.${response.json().credential}`;
    }

    it("serves a kiosk only its own hall's documents and the city-wide ones", async () => {
      const h1 = await registerInHall('K-HALL1', 'hall-1');
      const h2 = await registerInHall('K-HALL2', 'hall-2');
      await store.publishDocument(sign('hall-config', 1, 'hall-1', { hallId: 'hall-1' }));
      await store.publishDocument(sign('hall-config', 2, 'hall-2', { hallId: 'hall-2' }));
      await store.publishDocument(sign('staff', 5, 'hall-2'));
      await store.publishDocument(sign('credit-restrictions', 1, undefined, { entries: [] }));

      const config1 = await get(h1, '/v1/documents/hall-config?after=0');
      expect(config1.statusCode).toBe(200);
      expect(config1.json()).toMatchObject({ hall: 'hall-1', version: 1 });
      const config2 = await get(h2, '/v1/documents/hall-config?after=0');
      expect(config2.json()).toMatchObject({ hall: 'hall-2', version: 2 });
      // Hall 2's staff list never reaches hall 1, whatever the version asked after.
      expect((await get(h1, '/v1/documents/staff?after=0')).statusCode).toBe(204);
      expect((await get(h2, '/v1/documents/staff?after=0')).json()).toMatchObject({ hall: 'hall-2' });
      // The hall cannot be chosen by the request.
      const sneaky = await get(h1, '/v1/documents/staff?after=0&hall=hall-2');
      expect(sneaky.statusCode).toBe(400);
      // City-wide reaches both.
      expect((await get(h1, '/v1/documents/credit-restrictions?after=0')).json().version).toBe(1);
      expect((await get(h2, '/v1/documents/credit-restrictions?after=0')).json().version).toBe(1);
      // Versions rise across scopes: a hall catalog tops the city one for its hall only, and a
      // later city-wide catalog must top every hall's.
      await store.publishDocument(sign('catalog', 3));
      await store.publishDocument(sign('catalog', 4, 'hall-1'));
      expect((await get(h1, '/v1/documents/catalog?after=0')).json()).toMatchObject({
        version: 4,
        hall: 'hall-1',
      });
      expect((await get(h2, '/v1/documents/catalog?after=0')).json().version).toBe(3);
      await expect(store.publishDocument(sign('catalog', 4))).rejects.toBeInstanceOf(PublishError);
      await expect(store.publishDocument(sign('catalog', 3, 'hall-2'))).rejects.toBeInstanceOf(PublishError);
      await store.publishDocument(sign('catalog', 5));
      expect((await get(h1, '/v1/documents/catalog?after=4')).json().version).toBe(5);
    });

    it("refuses records written in another kiosk's or another hall's name", async () => {
      const h1 = await registerInHall('K-HW1', 'hall-1');
      await registerInHall('K-HW2', 'hall-2');
      const asOther = await push(h1, [record(1, { payload: { kioskId: 'K-HW2', number: 'A001' } })]);
      expect(asOther.statusCode).toBe(403);
      const otherHall = await push(h1, [record(1, { payload: { hallId: 'hall-2', number: 'A001' } })]);
      expect(otherHall.statusCode).toBe(403);
      expect(await store.events('K-HW1')).toEqual([]);
      expect(await store.events('K-HW2')).toEqual([]);
      const own = await push(h1, [
        record(1, { payload: { kioskId: 'K-HW1', hallId: 'hall-1', number: 'A001' } }),
      ]);
      expect(own.statusCode).toBe(200);
      const held = await store.events({ hallId: 'hall-1' });
      expect(held.filter((event) => event.kioskId === 'K-HW1').map((event) => event.hallId)).toEqual([
        'hall-1',
      ]);
      expect((await store.events({ hallId: 'hall-2' })).filter((event) => event.kioskId === 'K-HW1')).toEqual(
        [],
      );
    });
  });
});
