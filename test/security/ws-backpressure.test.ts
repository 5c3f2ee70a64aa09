// Finding 7 of issue #14: the WebSocket had no backpressure. 20,000 requests from a client that
// did not read took the kiosk from 151 MB to 2 GB, and it was not released after the disconnect.
// Against the real web host process: the same 20,000 requests, never read; the kiosk's resident
// memory must stay within a bound, the client is closed, and a new client is served at once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKioskProcess, type KioskProcess } from '../support/kiosk-process.ts';
import { stubRendererDir } from '../support/kiosk.ts';
import { alive } from './http-helpers.ts';
import { frame, openRawSocket, rssOf } from './ws-raw.ts';

const mb = 1024 * 1024;

describe('WebSocket backpressure (finding 7)', () => {
  let kiosk: KioskProcess;
  beforeAll(async () => {
    kiosk = await launchKioskProcess({ rendererDir: stubRendererDir() });
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it('20,000 requests from a client that never reads leave memory bounded, and are released', async () => {
    const pid = kiosk.child.pid!;
    // Warm up: one real reply, so that the first measure includes the catalog and the code paths.
    const warm = await openRawSocket(kiosk.port, kiosk.token);
    warm.write(frame(1, JSON.stringify({ id: 1, channel: 'catalog:get', args: {} })));
    await new Promise((resolve) => warm.once('data', resolve));
    warm.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = rssOf(pid);

    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
    const socket = await openRawSocket(kiosk.port, kiosk.token);
    socket.pause(); // never read a byte of the replies
    let closedByHost = false;
    socket.on('close', () => (closedByHost = true));
    socket.on('error', () => {});
    const requests = 20_000;
    // The biggest reply there is (the whole catalog), 20,000 times.
    for (let id = 1; id <= requests; id++) {
      socket.write(frame(1, JSON.stringify({ id, channel: 'catalog:get', args: {} })));
    }
    // Long enough for the host to handle what it was willing to read, and for its stall timer.
    await new Promise((resolve) => setTimeout(resolve, 14_000));
    const during = peak;
    // The host says in its log that it closed a client that did not read (a paused socket of ours
    // would only see the close after reading everything queued before it).
    const hostLog = () =>
      fs
        .readdirSync(path.join(kiosk.dataRoot, 'logs'))
        .map((name) => fs.readFileSync(path.join(kiosk.dataRoot, 'logs', name), 'utf8'))
        .join('\n');
    let closedBeforeWeLeft = closedByHost;
    for (let i = 0; i < 100 && !closedBeforeWeLeft; i++) {
      closedBeforeWeLeft = /"reason":"(not reading|send buffer full)"[^\n]*"event":"web.socket-closed"/.test(
        hostLog(),
      );
      if (!closedBeforeWeLeft) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    clearInterval(sampler);
    const after = rssOf(pid);

    process.stdout.write(
      `backpressure: RSS before ${(before / mb).toFixed(0)} MB, peak ${(during / mb).toFixed(0)} MB, after disconnect ${(after / mb).toFixed(0)} MB; host closed the stalled client: ${closedBeforeWeLeft}\n`,
    );
    // The unbounded host grew by gigabytes; a bounded one by a few send buffers at most.
    expect(during - before, 'growth while the client does not read').toBeLessThan(150 * mb);
    expect(after - before, 'growth left after the disconnect').toBeLessThan(100 * mb);
    expect(closedBeforeWeLeft, 'a client that never reads is closed').toBe(true);
    expect(kiosk.child.exitCode).toBeNull();
    expect(await alive(kiosk.port)).toBe(true);

    // And the next client is served normally.
    const next = await openRawSocket(kiosk.port, kiosk.token);
    next.write(frame(1, JSON.stringify({ id: 7, channel: 'system:getInfo', args: {} })));
    const reply = await new Promise<Buffer>((resolve) => next.once('data', resolve));
    expect(reply.toString('latin1')).toContain('"id":7');
    next.destroy();
  });
});
