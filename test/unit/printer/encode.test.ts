import { describe, expect, it } from 'vitest';
import { parseEscPos } from '../../../hardware/emulators/printer/escpos-decoder.ts';
import type { PrintDocument } from '../../../hardware/printer/document.ts';
import { encodeDocument, encodeDocumentDetailed, qrCommands } from '../../../hardware/printer/encode.ts';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from '../../../hardware/printer/profile.ts';
import { TICKET_NUMBER_SIZE, renderTicket } from '../../../main/queue/slips/ticket.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
/** Known GB18030 codes, spelled out so that the test does not rely on the encoder it checks. */
function gb(text: string): string {
  const table: Record<string, string> = {
    中: 'd6d0',
    文: 'cec4',
    社: 'c9e7',
    保: 'b1a3',
    前: 'c7b0',
    面: 'c3e6',
  };
  return [...text].map((c) => table[c] ?? Buffer.from(c, 'ascii').toString('hex')).join('');
}

const ESC_AT = '1b40';
const FS_AMP = '1c26';

const TICKET = {
  number: 'A012',
  lineName: '社会保障业务',
  peopleAhead: 3,
  estimatedWaitMinutes: 15,
  issuedAt: new Date('2024-05-06T01:31:00Z'),
  hallName: '某某区政务服务中心',
  reference: 'PR-20240506-0001',
  kioskId: 'K-03',
};

/** Walks the commands and checks that every byte ≥ 0x80 of text is printed in Chinese mode. */
function chineseTextOutsideChineseMode(bytes: Buffer): string[] {
  let chinese = false;
  const offenders: string[] = [];
  for (const command of parseEscPos(bytes)) {
    if (command.kind === 'init') chinese = false;
    if (command.kind === 'chinese-mode') chinese = command.on;
    if (command.kind === 'text' && !chinese && command.bytes.some((b) => b >= 0x80))
      offenders.push(hex(command.bytes));
  }
  return offenders;
}

describe('encodeDocument', () => {
  it('starts with ESC @ then FS &', () => {
    const bytes = encodeDocument(
      { title: 't', blocks: [{ kind: 'text', text: '中文' }] },
      DEFAULT_PRINTER_PROFILE,
    );
    expect(hex(bytes)).toBe(`${ESC_AT}${FS_AMP}${gb('中文')}0a`);
  });

  it('sends FS & again after the ESC @ that ends every cut', () => {
    const document: PrintDocument = {
      title: 't',
      blocks: [{ kind: 'text', text: '中' }, { kind: 'cut' }, { kind: 'text', text: '文' }, { kind: 'cut' }],
    };
    const h = hex(encodeDocument(document, DEFAULT_PRINTER_PROFILE));
    const resets = h.split(ESC_AT).length - 1;
    expect(resets).toBe(3);
    expect(h.split(`${ESC_AT}${FS_AMP}`).length - 1).toBe(3);
    expect(chineseTextOutsideChineseMode(encodeDocument(document, DEFAULT_PRINTER_PROFILE))).toEqual([]);
  });

  it('cuts with feed, GS V 1 (partial), ESC @, FS & in the default profile', () => {
    const h = hex(encodeDocument({ title: 't', blocks: [{ kind: 'cut' }] }, DEFAULT_PRINTER_PROFILE));
    expect(h).toBe(`${ESC_AT}${FS_AMP}1b6404` + `1d5601${ESC_AT}${FS_AMP}`);
  });

  it('follows the profile cut command', () => {
    const full: PrinterProfile = { ...DEFAULT_PRINTER_PROFILE, cut: { mode: 'full', feedLines: 3 } };
    expect(hex(encodeDocument({ title: 't', blocks: [{ kind: 'cut' }] }, full))).toBe(
      `${ESC_AT}${FS_AMP}1b6403` + `1d5600${ESC_AT}${FS_AMP}`,
    );
    const feedCut: PrinterProfile = {
      ...DEFAULT_PRINTER_PROFILE,
      cut: { mode: 'feed-and-cut', feedLines: 4 },
    };
    expect(hex(encodeDocument({ title: 't', blocks: [{ kind: 'cut' }] }, feedCut))).toBe(
      `${ESC_AT}${FS_AMP}1d564220${ESC_AT}${FS_AMP}`,
    );
  });

  it('never sends FS & to a printer that is Chinese from power-on', () => {
    const profile: PrinterProfile = { ...DEFAULT_PRINTER_PROFILE, chineseModeCommand: false };
    const h = hex(encodeDocument(renderTicket(TICKET), profile));
    expect(h).not.toContain(FS_AMP);
    expect(h).toContain(gb('社'));
  });

  it('emits the QR store and print sequence of the spec', () => {
    const payload = 'PR-20240506-0001';
    const h = hex(
      encodeDocument(
        { title: 't', blocks: [{ kind: 'qr', data: payload, moduleSize: 6 }] },
        DEFAULT_PRINTER_PROFILE,
      ),
    );
    const expected =
      '1d286b0400314132' +
      '00' + // model 2
      '1d286b0300314306' + // module size 6
      '1d286b0300314531' + // error correction M
      `1d286b${(payload.length + 3).toString(16).padStart(2, '0')}00315030${Buffer.from(payload).toString('hex')}` +
      '1d286b0300315130'; // print
    expect(h).toBe(`${ESC_AT}${FS_AMP}1b6101${expected}0a`);
  });

  it('sizes the QR store command by UTF-8 bytes for a non-ASCII payload', () => {
    const payload = Buffer.from('预审PR1', 'utf8');
    const h = hex(qrCommands(payload, 4, 'H'));
    expect(h).toContain(
      `1d286b${(payload.length + 3).toString(16).padStart(2, '0')}00315030${payload.toString('hex')}1d286b0300315130`,
    );
    const commands = parseEscPos(
      encodeDocument({ title: 't', blocks: [{ kind: 'qr', data: '预审PR1' }] }, DEFAULT_PRINTER_PROFILE),
    );
    const store = commands.find((c) => c.kind === 'qr-store');
    expect(store && store.kind === 'qr-store' && store.data.toString('utf8')).toBe('预审PR1');
  });

  it('prints the ticket number large with GS ! and centered', () => {
    const h = hex(encodeDocument(renderTicket(TICKET), DEFAULT_PRINTER_PROFILE));
    const n = ((TICKET_NUMBER_SIZE.width - 1) << 4) | (TICKET_NUMBER_SIZE.height - 1);
    expect(h).toContain(`1d21${n.toString(16).padStart(2, '0')}${Buffer.from('A012').toString('hex')}0a`);
    expect(TICKET_NUMBER_SIZE.height).toBeGreaterThanOrEqual(4);
  });

  it('puts every Chinese byte of every template in Chinese mode', () => {
    expect(
      chineseTextOutsideChineseMode(encodeDocument(renderTicket(TICKET), DEFAULT_PRINTER_PROFILE)),
    ).toEqual([]);
  });

  it('reports substitutions with code points only', () => {
    const { substitutions, bytes } = encodeDocumentDetailed(
      { title: 't', blocks: [{ kind: 'text', text: '𠮷' }] },
      DEFAULT_PRINTER_PROFILE,
    );
    expect(substitutions).toEqual([{ codePoint: 0x20bb7, replacement: '□U+20BB7' }]);
    expect(bytes.includes(0x3f)).toBe(false);
  });

  it('builds a CODE128 barcode with code set B', () => {
    const h = hex(
      encodeDocument({ title: 't', blocks: [{ kind: 'barcode', data: 'K-03' }] }, DEFAULT_PRINTER_PROFILE),
    );
    expect(h).toContain(`1d6b4906${'7b42'}${Buffer.from('K-03').toString('hex')}`);
  });

  it('lays a pair out to exactly the column count', () => {
    const commands = parseEscPos(
      encodeDocument(
        { title: 't', blocks: [{ kind: 'pair', label: '前面', value: 'A1' }] },
        DEFAULT_PRINTER_PROFILE,
      ),
    );
    const text = commands.find((c) => c.kind === 'text');
    expect(text && text.kind === 'text' && hex(text.bytes)).toBe(
      `${gb('前面')}${'20'.repeat(42)}${Buffer.from('A1').toString('hex')}`,
    );
  });
});
