// Each test gets its own kiosk: the real web host process (`main/host/web-main.ts`) with a
// throwaway data folder and emulated hardware, exactly as `npm start` runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';

export interface KioskProcess {
  url: string;
  origin: string;
  dataRoot: string;
  output: () => string;
  stop(): Promise<void>;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function launchKiosk(env: NodeJS.ProcessEnv = {}): Promise<KioskProcess> {
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/host/web-main.ts', '--data', dataRoot, '--no-open'],
    {
      cwd: projectRoot,
      env: { ...process.env, KIOSK_HARDWARE: 'emulated', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start in 20 s:\n${output}`)), 20_000);
    const check = () => {
      const match = /Kiosk ready at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`kiosk exited with ${code}:\n${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    dataRoot,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export const test = base.extend<{ kiosk: KioskProcess }>({
  // Playwright reads the fixture list from this destructuring, so it must be written out, empty.
  // eslint-disable-next-line no-empty-pattern
  kiosk: async ({}, use, testInfo) => {
    const kiosk = await launchKiosk();
    await use(kiosk);
    await kiosk.stop();
    // When a test fails, what the kiosk process said is the first thing to read.
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('kiosk output', { body: kiosk.output(), contentType: 'text/plain' });
    }
  },
});

export { expect };

/** Talks to the kiosk's API as the screen does (same origin, same token): for reading the
 *  emulated printer's paper and driving the emulators from a test. */
export async function kioskApi(kiosk: KioskProcess) {
  const { default: WebSocket } = await import('ws');
  const token = new URL(kiosk.url).hash.replace(/^#token=/, '');
  const ws = new WebSocket(`${kiosk.origin.replace('http', 'ws')}/api?token=${token}`, {
    origin: kiosk.origin,
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const invoke = (channel: string, args: unknown = {}) =>
    new Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>((resolve) => {
      const id = nextId++;
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { kind: string; id: number; result: never };
        if (message.kind === 'reply' && message.id === id) {
          ws.off('message', onMessage);
          resolve(message.result);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, channel, args }));
    });
  return {
    invoke,
    /** The receipts the emulated printer has printed, oldest first. */
    async receipts(): Promise<Array<{ lines: string[]; qr: string[]; complete: boolean; cut: boolean }>> {
      const reply = await invoke('dev:getState');
      const state = reply.value as {
        printer: { receipts: Array<{ lines: string[]; qr: string[]; complete: boolean; cut: boolean }> };
      };
      return [...state.printer.receipts].reverse();
    },
    close: () => ws.close(),
  };
}
