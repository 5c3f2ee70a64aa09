import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EscPosParser, parseEscPos } from '../../../hardware/emulators/printer/escpos-decoder.ts';
import {
  USER_GLYPH_MARK,
  receiptsFromCommands,
  type ReceiptItem,
} from '../../../hardware/emulators/printer/receipt-model.ts';
import { renderReceiptSvg } from '../../../hardware/emulators/printer/render-svg.ts';
import type { PrintDocument } from '../../../hardware/printer/document.ts';
import { defineUserChinese, encodeDocumentDetailed } from '../../../hardware/printer/encode.ts';
import { bitmapToText, type GlyphBitmap } from '../../../hardware/printer/glyph-raster.ts';
import { DEFAULT_PRINTER_PROFILE, parsePrinterProfile } from '../../../hardware/printer/profile.ts';
import {
  RARE_FONTS,
  fontGlyphSource,
  locateRareFont,
  type GlyphSource,
} from '../../../hardware/printer/rare-fonts.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A distinct, recognisable bitmap per code point: a diagonal at a column chosen by the code point. */
function testBitmap(codePoint: number): GlyphBitmap {
  const dots = new Uint8Array(576);
  for (let i = 0; i < 24; i++) dots[i * 24 + ((i + codePoint) % 24)] = 1;
  dots[(codePoint % 24) * 24] = 1;
  return { width: 24, height: 24, dots };
}
/** Draws every character of extension B and later, and nothing else, like the real fonts. */
const fakeSource = (): GlyphSource & { asked: number[] } => {
  const asked: number[] = [];
  return {
    asked,
    glyph: (cp) => {
      asked.push(cp);
      return cp >= 0x20000 ? testBitmap(cp) : undefined;
    },
  };
};
const fs2Data = (codePoint: number): string => {
  const bitmap = testBitmap(codePoint);
  const data = Buffer.alloc(72);
  for (let x = 0; x < 24; x++)
    for (let y = 0; y < 24; y++) if (bitmap.dots[y * 24 + x]) data[x * 3 + (y >> 3)]! |= 0x80 >> (y & 7);
  return data.toString('hex');
};

const oneLine = (text: string): PrintDocument => ({ title: 't', blocks: [{ kind: 'text', text }] });

describe('encoding a character the printer lacks as a user-defined character (FS 2)', () => {
  it('defines FE A1 before the line and prints FE A1 in its place', () => {
    const encoded = encodeDocumentDetailed(oneLine('陈𪚥'), DEFAULT_PRINTER_PROFILE, {
      glyphs: fakeSource(),
    });
    // ESC @, FS &, then FS 2 FE A1 + 72 bytes, then 陈 (B3C2) and FE A1, LF.
    expect(hex(encoded.bytes)).toContain(`1b401c26` + `1c32fea1${fs2Data(0x2a6a5)}` + `b3c2fea10a`);
    expect(encoded.substitutions).toEqual([]);
    expect(encoded.drawnCharacters).toBe(1);
  });

  it('defines a character once per line, gives each different one its own code, and again on the next line', () => {
    const source = fakeSource();
    const encoded = encodeDocumentDetailed(
      {
        title: 't',
        blocks: [
          { kind: 'text', text: '𪚥𠀾𪚥' },
          { kind: 'text', text: '𠀾' },
        ],
      },
      DEFAULT_PRINTER_PROFILE,
      { glyphs: source },
    );
    const h = hex(encoded.bytes);
    expect(h).toContain(`1c32fea1${fs2Data(0x2a6a5)}1c32fea2${fs2Data(0x2003e)}fea1fea2fea10a`);
    // The second line starts the codes anew: 𠀾 is FE A1 there, defined again.
    expect(h).toContain(`0a1c32fea1${fs2Data(0x2003e)}fea10a`);
    expect(encoded.drawnCharacters).toBe(4);
  });

  it('keeps the layout: a drawn character is two columns, like any Chinese character', () => {
    const text = '申请人 ' + '𪚥'.repeat(30);
    const encoded = encodeDocumentDetailed(oneLine(text), DEFAULT_PRINTER_PROFILE, { glyphs: fakeSource() });
    const [receipt] = receiptsFromCommands(parseEscPos(encoded.bytes));
    expect(receipt!.lines[0]).toBe('申请人 ' + USER_GLYPH_MARK.repeat(20));
    expect(receipt!.lines[1]).toBe(USER_GLYPH_MARK.repeat(10));
  });

  it('runs out of codes only past 20 different rare characters in one line, and says so', () => {
    const text = Array.from({ length: 21 }, (_, i) => String.fromCodePoint(0x20000 + i)).join('');
    const encoded = encodeDocumentDetailed(oneLine(text), DEFAULT_PRINTER_PROFILE, { glyphs: fakeSource() });
    const h = hex(encoded.bytes);
    expect(h).toContain('1c32feb4');
    expect(h).not.toContain('1c32feb5');
    expect(encoded.drawnCharacters).toBe(20);
    expect(encoded.substitutions).toEqual([{ codePoint: 0x20014, replacement: '□' }]);
  });

  it('keeps the visible substitute where no font has the glyph, and when the profile says no FS 2', () => {
    const none = encodeDocumentDetailed(oneLine('张\u{30000}'), DEFAULT_PRINTER_PROFILE, {
      glyphs: { glyph: () => undefined },
    });
    expect(none.substitutions).toEqual([{ codePoint: 0x30000, replacement: '□U+30000' }]);
    expect(hex(none.bytes)).not.toContain('1c32');
    const off = encodeDocumentDetailed(
      oneLine('张𪚥'),
      { ...DEFAULT_PRINTER_PROFILE, userDefinedChinese: false },
      { glyphs: fakeSource() },
    );
    expect(off.substitutions).toEqual([{ codePoint: 0x2a6a5, replacement: '□U+2A6A5' }]);
    expect(hex(off.bytes)).not.toContain('1c32');
  });

  it('is on unless a profile turns it off (existing configurations need no change)', () => {
    expect(parsePrinterProfile({ name: 'old config' })).toMatchObject({
      ok: true,
      profile: { userDefinedChinese: true },
    });
    expect(parsePrinterProfile({ userDefinedChinese: false })).toMatchObject({
      ok: true,
      profile: { userDefinedChinese: false },
    });
    expect(parsePrinterProfile({ userDefinedChinese: 'yes' })).toMatchObject({ ok: false });
  });

  it('never asks the font for what the printer prints itself', () => {
    const source = fakeSource();
    encodeDocumentDetailed(oneLine('政务 ABC 12'), DEFAULT_PRINTER_PROFILE, { glyphs: source });
    expect(source.asked).toEqual([]);
  });
});

describe('the emulated printer and FS 2', () => {
  const define = (c2: number, cp: number): Buffer =>
    defineUserChinese(0xfe, c2, Buffer.from(fs2Data(cp), 'hex'));
  const CHINESE = Buffer.from([0x1b, 0x40, 0x1c, 0x26]);

  it('parses FS 2 however the bytes are chunked', () => {
    const bytes = Buffer.concat([define(0xa1, 7), Buffer.from([0x0a])]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parser = new EscPosParser();
      const commands = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut))];
      expect(commands[0]).toEqual({
        kind: 'define-user-chinese',
        c1: 0xfe,
        c2: 0xa1,
        data: Buffer.from(fs2Data(7), 'hex'),
      });
    }
  });

  it('prints the defined dots where the code is used, and reads them back', () => {
    const bytes = Buffer.concat([CHINESE, define(0xa1, 5), Buffer.from([0xb3, 0xc2, 0xfe, 0xa1, 0x0a])]);
    const [receipt] = receiptsFromCommands(parseEscPos(bytes));
    expect(receipt!.lines).toEqual([`陈${USER_GLYPH_MARK}`]);
    expect(receipt!.userGlyphs).toEqual([
      { line: 0, index: 1, code: 'FEA1', dots: bitmapToText(testBitmap(5)) },
    ]);
    const svg = renderReceiptSvg(receipt!);
    expect(svg).toContain('data-user-glyph="FEA1"');
  });

  it('prints nothing recognisable for a code never defined, and forgets definitions at ESC @', () => {
    const bytes = Buffer.concat([
      CHINESE,
      define(0xa1, 5),
      CHINESE, // ESC @ erases FE A1
      Buffer.from([0xfe, 0xa1, 0x0a]),
    ]);
    const [receipt] = receiptsFromCommands(parseEscPos(bytes));
    expect(receipt!.lines).toEqual(['\ufffd']);
    expect(receipt!.userGlyphs).toEqual([]);
  });

  it('keeps the dots as they were when printed, even if the code is defined again later', () => {
    const bytes = Buffer.concat([
      CHINESE,
      define(0xa1, 1),
      Buffer.from([0xfe, 0xa1, 0x0a]),
      define(0xa1, 2),
      Buffer.from([0xfe, 0xa1, 0x0a]),
    ]);
    const [receipt] = receiptsFromCommands(parseEscPos(bytes));
    expect(receipt!.userGlyphs.map((g) => g.dots)).toEqual([
      bitmapToText(testBitmap(1)),
      bitmapToText(testBitmap(2)),
    ]);
  });

  it('ignores a definition outside FE A1–FE FE, and shows it to the tests', () => {
    const bytes = Buffer.concat([
      CHINESE,
      defineUserChinese(0xa1, 0xa1, Buffer.alloc(72)),
      Buffer.from('x\n', 'ascii'),
    ]);
    const [receipt] = receiptsFromCommands(parseEscPos(bytes));
    expect(receipt!.unknownCommands).toEqual(['1c32a1a1']);
  });

  it('does not draw a glyph where a masked copy of the line put another character', () => {
    const bytes = Buffer.concat([CHINESE, define(0xa1, 5), Buffer.from([0xb3, 0xc2, 0xfe, 0xa1, 0x0a])]);
    const [receipt] = receiptsFromCommands(parseEscPos(bytes));
    const item = receipt!.items[0] as Extract<ReceiptItem, { kind: 'text' }>;
    const masked = {
      ...receipt!,
      items: [{ ...item, text: '陈*', runs: [{ ...item.runs[0]!, text: '陈*' }] }],
    };
    expect(renderReceiptSvg(masked)).not.toContain('data-user-glyph');
  });
});

describe('the rare-character fonts', () => {
  it('resolves only the names it knows, and KIOSK_FONT_DIR first', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fonts-'));
    fs.writeFileSync(path.join(dir, 'HanaMinB.ttf'), 'x');
    expect(locateRareFont('HanaMinB.ttf', { KIOSK_FONT_DIR: dir })).toBe(path.join(dir, 'HanaMinB.ttf'));
    expect(locateRareFont('HanaMinB.ttf', {})).toBe(RARE_FONTS[0]!.debianPath);
    expect(locateRareFont('../../etc/passwd', { KIOSK_FONT_DIR: dir })).toBeUndefined();
    expect(locateRareFont('other.ttf', { KIOSK_FONT_DIR: dir })).toBeUndefined();
  });

  it('a missing font is said once in the device log, and the character keeps its substitute', () => {
    const lines: { event: string; fields?: Record<string, unknown> }[] = [];
    const logger = {
      info: (event: string, fields?: Record<string, unknown>) => lines.push({ event, fields }),
      warn: (event: string, fields?: Record<string, unknown>) => lines.push({ event, fields }),
      error: (event: string, fields?: Record<string, unknown>) => lines.push({ event, fields }),
    };
    const source = fontGlyphSource({
      logger,
      env: {},
      fonts: [{ ...RARE_FONTS[0]!, file: 'Nowhere.ttf', debianPath: '/nonexistent/Nowhere.ttf' }],
    });
    const encoded = encodeDocumentDetailed(oneLine('张𪚥𪚥'), DEFAULT_PRINTER_PROFILE, { glyphs: source });
    expect(encoded.substitutions.map((s) => s.replacement)).toEqual(['□U+2A6A5', '□U+2A6A5']);
    expect(lines.map((l) => l.event)).toEqual(['printer.rare-font-missing']);
    expect(JSON.stringify(lines)).not.toContain('张');
  });

  it('an unreadable font file is said in the log and does not stop the job', () => {
    const events: string[] = [];
    const logger = { info: () => {}, warn: (event: string) => events.push(event), error: () => {} };
    const source = fontGlyphSource({ logger, env: {}, readFile: () => Buffer.from('garbage') });
    const encoded = encodeDocumentDetailed(oneLine('𪚥'), DEFAULT_PRINTER_PROFILE, { glyphs: source });
    expect(encoded.substitutions).toHaveLength(1);
    expect(events).toEqual(['printer.rare-font-unreadable', 'printer.rare-font-unreadable']);
  });

  it('draws U+2A6A5 from HanaMinB and U+30000 from BabelStone Han through FS 2, end to end', () => {
    const source = fontGlyphSource({ env: {} });
    const encoded = encodeDocumentDetailed(oneLine('陈𪚥\u{30000}'), DEFAULT_PRINTER_PROFILE, {
      glyphs: source,
    });
    expect(encoded.substitutions).toEqual([]);
    const [receipt] = receiptsFromCommands(parseEscPos(encoded.bytes));
    expect(receipt!.lines).toEqual([`陈${USER_GLYPH_MARK}${USER_GLYPH_MARK}`]);
    // The paper's dots are the font's dots.
    expect(receipt!.userGlyphs.map((g) => g.dots)).toEqual([
      bitmapToText(source.glyph(0x2a6a5)!),
      bitmapToText(source.glyph(0x30000)!),
    ]);
    expect(receipt!.userGlyphs[0]!.dots.join('')).toContain('#');
  });
});
