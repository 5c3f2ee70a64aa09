// Finding 10 of issue #14, first part: the launch token stood on Chromium's command line (any local
// user reads it with `ps`) and was printed by `npm start`. Now the browser gets a one-time code:
// redeemed once for an HttpOnly, SameSite=Strict session cookie, dead after that. Checked against
// the real web host process, which opens a stand-in browser (a script that records its arguments
// and stays in the process list) exactly as it opens Chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKioskProcess, type KioskProcess } from '../support/kiosk-process.ts';
import { stubRendererDir } from '../support/kiosk.ts';
import { rawRequest } from './http-helpers.ts';

interface Redeemed {
  status?: number;
  cookie?: string;
}

async function redeem(port: number, address: string, cookie?: string): Promise<Redeemed> {
  const target = new URL(address);
  const reply = await rawRequest(
    port,
    [
      `GET ${target.pathname}${target.search} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Connection: close',
      ...(cookie ? [`Cookie: ${cookie}`] : []),
      '',
      '',
    ].join('\r\n'),
  );
  const set = /^Set-Cookie: ([^;\r\n]+)(.*)$/im.exec(reply.raw);
  if (set) expect(set[2]).toMatch(/HttpOnly/i);
  if (set) expect(set[2]).toMatch(/SameSite=Strict/i);
  return { status: reply.status, cookie: set?.[1] };
}

async function upgradeStatus(port: number, cookie?: string): Promise<number | undefined> {
  const reply = await rawRequest(
    port,
    [
      'GET /api HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      `Origin: http://127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      ...(cookie ? [`Cookie: ${cookie}`] : []),
      '',
      '',
    ].join('\r\n'),
  );
  return reply.status;
}

/** Every command line on this machine, as `ps` shows them to any user. */
function allCommandLines(): string {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        // The process ended while the list was read: it has no command line to show any more.
        return '';
      }
    })
    .join('\n');
}

describe('the launch secret stays out of process lists and output (finding 10)', () => {
  let kiosk: KioskProcess;
  let record: string;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-browser-'));
    record = path.join(dir, 'argv');
    const browser = path.join(dir, 'browser');
    // The stand-in browser: writes down its arguments and its environment, then stays running.
    fs.writeFileSync(
      browser,
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\necho $$ > '${record}.pid'\nenv > '${record}.env'\nsleep 60\n`,
      { mode: 0o755 },
    );
    kiosk = await launchKioskProcess({
      rendererDir: stubRendererDir(),
      openBrowser: true,
      env: { KIOSK_BROWSER: browser, DISPLAY: ':99' },
    });
    for (let i = 0; i < 100 && !fs.existsSync(`${record}.env`); i++)
      await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await kiosk?.stop();
    // The stand-in browser was started detached (its own process group), as Chromium is: stop
    // that group, by its leader's pid.
    if (fs.existsSync(`${record}.pid`)) {
      try {
        process.kill(-Number(fs.readFileSync(`${record}.pid`, 'utf8')), 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });

  it('the browser is opened with a code that works once, and then grants nothing', async () => {
    const argv = fs.readFileSync(record, 'utf8');
    const address = /--app=(\S+)/.exec(argv)?.[1];
    expect(address, argv).toBeDefined();
    const first = await redeem(kiosk.port, address!);
    expect(first.status).toBe(303);
    expect(first.cookie).toMatch(/^kiosk-session=/);
    expect(await upgradeStatus(kiosk.port, first.cookie)).toBe(101);

    // The same address again (read from `ps` by someone else): refused, and no session.
    const again = await redeem(kiosk.port, address!);
    expect(again.status).toBe(403);
    expect(again.cookie).toBeUndefined();
    expect(await upgradeStatus(kiosk.port)).toBe(401);
    expect(await upgradeStatus(kiosk.port, 'kiosk-session=guess')).toBe(401);
  });

  it('no reusable secret in any process list, in the browser environment or on stdout', async () => {
    const everything = allCommandLines();
    expect(everything).toContain('--app=');
    expect(everything.includes(kiosk.token), 'the launch secret on a command line').toBe(false);
    const browserEnv = fs.readFileSync(`${record}.env`, 'utf8');
    expect(browserEnv.includes(kiosk.token), 'the launch secret in the browser environment').toBe(false);
    expect(kiosk.output().includes(kiosk.token), 'the launch secret on stdout').toBe(false);
    // No launch address on stdout either when a browser was opened.
    expect(kiosk.output()).not.toMatch(/launch=/);
  });

  it('the address printed for a person (no browser opened) works once', async () => {
    const other = await launchKioskProcess({ rendererDir: stubRendererDir() });
    try {
      expect(other.output().includes(other.token)).toBe(false);
      // The address line follows the "ready" line: wait for it rather than race it.
      const deadline = Date.now() + 10_000;
      while (!/Open this address once/.test(other.output()) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const printed = /Open this address once[^:]*: (\S+)/.exec(other.output())?.[1];
      expect(printed, other.output()).toBeDefined();
      const first = await redeem(other.port, printed!);
      expect(first.status).toBe(303);
      expect(await upgradeStatus(other.port, first.cookie)).toBe(101);
      expect((await redeem(other.port, printed!)).status).toBe(403);
      // A browser that already has its session and reloads the old address just goes home.
      expect((await redeem(other.port, printed!, first.cookie)).status).toBe(303);
    } finally {
      await other.stop();
    }
  });
});
