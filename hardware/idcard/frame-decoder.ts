// Incremental frame decoder for the SAM protocol. Bytes from a device are untrusted: this never throws,
// it reports what it found as typed events and resynchronises on the next preamble.
import {
  HEADER_LENGTH,
  MAX_LENGTH_FIELD,
  MIN_LENGTH_FIELD,
  PREAMBLE,
  PREAMBLE_LENGTH,
  xorChecksum,
} from './protocol.ts';

export type FrameErrorCode = 'bad-checksum' | 'bad-length' | 'truncated';

export interface FrameError {
  code: FrameErrorCode;
  /** Plain English, for logs and diagnostics. */
  message: string;
}

export type DecodeEvent =
  | {
      type: 'frame';
      /** CMD PARA DATA for a command, SW1 SW2 SW3 DATA for a response. */
      body: Uint8Array;
      /** Bytes the whole frame took on the wire, preamble and checksum included. */
      frameLength: number;
    }
  | { type: 'error'; error: FrameError }
  /** Bytes skipped while looking for a preamble: line noise, or the rest of a damaged frame. */
  | { type: 'noise'; byteCount: number };

export interface FrameDecoderOptions {
  minLengthField?: number;
  maxLengthField?: number;
}

export class FrameDecoder {
  private buffer: Uint8Array = new Uint8Array(0);
  private readonly minLengthField: number;
  private readonly maxLengthField: number;

  constructor(options: FrameDecoderOptions = {}) {
    this.minLengthField = options.minLengthField ?? MIN_LENGTH_FIELD;
    this.maxLengthField = options.maxLengthField ?? MAX_LENGTH_FIELD;
  }

  /** Bytes held back waiting for the rest of a frame (or a possible preamble start). */
  get pendingByteCount(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }

  /** Feeds a chunk and returns every event it completes, in stream order. */
  push(chunk: Uint8Array): DecodeEvent[] {
    if (chunk.length > 0) this.buffer = concat(this.buffer, chunk);
    const events: DecodeEvent[] = [];
    for (;;) {
      const start = findPreamble(this.buffer, 0);
      if (start < 0) {
        // Keep a tail that could still grow into a preamble; everything before it is noise.
        const keep = partialPreambleSuffixLength(this.buffer);
        this.skip(this.buffer.length - keep, events);
        return events;
      }
      this.skip(start, events);
      if (this.buffer.length < HEADER_LENGTH) return events;

      const lengthField = (this.buffer[PREAMBLE_LENGTH]! << 8) | this.buffer[PREAMBLE_LENGTH + 1]!;
      if (lengthField < this.minLengthField || lengthField > this.maxLengthField) {
        events.push({
          type: 'error',
          error: {
            code: 'bad-length',
            message: `frame length ${lengthField} outside ${this.minLengthField}..${this.maxLengthField}`,
          },
        });
        // Only the first preamble byte is dropped: a real frame may begin inside what looked like this one.
        this.skip(1, events, false);
        continue;
      }

      const total = HEADER_LENGTH + lengthField;
      if (this.buffer.length < total) {
        // A frame cut short is only noticed when a complete, valid frame starts inside its span;
        // otherwise we would stall until the caller's timeout while the real reply sits in the buffer.
        const next = findCompleteValidFrame(this.buffer, 1, this.minLengthField, this.maxLengthField);
        if (next < 0) return events;
        events.push({
          type: 'error',
          error: {
            code: 'truncated',
            message: `frame announced ${total} bytes but another frame began after ${next}`,
          },
        });
        this.skip(next, events, false);
        continue;
      }

      const expected = xorChecksum(this.buffer, PREAMBLE_LENGTH, total - 1);
      const actual = this.buffer[total - 1]!;
      if (expected !== actual) {
        events.push({
          type: 'error',
          error: {
            code: 'bad-checksum',
            message: `checksum 0x${hex(actual)} where 0x${hex(expected)} was expected (${total}-byte frame)`,
          },
        });
        this.skip(1, events, false);
        continue;
      }

      // A valid-looking frame that has another complete valid frame starting inside it is a false
      // preamble in noise whose checksum matched by chance (1 in 256): the inner frame is the real one.
      const inner = findCompleteValidFrame(this.buffer, 1, this.minLengthField, this.maxLengthField);
      if (inner > 0 && inner < total) {
        this.skip(inner, events);
        continue;
      }

      events.push({ type: 'frame', body: this.buffer.slice(HEADER_LENGTH, total - 1), frameLength: total });
      this.buffer = this.buffer.subarray(total);
    }
  }

  private skip(count: number, events: DecodeEvent[], report = true): void {
    if (count <= 0) return;
    this.buffer = this.buffer.subarray(count);
    if (!report) return;
    const last = events[events.length - 1];
    if (last?.type === 'noise') last.byteCount += count;
    else events.push({ type: 'noise', byteCount: count });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return Uint8Array.from(b);
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

function findPreamble(bytes: Uint8Array, from: number): number {
  const last = bytes.length - PREAMBLE_LENGTH;
  outer: for (let i = from; i <= last; i += 1) {
    for (let j = 0; j < PREAMBLE_LENGTH; j += 1) {
      if (bytes[i + j] !== PREAMBLE[j]) continue outer;
    }
    return i;
  }
  return -1;
}

/** Length of the longest suffix of `bytes` that is a proper prefix of the preamble. */
function partialPreambleSuffixLength(bytes: Uint8Array): number {
  for (let length = Math.min(PREAMBLE_LENGTH - 1, bytes.length); length > 0; length -= 1) {
    let matches = true;
    for (let j = 0; j < length; j += 1) {
      if (bytes[bytes.length - length + j] !== PREAMBLE[j]) {
        matches = false;
        break;
      }
    }
    if (matches) return length;
  }
  return 0;
}

function findCompleteValidFrame(
  bytes: Uint8Array,
  from: number,
  minLength: number,
  maxLength: number,
): number {
  for (let start = findPreamble(bytes, from); start >= 0; start = findPreamble(bytes, start + 1)) {
    if (bytes.length < start + HEADER_LENGTH) return -1;
    const lengthField = (bytes[start + PREAMBLE_LENGTH]! << 8) | bytes[start + PREAMBLE_LENGTH + 1]!;
    if (lengthField < minLength || lengthField > maxLength) continue;
    const end = start + HEADER_LENGTH + lengthField;
    if (end > bytes.length) continue;
    if (xorChecksum(bytes, start + PREAMBLE_LENGTH, end - 1) === bytes[end - 1]) return start;
  }
  return -1;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}
