// Each test gets its own kiosk: the real web host process (`main/host/web-main.ts`) with a
// throwaway data folder and emulated hardware, exactly as `npm start` runs it.
import { test as base, expect } from '@playwright/test';
import { launchKioskProcess, type KioskProcess } from '../support/kiosk-process.ts';

export type { KioskProcess };

/** The real web host process (`main/host/web-main.ts`) with a throwaway data folder and emulated
 *  hardware, exactly as `npm start` runs it; `kiosk.url` is a fresh one-time launch address. */
export function launchKiosk(env: NodeJS.ProcessEnv = {}): Promise<KioskProcess> {
  return launchKioskProcess({ env });
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
  const ws = new WebSocket(`${kiosk.origin.replace('http', 'ws')}/api?token=${kiosk.token}`, {
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
