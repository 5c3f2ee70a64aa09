import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodeEvent, FrameDecoder } from '../../../hardware/idcard/frame-decoder.ts';
import { PREAMBLE, Sw3, encodeCommand, encodeResponse } from '../../../hardware/idcard/protocol.ts';

const frames = (events: DecodeEvent[]) =>
  events.flatMap((e) => (e.type === 'frame' ? [Buffer.from(e.body).toString('hex')] : []));
const errors = (events: DecodeEvent[]) => events.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));
const bodyOf = (frame: Uint8Array) => Buffer.from(frame.subarray(7, -1)).toString('hex');

function containsPreamble(bytes: Uint8Array): boolean {
  return Buffer.from(bytes).includes(Buffer.from(PREAMBLE));
}

describe('FrameDecoder', () => {
  it('decodes a frame delivered whole, and reports its size', () => {
    const frame = encodeResponse(Sw3.findOk, new Uint8Array(4));
    const events = new FrameDecoder().push(frame);
    expect(events).toEqual([{ type: 'frame', body: frame.subarray(7, -1), frameLength: 15 }]);
  });

  it('completes a frame split one byte at a time, exactly on its last byte', () => {
    const frame = encodeResponse(Sw3.ok, new Uint8Array(4 + 256 + 1024).fill(0x5a));
    const decoder = new FrameDecoder();
    for (let i = 0; i < frame.length - 1; i += 1) expect(decoder.push(frame.subarray(i, i + 1))).toEqual([]);
    expect(frames(decoder.push(frame.subarray(-1)))).toEqual([bodyOf(frame)]);
    expect(decoder.pendingByteCount).toBe(0);
  });

  it('decodes several frames merged in one chunk, in order', () => {
    const a = encodeResponse(Sw3.ok);
    const b = encodeResponse(Sw3.findOk, new Uint8Array(4));
    const c = encodeCommand(0x20, 0x02);
    const events = new FrameDecoder().push(Buffer.concat([a, b, c]));
    expect(frames(events)).toEqual([bodyOf(a), bodyOf(b), bodyOf(c)]);
  });

  it('skips noise before a frame and says how much', () => {
    const frame = encodeResponse(Sw3.ok);
    const events = new FrameDecoder().push(Buffer.concat([Buffer.from([1, 2, 0xaa, 3, 0xaa, 0xaa]), frame]));
    expect(events[0]).toEqual({ type: 'noise', byteCount: 6 });
    expect(frames(events)).toEqual([bodyOf(frame)]);
  });

  it('holds back a partial preamble at the end of a chunk', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Uint8Array.of(7, 0xaa, 0xaa, 0xaa, 0x96))).toEqual([{ type: 'noise', byteCount: 1 }]);
    expect(decoder.pendingByteCount).toBe(4);
    expect(frames(decoder.push(encodeResponse(Sw3.ok).subarray(4)))).toHaveLength(1);
  });

  it('reports a bad checksum as a typed error and resynchronises on the next frame', () => {
    const bad = encodeResponse(Sw3.ok, Uint8Array.of(1, 2));
    bad[bad.length - 1]! ^= 0xff;
    const good = encodeResponse(Sw3.findOk, new Uint8Array(4));
    const events = new FrameDecoder().push(Buffer.concat([bad, good]));
    expect(errors(events)).toEqual(['bad-checksum']);
    expect(frames(events)).toEqual([bodyOf(good)]);
  });

  it('reports a length below the minimum or above the maximum as a bad length', () => {
    const tooShort = Uint8Array.of(...PREAMBLE, 0x00, 0x01, 0x00);
    const tooLong = Uint8Array.of(...PREAMBLE, 0xff, 0xff);
    const good = encodeResponse(Sw3.ok);
    const events = new FrameDecoder().push(Buffer.concat([tooShort, tooLong, good]));
    expect(errors(events)).toEqual(['bad-length', 'bad-length']);
    expect(frames(events)).toEqual([bodyOf(good)]);
  });

  it('notices a truncated frame as soon as a complete frame follows it', () => {
    const truncated = encodeResponse(Sw3.ok, new Uint8Array(4 + 256 + 1024)).subarray(0, 600);
    const good = encodeResponse(Sw3.findOk, new Uint8Array(4));
    const decoder = new FrameDecoder();
    expect(decoder.push(truncated)).toEqual([]);
    const events = decoder.push(good);
    expect(errors(events)).toEqual(['truncated']);
    expect(frames(events)).toEqual([bodyOf(good)]);
  });

  it('prefers a valid frame inside a frame whose checksum matched by chance', () => {
    const inner = encodeResponse(Sw3.ok);
    // A false preamble announcing exactly enough bytes to swallow the inner frame plus one checksum byte.
    const prefix = Uint8Array.of(...PREAMBLE, 0x00, inner.length + 1);
    const withoutChecksum = Buffer.concat([prefix, inner]);
    let checksum = 0;
    for (let i = 5; i < withoutChecksum.length; i += 1) checksum ^= withoutChecksum[i]!;
    const events = new FrameDecoder().push(Buffer.concat([withoutChecksum, Uint8Array.of(checksum)]));
    expect(frames(events)).toEqual([bodyOf(inner)]);
  });

  it('never throws and finds every valid frame hidden in random bytes, however the stream is chunked', () => {
    const frameArb = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 300 }))
      .map(([sw3, data]) => encodeResponse(sw3, data));
    const noiseArb = fc.uint8Array({ maxLength: 64 }).filter((bytes) => !containsPreamble(bytes));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noiseArb, frameArb), { maxLength: 8 }),
        noiseArb,
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 }),
        (pieces, tail, cuts) => {
          // Noise holds no preamble of its own (it would be a frame announcement, tested above);
          // noise ending in a preamble prefix may still run into the next frame's preamble.
          const stream = Buffer.concat([...pieces.flatMap(([noise, frame]) => [noise, frame]), tail]);
          const expected = pieces.map(([, frame]) => bodyOf(frame));
          const decoder = new FrameDecoder();
          const events: DecodeEvent[] = [];
          let offset = 0;
          for (let i = 0; offset < stream.length; i += 1) {
            const size = cuts[i % cuts.length]!;
            events.push(...decoder.push(stream.subarray(offset, offset + size)));
            offset += size;
          }
          expect(frames(events)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes, and consumes them all but a possible frame start', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const decoder = new FrameDecoder();
        for (const chunk of chunks) decoder.push(chunk);
        expect(decoder.pendingByteCount).toBeLessThanOrEqual(7 + 4096);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on streams made of preamble-rich fragments', () => {
    const fragment = fc.oneof(
      fc.constant(Uint8Array.from(PREAMBLE)),
      fc.constant(Uint8Array.of(0xaa)),
      fc.uint8Array({ maxLength: 4 }),
      fc.integer({ min: 0, max: 255 }).map((sw3) => encodeResponse(sw3)),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (fragments) => {
        const decoder = new FrameDecoder();
        expect(() => decoder.push(Buffer.concat(fragments))).not.toThrow();
      }),
    );
  });
});
