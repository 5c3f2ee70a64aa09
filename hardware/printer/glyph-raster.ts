import { AppError } from '../../common/errors.ts';

// Rare characters on paper: a minimal TrueType reader (cmap format 12, loca, glyf with simple and
// composite glyphs) and a scanline rasteriser that turns one ideograph into the 24×24 dots of an
// ESC/POS user-defined Chinese character (FS 2). Pure functions over bytes: no file access here, so
// every step can be tested byte for byte. Only what the two Debian fonts we use need is read
// (fonts-hanazono's HanaMinB.ttf, fonts-babelstone-han's BabelStoneHan.ttf); a CFF-flavoured
// OpenType font is refused clearly rather than misread.

export const GLYPH_DOTS = 24;
/** FS 2 data: 24 columns of 3 bytes (top to bottom, most significant bit on top), left to right. */
export const FS2_DATA_BYTES = (GLYPH_DOTS * GLYPH_DOTS) / 8;

export interface Point {
  x: number;
  y: number;
}

/** A closed polygon in font units (y up), the flattened outline of one contour. */
export type Contour = Point[];

export interface TrueTypeFont {
  unitsPerEm: number;
  /** Top and bottom of the ideographic em box, in font units (y up). */
  emTop: number;
  emBottom: number;
  numGlyphs: number;
  /** Glyph index for a code point; 0 (.notdef) when the font does not have it. */
  glyphIndex(codePoint: number): number;
  /** The glyph's contours, flattened into polygons; empty for a blank glyph. */
  outline(glyphIndex: number): Contour[];
}

export class FontFormatError extends AppError {}

/** A 24×24 bitmap, row-major, one byte per dot (1 = print). */
export interface GlyphBitmap {
  width: number;
  height: number;
  dots: Uint8Array;
}

const tag = (view: DataView, at: number): string =>
  String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));

/** Parses the tables a glyph needs. Throws FontFormatError for anything that is not a TrueType font. */
export function parseTrueType(bytes: Uint8Array): TrueTypeFont {
  if (bytes.length < 12) throw new FontFormatError('font file too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(0);
  if (version === 0x4f54544f) throw new FontFormatError('CFF outlines (OTTO) are not supported');
  if (version !== 0x00010000 && version !== 0x74727565) throw new FontFormatError('not a TrueType font');
  const numTables = view.getUint16(4);
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    if (record + 16 > bytes.length) throw new FontFormatError('table directory truncated');
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    if (offset + length > bytes.length) throw new FontFormatError(`table ${tag(view, record)} out of bounds`);
    tables.set(tag(view, record), { offset, length });
  }
  const table = (name: string): { offset: number; length: number } => {
    const found = tables.get(name);
    if (!found) throw new FontFormatError(`missing table ${name}`);
    return found;
  };

  const head = table('head').offset;
  const unitsPerEm = view.getUint16(head + 18);
  const longLoca = view.getInt16(head + 50) === 1;
  const numGlyphs = view.getUint16(table('maxp').offset + 4);
  const loca = table('loca');
  const glyf = table('glyf');

  // The em box of an ideograph: OS/2's typographic ascender/descender when they span one em (how
  // CJK fonts declare it), otherwise the customary 0.88 / -0.12 em.
  let emTop = Math.round(unitsPerEm * 0.88);
  let emBottom = emTop - unitsPerEm;
  const os2 = tables.get('OS/2');
  if (os2 && os2.length >= 72) {
    const ascender = view.getInt16(os2.offset + 68);
    const descender = view.getInt16(os2.offset + 70);
    if (ascender > 0 && descender <= 0 && Math.abs(ascender - descender - unitsPerEm) <= unitsPerEm / 50) {
      emTop = ascender;
      emBottom = descender;
    }
  }

  const groups = readCmap12(view, table('cmap').offset);

  const glyphIndex = (codePoint: number): number => {
    let lo = 0;
    let hi = groups.length / 3 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = groups[mid * 3]!;
      const end = groups[mid * 3 + 1]!;
      if (codePoint < start) hi = mid - 1;
      else if (codePoint > end) lo = mid + 1;
      else {
        const index = groups[mid * 3 + 2]! + (codePoint - start);
        return index < numGlyphs ? index : 0;
      }
    }
    return 0;
  };

  const glyphRange = (index: number): { start: number; end: number } => {
    if (index < 0 || index >= numGlyphs) return { start: 0, end: 0 };
    const at = (i: number): number =>
      longLoca ? view.getUint32(loca.offset + i * 4) : view.getUint16(loca.offset + i * 2) * 2;
    const start = at(index);
    const end = at(index + 1);
    if (end < start || end > glyf.length) throw new FontFormatError(`glyph ${index} out of bounds`);
    return { start: glyf.offset + start, end: glyf.offset + end };
  };

  const outline = (index: number, depth = 0): Contour[] => {
    if (depth > 8) throw new FontFormatError('composite glyphs nested too deep');
    const { start, end } = glyphRange(index);
    if (end - start < 10) return [];
    const contours = view.getInt16(start);
    return contours >= 0
      ? simpleGlyph(view, start, contours)
      : compositeGlyph(view, start + 10, (child) => outline(child, depth + 1));
  };

  return { unitsPerEm, emTop, emBottom, numGlyphs, glyphIndex, outline };
}

/** The format 12 (full Unicode) cmap subtable as flat [start, end, glyph] triples, sorted. */
function readCmap12(view: DataView, cmap: number): Uint32Array {
  const count = view.getUint16(cmap + 2);
  for (let i = 0; i < count; i++) {
    const platform = view.getUint16(cmap + 4 + i * 8);
    const encoding = view.getUint16(cmap + 4 + i * 8 + 2);
    const offset = cmap + view.getUint32(cmap + 4 + i * 8 + 4);
    const unicodeFull = (platform === 3 && encoding === 10) || (platform === 0 && encoding >= 4);
    if (!unicodeFull || view.getUint16(offset) !== 12) continue;
    const numGroups = view.getUint32(offset + 12);
    const groups = new Uint32Array(numGroups * 3);
    for (let g = 0; g < numGroups * 3; g++) groups[g] = view.getUint32(offset + 16 + g * 4);
    return groups;
  }
  throw new FontFormatError('no format 12 cmap: the font has no characters beyond the BMP');
}

const ON_CURVE = 0x01;
const X_SHORT = 0x02;
const Y_SHORT = 0x04;
const REPEAT = 0x08;
const X_SAME_OR_POSITIVE = 0x10;
const Y_SAME_OR_POSITIVE = 0x20;

function simpleGlyph(view: DataView, start: number, contourCount: number): Contour[] {
  let at = start + 10;
  const ends: number[] = [];
  for (let i = 0; i < contourCount; i++, at += 2) ends.push(view.getUint16(at));
  const pointCount = contourCount === 0 ? 0 : ends[contourCount - 1]! + 1;
  at += 2 + view.getUint16(at); // instructions: hinting is not used at 24 dots
  const flags = new Uint8Array(pointCount);
  for (let i = 0; i < pointCount;) {
    const flag = view.getUint8(at++);
    flags[i++] = flag;
    if (flag & REPEAT) {
      for (let r = view.getUint8(at++); r > 0 && i < pointCount; r--) flags[i++] = flag;
    }
  }
  const coordinates = (short: number, sameOrPositive: number): Int32Array => {
    const values = new Int32Array(pointCount);
    let value = 0;
    for (let i = 0; i < pointCount; i++) {
      const flag = flags[i]!;
      if (flag & short) {
        const delta = view.getUint8(at++);
        value += flag & sameOrPositive ? delta : -delta;
      } else if (!(flag & sameOrPositive)) {
        value += view.getInt16(at);
        at += 2;
      }
      values[i] = value;
    }
    return values;
  };
  const xs = coordinates(X_SHORT, X_SAME_OR_POSITIVE);
  const ys = coordinates(Y_SHORT, Y_SAME_OR_POSITIVE);
  const contours: Contour[] = [];
  let first = 0;
  for (const last of ends) {
    const points: { x: number; y: number; on: boolean }[] = [];
    for (let i = first; i <= last; i++)
      points.push({ x: xs[i]!, y: ys[i]!, on: (flags[i]! & ON_CURVE) !== 0 });
    first = last + 1;
    if (points.length > 1) contours.push(flattenQuadratic(points));
  }
  return contours;
}

const ARG_WORDS = 0x0001;
const ARGS_ARE_XY = 0x0002;
const HAS_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const HAS_XY_SCALE = 0x0040;
const HAS_2X2 = 0x0080;

function compositeGlyph(view: DataView, at: number, child: (index: number) => Contour[]): Contour[] {
  const contours: Contour[] = [];
  for (;;) {
    const flags = view.getUint16(at);
    const index = view.getUint16(at + 2);
    at += 4;
    let dx = 0;
    let dy = 0;
    if (flags & ARG_WORDS) {
      dx = view.getInt16(at);
      dy = view.getInt16(at + 2);
      at += 4;
    } else {
      dx = view.getInt8(at);
      dy = view.getInt8(at + 1);
      at += 2;
    }
    // Point-matched placement (args are point numbers) is rare in CJK fonts: placed at the origin.
    if (!(flags & ARGS_ARE_XY)) dx = dy = 0;
    let [a, b, c, d] = [1, 0, 0, 1];
    const f2dot14 = (offset: number): number => view.getInt16(offset) / 16384;
    if (flags & HAS_SCALE) {
      a = d = f2dot14(at);
      at += 2;
    } else if (flags & HAS_XY_SCALE) {
      a = f2dot14(at);
      d = f2dot14(at + 2);
      at += 4;
    } else if (flags & HAS_2X2) {
      a = f2dot14(at);
      b = f2dot14(at + 2);
      c = f2dot14(at + 4);
      d = f2dot14(at + 6);
      at += 8;
    }
    for (const contour of child(index)) {
      contours.push(contour.map((p) => ({ x: a * p.x + c * p.y + dx, y: b * p.x + d * p.y + dy })));
    }
    if (!(flags & MORE_COMPONENTS)) return contours;
  }
}

/** TrueType quadratic contour → polygon: two off-curve points in a row imply an on-curve point
 *  between them; each curve is cut into straight pieces far finer than a dot. */
export function flattenQuadratic(points: readonly { x: number; y: number; on: boolean }[]): Contour {
  const n = points.length;
  const mid = (p: Point, q: Point): Point => ({ x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 });
  // Start on an on-curve point (or the implied one between the first two off-curve points).
  const startIndex = points.findIndex((p) => p.on);
  const start: Point = startIndex >= 0 ? points[startIndex]! : mid(points[0]!, points[1 % n]!);
  const begin = startIndex >= 0 ? startIndex : 0;
  const out: Contour = [{ x: start.x, y: start.y }];
  let current = start;
  let control: Point | undefined;
  const curveTo = (c: Point, to: Point): void => {
    const steps = 6;
    for (let s = 1; s <= steps; s++) {
      const t = s / steps;
      const u = 1 - t;
      out.push({
        x: u * u * current.x + 2 * u * t * c.x + t * t * to.x,
        y: u * u * current.y + 2 * u * t * c.y + t * t * to.y,
      });
    }
    current = to;
  };
  for (let k = 1; k <= n; k++) {
    const p = points[(begin + k) % n]!;
    const isClosingPoint = k === n;
    const target: Point = isClosingPoint ? start : { x: p.x, y: p.y };
    if (isClosingPoint && !p.on) {
      // All points off-curve: the wrap-around point is a control point, and `start` sits after it.
      if (control) curveTo(control, mid(control, p));
      curveTo(p, start);
      control = undefined;
    } else if (p.on || isClosingPoint) {
      if (control) curveTo(control, target);
      else if (!isClosingPoint) {
        out.push(target);
        current = target;
      }
      control = undefined;
    } else if (control) {
      const implied = mid(control, p);
      curveTo(control, implied);
      control = { x: p.x, y: p.y };
    } else {
      control = { x: p.x, y: p.y };
    }
  }
  return out;
}

/** Samples per dot along each axis: 4×4 sub-samples decide a dot. */
const SUBSAMPLES = 4;
/** A dot is printed when at least this share of its area is ink. A Ming (宋体) hairline at 24 dots is
 *  under one dot wide: a half-covered threshold would drop the horizontal strokes; a quarter keeps
 *  them without smearing the counters. */
const INK_THRESHOLD = 0.25;

/** Scan-converts contours (font units, y up) into a size×size bitmap of the em box (non-zero
 *  winding, as TrueType fills). Pure: the same outline always gives the same dots. */
export function rasterise(
  contours: readonly Contour[],
  em: { unitsPerEm: number; emTop: number },
  size = GLYPH_DOTS,
): GlyphBitmap {
  const scale = size / em.unitsPerEm;
  const toDots = (p: Point): Point => ({ x: p.x * scale, y: (em.emTop - p.y) * scale });
  interface Edge {
    x0: number;
    y0: number;
    x1: number;
    y1: number;
    dir: number;
  }
  const edges: Edge[] = [];
  for (const contour of contours) {
    for (let i = 0; i < contour.length; i++) {
      const a = toDots(contour[i]!);
      const b = toDots(contour[(i + 1) % contour.length]!);
      if (a.y === b.y) continue;
      edges.push(
        a.y < b.y
          ? { x0: a.x, y0: a.y, x1: b.x, y1: b.y, dir: 1 }
          : { x0: b.x, y0: b.y, x1: a.x, y1: a.y, dir: -1 },
      );
    }
  }
  const grid = size * SUBSAMPLES;
  const coverage = new Uint16Array(size * size);
  const crossings: { x: number; dir: number }[] = [];
  for (let row = 0; row < grid; row++) {
    const y = (row + 0.5) / SUBSAMPLES;
    crossings.length = 0;
    for (const e of edges) {
      if (y < e.y0 || y >= e.y1) continue;
      crossings.push({ x: e.x0 + ((y - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0), dir: e.dir });
    }
    crossings.sort((p, q) => p.x - q.x);
    let winding = 0;
    for (let i = 0; i < crossings.length - 1; i++) {
      winding += crossings[i]!.dir;
      if (winding === 0) continue;
      // Sub-sample columns whose centre lies inside [x_i, x_{i+1}).
      const from = Math.max(0, Math.ceil(crossings[i]!.x * SUBSAMPLES - 0.5));
      const to = Math.min(grid - 1, Math.ceil(crossings[i + 1]!.x * SUBSAMPLES - 0.5) - 1);
      const dotRow = Math.floor(row / SUBSAMPLES) * size;
      for (let col = from; col <= to; col++) coverage[dotRow + Math.floor(col / SUBSAMPLES)]!++;
    }
  }
  const needed = Math.ceil(INK_THRESHOLD * SUBSAMPLES * SUBSAMPLES);
  const dots = new Uint8Array(size * size);
  for (let i = 0; i < dots.length; i++) dots[i] = coverage[i]! >= needed ? 1 : 0;
  return { width: size, height: size, dots };
}

/** The glyph of `codePoint` as 24×24 dots, or undefined when the font does not have it. */
export function rasteriseCodePoint(font: TrueTypeFont, codePoint: number): GlyphBitmap | undefined {
  const index = font.glyphIndex(codePoint);
  if (index === 0) return undefined;
  const bitmap = rasterise(font.outline(index), font);
  // A glyph that exists but has no ink (a blank placeholder) is no better than the substitute.
  return bitmap.dots.some((d) => d === 1) ? bitmap : undefined;
}

/** 24×24 dots → the 72 data bytes of FS 2: column by column, 3 bytes each, top dot in bit 7. */
export function toFs2Data(bitmap: GlyphBitmap): Buffer {
  if (bitmap.width !== GLYPH_DOTS || bitmap.height !== GLYPH_DOTS) {
    throw new RangeError(`FS 2 takes a ${GLYPH_DOTS}×${GLYPH_DOTS} glyph`);
  }
  const data = Buffer.alloc(FS2_DATA_BYTES);
  for (let x = 0; x < GLYPH_DOTS; x++) {
    for (let y = 0; y < GLYPH_DOTS; y++) {
      if (bitmap.dots[y * GLYPH_DOTS + x]) data[x * 3 + (y >> 3)]! |= 0x80 >> (y & 7);
    }
  }
  return data;
}

/** The inverse of toFs2Data, for the round-trip test. The printer emulator deliberately decodes FS 2
 *  with its own code (userGlyphRows in hardware/emulators/printer/receipt-model.ts): it is the oracle
 *  the paper tests read back through, so it must not share this file's bit layout. */
export function fromFs2Data(data: Uint8Array): GlyphBitmap {
  if (data.length !== FS2_DATA_BYTES) throw new RangeError(`FS 2 data is ${FS2_DATA_BYTES} bytes`);
  const dots = new Uint8Array(GLYPH_DOTS * GLYPH_DOTS);
  for (let x = 0; x < GLYPH_DOTS; x++) {
    for (let y = 0; y < GLYPH_DOTS; y++) {
      dots[y * GLYPH_DOTS + x] = data[x * 3 + (y >> 3)]! & (0x80 >> (y & 7)) ? 1 : 0;
    }
  }
  return { width: GLYPH_DOTS, height: GLYPH_DOTS, dots };
}

/** Rows of '#' and '.', for tests and the emulator's text readback. */
export function bitmapToText(bitmap: GlyphBitmap): string[] {
  const rows: string[] = [];
  for (let y = 0; y < bitmap.height; y++) {
    let row = '';
    for (let x = 0; x < bitmap.width; x++) row += bitmap.dots[y * bitmap.width + x] ? '#' : '.';
    rows.push(row);
  }
  return rows;
}
