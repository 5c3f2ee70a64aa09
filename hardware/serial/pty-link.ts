import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../common/log.ts';

const SOCAT = '/usr/bin/socat';
// With setpriv, the kernel sends the relay SIGTERM when this process dies, even by SIGKILL, so a crashed
// test run cannot leave a relay holding the links. The 'exit' hook below covers normal exits too.
const SETPRIV = '/usr/bin/setpriv';
const PYTHON_CANDIDATES = ['/usr/bin/python3', '/usr/local/bin/python3', '/bin/python3'];

/** Who makes the pseudo-terminal pair: socat where it is installed (CI, `.ci/run`), else python3's pty
 *  module, which every Linux development machine has, so `npm start` needs no system package. */
export type PtyBackend = 'socat' | 'python';

// The python relay: two pty pairs, symlinks at the given paths, bytes copied both ways. It keeps its
// own handle on each slave end, so a driver or emulator closing and reopening its end does not make
// the master read fail (socat behaves the same for our use). SIGTERM, or its parent going away, closes
// the masters (both ends hang up, as with a pulled cable) and removes the links.
const PYTHON_RELAY = String.raw`
import fcntl, os, select, signal, sys, time, tty
host_link, device_link = sys.argv[1], sys.argv[2]
parent = os.getppid()
pairs = [os.openpty(), os.openpty()]
for master, slave in pairs:
    tty.setraw(slave)
    tty.setraw(master)
    fcntl.fcntl(master, fcntl.F_SETFL, fcntl.fcntl(master, fcntl.F_GETFL) | os.O_NONBLOCK)
links = [(host_link, os.ttyname(pairs[0][1])), (device_link, os.ttyname(pairs[1][1]))]
def cleanup(*_):
    for link, target in links:
        try:
            if os.readlink(link) == target:
                os.unlink(link)
        except OSError:
            pass
    os._exit(0)
signal.signal(signal.SIGTERM, cleanup)
signal.signal(signal.SIGINT, cleanup)
for link, target in links:
    os.symlink(target, link)
sys.stderr.write('ready\n')
sys.stderr.flush()
peer = {pairs[0][0]: pairs[1][0], pairs[1][0]: pairs[0][0]}
def send(fd, data):
    view = memoryview(data)
    deadline = time.monotonic() + 1.0
    while view:
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            # Nobody has read this end for a second: the bytes are lost, as on a line with no listener.
            if time.monotonic() > deadline:
                return
            select.select([], [fd], [], 0.05)
while True:
    readable, _, _ = select.select(list(peer), [], [], 0.5)
    if os.getppid() != parent:
        cleanup()
    for master in readable:
        try:
            data = os.read(master, 4096)
        except OSError:
            continue
        send(peer[master], data)
`;

function findPython(): string | undefined {
  return PYTHON_CANDIDATES.find((candidate) => existsSync(candidate));
}

/** The backend `plug()` will use: KIOSK_PTY_BACKEND=socat|python forces one, otherwise socat when it
 *  is installed and python3 when it is not. */
export function ptyBackend(env: NodeJS.ProcessEnv = process.env, socatPath = SOCAT): PtyBackend {
  const forced = env.KIOSK_PTY_BACKEND;
  if (forced === 'socat' || forced === 'python') return forced;
  return existsSync(socatPath) || !findPython() ? 'socat' : 'python';
}
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
    // Absent (or unreadable, which for a link we made means the same): the answer is the value.
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
  logger?: Logger;
  /** Default: ptyBackend() (socat when installed, else python3). */
  backend?: PtyBackend;
  /** Where socat is; tests point it at a missing file to exercise a machine without it. */
  socatPath?: string;
}

/**
 * A pseudo-terminal pair made with `socat` (or, where socat is missing, a python3 relay), at stable
 * symlink paths, that can be unplugged and plugged back. devicePath: the end an emulator opens;
 * hostPath: the end the driver opens (what a real tty would be). Unplugging kills the relay, so both
 * ends hang up and the links disappear, as with a pulled USB cable.
 */
export class PtyLink {
  readonly hostPath: string;
  readonly devicePath: string;
  private child: ChildProcess | undefined;
  private stderrTail = '';
  private readonly logger: Logger | undefined;
  private readonly dir: string;
  readonly backend: PtyBackend;
  private readonly socatPath: string;

  constructor(options: PtyLinkOptions) {
    this.dir = options.dir;
    this.socatPath = options.socatPath ?? SOCAT;
    this.backend = options.backend ?? ptyBackend(process.env, this.socatPath);
    this.hostPath = join(options.dir, `${options.name}-host`);
    this.devicePath = join(options.dir, `${options.name}-device`);
    this.logger = options.logger;
  }

  get plugged(): boolean {
    return this.child !== undefined;
  }

  /** Starts the relay; resolves once both links exist. Does nothing when already plugged. */
  async plug(): Promise<void> {
    if (this.child) return;
    await mkdir(this.dir, { recursive: true });
    // Links left by a killed earlier run would make the wait below succeed before socat is ready.
    await removeIfPresent(this.hostPath);
    await removeIfPresent(this.devicePath);
    const relay = this.relayCommand();
    const [command, args] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'TERM', '--', ...relay]]
      : [relay[0]!, relay.slice(1)];
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
        const hint =
          this.backend === 'socat' && !existsSync(this.socatPath)
            ? ' (install socat, or set KIOSK_PTY_BACKEND=python to use python3 instead)'
            : '';
        throw new Error(`Could not create the pseudo-terminal pair ${this.hostPath}: ${why}${hint}`);
      }
      await delay(POLL_MS);
    }
    this.logger?.info('pty-link.plugged', {
      hostPath: this.hostPath,
      devicePath: this.devicePath,
      backend: this.backend,
    });
  }

  private relayCommand(): string[] {
    if (this.backend === 'socat') {
      return [
        this.socatPath,
        '-d',
        '-d',
        `pty,raw,echo=0,link=${this.hostPath}`,
        `pty,raw,echo=0,link=${this.devicePath}`,
      ];
    }
    const python = findPython();
    if (!python) {
      throw new Error(
        `Could not create the pseudo-terminal pair ${this.hostPath}: neither socat nor python3 is installed`,
      );
    }
    return [python, '-c', PYTHON_RELAY, this.hostPath, this.devicePath];
  }

  /** Kills the relay and waits for it to exit; both ends hang up and the links disappear. */
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
    // The relay removes its links on SIGTERM, but not after SIGKILL.
    await removeIfPresent(this.hostPath);
    await removeIfPresent(this.devicePath);
    this.logger?.info('pty-link.unplugged', { hostPath: this.hostPath });
  }
}
