// The real web host process, for end-to-end and security tests (Playwright imports this too, so
// it pulls in nothing of the kiosk but the launch-code helper).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintLaunchCode } from '../../main/host/launch-code.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface KioskProcess {
  child: ChildProcess;
  /** A fresh address to open in a browser: each read mints a new one-time launch code. */
  readonly url: string;
  origin: string;
  /** The launch secret, chosen here and handed over in the environment (never on a command line,
   *  never printed): for API clients of the tests (`/api?token=`). */
  token: string;
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
  options: {
    env?: NodeJS.ProcessEnv;
    rendererDir?: string;
    dataRoot?: string;
    args?: string[];
    /** Let the host open its browser (KIOSK_BROWSER) instead of passing --no-open. */
    openBrowser?: boolean;
  } = {},
): Promise<KioskProcess> {
  const dataRoot = options.dataRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-'));
  const args = ['--import', 'tsx', 'main/host/web-main.ts', '--data', dataRoot];
  if (!options.openBrowser) args.push('--no-open');
  if (options.rendererDir) args.push('--renderer', options.rendererDir);
  const token = randomBytes(24).toString('base64url');
  const child: ChildProcess = spawn(process.execPath, [...args, ...(options.args ?? [])], {
    cwd: projectRoot,
    env: { ...process.env, KIOSK_HARDWARE: 'emulated', KIOSK_WEB_TOKEN: token, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = await new Promise<string>((resolve, reject) => {
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
  const origin = new URL(ready).origin;
  return {
    child,
    get url() {
      return `${origin}/?launch=${mintLaunchCode(token, 60_000)}`;
    },
    origin,
    token,
    port: Number(new URL(ready).port),
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
