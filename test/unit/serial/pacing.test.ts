import { describe, expect, it } from 'vitest';
import {
  bytesAllowedAt,
  wireTimeMs,
  writePaced,
  type PacedWritable,
} from '../../../hardware/serial/index.ts';

describe('wire time', () => {
  it('counts 10 bits a byte (8N1)', () => {
    expect(wireTimeMs(960, 9600)).toBe(1000);
    expect(wireTimeMs(4096, 115200)).toBeCloseTo(355.56, 2);
    expect(wireTimeMs(0, 9600)).toBe(0);
  });

  it('allows only whole bytes the line has finished', () => {
    expect(bytesAllowedAt(0, 9600)).toBe(0);
    expect(bytesAllowedAt(1.04, 9600)).toBe(0);
    expect(bytesAllowedAt(1.042, 9600)).toBe(1);
    expect(bytesAllowedAt(1000, 9600)).toBe(960);
    expect(bytesAllowedAt(wireTimeMs(4096, 115200), 115200)).toBe(4096);
  });
});

/** An in-memory sink that records when each slice was written and refuses more after `highWaterMark`. */
class RecordingSink implements PacedWritable {
  readonly slices: Array<{ atMs: number; length: number }> = [];
  drains = 0;
  private readonly start = performance.now();
  constructor(private readonly highWaterMark = Infinity) {}

  write(bytes: Buffer): boolean {
    this.slices.push({ atMs: performance.now() - this.start, length: bytes.length });
    return bytes.length < this.highWaterMark;
  }

  drain(callback: (error?: Error | null) => void): void {
    this.drains += 1;
    setImmediate(() => callback(null));
  }
}

describe('writePaced', () => {
  it('writes every byte once, in order, in small slices that never run ahead of the line', async () => {
    const sink = new RecordingSink();
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    await writePaced(sink, bytes, 19200);
    expect(sink.slices.reduce((sum, slice) => sum + slice.length, 0)).toBe(300);
    let sent = 0;
    for (const slice of sink.slices) {
      sent += slice.length;
      expect(sent).toBeLessThanOrEqual(bytesAllowedAt(slice.atMs, 19200));
    }
    // ~1.5 ms (3 bytes) of line time per slice; a late timer makes one slice bigger, not the stream burstier.
    expect(sink.slices.length).toBeGreaterThan(30);
    const last = sink.slices.at(-1)!;
    expect(last.atMs).toBeGreaterThanOrEqual(wireTimeMs(300, 19200));
  });

  it('waits for drain when the port refuses more, and drains at the end', async () => {
    const sink = new RecordingSink(2);
    await writePaced(sink, Buffer.alloc(40), 115200);
    expect(sink.drains).toBeGreaterThan(1);
  });

  it('rejects at once when the signal is already aborted, writing nothing', async () => {
    const sink = new RecordingSink();
    await expect(
      writePaced(sink, Buffer.alloc(10), 9600, AbortSignal.abort(new Error('gone'))),
    ).rejects.toThrow('gone');
    expect(sink.slices).toEqual([]);
  });

  it('refuses a baud rate that is not positive', async () => {
    await expect(writePaced(new RecordingSink(), Buffer.alloc(1), 0)).rejects.toThrow(RangeError);
  });

  it('accepts a Uint8Array that is a view into a larger buffer', async () => {
    const sink = new RecordingSink();
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const written: number[] = [];
    sink.write = (bytes: Buffer) => {
      written.push(...bytes);
      return true;
    };
    await writePaced(sink, backing.subarray(2, 5), 115200);
    expect(written).toEqual([1, 2, 3]);
  });
});
