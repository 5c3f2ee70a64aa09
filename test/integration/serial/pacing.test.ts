import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SerialPort } from 'serialport';
import { PtyLink, wireTimeMs, writePaced } from '../../../hardware/serial/index.ts';
import { closeDevice, makeTempDir, openDevice } from './helpers.ts';

const BUFFER_BYTES = 4096;

let temp: ReturnType<typeof makeTempDir>;
let link: PtyLink;
let sender: SerialPort;
let receiver: SerialPort;

beforeAll(async () => {
  temp = makeTempDir();
  link = new PtyLink({ dir: temp.dir, name: 'pacing' });
  await link.plug();
  sender = await openDevice(link.devicePath);
  receiver = await openDevice(link.hostPath);
});

afterAll(async () => {
  await closeDevice(sender);
  await closeDevice(receiver);
  await link.unplug();
  temp.remove();
});

interface Arrival {
  atMs: number;
  totalBytes: number;
}

/** Sends a paced buffer across the pty and records when each chunk reaches the other end. */
async function measure(baudRate: number, byteCount: number, signal?: AbortSignal): Promise<Arrival[]> {
  const arrivals: Arrival[] = [];
  let received = 0;
  const start = performance.now();
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    arrivals.push({ atMs: performance.now() - start, totalBytes: received });
  };
  receiver.on('data', onData);
  try {
    await writePaced(sender, Buffer.alloc(byteCount, 0x5a), baudRate, signal);
    // Everything is handed to the OS; a pty passes it on at once, give the event loop a moment.
    await new Promise((resolve) => setTimeout(resolve, 30));
  } finally {
    receiver.off('data', onData);
  }
  return arrivals;
}

/** How far ahead of (positive) or behind (negative) the ideal UART schedule the receiver ever was. */
function worstScheduleError(arrivals: Arrival[], baudRate: number): { aheadBytes: number; behindMs: number } {
  let aheadBytes = 0;
  let behindMs = 0;
  for (const { atMs, totalBytes } of arrivals) {
    const idealBytes = Math.floor((atMs * baudRate) / 10 / 1000);
    aheadBytes = Math.max(aheadBytes, totalBytes - idealBytes);
    behindMs = Math.max(behindMs, atMs - wireTimeMs(totalBytes, baudRate));
  }
  return { aheadBytes, behindMs };
}

describe('writePaced over a real pseudo-terminal', () => {
  for (const baudRate of [9600, 115200]) {
    it(`delivers ${BUFFER_BYTES} bytes at ${baudRate} baud within 3% of wire time`, async () => {
      const arrivals = await measure(baudRate, BUFFER_BYTES);
      const last = arrivals.at(-1);
      expect(last?.totalBytes).toBe(BUFFER_BYTES);
      const ideal = wireTimeMs(BUFFER_BYTES, baudRate);
      const ratio = (last?.atMs ?? 0) / ideal;
      expect(ratio).toBeGreaterThan(0.97);
      expect(ratio).toBeLessThan(1.03);
      // Bytes trickle in along the schedule instead of arriving in a burst at the end.
      expect(arrivals.length).toBeGreaterThan(BUFFER_BYTES / Math.ceil((baudRate / 10 / 1000) * 4));
      const { aheadBytes } = worstScheduleError(arrivals, baudRate);
      // Never ahead of a real UART by more than the bytes of one timer tick's rounding.
      expect(aheadBytes).toBeLessThanOrEqual(1);
    });
  }

  it('stops sending when aborted', async () => {
    const arrivals: number[] = [];
    const onData = (chunk: Buffer): void => {
      for (let i = 0; i < chunk.length; i += 1) arrivals.push(performance.now());
    };
    receiver.on('data', onData);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by test')), 100);
    const outcome = writePaced(sender, Buffer.alloc(BUFFER_BYTES, 0x5a), 9600, controller.signal);
    await expect(outcome).rejects.toThrow('cancelled by test');
    const rejectedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 150));
    receiver.off('data', onData);
    // About 100 ms worth of bytes (96 at 9600 baud), and only the last slice may still be in the pipe.
    expect(arrivals.length).toBeGreaterThan(80);
    expect(arrivals.length).toBeLessThan(110);
    expect(arrivals.filter((at) => at > rejectedAt + 20)).toEqual([]);
  });
});
