import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EscPosParser, parseEscPos } from '../../../../hardware/emulators/printer/escpos-decoder.ts';
import {
  decodePrintable,
  receiptsFromCommands,
} from '../../../../hardware/emulators/printer/receipt-model.ts';
import { code128Modules } from '../../../../hardware/emulators/printer/render-svg.ts';
import { encodeDocument } from '../../../../hardware/printer/encode.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../../../hardware/printer/profile.ts';
import { renderTicket } from '../../../../main/queue/slips/ticket.ts';

const ticket = encodeDocument(
  renderTicket({
    number: 'B007',
    lineName: '不动产登记',
    peopleAhead: 12,
    estimatedWaitMinutes: 40,
    issuedAt: new Date('2024-05-06T01:31:00Z'),
    hallName: '某某区政务服务中心',
    reference: 'PR-9',
    kioskId: 'K-1',
  }),
  DEFAULT_PRINTER_PROFILE,
);

describe('EscPosParser', () => {
  it('gives the same commands however the bytes are chunked', () => {
    const whole = parseEscPos(ticket);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: ticket.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const parser = new EscPosParser();
        const commands = [];
        let start = 0;
        for (const point of [...points, ticket.length]) {
          commands.push(...parser.push(ticket.subarray(start, point)));
          start = point;
        }
        commands.push(...parser.end());
        expect(commands).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const receipts = receiptsFromCommands(parseEscPos(bytes));
        expect(Array.isArray(receipts)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('recognises the status requests', () => {
    expect(parseEscPos(Buffer.from([0x10, 0x04, 0x02, 0x1d, 0x72, 0x01]))).toEqual([
      { kind: 'realtime-status', n: 2 },
      { kind: 'sequenced-status', n: 1 },
    ]);
  });
  it('waits for the rest of a QR store command', () => {
    const parser = new EscPosParser();
    expect(parser.push(Buffer.from([0x1d, 0x28, 0x6b, 0x06, 0x00, 0x31, 0x50]))).toEqual([]);
    expect(parser.push(Buffer.from([0x30, 0x41, 0x42, 0x43]))).toEqual([
      { kind: 'qr-store', data: Buffer.from('ABC') },
    ]);
  });
});

describe('character decoding', () => {
  it('reads GB18030 in Chinese mode and code page 437 outside it (what a missing FS & looks like)', () => {
    expect(
      decodePrintable(Buffer.from('d6d0cec4', 'hex'), true, false)
        .map((g) => g.char)
        .join(''),
    ).toBe('中文');
    expect(
      decodePrintable(Buffer.from('d6d0cec4', 'hex'), false, false)
        .map((g) => g.char)
        .join(''),
    ).not.toBe('中文');
  });
  it('reads 4-byte GB18030 only with a 4-byte font', () => {
    expect(
      decodePrintable(Buffer.from('9534b235', 'hex'), true, true)
        .map((g) => g.char)
        .join(''),
    ).toBe('𠮷');
    expect(
      decodePrintable(Buffer.from('9534b235', 'hex'), true, false)
        .map((g) => g.char)
        .join(''),
    ).not.toBe('𠮷');
  });
  it('wraps a line that is too long for the paper, as a printer does', () => {
    const receipts = receiptsFromCommands(
      parseEscPos(
        Buffer.concat([Buffer.from('1b401c26', 'hex'), Buffer.from('x'.repeat(50)), Buffer.from([0x0a])]),
      ),
    );
    expect(receipts[0]?.lines).toEqual(['x'.repeat(48), 'xx']);
  });
});

describe('CODE128 drawing', () => {
  it('has 11-module symbols and a 13-module stop', () => {
    const modules = code128Modules('AB') ?? [];
    // start + 2 data + check = 4 symbols of 6 elements, stop of 7
    expect(modules).toHaveLength(4 * 6 + 7);
    expect(modules.reduce((a, b) => a + b, 0)).toBe(4 * 11 + 13);
  });
  it('computes the check symbol', () => {
    // Start B (104) + "A" (33): checksum (104 + 33) % 103 = 34 → pattern of value 34 "131123".
    const modules = code128Modules('A') ?? [];
    expect(modules.slice(12, 18).join('')).toBe('131123');
  });
});
