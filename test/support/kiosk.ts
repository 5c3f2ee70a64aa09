// Test helpers: a kiosk with a throwaway data folder, served by the real web host — in this
// process (startTestKiosk) or as its own process exactly as `npm start` runs it (kiosk-process.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKiosk, type Kiosk } from '../../main/kiosk.ts';
import { startWebHost, type WebHost } from '../../main/host/web.ts';

export function tempDataRoot(prefix = 'kiosk-data-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A renderer folder with a stub index.html, for tests that do not need the real screens. */
export function stubRendererDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-renderer-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  return dir;
}

export async function startTestKiosk(
  options: { env?: NodeJS.ProcessEnv; healthIntervalMs?: number; rendererDir?: string } = {},
): Promise<{
  kiosk: Kiosk;
  host: WebHost;
  dataRoot: string;
  stop(): Promise<void>;
}> {
  const dataRoot = tempDataRoot();
  const rendererDir = options.rendererDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-renderer-'));
  if (!fs.existsSync(path.join(rendererDir, 'index.html')))
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const kiosk = await createKiosk({
    host: 'web',
    version: '0.0.0-test',
    resourcesDir: path.resolve('resources'),
    dataRoot,
    env: { KIOSK_HARDWARE: 'emulated', ...options.env },
    healthIntervalMs: options.healthIntervalMs,
  });
  const host = await startWebHost({
    dispatch: kiosk.dispatch,
    bus: kiosk.bus,
    logger: kiosk.logger,
    rendererDir,
    port: 0,
  });
  return {
    kiosk,
    host,
    dataRoot,
    async stop() {
      await host.close();
      await kiosk.shutdown();
    },
  };
}

export { launchKioskProcess, type KioskProcess } from './kiosk-process.ts';
