import { describe, expect, it } from 'vitest';
import { encodeCommand, encodeResponse, Command } from '../../../hardware/idcard/protocol.ts';
import { ByteLog, PrinterByteDecoder, ReaderByteDecoder } from '../../../main/maintenance/byte-log.ts';

describe('byte log', () => {
  it('shows reader commands and short replies in hex and words, and withholds card data however it arrives', () => {
    const log = new ByteLog('idcard', new ReaderByteDecoder());
    log.record('tx', Buffer.from(encodeCommand(Command.samStatus.cmd, Command.samStatus.para)));
    log.record('rx', Buffer.from(encodeResponse(0x90)));
    const cardText = Buffer.from('张三 110101198503120017', 'utf16le');
    const reply = Buffer.from(
      encodeResponse(0x90, Buffer.concat([Buffer.from([0x01, 0x00, 0x04, 0x00]), cardText])),
    );
    log.record('tx', Buffer.from(encodeCommand(Command.readTextAndPhoto.cmd, Command.readTextAndPhoto.para)));
    // The line delivers the reply in three pieces.
    log.record('rx', reply.subarray(0, 12));
    log.record('rx', reply.subarray(12, 30));
    log.record('rx', reply.subarray(30));
    log.record('tx', Buffer.from(encodeCommand(Command.findCard.cmd, Command.findCard.para)));
    const entries = log.view().entries;
    expect(entries[0]).toMatchObject({ direction: 'tx', decoded: 'SAM status', redacted: false });
    expect(entries[0]!.hex).toMatch(/^aa aa aa 96 69 00 03 11 ff/);
    expect(entries[1]!.decoded).toMatch(/SW3=90/);
    expect(entries.slice(3, 6).every((entry) => entry.redacted && entry.hex === '')).toBe(true);
    expect(entries[6]!.decoded).toBe('find card');
    const everything = JSON.stringify(entries);
    expect(everything).not.toContain(cardText.toString('hex').slice(0, 8).match(/../g)!.join(' '));
    expect(everything).not.toContain('110101198503120017');
  });

  it('names printer status queries and answers, and keeps only the size of print data', () => {
    const log = new ByteLog('printer', new PrinterByteDecoder());
    log.record('tx', Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x04]));
    log.record('rx', Buffer.from([0x12, 0x7e]));
    log.record('tx', Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from('姓名 张三', 'utf8')]));
    const [query, answer, job] = log.view().entries;
    expect(query!.decoded).toBe('DLE EOT 1 (printer status), DLE EOT 4 (paper sensor)');
    expect(answer!.hex).toBe('12 7e');
    expect(job).toMatchObject({ redacted: true, hex: '' });
    expect(job!.decoded).toMatch(/print data, \d+ bytes; content withheld/);
  });

  it('keeps a bounded number of entries and returns only newer ones', () => {
    const log = new ByteLog('printer', new PrinterByteDecoder(), 10);
    for (let i = 0; i < 25; i++) log.record('rx', Buffer.from([0x12]));
    const view = log.view();
    expect(view.entries).toHaveLength(10);
    expect(view.lastSeq).toBe(25);
    expect(log.view(23).entries.map((entry) => entry.seq)).toEqual([24, 25]);
  });
});
