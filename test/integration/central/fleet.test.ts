// The fleet views through real HTTP on a real central (SQLite and a throwaway PostgreSQL): kiosks
// of two halls push what they issued, a hall's calling system reports calls, and each kiosk, caller
// and console sees its own hall only. Follow-ups and the credit sweep run over the same records.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../../central/admin.ts';
import { openFleetStore, type FleetStore } from '../../../central/fleet/fleet-store.ts';
import { contract, creditSubject, type EventRecord } from '../../../protocol/contract.ts';
import { staticKeys } from '../../../central/sealing.ts';
import { buildCentralServer, sha256 } from '../../../central/server.ts';
import { generateSigningKeys, verifyDocument, parsePublicKey } from '../../../protocol/signing.ts';
import { openCentralStore } from '../../../central/store/open.ts';
import type { CentralStore } from '../../../central/store/types.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from '../sync/pg-cluster.ts';

const pgBin = findPostgresBin();
let cluster: PgCluster | undefined;
beforeAll(async () => {
  if (pgBin) cluster = await startPgCluster();
}, 30_000);
afterAll(() => cluster?.stop());

const dataKeys = staticKeys([crypto.randomBytes(32)]);
// 10:00 in the hall (UTC+8) on a fixed day, so business days and due dates are known.
const now = new Date('2026-03-10T02:00:00.000Z');
const day = '2026-03-10';

const engines: Array<[string, () => { location: string; keyFile?: string }]> = [
  [
    'sqlite',
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-'));
      return { location: `sqlite:${path.join(dir, 'db', 'central.db')}` };
    },
  ],
];
if (pgBin) engines.push(['postgres', () => ({ location: cluster!.url })]);

describe.each(engines)('fleet views on %s', (engine, where) => {
  let location: string;
  let store: CentralStore;
  let fleet: FleetStore;
  let app: FastifyInstance;
  const auth = new Map<string, string>();
  const seqs = new Map<string, number>();

  beforeAll(async () => {
    ({ location } = where());
    if (!location.startsWith('postgres'))
      fs.mkdirSync(path.dirname(location.slice('sqlite:'.length)), { recursive: true });
    store = await openCentralStore(location, { keys: dataKeys });
    fleet = await openFleetStore(location);
    app = await buildCentralServer({
      store,
      fleet: { store: fleet },
      now: () => now,
      maxInFlightPerKiosk: 16,
    });
    for (const [kioskId, hall] of [
      ['K-H1-A', 'H1'],
      ['K-H1-B', 'H1'],
      ['K-H2-A', 'H2'],
    ] as const) {
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
      auth.set(kioskId, `Bearer ${kioskId}.${response.json().credential}`);
      seqs.set(kioskId, response.json().nextSeq);
    }
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await fleet.close();
    await store.close();
  });

  async function push(kioskId: string, records: Array<Omit<EventRecord, 'seq' | 'key'>>) {
    const numbered = records.map((record) => {
      const seq = seqs.get(kioskId)!;
      seqs.set(kioskId, seq + 1);
      return { ...record, seq, key: crypto.randomUUID() };
    });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: auth.get(kioskId)! },
      payload: { records: numbered },
    });
    expect(response.statusCode, response.body).toBe(200);
  }
  const ticket = (kioskId: string, number: string, minute: number, extra: Record<string, unknown> = {}) => ({
    type: 'ticket' as const,
    occurredAt: new Date(Date.UTC(2026, 2, 10, 1, minute)).toISOString(),
    payload: {
      action: 'issued',
      ticketKey: crypto.randomUUID(),
      kind: 'ticket',
      number,
      businessDay: day,
      line: number.slice(0, 1),
      lane: 'normal',
      lanePriority: 0,
      kioskId,
      issuedAt: new Date(Date.UTC(2026, 2, 10, 1, minute)).toISOString(),
      ...extra,
    },
  });
  async function credential(args: string[]): Promise<string> {
    const lines: string[] = [];
    await runAdmin([...args, '--db', location], (line) => lines.push(line), { keys: dataKeys });
    return JSON.parse(lines[0]!).token as string;
  }
  const queueOf = async (kioskId: string) => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/hall/queue',
      headers: { authorization: auth.get(kioskId)! },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(contract().checkResponse('getHallQueue', 200, response.json())).toBeNull();
    return response.json() as { lines: Array<{ line: string; waiting: number; lastCalled: string | null }> };
  };

  it('counts people waiting across every kiosk of the hall, less what the calling system called', async () => {
    await push('K-H1-A', [ticket('K-H1-A', 'A1-001', 0), ticket('K-H1-A', 'A1-002', 2)]);
    await push('K-H1-B', [ticket('K-H1-B', 'A2-001', 1), ticket('K-H1-B', 'B2-001', 3)]);
    await push('K-H2-A', [ticket('K-H2-A', 'A1-001', 0)]);
    // A voided ticket and tomorrow's voucher do not wait today.
    await push('K-H1-B', [
      ticket('K-H1-B', 'A2-002', 4),
      {
        ...ticket('K-H1-B', 'A2-002', 5),
        payload: { ...ticket('K-H1-B', 'A2-002', 5).payload, action: 'voided' },
      },
      {
        ...ticket('K-H1-B', 'N0311-A2-001', 6),
        payload: {
          ...ticket('K-H1-B', 'N0311-A2-001', 6).payload,
          action: 'voucher-issued',
          kind: 'voucher',
        },
      },
    ]);
    expect((await queueOf('K-H1-A')).lines).toEqual([
      { line: 'A', waiting: 3, lastCalled: null, waitingByPriority: [{ priority: 0, waiting: 3 }] },
      { line: 'B', waiting: 1, lastCalled: null, waitingByPriority: [{ priority: 0, waiting: 1 }] },
    ]);

    const caller = await credential(['add-caller', '--hall', 'H1', '--name', 'H1 calling system']);
    const call = (body: Record<string, unknown>, token = caller) =>
      app.inject({
        method: 'POST',
        url: '/v1/calls',
        headers: { authorization: `Bearer fleet.${token}` },
        payload: body,
      });
    const called = await call({
      number: 'A1-001',
      line: 'A',
      action: 'called',
      window: '3号窗口',
      at: '2026-03-10T01:12:00.000Z',
    });
    expect(called.statusCode, called.body).toBe(202);
    // A retried report counts once.
    expect(
      (
        await call({
          number: 'A1-001',
          line: 'A',
          action: 'called',
          window: '3号窗口',
          at: '2026-03-10T01:12:00.000Z',
        })
      ).statusCode,
    ).toBe(202);
    expect(
      (await call({ number: 'A1-001', line: 'A', action: 'served', window: '3号窗口' })).statusCode,
    ).toBe(202);

    // Both kiosks of hall 1 see the same hall-wide queue; hall 2 is untouched.
    for (const kiosk of ['K-H1-A', 'K-H1-B'])
      expect((await queueOf(kiosk)).lines[0]).toEqual({
        line: 'A',
        waiting: 2,
        lastCalled: 'A1-001',
        waitingByPriority: [{ priority: 0, waiting: 2 }],
      });
    expect((await queueOf('K-H2-A')).lines).toEqual([
      { line: 'A', waiting: 1, lastCalled: null, waitingByPriority: [{ priority: 0, waiting: 1 }] },
    ]);

    // Malformed calls are refused by the contract; a kiosk credential is not a caller's; none at all is refused.
    expect((await call({ number: 'A1-001', line: 'A', action: 'teleported', window: '3' })).statusCode).toBe(
      400,
    );
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/calls',
          headers: { authorization: auth.get('K-H1-A')! },
          payload: {},
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/calls',
          payload: { number: 'A1-002', line: 'A', action: 'called', window: '1' },
        })
      ).statusCode,
    ).toBe(401);
    // A console credential cannot call numbers.
    const consoleH1 = await credential(['add-console', '--hall', 'H1', '--name', 'H1 director']);
    expect(
      (await call({ number: 'A1-002', line: 'A', action: 'called', window: '1' }, consoleH1)).statusCode,
    ).toBe(401);
  });

  it('keeps each hall to its own figures and follow-ups, and the city sees all', async () => {
    await push('K-H1-A', [
      {
        type: 'prereview',
        occurredAt: '2026-03-10T01:30:00.000Z',
        payload: { itemCode: 'SOCIAL-CARD', outcome: 'ticket' },
      },
      {
        type: 'prereview',
        occurredAt: '2026-03-10T01:31:00.000Z',
        payload: { itemCode: 'SOCIAL-CARD', outcome: 'notice' },
      },
      {
        type: 'prereview',
        occurredAt: '2026-03-10T01:32:00.000Z',
        payload: { itemCode: 'HYGIENE', outcome: 'commitment' },
      },
      {
        type: 'prereview',
        occurredAt: '2026-03-10T01:33:00.000Z',
        payload: { itemCode: 'HYGIENE', outcome: 'not-accepted' },
      },
      {
        type: 'evaluation',
        occurredAt: '2026-03-10T01:34:00.000Z',
        payload: { caseRef: 'R-1', itemCode: 'SOCIAL-CARD', rating: 1, reasons: ['too-slow'] },
      },
      {
        type: 'audit',
        occurredAt: '2026-03-10T01:35:00.000Z',
        payload: {
          action: 'help-called',
          kioskId: 'K-H1-A',
          detail: { callId: 'c1', screen: 'materials', at: '2026-03-10T01:35:00.000Z' },
        },
      },
    ]);
    await push('K-H2-A', [
      {
        type: 'evaluation',
        occurredAt: '2026-03-10T01:34:00.000Z',
        payload: { caseRef: 'R-2', itemCode: 'X', rating: 2, reasons: [] },
      },
    ]);
    const consoleH1 = await credential(['add-console', '--hall', 'H1', '--name', 'H1 director']);
    const consoleCity = await credential(['add-console', '--name', 'city']);
    const get = (url: string, token: string) =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer fleet.${token}` } });

    const figures = (await get('/console/api/figures?by=day', consoleH1)).json().figures;
    const today = figures.find((period: { period: string }) => period.period === day);
    expect(today.prereviews).toBe(4);
    // ticket + commitment over what the hall could accept (not-accepted apart): 2 of 3.
    expect(today.oneVisitShare).toBeCloseTo(0.6667, 3);
    // A1-001 issued 09:00, called 09:12 hall time.
    expect(today.lines.find((line: { line: string }) => line.line === 'A').averageWaitMinutes).toBe(12);
    expect((await get('/console/api/figures?hall=H2', consoleH1)).statusCode).toBe(403);
    const csv = (await get('/console/api/figures.csv', consoleH1)).body;
    expect(csv).toContain('SOCIAL-CARD');

    const h1 = (await get('/console/api/followups', consoleH1)).json().followUps as Array<{
      id: string;
      kind: string;
      hallId: string;
    }>;
    expect(h1.map((entry) => entry.kind).sort()).toEqual(['help', 'rating']);
    expect(h1.every((entry) => entry.hallId === 'H1')).toBe(true);
    const city = (await get('/console/api/followups', consoleCity)).json().followUps as Array<{
      hallId: string;
    }>;
    expect(new Set(city.map((entry) => entry.hallId))).toEqual(new Set(['H1', 'H2']));

    // A hall closes its own follow-up with a note, once; another hall's is out of its reach.
    const close = (id: string, token: string, note = '已电话回访，已致歉') =>
      app.inject({
        method: 'POST',
        url: '/console/api/followups/close',
        headers: { authorization: `Bearer fleet.${token}` },
        payload: { id, note },
      });
    expect((await close('rating:R-1', consoleH1)).statusCode).toBe(200);
    expect((await close('rating:R-1', consoleH1)).statusCode).toBe(409);
    expect((await close('rating:R-2', consoleH1)).statusCode).toBe(404);
    expect((await close('help:K-H1-A:c1', consoleH1, '')).statusCode).toBe(400);
    const after = (await get('/console/api/followups', consoleH1)).json().followUps as Array<{
      id: string;
      state: string;
      note: string;
    }>;
    expect(after.find((entry) => entry.id === 'rating:R-1')).toMatchObject({
      state: 'closed',
      note: '已电话回访，已致歉',
    });

    const overview = (await get('/console/api/overview', consoleH1)).json().kiosks as Array<{
      kioskId: string;
    }>;
    expect(overview.map((kiosk) => kiosk.kioskId)).toEqual(['K-H1-A', 'K-H1-B']);
    // Nothing without a credential, pages included only as empty shells.
    expect((await app.inject({ method: 'GET', url: '/console/api/followups' })).statusCode).toBe(401);
    const page = await app.inject({ method: 'GET', url: '/console' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('puts an applicant whose commitment ran past due and grace on the signed credit list', async () => {
    const idNumber = '11010519491231002X';
    await push('K-H1-A', [
      {
        type: 'commitment',
        occurredAt: '2026-01-05T02:00:00.000Z',
        payload: {
          reference: 'P-OLD',
          itemCode: 'HYGIENE',
          promised: [{ materialId: 'health-cert', deadline: '2026-02-05' }],
        },
        personal: { applicant: { kind: 'person', name: '张三', idNumber }, agent: null },
      },
      {
        type: 'commitment',
        occurredAt: '2026-03-01T02:00:00.000Z',
        payload: {
          reference: 'P-NEW',
          itemCode: 'HYGIENE',
          promised: [{ materialId: 'health-cert', deadline: '2026-05-01' }],
        },
        personal: {
          applicant: { kind: 'person', name: '李四', idNumber: '110105194912310029' },
          agent: null,
        },
      },
      {
        type: 'commitment',
        occurredAt: '2026-01-05T02:00:00.000Z',
        payload: {
          reference: 'P-FULL',
          itemCode: 'DAYU',
          promised: [{ materialId: 'residence', deadline: null }],
        },
        personal: {
          applicant: { kind: 'person', name: '王五', idNumber: '110105194912310037' },
          agent: null,
        },
      },
    ]);
    const keys = generateSigningKeys();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
    const keyFile = path.join(dir, 'publisher.key.pem');
    fs.writeFileSync(keyFile, keys.privateKeyPem);
    const lines: string[] = [];
    await runAdmin(['sweep-commitments', '--db', location, '--key', keyFile], (line) => lines.push(line), {
      keys: dataKeys,
      now: () => now,
    });
    expect(JSON.parse(lines[0]!)).toMatchObject({ added: 1, published: true });
    const signed = await store.latestDocument('credit-restrictions', 'H1');
    expect(signed).not.toBeNull();
    expect(verifyDocument(signed!, parsePublicKey(keys.publicKeyPem).key).ok).toBe(true);
    const entries = (
      JSON.parse(signed!.document) as { content: { entries: Array<{ subject: string; until: string }> } }
    ).content.entries;
    // 5 Feb + 15 days' grace → restricted from 21 Feb for 24 calendar months. No plain ID number travels.
    expect(entries).toEqual([
      expect.objectContaining({ subject: creditSubject(idNumber), until: '2028-02-21' }),
    ]);
    expect(signed!.document).not.toContain(idNumber);
    // Swept again with nothing new: no new version.
    lines.length = 0;
    await runAdmin(['sweep-commitments', '--db', location, '--key', keyFile], (line) => lines.push(line), {
      keys: dataKeys,
      now: () => now,
    });
    expect(JSON.parse(lines[0]!)).toMatchObject({ added: 0, published: false });
    void engine;
  });
});
