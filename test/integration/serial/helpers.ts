import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import {
  PtyLink,
  SupervisedPort,
  type PortState,
  type SupervisedPortOptions,
} from '../../../hardware/serial/index.ts';

export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'serial-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The device end, played by a plain SerialPort, as an emulator would. */
export async function openDevice(path: string, baudRate = 9600): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  port.on('error', () => undefined);
  return port;
}

export function closeDevice(port: SerialPort): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  return new Promise((resolve) => port.close(() => resolve()));
}

/** Echoes every chunk back, like a loop-back plug. */
export function echo(port: SerialPort): void {
  port.on('data', (chunk: Buffer) => port.write(chunk));
}

export function waitForState(port: SupervisedPort, state: PortState, timeoutMs = 5000): Promise<void> {
  if (port.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      port.off('state', onState);
      reject(new Error(`state stayed ${port.state} (wanted ${state}); lastError: ${port.lastError}`));
    }, timeoutMs);
    const onState = (next: PortState): void => {
      if (next !== state) return;
      clearTimeout(timer);
      port.off('state', onState);
      resolve();
    };
    port.on('state', onState);
  });
}

/** Accumulates chunks until `length` bytes have arrived. */
export function collect(length: number): (chunk: Buffer) => Buffer | undefined {
  let received = Buffer.alloc(0);
  return (chunk) => {
    received = Buffer.concat([received, chunk]);
    return received.length >= length ? received : undefined;
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Rig {
  link: PtyLink;
  host: SupervisedPort;
  device: SerialPort;
  states: Array<[PortState, string | undefined]>;
  cleanup: () => Promise<void>;
}

/** A plugged PtyLink, an open SupervisedPort on its host end, and a SerialPort on its device end. */
export async function makeRig(name: string, options: Partial<SupervisedPortOptions> = {}): Promise<Rig> {
  const temp = makeTempDir();
  const link = new PtyLink({ dir: temp.dir, name });
  await link.plug();
  const device = await openDevice(link.devicePath, options.baudRate ?? 9600);
  const host = new SupervisedPort({
    name,
    locator: { path: link.hostPath },
    baudRate: 9600,
    backoff: { initialMs: 20, maxMs: 100 },
    ...options,
  });
  const states: Array<[PortState, string | undefined]> = [];
  host.on('state', (state: PortState, lastError?: string) => states.push([state, lastError]));
  host.start();
  await waitForState(host, 'open');
  return {
    link,
    host,
    device,
    states,
    cleanup: async () => {
      await host.stop();
      await closeDevice(device);
      await link.unplug();
      temp.remove();
    },
  };
}
