// #14 finding 4: the central server could be starved and fooled. Each test runs the real server on
// loopback and talks HTTP to it, with raw sockets where a client must be slow or never finish;
// each fails on the code before the fix (noted per test).
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../protocol/contract.ts';
import { buildCentralServer, sha256, type CentralServerOptions } from '../../central/server.ts';
import { openCentralStore } from '../../central/store/open.ts';
import type { CentralStore } from '../../central/store/types.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'central-hardening-'));
let store: CentralStore;
const sockets: net.Socket[] = [];
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  store = await openCentralStore(`sqlite:${path.join(dir, 'data', 'central.db')}`);
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const app of apps.splice(0)) await app.close();
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(options: Partial<CentralServerOptions> = {}): Promise<number> {
  const app = await buildCentralServer({ store, ...options });
  apps.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as net.AddressInfo).port;
}

async function enroll(kioskId: string, hall = 'hall-1', hours = 1): Promise<string> {
  const token = crypto.randomBytes(24).toString('base64url');
  await store.createEnrollment(
    kioskId,
    sha256(token),
    new Date(Date.now() + hours * 3_600_000).toISOString(),
    hall,
  );
  return token;
}

async function call(
  port: number,
  method: string,
  url: string,
  body?: unknown,
  authorization?: string,
): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const response = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(authorization ? { authorization } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function register(port: number, kioskId: string, hall = 'hall-1'): Promise<string> {
  const token = await enroll(kioskId, hall);
  const answer = await call(port, 'POST', '/v1/register', { kioskId, enrollmentToken: token });
  expect(answer.status).toBe(200);
  return `Bearer ${kioskId}.${String(answer.json!.credential)}`;
}

const record = (seq: number, payload: Record<string, unknown> = { number: `A${seq}` }): EventRecord => ({
  seq,
  key: crypto.randomUUID(),
  type: 'ticket',
  occurredAt: new Date().toISOString(),
  payload,
});

/** A raw client: connects (from `from`, another loopback address when asked), writes `head`. */
async function rawClient(port: number, head: string, from = '127.0.0.1') {
  const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
  sockets.push(socket);
  let received = '';
  let closed = false;
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  await new Promise<void>((resolve) => {
    socket.once('connect', resolve);
    socket.once('close', () => resolve());
  });
  if (!closed && head) socket.write(head);
  return {
    socket,
    received: () => received,
    closed: () => closed,
    /** Resolves with what arrived once `done` holds, or after `ms`. */
    async waitFor(done: () => boolean, ms: number): Promise<boolean> {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (done()) return true;
        await sleep(20);
      }
      return done();
    },
  };
}

const postHead = (url: string, length: number, authorization?: string) =>
  `POST ${url} HTTP/1.1\r\nHost: central\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${
    authorization ? `Authorization: ${authorization}\r\n` : ''
  }\r\n`;

describe('central server hardening (#14 finding 4)', () => {
  it('refuses an unauthenticated push before reading its body', async () => {
    // Before: the 8 MB body limit applied and the body was read and schema-checked first, so this
    // client (which never sends its 3 MB) got no answer at all.
    const port = await start();
    const noAuth = await rawClient(port, `${postHead('/v1/events', 3_000_000)}{"records":[`);
    expect(await noAuth.waitFor(() => noAuth.received().includes('\r\n\r\n'), 2_000)).toBe(true);
    expect(noAuth.received()).toMatch(/^HTTP\/1\.1 401/);
    const wrong = await rawClient(
      port,
      `${postHead('/v1/events', 3_000_000, `Bearer K-NOBODY.${'a'.repeat(43)}`)}{"records":[`,
    );
    expect(await wrong.waitFor(() => wrong.received().includes('\r\n\r\n'), 2_000)).toBe(true);
    expect(wrong.received()).toMatch(/^HTTP\/1\.1 401/);
    // Registration cannot be authenticated; its body is limited to a few kilobytes instead.
    const bigRegister = await rawClient(port, `${postHead('/v1/register', 100_000)}{"kioskId":"`);
    expect(await bigRegister.waitFor(() => bigRegister.received().includes('\r\n\r\n'), 2_000)).toBe(true);
    expect(bigRegister.received()).toMatch(/^HTTP\/1\.1 413/);
  });

  it('does not let 80 slow unauthenticated sockets lock kiosks out', async () => {
    // Before: each slow socket took an in-flight place at onRequest; 64 of them answered every
    // kiosk 429 for as long as they stayed open.
    const port = await start({ maxConnectionsPerAddress: 0 });
    const auth = await register(port, 'K-SLOWVICTIM');
    const slow = await Promise.all(
      Array.from({ length: 80 }, (_, index) =>
        rawClient(
          port,
          `${postHead('/v1/events', 1_000, `Bearer K-X${index}.${'b'.repeat(43)}`)}{`,
          '127.0.0.2',
        ),
      ),
    );
    await sleep(300);
    const time = await call(port, 'GET', '/v1/time', undefined, auth);
    expect(time.status).toBe(200);
    const push = await call(port, 'POST', '/v1/events', { records: [record(1)] }, auth);
    expect(push.status).toBe(200);
    expect(slow.every((client) => client.received().startsWith('HTTP/1.1 401'))).toBe(true);
  });

  it('does not let one kiosk take every place', async () => {
    // Before: one credential's 70 slow pushes held all 64 places; another kiosk got 429.
    const port = await start({ maxConnectionsPerAddress: 0 });
    const hog = await register(port, 'K-HOG');
    const other = await register(port, 'K-OTHER');
    await Promise.all(
      Array.from({ length: 70 }, () =>
        rawClient(port, `${postHead('/v1/events', 1_000, hog)}{`, '127.0.0.4'),
      ),
    );
    await sleep(300);
    expect((await call(port, 'GET', '/v1/time', undefined, other)).status).toBe(200);
    expect((await call(port, 'GET', '/v1/time', undefined, hog)).status).toBe(429);
  });

  it('closes a socket whose headers never finish', async () => {
    // Before: Node's 60 s default applied (and only checked every 30 s).
    const port = await start({ headersTimeoutMs: 500 });
    const client = await rawClient(port, 'GET /v1/time HTTP/1.1\r\nHost: central\r\nX-Slow: ');
    expect(await client.waitFor(client.closed, 4_000)).toBe(true);
  });

  it('cuts an authenticated request whose body trickles past the request timeout', async () => {
    // Before: no request timeout at all; the socket held its place indefinitely.
    const port = await start({ requestTimeoutMs: 1_000 });
    const auth = await register(port, 'K-TRICKLE');
    const client = await rawClient(port, `${postHead('/v1/events', 1_000, auth)}{`);
    const timer = setInterval(() => client.socket.writable && client.socket.write(' '), 100);
    try {
      const cut = await client.waitFor(
        () => client.closed() || client.received().startsWith('HTTP/1.1 408'),
        5_000,
      );
      expect(cut).toBe(true);
    } finally {
      clearInterval(timer);
    }
  });

  it('closes an idle keep-alive connection', async () => {
    // Before: Fastify's 72 s keep-alive.
    const port = await start({ keepAliveTimeoutMs: 300 });
    const auth = await register(port, 'K-IDLE');
    const client = await rawClient(
      port,
      `GET /v1/time HTTP/1.1\r\nHost: central\r\nConnection: keep-alive\r\nAuthorization: ${auth}\r\n\r\n`,
    );
    expect(await client.waitFor(() => client.received().startsWith('HTTP/1.1 200'), 2_000)).toBe(true);
    expect(await client.waitFor(client.closed, 3_000)).toBe(true);
  });

  it('limits the connections from one address', async () => {
    // Before: no limit; every socket stayed open.
    const port = await start({ maxConnectionsPerAddress: 8 });
    const auth = await register(port, 'K-CONN');
    const crowd = await Promise.all(Array.from({ length: 20 }, () => rawClient(port, '', '127.0.0.3')));
    await sleep(300);
    expect(crowd.filter((client) => client.closed()).length).toBe(12);
    expect((await call(port, 'GET', '/v1/time', undefined, auth)).status).toBe(200);
  });

  it('refuses an oversized record and an oversized batch', async () => {
    // Before: a 300,000-character record and a 5 MB batch were both stored.
    const port = await start();
    const auth = await register(port, 'K-BIG');
    const big = await call(
      port,
      'POST',
      '/v1/events',
      { records: [record(1, { blob: 'x'.repeat(300_000) })] },
      auth,
    );
    expect(big.status).toBe(413);
    expect(big.json!.error).toBe('too-large');
    const batch = Array.from({ length: 25 }, (_, index) => record(index + 1, { blob: 'y'.repeat(200_000) }));
    const huge = await call(port, 'POST', '/v1/events', { records: batch }, auth);
    expect(huge.status).toBe(413);
    expect(await store.events('K-BIG')).toEqual([]);
  });

  it("refuses a record that claims to be another kiosk's", async () => {
    // Before: K-LIAR stored a ticket with kioskId K-VICTIM in it.
    const port = await start();
    const liar = await register(port, 'K-LIAR');
    await register(port, 'K-VICTIM');
    const forged = await call(
      port,
      'POST',
      '/v1/events',
      { records: [record(1, { kioskId: 'K-VICTIM', number: 'A001' })] },
      liar,
    );
    expect(forged.status).toBe(403);
    expect((await store.events()).filter((event) => event.payload.kioskId === 'K-VICTIM')).toEqual([]);
  });

  it('spends an enrollment token on first use and lets it expire', async () => {
    // Before: the token could be redeemed again until the credential was first used, and each
    // redemption invalidated the credential issued before.
    const port = await start();
    const token = await enroll('K-ONCE');
    const first = await call(port, 'POST', '/v1/register', { kioskId: 'K-ONCE', enrollmentToken: token });
    expect(first.status).toBe(200);
    const thief = await call(port, 'POST', '/v1/register', { kioskId: 'K-ONCE', enrollmentToken: token });
    expect(thief.status).toBe(403);
    expect(String(thief.json!.message)).toMatch(/already used/);
    const owner = `Bearer K-ONCE.${String(first.json!.credential)}`;
    expect((await call(port, 'GET', '/v1/time', undefined, owner)).status).toBe(200);
    const stale = await enroll('K-STALE', 'hall-1', -0.01);
    const late = await call(port, 'POST', '/v1/register', { kioskId: 'K-STALE', enrollmentToken: stale });
    expect(late.status).toBe(403);
    expect(String(late.json!.message)).toMatch(/expired/);
  });
});
