/** What writePaced needs from a port: serialport's SerialPort fits, so does any Node writable stream. */
export interface PacedWritable {
  write(bytes: Buffer): boolean;
  drain(callback: (error?: Error | null) => void): void;
}

/** Start bit + 8 data bits + stop bit: 10 bit times per byte on an 8N1 line. */
const BITS_PER_BYTE = 10;
/** How much line time one slice carries: short enough to look continuous, long enough for timer granularity. */
const SLICE_MS = 1.5;

/** Time the bytes take on the wire at this baud rate (8N1), i.e. the physical floor of any transfer. */
export function wireTimeMs(byteCount: number, baudRate: number): number {
  return ((byteCount * BITS_PER_BYTE) / baudRate) * 1000;
}

/** How many whole bytes a UART has finished sending after `elapsedMs`. */
export function bytesAllowedAt(elapsedMs: number, baudRate: number): number {
  return Math.floor((elapsedMs * baudRate) / BITS_PER_BYTE / 1000);
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('Paced write was cancelled');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function drain(port: PacedWritable): Promise<void> {
  return new Promise((resolve, reject) => port.drain((error) => (error ? reject(error) : resolve())));
}

/**
 * Writes bytes so that they arrive at wire speed (10 bits a byte at baudRate), because a pty delivers
 * instantly while a real UART does not. The schedule is computed from the start time, so timer lateness
 * never accumulates into drift: each wake-up sends whatever the line would have finished by then.
 * Rejects with the signal's reason when aborted; bytes already written stay written.
 */
export async function writePaced(
  port: PacedWritable,
  bytes: Uint8Array,
  baudRate: number,
  signal?: AbortSignal,
): Promise<void> {
  if (!(baudRate > 0)) throw new RangeError(`Baud rate must be positive, got ${baudRate}`);
  const total = bytes.length;
  const sliceBytes = Math.max(1, Math.round((SLICE_MS * baudRate) / BITS_PER_BYTE / 1000));
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    if (signal?.aborted) throw abortReason(signal);
    const elapsed = performance.now() - start;
    const allowed = Math.min(total, bytesAllowedAt(elapsed, baudRate));
    if (allowed > sent) {
      const accepted = port.write(view.subarray(sent, allowed));
      sent = allowed;
      if (!accepted) await drain(port);
      continue;
    }
    const nextDueMs = wireTimeMs(Math.min(total, sent + sliceBytes), baudRate);
    await sleep(Math.max(0, nextDueMs - elapsed), signal);
  }
  await drain(port);
}
