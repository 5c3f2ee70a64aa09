import { spawn, execFileSync } from 'node:child_process';
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PtyLink as PtyLinkClass, ptyBackend } from '../../../hardware/serial/index.ts';
import { closeDevice, collect, delay, makeTempDir, openDevice } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The relay processes (socat or the python3 fallback) holding the links at `path`. */
function relayProcessesFor(path: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `(socat|python3).*${path}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (condition()) return true;
    await delay(10);
  }
  return condition();
}

describe('choosing the backend', () => {
  it('KIOSK_PTY_BACKEND forces one; otherwise socat where installed, python3 where not', () => {
    expect(ptyBackend({ KIOSK_PTY_BACKEND: 'python' })).toBe('python');
    expect(ptyBackend({ KIOSK_PTY_BACKEND: 'socat' })).toBe('socat');
    expect(ptyBackend({}, '/usr/bin/socat')).toBe(existsSync('/usr/bin/socat') ? 'socat' : 'python');
    expect(ptyBackend({}, '/nonexistent/socat')).toBe('python');
  });

  it('on a machine without socat the pair is made by python3 and carries bytes', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = new PtyLinkClass({ dir: temp.dir, name: 'fresh', socatPath: '/nonexistent/socat' });
    expect(link.backend).toBe('python');
    await link.plug();
    cleanups.push(() => link.unplug());
    const host = await openDevice(link.hostPath);
    const device = await openDevice(link.devicePath);
    cleanups.push(() => closeDevice(host));
    cleanups.push(() => closeDevice(device));
    const received = new Promise<Buffer>((resolve) => device.once('data', resolve));
    host.write(Buffer.from([0x1b, 0x40]));
    expect([...(await received)]).toEqual([0x1b, 0x40]);
  });

  it('socat forced where it is missing says how to go on instead of only "No such file"', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = new PtyLinkClass({
      dir: temp.dir,
      name: 'nosocat',
      backend: 'socat',
      socatPath: '/nonexistent/socat',
    });
    await expect(link.plug()).rejects.toThrow(/KIOSK_PTY_BACKEND=python/);
    expect(link.plugged).toBe(false);
  });
});

// Every behaviour holds for both ways of making the pair. The python3 relay is what a fresh machine
// without socat uses (`npm start` needs no system package); it is forced here so CI, which has socat,
// proves it too.
describe.each(['socat', 'python'] as const)('PtyLink (%s)', (backend) => {
  const PtyLink = class extends PtyLinkClass {
    constructor(options: { dir: string; name: string }) {
      super({ ...options, backend });
    }
  };
  it('connects the device end to the host end in both directions', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = new PtyLink({ dir: temp.dir, name: 'reader' });
    expect(link.hostPath).toBe(join(temp.dir, 'reader-host'));
    expect(link.devicePath).toBe(join(temp.dir, 'reader-device'));
    expect(link.plugged).toBe(false);
    await link.plug();
    cleanups.push(() => link.unplug());
    expect(link.plugged).toBe(true);
    expect(lstatSync(link.hostPath).isSymbolicLink()).toBe(true);

    const host = await openDevice(link.hostPath);
    const device = await openDevice(link.devicePath);
    cleanups.push(() => closeDevice(host));
    cleanups.push(() => closeDevice(device));
    const toDevice = new Promise<Buffer>((resolve) => {
      const accept = collect(4);
      device.on('data', (chunk: Buffer) => {
        const done = accept(chunk);
        if (done) resolve(done);
      });
    });
    host.write(Buffer.from([0xaa, 0xaa, 0xaa, 0x96]));
    expect([...(await toDevice)]).toEqual([0xaa, 0xaa, 0xaa, 0x96]);
    const toHost = new Promise<Buffer>((resolve) => host.once('data', resolve));
    device.write(Buffer.from([0x00]));
    expect([...(await toHost)]).toEqual([0x00]);
  });

  it('removes both links and the relay process on unplug, and can be plugged again', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = new PtyLink({ dir: temp.dir, name: 'printer' });
    await link.plug();
    cleanups.push(() => link.unplug());
    expect(relayProcessesFor(link.hostPath)).toHaveLength(1);
    await link.unplug();
    expect(link.plugged).toBe(false);
    expect(existsSync(link.hostPath) || existsSync(link.devicePath)).toBe(false);
    expect(relayProcessesFor(link.hostPath)).toEqual([]);
    await link.unplug(); // idempotent
    await link.plug();
    expect(existsSync(link.hostPath) && existsSync(link.devicePath)).toBe(true);
  });

  it('replaces links left behind by a run that was killed', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = new PtyLink({ dir: temp.dir, name: 'stale' });
    symlinkSync('/dev/pts/does-not-exist', link.hostPath);
    symlinkSync('/dev/pts/does-not-exist', link.devicePath);
    await link.plug();
    cleanups.push(() => link.unplug());
    const host = await openDevice(link.hostPath);
    cleanups.push(() => closeDevice(host));
    expect(host.isOpen).toBe(true);
  });

  for (const [how, code] of [
    ['exits normally', 'process.exit(0)'],
    ['is killed with SIGKILL', "process.kill(process.pid, 'SIGKILL')"],
  ] as const) {
    it(`leaves no relay behind when the owning process ${how}`, async () => {
      const temp = makeTempDir();
      cleanups.push(temp.remove);
      const modulePath = join(process.cwd(), 'hardware/serial/pty-link.ts');
      const script = `
        import { PtyLink } from ${JSON.stringify(modulePath)};
        const link = new PtyLink({ dir: ${JSON.stringify(temp.dir)}, name: 'orphan', backend: '${backend}' });
        await link.plug();
        console.log('plugged');
        process.stdin.once('data', () => { ${code}; });
      `;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const plugged = new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await plugged;
      const hostPath = join(temp.dir, 'orphan-host');
      expect(relayProcessesFor(hostPath)).toHaveLength(1);
      child.stdin.write('go\n');
      await exited;
      expect(await waitUntil(() => relayProcessesFor(hostPath).length === 0, 3000)).toBe(true);
    });
  }
});
