import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireMessage } from '../../../common/contract.ts';
import { startTestKiosk } from '../../support/kiosk.ts';

let test: Awaited<ReturnType<typeof startTestKiosk>>;

beforeAll(async () => {
  test = await startTestKiosk({ healthIntervalMs: 200 });
});
afterAll(async () => {
  await test.stop();
});

function connect(options: { token?: string | null; origin?: string | null; host?: string } = {}) {
  const token = options.token === undefined ? test.host.token : options.token;
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const headers: Record<string, string> = {};
  if (options.host) headers.Host = options.host;
  return new WebSocket(`ws://127.0.0.1:${test.host.port}/api${query}`, {
    origin: options.origin === undefined ? test.host.origin : (options.origin ?? undefined),
    headers,
  });
}

function refusal(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.on('open', () => reject(new Error('connection was accepted')));
    ws.on('error', () => {});
  });
}

function opened(ws: WebSocket): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_request, response) => reject(new Error(`refused ${response.statusCode}`)));
  });
}

function nextReply(ws: WebSocket, id: number): Promise<WireMessage & { kind: 'reply' }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as WireMessage;
      if (message.kind === 'reply' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('web host guards', () => {
  it('refuses a WebSocket without the token', async () => {
    expect(await refusal(connect({ token: null }))).toBe(401);
  });

  it('refuses a WebSocket with a wrong token', async () => {
    // Its last character changed (to one it is not: a token ending in "x" made this test pass the
    // right token one run in 64).
    const last = test.host.token.endsWith('x') ? 'y' : 'x';
    expect(await refusal(connect({ token: `${test.host.token.slice(0, -1)}${last}` }))).toBe(401);
  });

  it('refuses a WebSocket from another origin, even with the token', async () => {
    expect(await refusal(connect({ origin: 'http://evil.example' }))).toBe(403);
    expect(await refusal(connect({ origin: `http://127.0.0.1:${test.host.port + 1}` }))).toBe(403);
  });

  it('refuses a WebSocket with no origin at all', async () => {
    expect(await refusal(connect({ origin: null }))).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding) for pages and sockets', async () => {
    expect(await refusal(connect({ host: `evil.example:${test.host.port}` }))).toBe(403);
    const status = await new Promise<number>((resolve) => {
      http.get(
        { host: '127.0.0.1', port: test.host.port, path: '/', headers: { Host: 'evil.example' } },
        (response) => resolve(response.statusCode ?? 0),
      );
    });
    expect(status).toBe(421);
  });

  it('serves pages with a strict CSP and refuses paths outside the renderer', async () => {
    const response = await fetch(`${test.host.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe');
    const escape = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: test.host.port, path: '/%2e%2e/%2e%2e/etc/passwd' }, (r) =>
        resolve(r.statusCode ?? 0),
      );
    });
    expect(escape).toBe(404);
  });
});

describe('web host API', () => {
  it('answers requests with typed results', async () => {
    const ws = await opened(connect());
    const reply = nextReply(ws, 1);
    ws.send(JSON.stringify({ id: 1, channel: 'system:getInfo', args: {} }));
    expect((await reply).result).toMatchObject({
      ok: true,
      value: { host: 'web', hardware: 'emulated', dataFolder: test.dataRoot },
    });
    ws.close();
  });

  it('answers malformed messages with a typed error and keeps serving', async () => {
    const ws = await opened(connect());
    const garbage = nextReply(ws, -1);
    ws.send('{not json');
    expect((await garbage).result).toMatchObject({ ok: false, error: { code: 'bad-request' } });

    const badArgs = nextReply(ws, 2);
    ws.send(JSON.stringify({ id: 2, channel: 'session:end', args: { reason: 42 } }));
    expect((await badArgs).result).toMatchObject({ ok: false, error: { code: 'bad-request' } });

    const unknown = nextReply(ws, 3);
    ws.send(JSON.stringify({ id: 3, channel: 'shell:exec', args: { cmd: 'rm -rf /' } }));
    expect((await unknown).result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });

    const binary = nextReply(ws, -1);
    ws.send(Buffer.from([0, 1, 2]));
    expect((await binary).result).toMatchObject({ ok: false, error: { code: 'bad-request' } });

    const good = nextReply(ws, 4);
    ws.send(JSON.stringify({ id: 4, channel: 'session:get', args: {} }));
    expect((await good).result).toMatchObject({ ok: true, value: { stage: 'attract' } });
    ws.close();
  });

  it('streams health events live', async () => {
    const ws = await opened(connect());
    const sequences: number[] = [];
    await new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as WireMessage;
        if (message.kind === 'event' && message.channel === 'system:health') {
          sequences.push((message.payload as { sequence: number }).sequence);
          if (sequences.length === 2) resolve();
        }
      });
    });
    expect(sequences[1]!).toBeGreaterThan(sequences[0]!);
    ws.close();
  });
});
