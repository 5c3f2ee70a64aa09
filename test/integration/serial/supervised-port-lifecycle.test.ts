import { afterEach, describe, expect, it } from 'vitest';
import type { SerialPort } from 'serialport';
import {
  PortClosedError,
  PtyLink,
  SupervisedPort,
  type PortListing,
} from '../../../hardware/serial/index.ts';
import { closeDevice, collect, delay, echo, makeTempDir, openDevice, waitForState } from './helpers.ts';
import { rawLogger } from '../../support/log.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function plugged(dir: string, name: string): Promise<PtyLink> {
  const link = new PtyLink({ dir, name });
  await link.plug();
  cleanups.push(() => link.unplug());
  return link;
}

async function device(path: string): Promise<SerialPort> {
  const port = await openDevice(path);
  cleanups.push(() => closeDevice(port));
  return port;
}

function supervised(options: ConstructorParameters<typeof SupervisedPort>[0]): SupervisedPort {
  const port = new SupervisedPort({ backoff: { initialMs: 20, maxMs: 80 }, ...options });
  cleanups.push(() => port.stop());
  return port;
}

describe('SupervisedPort lifecycle', () => {
  it('finds the port by USB ids at every attempt, following the adapter to a new path after a replug', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    // The enumeration is what the OS would report: the adapter at whichever pty currently stands for it.
    let adapterAt: string | undefined;
    const listPorts = async (): Promise<PortListing[]> => [
      { path: '/dev/ttyS0' },
      ...(adapterAt
        ? [{ path: adapterAt, vendorId: '1A86', productId: '7523', serialNumber: 'KIOSK-01' }]
        : []),
    ];
    const first = await plugged(temp.dir, 'usb0');
    adapterAt = first.hostPath;
    echo(await device(first.devicePath));
    const host = supervised({
      name: 'idcard',
      baudRate: 115200,
      locator: { usb: { vendorId: '1a86', productId: '7523', serialNumber: 'KIOSK-01' } },
      listPorts,
    });
    host.start();
    await waitForState(host, 'open');
    expect(host.path).toBe(first.hostPath);

    await first.unplug();
    adapterAt = undefined;
    await waitForState(host, 'backoff');
    await delay(100);
    expect(host.lastError).toBe('USB device 1a86:7523 with serial number KIOSK-01 is not connected');

    const second = await plugged(temp.dir, 'usb1');
    echo(await device(second.devicePath));
    adapterAt = second.hostPath;
    await waitForState(host, 'open');
    expect(host.path).toBe(second.hostPath);
    const reply = await host.run(async (io) => {
      await io.write(Buffer.from('ping'));
      return io.read(collect(4), 1000);
    }, 2000);
    expect(reply.toString()).toBe('ping');
  });

  it('says the port is in use by another program, and opens once that program lets go', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = await plugged(temp.dir, 'busy');
    const otherProgram = await openDevice(link.hostPath);
    const host = supervised({ name: 'printer', baudRate: 9600, locator: { path: link.hostPath } });
    host.start();
    await waitForState(host, 'backoff');
    expect(host.lastError).toBe('Port ' + link.hostPath + ' is in use by another program');
    await closeDevice(otherProgram);
    await waitForState(host, 'open');
  });

  it('explains a missing port and keeps trying until it appears', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = new PtyLink({ dir: temp.dir, name: 'late' });
    const host = supervised({ name: 'printer', baudRate: 9600, locator: { path: link.hostPath } });
    host.start();
    await waitForState(host, 'backoff');
    expect(host.lastError).toBe(`Port ${link.hostPath} does not exist (unplugged?)`);
    await expect(host.run(async () => 1, 100)).rejects.toThrow(
      `The printer port is not open: Port ${link.hostPath} does not exist (unplugged?)`,
    );
    await link.plug();
    cleanups.push(() => link.unplug());
    await waitForState(host, 'open');
  });

  it('stops: closes the port for other programs, fails waiting jobs, and retries no more', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = await plugged(temp.dir, 'stop');
    await device(link.devicePath);
    const host = supervised({ name: 'idcard', baudRate: 9600, locator: { path: link.hostPath } });
    const states: string[] = [];
    host.on('state', (state: string) => states.push(state));
    host.start();
    await waitForState(host, 'open');
    const running = host.run(async (io) => io.read(() => undefined, 5000), 5000);
    const waiting = host.run(async () => 'never ran', 5000);
    const runningFails = expect(running).rejects.toBeInstanceOf(PortClosedError);
    const waitingFails = expect(waiting).rejects.toThrow('The idcard port was stopped');
    await host.stop();
    await runningFails;
    await waitingFails;
    expect(host.state).toBe('stopped');
    const otherProgram = await openDevice(link.hostPath);
    await closeDevice(otherProgram);
    await delay(100);
    expect(states).toEqual(['opening', 'open', 'stopped']);

    host.start();
    await waitForState(host, 'open');
  });

  it('stops while backing off without opening again', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = new PtyLink({ dir: temp.dir, name: 'stop-backoff' });
    const host = supervised({ name: 'printer', baudRate: 9600, locator: { path: link.hostPath } });
    host.start();
    await waitForState(host, 'backoff');
    await host.stop();
    await link.plug();
    cleanups.push(() => link.unplug());
    await delay(200);
    expect(host.state).toBe('stopped');
    const otherProgram = await openDevice(link.hostPath);
    await closeDevice(otherProgram);
  });

  it('probes only while no job is using the port, and counts a busy device as alive', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = await plugged(temp.dir, 'idle-probe');
    const dev = await device(link.devicePath);
    const probesSeen: number[] = [];
    let jobRunning = false;
    dev.on('data', (chunk: Buffer) => {
      if (chunk.includes(0x3f)) {
        probesSeen.push(jobRunning ? 1 : 0);
        dev.write('!');
      }
    });
    const host = supervised({
      name: 'printer',
      baudRate: 9600,
      locator: { path: link.hostPath },
      heartbeat: {
        intervalMs: 30,
        probe: async (io) => {
          await io.write(Buffer.from('?'));
          await io.read((chunk) => (chunk.includes(0x21) ? true : undefined), 25);
        },
      },
    });
    host.start();
    await waitForState(host, 'open');
    await host.run(async () => {
      jobRunning = true;
      await delay(300);
      jobRunning = false;
    }, 1000);
    await delay(150);
    expect(probesSeen.filter((duringJob) => duringJob === 1)).toEqual([]);
    expect(probesSeen.length).toBeGreaterThan(1);
    expect(host.state).toBe('open');
  });

  it('reports traffic as rx/tx events and logs state changes without any payload bytes', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = await plugged(temp.dir, 'traffic');
    echo(await device(link.devicePath));
    const logger = rawLogger();
    const host = supervised({ name: 'idcard', baudRate: 9600, locator: { path: link.hostPath }, logger });
    const rx: Buffer[] = [];
    const tx: Buffer[] = [];
    host.on('rx', (chunk: Buffer) => rx.push(chunk));
    host.on('tx', (chunk: Buffer) => tx.push(chunk));
    host.start();
    await waitForState(host, 'open');
    await host.run(async (io) => {
      await io.write(Buffer.from('110101199003074477'));
      await io.read(collect(18), 1000);
    }, 2000);
    expect(Buffer.concat(tx).toString()).toBe('110101199003074477');
    expect(Buffer.concat(rx).toString()).toBe('110101199003074477');
    await link.unplug();
    await waitForState(host, 'backoff');
    const events = logger.lines.map(([level, event]) => `${level} ${event}`);
    expect(events).toContain('info serial.open');
    expect(events).toContain('warn serial.lost');
    expect(JSON.stringify(logger.lines)).not.toContain('110101199003074477');
  });

  it('changes the baud rate for the current connection only, and refuses nonsense', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const link = await plugged(temp.dir, 'baud-life');
    const host = supervised({ name: 'printer', baudRate: 9600, locator: { path: link.hostPath } });
    await expect(host.setBaudRate(19200)).rejects.toBeInstanceOf(PortClosedError);
    host.start();
    await waitForState(host, 'open');
    await expect(host.setBaudRate(-5)).rejects.toThrow(RangeError);
    expect(host.baudRate).toBe(9600);
    await host.setBaudRate(19200);
    expect(host.baudRate).toBe(19200);
    expect(host.state).toBe('open');

    await link.unplug();
    await waitForState(host, 'backoff');
    await link.plug();
    await waitForState(host, 'open');
    expect(host.baudRate).toBe(9600);
  });
});
