import { spawn, execFileSync } from 'node:child_process';
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PtyLink } from '../../../hardware/serial/index.ts';
import { closeDevice, collect, delay, makeTempDir, openDevice } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function socatProcessesFor(path: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `socat.*${path}`], { encoding: 'utf8' })
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

describe('PtyLink', () => {
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

  it('removes both links and the socat process on unplug, and can be plugged again', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = new PtyLink({ dir: temp.dir, name: 'printer' });
    await link.plug();
    cleanups.push(() => link.unplug());
    expect(socatProcessesFor(link.hostPath)).toHaveLength(1);
    await link.unplug();
    expect(link.plugged).toBe(false);
    expect(existsSync(link.hostPath) || existsSync(link.devicePath)).toBe(false);
    expect(socatProcessesFor(link.hostPath)).toEqual([]);
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
    it(`leaves no socat behind when the owning process ${how}`, async () => {
      const temp = makeTempDir();
      cleanups.push(temp.remove);
      const modulePath = join(process.cwd(), 'hardware/serial/pty-link.ts');
      const script = `
        import { PtyLink } from ${JSON.stringify(modulePath)};
        const link = new PtyLink({ dir: ${JSON.stringify(temp.dir)}, name: 'orphan' });
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
      expect(socatProcessesFor(hostPath)).toHaveLength(1);
      child.stdin.write('go\n');
      await exited;
      expect(await waitUntil(() => socatProcessesFor(hostPath).length === 0, 3000)).toBe(true);
    });
  }
});
