// Finding 1 of issue #14: one request without any token killed the kiosk. The static-file handler
// let a malformed percent-escape (`/%FF`, URIError) or a NUL byte (`/index.html%00`) throw out of
// the request. Any web page on the machine could send it (`<img src="http://127.0.0.1:PORT/%FF">`).
// Against the real web host process: each must be answered (4xx), and the process must live on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKioskProcess, type KioskProcess } from '../support/kiosk-process.ts';
import { stubRendererDir } from '../support/kiosk.ts';
import { alive, get } from './http-helpers.ts';

describe('web host: hostile paths (finding 1)', () => {
  let kiosk: KioskProcess;
  beforeAll(async () => {
    kiosk = await launchKioskProcess({ rendererDir: stubRendererDir() });
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  const hostile = [
    '/%FF',
    '/index.html%00',
    '/%00',
    '/%',
    '/%E0%A4%A',
    '/%C0%AF..%C0%AF',
    '/catalog/images/%FF.svg',
    '/catalog/images/a%00.svg',
    '/..%2f..%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/index.html%00.png',
  ];

  for (const target of hostile) {
    it(`answers ${target} with a refusal and keeps serving`, async () => {
      const reply = await get(kiosk.port, target);
      expect(reply.status, reply.raw).toBeGreaterThanOrEqual(400);
      expect(reply.status, reply.raw).toBeLessThan(500);
      expect(kiosk.child.exitCode, kiosk.output()).toBeNull();
      expect(await alive(kiosk.port), kiosk.output()).toBe(true);
    });
  }

  // Found by the fuzzer: `new URL('//', base)` throws, and the upgrade handler did not catch it.
  for (const target of ['//', '//evil', '/%FF', '/api%00']) {
    it(`refuses a WebSocket upgrade to ${target} and keeps serving`, async () => {
      const reply = await get(kiosk.port, target, {
        Upgrade: 'websocket',
        Connection: 'Upgrade',
        Origin: `http://127.0.0.1:${kiosk.port}`,
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
      });
      expect(reply.status, reply.raw).toBeGreaterThanOrEqual(400);
      expect(kiosk.child.exitCode, kiosk.output()).toBeNull();
      expect(await alive(kiosk.port), kiosk.output()).toBe(true);
    });
  }

  it('still serves its page after all of them', async () => {
    const reply = await get(kiosk.port, '/index.html');
    expect(reply.status).toBe(200);
    expect(reply.raw).toContain('<title>t</title>');
  });
});
