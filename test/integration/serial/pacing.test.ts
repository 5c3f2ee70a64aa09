// writePaced over a real pseudo-terminal: what holds whatever the machine's load. How close a transfer
// comes to wire time is a timing figure and lives in bench/serial-pacing.ts (`npm run bench:serial-pacing`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireTimeMs } from '../../../hardware/serial/index.ts';
import {
  numberedBytes,
  openPacingLink,
  pacedTransfer,
  worstScheduleError,
  type PacingLink,
} from './pacing-probe.ts';

const BUFFER_BYTES = 4096;

let link: PacingLink;
beforeAll(async () => {
  link = await openPacingLink();
});
afterAll(() => link.close());

describe('writePaced over a real pseudo-terminal', () => {
  for (const baudRate of [9600, 115200]) {
    it(`delivers ${BUFFER_BYTES} bytes at ${baudRate} baud complete, in order, and never faster than the line`, async () => {
      const sent = numberedBytes(BUFFER_BYTES);
      const { arrivals, received, error } = await pacedTransfer(link, sent, baudRate);
      expect(error).toBeNull();
      expect(received.equals(sent)).toBe(true);
      // Pacing is applied: a pty alone would pass 4 KiB at once. Load can only make the transfer
      // slower, so this lower bound cannot flake; the last byte is due one byte-time before the end.
      expect(arrivals.at(-1)!.atMs).toBeGreaterThanOrEqual(wireTimeMs(BUFFER_BYTES - 1, baudRate));
      // Never ahead of a real UART by more than one byte of rounding (load only delays bytes).
      expect(worstScheduleError(arrivals, baudRate).aheadBytes).toBeLessThanOrEqual(1);
    });
  }

  it('stops sending when aborted: what was handed over arrives, nothing after', async () => {
    const controller = new AbortController();
    const sent = numberedBytes(BUFFER_BYTES);
    // Cancelled once about 100 ms of line (96 bytes at 9600 baud) is handed over: counted, not timed.
    const transfer = await pacedTransfer(link, sent, 9600, {
      signal: controller.signal,
      onWritten: (written) => written >= 96 && controller.abort(new Error('cancelled by test')),
    });
    expect((transfer.error as Error).message).toBe('cancelled by test');
    // Stopped part-way (the whole buffer is about 4.3 s of line at 9600 baud) ...
    expect(transfer.written).toBeGreaterThan(0);
    expect(transfer.written).toBeLessThan(BUFFER_BYTES);
    // ... and exactly the bytes handed over before the abort arrived, in order; none follow later.
    expect(transfer.received.equals(sent.subarray(0, transfer.written))).toBe(true);
    const late: Buffer[] = [];
    const onData = (chunk: Buffer): void => void late.push(chunk);
    link.receiver.on('data', onData);
    await new Promise((resolve) => setTimeout(resolve, 200));
    link.receiver.off('data', onData);
    expect(Buffer.concat(late).length).toBe(0);
  });
});
