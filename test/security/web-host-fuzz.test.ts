// The web host under fuzz (issue #14): thousands of random and malformed HTTP requests (paths,
// methods, headers, encodings, raw socket garbage) and WebSocket frames (bad opcodes, lying
// lengths, fragments, invalid UTF-8, malformed JSON, requests of every channel with random
// arguments), all against the real web host process. It must answer or close, never die, and its
// resident memory must stay bounded. Seeded: a failure names its seed and replays.
import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestChannels } from '../../common/channels.ts';
import { launchKioskProcess, type KioskProcess } from '../support/kiosk-process.ts';
import { stubRendererDir } from '../support/kiosk.ts';
import { reportFuzz } from './fuzz-count.ts';
import { alive, rawRequest } from './http-helpers.ts';
import { frame, openRawSocket, rssOf } from './ws-raw.ts';

const mb = 1024 * 1024;
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

/** mulberry32: small, seedable, good enough to pick inputs. */
function prng(start: number) {
  let state = start >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, bytes };
}

const pathPieces = [
  '/',
  'index.html',
  'assets/',
  'catalog/images/',
  '..',
  '.',
  '%2e%2e',
  '%2f',
  '%5c',
  '\\',
  '%00',
  '%',
  '%F',
  '%FF',
  '%C0%AF',
  '%E0%A4%A',
  '%ZZ',
  '%25',
  '%u2215',
  '?',
  '#',
  '&',
  '?launch=',
  '?token=',
  '//',
  ';',
  'a'.repeat(300),
  '\u00e9',
  '\u4e2d',
  '%E4%B8%AD',
  '%ED%A0%80',
  'api',
  'etc/passwd',
  '.svg',
];
const methods = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
  'PATCH',
  'G\x00T',
  'get',
  'X'.repeat(40),
  '',
];

function randomPath(r: ReturnType<typeof prng>): string {
  let out = '/';
  const pieces = 1 + r.int(8);
  for (let i = 0; i < pieces; i++) out += r.pick(pathPieces);
  if (r.next() < 0.1) out += `%${r.bytes(1).toString('hex').toUpperCase()}`;
  if (r.next() < 0.02) out += 'x'.repeat(20_000); // longer than any sane URL
  return out;
}

function randomHttpRequest(r: ReturnType<typeof prng>, port: number, token: string): Buffer {
  const kind = r.int(10);
  if (kind === 0) return r.bytes(1 + r.int(2000)); // socket garbage
  const lines: string[] = [
    `${r.pick(methods)} ${randomPath(r)} ${r.pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', 'HTTP/1.1 x', ''])}`,
  ];
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, 'evil.example', '', `127.0.0.1:${port}\x00`];
  if (r.next() < 0.9) lines.push(`Host: ${r.pick(hosts)}`);
  if (r.next() < 0.1) lines.push(`Host: ${r.pick(hosts)}`); // twice
  const extras = [
    'Content-Length: -1',
    'Content-Length: 99999999999',
    'Content-Length: 5\r\nContent-Length: 6',
    'Transfer-Encoding: chunked',
    'Transfer-Encoding: chunked, identity',
    `Cookie: kiosk-session=${r.bytes(40).toString('base64')}`,
    'Cookie: kiosk-session',
    `Cookie: ${'a=b; '.repeat(500)}`,
    'Upgrade: websocket\r\nConnection: Upgrade',
    `Origin: http://127.0.0.1:${port}`,
    'Origin: null',
    `X-Long: ${'y'.repeat(20_000)}`,
    'Bad Header: 1',
    'Accept-Encoding: gzip, br',
    'Range: bytes=0-1,2-3,5-9999999999',
    'Sec-WebSocket-Version: 99',
    `Sec-WebSocket-Key: ${r.bytes(3).toString('base64')}`,
    'Expect: 100-continue',
    `X-Bin: ${r.bytes(20).toString('latin1')}`,
  ];
  const n = r.int(5);
  for (let i = 0; i < n; i++) lines.push(r.pick(extras));
  if (r.next() < 0.05) lines[0] = `GET /api?token=${token} HTTP/1.1`; // right secret, wrong everything else
  let body = '';
  if (r.next() < 0.2)
    body = r.pick(['0\r\n\r\n', 'zz\r\nhello\r\n', r.bytes(100).toString('latin1'), '{"id":1}']);
  return Buffer.from(`${lines.join('\r\n')}\r\n${r.next() < 0.9 ? '\r\n' : ''}${body}`, 'latin1');
}

function randomArgs(r: ReturnType<typeof prng>): unknown {
  return r.pick<unknown>([
    {},
    null,
    [],
    'x',
    1e308,
    -1,
    { token: 'x'.repeat(32) },
    { id: r.bytes(8).toString('hex') },
    { cardId: '../../etc' },
    { action: 'place', cardId: 'resident-zhang-san' },
    { a: { b: { c: [1, 2, { d: '\u0000' }] } } },
    { text: '\ud800' },
    { __proto__: { polluted: true } },
    { constructor: { prototype: { x: 1 } } },
  ]);
}

function randomWsFrames(r: ReturnType<typeof prng>): Buffer[] {
  const out: Buffer[] = [];
  const count = 1 + r.int(12);
  for (let i = 0; i < count; i++) {
    const kind = r.int(14);
    const id = r.int(1e6);
    const json = JSON.stringify({ id, channel: r.pick(requestChannels), args: randomArgs(r) });
    switch (kind) {
      case 0:
        out.push(frame(r.int(16), r.bytes(r.int(200))));
        break; // any opcode, reserved ones too
      case 1:
        out.push(frame(1, Buffer.alloc(0), { claimedLength: 1n << BigInt(32 + r.int(31)) }));
        break; // huge claimed length
      case 2:
        out.push(frame(1, json.slice(0, 5), { fin: false }), frame(0, json.slice(5)));
        break; // fragmented, valid
      case 3:
        out.push(frame(0, 'orphan continuation'));
        break;
      case 4:
        out.push(frame(1, Buffer.from([0xc3, 0x28, 0xff, 0xfe])));
        break; // invalid UTF-8
      case 5:
        out.push(
          frame(
            1,
            r.pick([
              '{',
              '{"id":',
              'null',
              '[]',
              '"x"',
              '{"id":1.5}',
              '{"id":"1"}',
              '1e999',
              '{"id":9007199254740993}',
            ]),
          ),
        );
        break;
      case 6:
        out.push(frame(1, json, { rsv: 1 + r.int(7) }));
        break;
      case 7:
        out.push(frame(1, json, { masked: false }));
        break; // a client must mask
      case 8:
        out.push(frame(9, r.bytes(200)));
        break; // ping with a payload too long for control
      case 9:
        out.push(frame(8, r.bytes(r.int(4))));
        break; // close with bad codes
      case 10:
        out.push(frame(2, r.bytes(r.int(500))));
        break; // binary
      case 11:
        out.push(frame(1, `{"id":${id},"channel":"${'x'.repeat(r.int(3000))}"}`));
        break;
      case 12:
        out.push(r.bytes(1 + r.int(50)));
        break; // raw bytes mid-stream
      default:
        out.push(frame(1, json)); // a well-formed request of a random channel, random arguments
    }
  }
  return out;
}

describe('web host under fuzz', () => {
  let kiosk: KioskProcess;
  beforeAll(async () => {
    kiosk = await launchKioskProcess({ rendererDir: stubRendererDir() });
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it(`survives thousands of malformed HTTP requests (seed ${seed})`, async () => {
    const r = prng(seed);
    const pid = kiosk.child.pid!;
    const before = rssOf(pid);
    const total = 3000;
    let answered = 0;
    let sent = 0;
    const worker = async () => {
      while (sent < total) {
        sent++;
        const reply = await rawRequest(kiosk.port, randomHttpRequest(r, kiosk.port, kiosk.token), 2000);
        if (reply.status !== undefined) answered++;
        if (sent % 500 === 0) expect(kiosk.child.exitCode, kiosk.output()).toBeNull();
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const after = rssOf(pid);
    reportFuzz({
      fuzzer: 'web host: HTTP requests',
      inputs: sent,
      detail: `seed ${seed}, ${answered} answered, RSS ${(before / mb).toFixed(0)} → ${(after / mb).toFixed(0)} MB`,
    });
    expect(kiosk.child.exitCode, kiosk.output()).toBeNull();
    expect(await alive(kiosk.port)).toBe(true);
    expect(after - before).toBeLessThan(150 * mb);
  });

  it(`survives thousands of malformed WebSocket frames (seed ${seed})`, async () => {
    const r = prng(seed + 1);
    const pid = kiosk.child.pid!;
    const before = rssOf(pid);
    let frames = 0;
    let connections = 0;
    const worker = async (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        let socket: net.Socket;
        try {
          socket = await openRawSocket(kiosk.port, kiosk.token);
        } catch {
          continue; // refused while the connection limit is reached: fine, the host said no
        }
        connections++;
        socket.on('error', () => {});
        socket.on('data', () => {});
        for (const piece of randomWsFrames(r)) {
          if (socket.destroyed) break;
          socket.write(piece);
          frames++;
        }
        await new Promise((resolve) => setTimeout(resolve, r.int(20)));
        socket.destroy();
      }
    };
    await Promise.all(Array.from({ length: 8 }, () => worker(60)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = rssOf(pid);
    reportFuzz({
      fuzzer: 'web host: WebSocket frames',
      inputs: frames,
      detail: `seed ${seed + 1}, over ${connections} connections, RSS ${(before / mb).toFixed(0)} → ${(after / mb).toFixed(0)} MB`,
    });
    expect(kiosk.child.exitCode, kiosk.output()).toBeNull();
    expect(await alive(kiosk.port)).toBe(true);
    expect(after - before).toBeLessThan(150 * mb);
    // Still a working API afterwards.
    const socket = await openRawSocket(kiosk.port, kiosk.token);
    socket.write(frame(1, JSON.stringify({ id: 42, channel: 'system:getInfo', args: {} })));
    const reply = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
    expect(reply.toString('latin1')).toContain('"id":42');
    socket.destroy();
  });

  it('survives random bytes on fresh sockets, after and instead of a handshake', async () => {
    const r = prng(seed + 2);
    let inputs = 0;
    for (let i = 0; i < 300; i++) {
      await rawRequest(
        kiosk.port,
        Buffer.concat([
          r.pick([Buffer.alloc(0), Buffer.from('GET / HTTP/1.1\r\n')]),
          randomBytes(1 + r.int(4000)),
        ]),
        500,
      );
      inputs++;
    }
    reportFuzz({ fuzzer: 'web host: raw socket garbage', inputs, detail: `seed ${seed + 2}` });
    expect(kiosk.child.exitCode, kiosk.output()).toBeNull();
    expect(await alive(kiosk.port)).toBe(true);
  });
});
