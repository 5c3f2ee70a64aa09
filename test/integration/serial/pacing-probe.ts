// One paced transfer across a real pseudo-terminal, watched from the receiving end: shared by the
// pacing test (what must always hold: every byte, in order, never ahead of the UART's schedule) and
// bench/serial-pacing.ts (the timing figure: how close to wire time, which depends on the machine's load).
import type { SerialPort } from 'serialport';
import { PtyLink, wireTimeMs, writePaced, type PacedWritable } from '../../../hardware/serial/index.ts';
import { closeDevice, makeTempDir, openDevice } from './helpers.ts';

export interface Arrival {
  /** Since just before writePaced was called. */
  atMs: number;
  /** Bytes received so far, this chunk included. */
  totalBytes: number;
}

export interface PacingLink {
  sender: SerialPort;
  receiver: SerialPort;
  close(): Promise<void>;
}

export async function openPacingLink(name = 'pacing'): Promise<PacingLink> {
  const temp = makeTempDir();
  const link = new PtyLink({ dir: temp.dir, name });
  await link.plug();
  const sender = await openDevice(link.devicePath);
  const receiver = await openDevice(link.hostPath);
  return {
    sender,
    receiver,
    async close() {
      await closeDevice(sender);
      await closeDevice(receiver);
      await link.unplug();
      temp.remove();
    },
  };
}

/** A buffer whose every byte says where it stands, so a lost, doubled or swapped byte shows. */
export function numberedBytes(count: number): Buffer {
  return Buffer.from(Array.from({ length: count }, (_, i) => i % 251));
}

export interface Transfer {
  arrivals: Arrival[];
  /** What the receiving end read, in order. */
  received: Buffer;
  /** Bytes writePaced handed to the port (all of them unless aborted). */
  written: number;
}

/** Sends `bytes` paced at `baudRate` and records when each chunk reaches the other end. Waits (up to
 *  `settleMs` after the write ends) until all written bytes have arrived. */
export async function pacedTransfer(
  link: PacingLink,
  bytes: Buffer,
  baudRate: number,
  options: { signal?: AbortSignal; settleMs?: number; onWritten?: (written: number) => void } = {},
): Promise<Transfer & { error: unknown }> {
  const arrivals: Arrival[] = [];
  const chunks: Buffer[] = [];
  let received = 0;
  let written = 0;
  // Counts what writePaced hands over, so a test knows what must arrive without timing anything.
  const counting: PacedWritable = {
    write: (chunk) => {
      written += chunk.length;
      const accepted = link.sender.write(chunk);
      options.onWritten?.(written);
      return accepted;
    },
    drain: (callback) => link.sender.drain(callback),
  };
  const start = performance.now();
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    chunks.push(chunk);
    arrivals.push({ atMs: performance.now() - start, totalBytes: received });
  };
  link.receiver.on('data', onData);
  let error: unknown = null;
  try {
    await writePaced(counting, bytes, baudRate, options.signal).catch((reason: unknown) => {
      error = reason;
    });
    const deadline = performance.now() + (options.settleMs ?? 5_000);
    while (received < written && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  } finally {
    link.receiver.off('data', onData);
  }
  return { arrivals, received: Buffer.concat(chunks), written, error };
}

/** How far ahead of (bytes) or behind (ms) the ideal UART schedule the receiver ever was. */
export function worstScheduleError(
  arrivals: Arrival[],
  baudRate: number,
): { aheadBytes: number; behindMs: number } {
  let aheadBytes = 0;
  let behindMs = 0;
  for (const { atMs, totalBytes } of arrivals) {
    const idealBytes = Math.floor((atMs * baudRate) / 10 / 1000);
    aheadBytes = Math.max(aheadBytes, totalBytes - idealBytes);
    behindMs = Math.max(behindMs, atMs - wireTimeMs(totalBytes, baudRate));
  }
  return { aheadBytes, behindMs };
}
