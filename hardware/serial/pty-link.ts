import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceLogger } from './supervised-port.ts';

const SOCAT = '/usr/bin/socat';
// With setpriv, the kernel sends socat SIGTERM when this process dies, even by SIGKILL, so a crashed
// test run cannot leave a socat holding the links. The 'exit' hook below covers normal exits too.
const SETPRIV = '/usr/bin/setpriv';
const PLUG_TIMEOUT_MS = 5000;
const EXIT_TIMEOUT_MS = 2000;
const POLL_MS = 5;

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGTERM');
  });
}

async function isPresent(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function removeIfPresent(path: string): Promise<void> {
  if (await isPresent(path)) await unlink(path).catch(() => undefined);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export interface PtyLinkOptions {
  dir: string;
  name: string;
  logger?: DeviceLogger;
}

/**
 * A pseudo-terminal pair made with `socat`, at stable symlink paths, that can be unplugged and plugged
 * back. devicePath: the end an emulator opens; hostPath: the end the driver opens (what a real tty would
 * be). Unplugging kills socat, so both ends hang up and the links disappear, as with a pulled USB cable.
 */
export class PtyLink {
  readonly hostPath: string;
  readonly devicePath: string;
  private child: ChildProcess | undefined;
  private stderrTail = '';
  private readonly logger: DeviceLogger | undefined;
  private readonly dir: string;

  constructor(options: PtyLinkOptions) {
    this.dir = options.dir;
    this.hostPath = join(options.dir, `${options.name}-host`);
    this.devicePath = join(options.dir, `${options.name}-device`);
    this.logger = options.logger;
  }

  get plugged(): boolean {
    return this.child !== undefined;
  }

  /** Starts socat; resolves once both links exist. Does nothing when already plugged. */
  async plug(): Promise<void> {
    if (this.child) return;
    await mkdir(this.dir, { recursive: true });
    // Links left by a killed earlier run would make the wait below succeed before socat is ready.
    await removeIfPresent(this.hostPath);
    await removeIfPresent(this.devicePath);
    const socatArgs = [
      '-d',
      '-d',
      `pty,raw,echo=0,link=${this.hostPath}`,
      `pty,raw,echo=0,link=${this.devicePath}`,
    ];
    const [command, args] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'TERM', '--', SOCAT, ...socatArgs]]
      : [SOCAT, socatArgs];
    installExitHook();
    this.stderrTail = '';
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    liveChildren.add(child);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-2000);
    });
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      if (this.child === child) {
        this.child = undefined;
        this.logger?.warn('pty-link.exited', { hostPath: this.hostPath, code, signal });
      }
    });

    const deadline = performance.now() + PLUG_TIMEOUT_MS;
    while (!(existsSync(this.hostPath) && existsSync(this.devicePath))) {
      const exited = child.exitCode !== null || child.signalCode !== null || spawnError !== undefined;
      if (exited || performance.now() > deadline) {
        await this.unplug();
        const why = spawnError?.message ?? this.stderrTail.trim().split('\n').pop() ?? 'no output';
        throw new Error(`Could not create the pseudo-terminal pair ${this.hostPath}: ${why}`);
      }
      await delay(POLL_MS);
    }
    this.logger?.info('pty-link.plugged', { hostPath: this.hostPath, devicePath: this.devicePath });
  }

  /** Kills socat and waits for it to exit; both ends hang up and the links disappear. */
  async unplug(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, EXIT_TIMEOUT_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, EXIT_TIMEOUT_MS);
    }
    liveChildren.delete(child);
    // socat removes its links on SIGTERM, but not after SIGKILL.
    await removeIfPresent(this.hostPath);
    await removeIfPresent(this.devicePath);
    this.logger?.info('pty-link.unplugged', { hostPath: this.hostPath });
  }
}
