// Test helpers: a kiosk with a throwaway data folder, served by the real web host — in this
// process (startTestKiosk) or as its own process exactly as `npm start` runs it (launchKioskProcess).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKiosk, type Kiosk } from '../../main/kiosk.ts';
import { startWebHost, type WebHost } from '../../main/host/web.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

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

export interface KioskProcess {
  child: ChildProcess;
  /** The address printed on stdout, to open in a browser. */
  url: string;
  origin: string;
  port: number;
  dataRoot: string;
  /** Everything the process wrote on stdout and stderr so far. */
  output: () => string;
  stop(): Promise<void>;
}

/** The real web host process (`main/host/web-main.ts`) with a throwaway data folder and emulated
 *  hardware. `rendererDir` defaults to the built screens (dist/renderer); tests that only need a
 *  page pass stubRendererDir(). */
export async function launchKioskProcess(
  options: { env?: NodeJS.ProcessEnv; rendererDir?: string; dataRoot?: string; args?: string[] } = {},
): Promise<KioskProcess> {
  const dataRoot = options.dataRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-'));
  const args = ['--import', 'tsx', 'main/host/web-main.ts', '--data', dataRoot, '--no-open'];
  if (options.rendererDir) args.push('--renderer', options.rendererDir);
  const child: ChildProcess = spawn(process.execPath, [...args, ...(options.args ?? [])], {
    cwd: projectRoot,
    env: { ...process.env, KIOSK_HARDWARE: 'emulated', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start in 30 s:\n${output}`)), 30_000);
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
  const origin = new URL(url).origin;
  return {
    child,
    url,
    origin,
    port: Number(new URL(url).port),
    dataRoot,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
