// The last resort of issue #14: if the web host dies anyway, it is started again. `npm start`'s
// script (scripts/start.mjs) supervises the host process: killed outright (SIGKILL, as an
// out-of-memory killer would), a new host is started after a back-off and serves again, and the
// screen's session cookie is still good with it (the script hands each host the same secret).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stubRendererDir } from '../support/kiosk.ts';
import { alive, rawRequest } from './http-helpers.ts';

async function waitFor<T>(
  what: string,
  probe: () => T | undefined,
  timeoutMs: number,
  output: () => string,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}:\n${output()}`);
}

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: no such process — exactly what "not running" means.
    return false;
  }
};

describe('the web host is supervised by its start script', () => {
  let starter: ChildProcess | undefined;
  afterAll(() => {
    if (starter && starter.exitCode === null) starter.kill('SIGKILL');
  });

  it('a killed host is restarted and serves again; stopping the script stops the host', async () => {
    const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-supervised-'));
    starter = spawn(
      process.execPath,
      [
        'scripts/start.mjs',
        '--web',
        '--no-open',
        '--renderer',
        stubRendererDir(),
        '--data',
        dataRoot,
        '--port',
        '0',
      ],
      {
        cwd: path.resolve('.'),
        env: { ...process.env, KIOSK_HARDWARE: 'emulated' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    starter.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    starter.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const out = () => output;
    const hosts = () => [...output.matchAll(/Web host started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    const ports = () =>
      [...output.matchAll(/Kiosk ready at http:\/\/127\.0\.0\.1:(\d+)\//g)].map((m) => Number(m[1]));

    const firstPort = await waitFor('the first host', () => ports()[0], 40_000, out);
    const firstPid = hosts()[0]!;
    expect(await alive(firstPort)).toBe(true);
    // The screen's session, from the one-time address printed for a person.
    const printed = await waitFor(
      'the launch address',
      () => /Open this address once[^:]*: (\S+)/.exec(output)?.[1],
      5_000,
      out,
    );
    const launch = await rawRequest(
      firstPort,
      `GET ${new URL(printed).pathname}${new URL(printed).search} HTTP/1.1\r\nHost: 127.0.0.1:${firstPort}\r\nConnection: close\r\n\r\n`,
    );
    const cookie = /^Set-Cookie: (kiosk-session=[^;\r\n]+)/im.exec(launch.raw)?.[1];
    expect(cookie, launch.raw).toBeDefined();

    process.kill(firstPid, 'SIGKILL');
    await waitFor(
      'the restart notice',
      () => (/restarting in 1 s/.test(output) ? true : undefined),
      10_000,
      out,
    );
    const secondPort = await waitFor('the second host', () => ports()[1], 40_000, out);
    const secondPid = hosts()[1]!;
    expect(secondPid).not.toBe(firstPid);
    expect(running(firstPid)).toBe(false);
    expect(await alive(secondPort)).toBe(true);
    // The same session is good with the new host: the screen reconnects by itself.
    const upgrade = await rawRequest(
      secondPort,
      [
        'GET /api HTTP/1.1',
        `Host: 127.0.0.1:${secondPort}`,
        `Origin: http://127.0.0.1:${secondPort}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        `Cookie: ${cookie}`,
        '',
        '',
      ].join('\r\n'),
    );
    expect(upgrade.status).toBe(101);

    starter.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => starter!.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    await waitFor('the host to stop', () => (running(secondPid) ? undefined : true), 10_000, out);
  });
});
