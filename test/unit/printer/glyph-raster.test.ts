import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FS2_DATA_BYTES,
  FontFormatError,
  bitmapToText,
  flattenQuadratic,
  fromFs2Data,
  parseTrueType,
  rasterise,
  rasteriseCodePoint,
  toFs2Data,
  type GlyphBitmap,
} from '../../../hardware/printer/glyph-raster.ts';
import { RARE_FONTS } from '../../../hardware/printer/rare-fonts.ts';

// A TrueType font written byte by byte here, so that the reader is checked against bytes the test
// spells out, not against the reader's own idea of the format.
function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}
function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
const i16 = (n: number): number[] => u16(n & 0xffff);

/** Glyph 1: a square of on-curve points, clockwise (y up), from (x0,y0) to (x1,y1), long coordinates. */
function squareGlyph(x0: number, y0: number, x1: number, y1: number): number[] {
  const points = [
    [x0, y0],
    [x0, y1],
    [x1, y1],
    [x1, y0],
  ];
  const bytes = [...i16(1), ...i16(x0), ...i16(y0), ...i16(x1), ...i16(y1)];
  bytes.push(...u16(3)); // end point of contour 0
  bytes.push(...u16(0)); // no instructions
  bytes.push(0x01, 0x01, 0x01, 0x01); // on-curve, long x and y deltas
  let last = 0;
  for (const [x] of points) {
    bytes.push(...i16(x! - last));
    last = x!;
  }
  last = 0;
  for (const [, y] of points) {
    bytes.push(...i16(y! - last));
    last = y!;
  }
  return bytes;
}

/** A composite glyph 2: glyph 1 moved by (dx, dy) with word arguments. */
function compositeGlyph(dx: number, dy: number): number[] {
  return [
    ...i16(-1),
    ...i16(0),
    ...i16(0),
    ...i16(0),
    ...i16(0),
    ...u16(0x0003),
    ...u16(1),
    ...i16(dx),
    ...i16(dy),
  ];
}

function buildFont(options: { cmapFormat?: number; square: [number, number, number, number] }): Buffer {
  const upm = 1024;
  const glyph1 = squareGlyph(...options.square);
  const glyph2 = compositeGlyph(-256, 0);
  const glyf = [...glyph1, ...glyph2];
  const loca = [...u32(0), ...u32(0), ...u32(glyph1.length), ...u32(glyf.length)];
  const head = new Array<number>(54).fill(0);
  head.splice(18, 2, ...u16(upm));
  head.splice(50, 2, ...i16(1)); // long loca
  const maxp = [...u32(0x00005000), ...u16(3)];
  const os2 = new Array<number>(78).fill(0);
  os2.splice(68, 2, ...i16(880));
  os2.splice(70, 2, ...i16(-144));
  // cmap: one subtable (3,10), format 12, two groups: U+2A6A5 → glyph 1, U+30000 → glyph 2.
  const format = options.cmapFormat ?? 12;
  const sub = [...u16(format), ...u16(0), ...u32(16 + 24), ...u32(0), ...u32(2)];
  sub.push(...u32(0x2a6a5), ...u32(0x2a6a5), ...u32(1));
  sub.push(...u32(0x30000), ...u32(0x30000), ...u32(2));
  const cmap = [...u16(0), ...u16(1), ...u16(3), ...u16(10), ...u32(12), ...sub];
  const tables: [string, number[]][] = [
    ['OS/2', os2],
    ['cmap', cmap],
    ['glyf', glyf],
    ['head', head],
    ['loca', loca],
    ['maxp', maxp],
  ];
  const header = [...u32(0x00010000), ...u16(tables.length), ...u16(0), ...u16(0), ...u16(0)];
  let offset = header.length + tables.length * 16;
  const directory: number[] = [];
  const bodies: number[] = [];
  for (const [name, body] of tables) {
    directory.push(...Buffer.from(name, 'latin1'), ...u32(0), ...u32(offset), ...u32(body.length));
    bodies.push(...body);
    offset += body.length;
  }
  return Buffer.from([...header, ...directory, ...bodies]);
}

const blank = (): GlyphBitmap => ({ width: 24, height: 24, dots: new Uint8Array(576) });

describe('TrueType reader and rasteriser', () => {
  // Em box 880 … -144 at 1024 units: 24 dots are 1024 units, so one dot is 42.67 units. The square
  // from x 256 to 768 is dots 6–17; from y 880-256=624 down to 880-768=112 is rows 6–17.
  const font = parseTrueType(buildFont({ square: [256, 112, 768, 624] }));

  it('reads the em box, the glyph count and the format 12 map', () => {
    expect(font.unitsPerEm).toBe(1024);
    expect([font.emTop, font.emBottom]).toEqual([880, -144]);
    expect(font.numGlyphs).toBe(3);
    expect(font.glyphIndex(0x2a6a5)).toBe(1);
    expect(font.glyphIndex(0x30000)).toBe(2);
    expect(font.glyphIndex(0x2a6a4)).toBe(0);
    expect(font.glyphIndex(0x4e00)).toBe(0);
  });

  it('fills a square outline exactly: 12×12 dots at rows and columns 6–17', () => {
    const bitmap = rasteriseCodePoint(font, 0x2a6a5)!;
    const rows = bitmapToText(bitmap);
    for (let y = 0; y < 24; y++) {
      const expected = y >= 6 && y <= 17 ? '.'.repeat(6) + '#'.repeat(12) + '.'.repeat(6) : '.'.repeat(24);
      expect(rows[y], `row ${y}`).toBe(expected);
    }
  });

  it('places a composite glyph by its offset (256 units = 6 dots to the left)', () => {
    const rows = bitmapToText(rasteriseCodePoint(font, 0x30000)!);
    expect(rows[10]).toBe('#'.repeat(12) + '.'.repeat(12));
    expect(rows[5]).toBe('.'.repeat(24));
  });

  it('says a code point the font lacks has no glyph', () => {
    expect(rasteriseCodePoint(font, 0x2a6a6)).toBeUndefined();
  });

  it('refuses what it cannot read, by name', () => {
    expect(() => parseTrueType(Buffer.from('OTTO\0\0\0\0\0\0\0\0', 'latin1'))).toThrow(FontFormatError);
    expect(() => parseTrueType(Buffer.from('not a font at all', 'latin1'))).toThrow(/not a TrueType font/);
    expect(() => parseTrueType(buildFont({ cmapFormat: 4, square: [0, 0, 10, 10] }))).toThrow(/format 12/);
  });

  it('a curve between two on-curve points passes through the midpoint of its control polygon', () => {
    const polygon = flattenQuadratic([
      { x: 0, y: 0, on: true },
      { x: 100, y: 200, on: false },
      { x: 200, y: 0, on: true },
    ]);
    // The quadratic's apex at t = 1/2 is (100, 100).
    expect(polygon).toContainEqual({ x: 100, y: 100 });
    expect(polygon[0]).toEqual({ x: 0, y: 0 });
    expect(polygon).toContainEqual({ x: 200, y: 0 });
  });

  it('an all-off-curve contour closes on its implied start point', () => {
    const polygon = flattenQuadratic([
      { x: 0, y: 100, on: false },
      { x: 100, y: 100, on: false },
      { x: 100, y: 0, on: false },
      { x: 0, y: 0, on: false },
    ]);
    expect(polygon[0]).toEqual({ x: 50, y: 100 });
    expect(polygon[polygon.length - 1]).toEqual({ x: 50, y: 100 });
  });

  it('fills by the non-zero rule: a hole drawn the other way round stays empty', () => {
    const outer = [
      { x: 0, y: 0 },
      { x: 0, y: 1024 },
      { x: 1024, y: 1024 },
      { x: 1024, y: 0 },
    ];
    const inner = [
      { x: 256, y: 256 },
      { x: 768, y: 256 },
      { x: 768, y: 768 },
      { x: 256, y: 768 },
    ];
    const rows = bitmapToText(rasterise([outer, inner], { unitsPerEm: 1024, emTop: 1024 }));
    expect(rows[0]).toBe('#'.repeat(24));
    expect(rows[12]).toBe('#'.repeat(6) + '.'.repeat(12) + '#'.repeat(6));
  });
});

describe('FS 2 data', () => {
  it('is 72 bytes, column by column, three bytes a column, the top dot in bit 7', () => {
    const bitmap = blank();
    bitmap.dots[0] = 1; // x 0, y 0
    bitmap.dots[9 * 24 + 1] = 1; // x 1, y 9: column 1, second byte, bit 6
    bitmap.dots[23 * 24 + 23] = 1; // x 23, y 23: last byte, bit 0
    const data = toFs2Data(bitmap);
    expect(data.length).toBe(FS2_DATA_BYTES);
    const expected = Buffer.alloc(72);
    expected[0] = 0x80;
    expected[4] = 0x40;
    expected[71] = 0x01;
    expect(data.toString('hex')).toBe(expected.toString('hex'));
    expect(fromFs2Data(data).dots).toEqual(bitmap.dots);
  });

  it('refuses a bitmap of another size', () => {
    expect(() => toFs2Data({ width: 16, height: 16, dots: new Uint8Array(256) })).toThrow(RangeError);
  });
});

describe('the Debian fonts (installed by .ci/run)', () => {
  const [hanaMinB, babelStone] = RARE_FONTS;
  const load = (file: string) => parseTrueType(fs.readFileSync(file));

  it('HanaMinB draws U+20BB7 𠮷 the same every time', () => {
    const font = load(hanaMinB!.debianPath);
    const bitmap = rasteriseCodePoint(font, 0x20bb7)!;
    const rows = bitmapToText(bitmap);
    // 𠮷: 土 on top of 口: a full-width stroke above the box and the box's two sides.
    expect(rows.filter((row) => /#{18,}/.test(row)).length).toBeGreaterThanOrEqual(2);
    expect(rows.some((row) => /^\.*#{2,3}\.{8,}#{2,3}\.*$/.test(row))).toBe(true);
    // Pinned: a change to the reader or the fill changes these dots and must be looked at.
    expect(createHash('sha256').update(bitmap.dots).digest('hex').slice(0, 16)).toMatchInlineSnapshot(
      `"a49acd5d3aced7f9"`,
    );
    expect(rasteriseCodePoint(load(hanaMinB!.debianPath), 0x20bb7)!.dots).toEqual(bitmap.dots);
  });

  it('HanaMinB has U+2A6A5 𪚥 (ext. B) but not U+30000 (ext. G); BabelStone Han has U+30000', () => {
    const b = load(hanaMinB!.debianPath);
    const dots = rasteriseCodePoint(b, 0x2a6a5)!.dots;
    const ink = dots.reduce((sum, d) => sum + d, 0);
    expect(ink).toBeGreaterThan(100);
    expect(ink).toBeLessThan(500);
    expect(rasteriseCodePoint(b, 0x30000)).toBeUndefined();
    expect(rasteriseCodePoint(load(babelStone!.debianPath), 0x30000)).toBeDefined();
  });
});
