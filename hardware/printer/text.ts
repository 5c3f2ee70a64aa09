import iconv from 'iconv-lite';
import type { GlyphBitmap } from './glyph-raster.ts';
import type { PrinterProfile } from './profile.ts';
import type { GlyphSource } from './rare-fonts.ts';

// Text for a Chinese-mode ESC/POS printer: GB18030 bytes, column widths (ASCII one column, everything
// multi-byte two), line wrapping, and the rule that a character the printer cannot print is replaced
// by something a person can see and act on ("□" and its code point), never by a silent "?".

/** One printable unit: what the paper will show, its bytes, and how many Font A columns it takes. */
export interface Glyph {
  text: string;
  bytes: Buffer;
  width: number;
  /** A character the printer's font lacks, drawn from a font file: the encoder defines it as a
   *  user-defined Chinese character (FS 2) and prints its code instead of `bytes`. */
  bitmap?: GlyphBitmap;
}

export interface Substitution {
  codePoint: number;
  replacement: string;
}

/** Supplies a better replacement for a character the printer cannot print (e.g. its pinyin). */
export type SubstituteFn = (char: string, codePoint: number) => string | undefined;

export const UNPRINTABLE_MARK = '□';

const isAsciiPrintable = (cp: number): boolean => cp >= 0x20 && cp <= 0x7e;
const isControl = (cp: number): boolean => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
const isPrivateUse = (cp: number): boolean =>
  (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000 && cp <= 0x10ffff);
const isSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdfff;
/** Selectors and joiners modify the previous character's look; a printer font ignores them at best. */
const isInvisibleModifier = (cp: number): boolean =>
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0xe0100 && cp <= 0xe01ef) ||
  (cp >= 0x200b && cp <= 0x200d) ||
  cp === 0xfeff;
/** Ideographs of CJK extension B and later (planes 2 and 3): what a full GB18030 printer font adds. */
const isSupplementaryIdeograph = (cp: number): boolean => cp >= 0x20000 && cp <= 0x3ffff;

const ASCII_MARK_BYTES = iconv.encode(UNPRINTABLE_MARK, 'gb18030');

function defaultReplacement(cp: number): string {
  return `${UNPRINTABLE_MARK}U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether the printer described by `profile` can print `cp` as encoded in GB18030. */
export function isPrintable(
  cp: number,
  encoded: Buffer,
  profile: Pick<PrinterProfile, 'gb18030FourByte'>,
): boolean {
  if (isAsciiPrintable(cp)) return true;
  if (isControl(cp) || isPrivateUse(cp) || isSurrogate(cp)) return false;
  if (encoded.length === 2) return true;
  if (encoded.length === 4) {
    if (!profile.gb18030FourByte) return false;
    return cp < 0x10000 || isSupplementaryIdeograph(cp);
  }
  return false;
}

function glyphOf(text: string): Glyph {
  const bytes = iconv.encode(text, 'gb18030');
  return { text, bytes, width: bytes.length === 1 ? 1 : 2 };
}

/** Turns a string into printable glyphs; every character the printer cannot print is replaced visibly
 *  and reported. Line breaks are the caller's business: `\n` here is unprintable like any control. */
export function prepareText(
  text: string,
  profile: Pick<PrinterProfile, 'gb18030FourByte'>,
  substitute?: SubstituteFn,
  /** Draws characters the printer's font lacks; only those no font has get the substitute. */
  drawn?: GlyphSource,
): { glyphs: Glyph[]; substitutions: Substitution[] } {
  const glyphs: Glyph[] = [];
  const substitutions: Substitution[] = [];
  for (const char of text.normalize('NFC')) {
    const cp = char.codePointAt(0) ?? 0;
    if (isInvisibleModifier(cp)) continue;
    if (cp === 0x09) {
      glyphs.push(glyphOf(' '));
      continue;
    }
    const encoded = iconv.encode(char, 'gb18030');
    if (isPrintable(cp, encoded, profile)) {
      glyphs.push({ text: char, bytes: encoded, width: encoded.length === 1 ? 1 : 2 });
      continue;
    }
    const bitmap = drawn && !isControl(cp) && !isPrivateUse(cp) ? drawn.glyph(cp) : undefined;
    if (bitmap) {
      // Bytes of the visible mark until the encoder gives it a user-defined code: a Chinese cell wide.
      glyphs.push({ text: char, bytes: ASCII_MARK_BYTES, width: 2, bitmap });
      continue;
    }
    const offered = substitute?.(char, cp);
    // A caller's replacement goes through the same check, so it cannot smuggle in control bytes.
    const replacement =
      offered !== undefined &&
      offered.length > 0 &&
      [...offered].every((c) => isAsciiPrintable(c.codePointAt(0) ?? 0))
        ? `${UNPRINTABLE_MARK}${offered}`
        : defaultReplacement(cp);
    substitutions.push({ codePoint: cp, replacement });
    // The mark and its explanation stay together: wrapping must not split "□" from "U+20BB7".
    glyphs.push({
      text: replacement,
      bytes: Buffer.concat([
        ASCII_MARK_BYTES,
        Buffer.from(replacement.slice(UNPRINTABLE_MARK.length), 'ascii'),
      ]),
      width: 2 + replacement.length - UNPRINTABLE_MARK.length,
    });
  }
  return { glyphs, substitutions };
}

export function glyphsWidth(glyphs: readonly Glyph[]): number {
  return glyphs.reduce((sum, g) => sum + g.width, 0);
}

export function displayWidth(text: string, profile: Pick<PrinterProfile, 'gb18030FourByte'>): number {
  return glyphsWidth(prepareText(text, profile).glyphs);
}

export function glyphsText(glyphs: readonly Glyph[]): string {
  return glyphs.map((g) => g.text).join('');
}

export function encodeGlyphs(glyphs: readonly Glyph[]): Buffer {
  return Buffer.concat(glyphs.map((g) => g.bytes));
}

// Chinese line-breaking rules (禁则, after GB/T 15834 and the W3C's Requirements for Chinese Text
// Layout): closing punctuation never starts a line, opening punctuation never ends one, and a
// paragraph never ends on one lone character (「补/领」): its last line takes a character from the
// line before.
const NO_LINE_START = new Set([
  ...'，。、；：？！）》」』】〉〕］｝〗〙”’…—～·％．,.;:?!)]}>%',
  '\u30fb', // ・
]);
const NO_LINE_END = new Set([...'（《「『【〈〔［｛〖〘“‘([{<']);

const isWordGlyph = (g: Glyph): boolean => g.width === 1 && g.text !== ' ' && !NO_LINE_END.has(g.text);
const isSpace = (g: Glyph | undefined): boolean => g?.text === ' ';

/** The pieces a line may not be broken inside: a Latin word, or one CJK character with the opening
 *  punctuation before it and the closing punctuation after it; spaces are pieces of their own. */
function breakUnits(glyphs: readonly Glyph[]): Glyph[][] {
  const units: Glyph[][] = [];
  let openers: Glyph[] = [];
  for (const glyph of glyphs) {
    const last = units[units.length - 1];
    const lastGlyph = last?.[last.length - 1];
    if (NO_LINE_END.has(glyph.text)) {
      openers.push(glyph);
      continue;
    }
    if (openers.length === 0 && last && lastGlyph && !isSpace(lastGlyph)) {
      // Closing punctuation sticks to what it closes; a Latin word stays whole.
      if (NO_LINE_START.has(glyph.text) || (isWordGlyph(glyph) && isWordGlyph(lastGlyph))) {
        last.push(glyph);
        continue;
      }
    }
    units.push([...openers, glyph]);
    openers = [];
  }
  if (openers.length > 0) units.push(openers);
  return units;
}

/** A unit that is one character (CJK, or a substitute) with only punctuation around it. */
function isLoneCharacter(unit: readonly Glyph[]): boolean {
  const characters = unit.filter((g) => !NO_LINE_START.has(g.text) && !NO_LINE_END.has(g.text));
  return characters.length === 1 && characters[0]!.width >= 2;
}

/** Breaks glyphs into lines of at most `columns` columns: Latin words stay whole when they fit, CJK
 *  breaks between any two characters, with the punctuation and lone-character rules above. */
export function wrapGlyphs(glyphs: readonly Glyph[], columns: number): Glyph[][] {
  const width = Math.max(2, columns);
  const lines: Glyph[][][] = [];
  let line: Glyph[][] = [];
  let lineWidth = 0;
  const flush = (): void => {
    while (line.length > 0 && isSpace(line[line.length - 1]?.[0])) line.pop();
    lines.push(line);
    line = [];
    lineWidth = 0;
  };

  for (const unit of breakUnits(glyphs)) {
    const unitWidth = glyphsWidth(unit);
    if (isSpace(unit[0]) && lineWidth === 0 && lines.length > 0) continue;
    if (lineWidth + unitWidth <= width) {
      line.push(unit);
      lineWidth += unitWidth;
      continue;
    }
    if (unitWidth > width) {
      // A word or a substitute longer than a line (a web address): break it by glyph, starting on a
      // line of its own when it is a Latin word, so it reads as one piece (the start of an address
      // is not left at the end of a sentence's line).
      if (lineWidth > 0 && unit.every(isWordGlyph)) flush();
      for (const glyph of unit) {
        if (lineWidth + glyph.width > width && lineWidth > 0) flush();
        line.push([glyph]);
        lineWidth += glyph.width;
      }
      continue;
    }
    flush();
    if (isSpace(unit[0])) continue;
    line.push(unit);
    lineWidth += unitWidth;
  }
  if (line.length > 0 || lines.length === 0) flush();

  // A last line of one lone character takes the last character of the line before with it, when the
  // two fit (they always do unless the lone unit is nearly a line wide).
  const last = lines[lines.length - 1]!;
  const before = lines[lines.length - 2];
  if (before && before.length > 1 && last.length === 1 && isLoneCharacter(last[0]!)) {
    const moved = before[before.length - 1]!;
    if (!isSpace(moved[0]) && glyphsWidth(moved) + glyphsWidth(last[0]!) <= width) {
      before.pop();
      while (before.length > 0 && isSpace(before[before.length - 1]?.[0])) before.pop();
      last.unshift(moved);
    }
  }
  return lines.map((units) => units.flat());
}

/** Convenience for templates and tests: the lines a person will read. */
export function wrapText(
  text: string,
  columns: number,
  profile: Pick<PrinterProfile, 'gb18030FourByte'>,
): string[] {
  return text
    .split('\n')
    .flatMap((paragraph) => wrapGlyphs(prepareText(paragraph, profile).glyphs, columns).map(glyphsText));
}

/** Pads `glyphs` with spaces to `columns` columns according to `align` (used for composing lines). */
export function padGlyphs(
  glyphs: readonly Glyph[],
  columns: number,
  align: 'left' | 'right' | 'center',
): Glyph[] {
  const missing = Math.max(0, columns - glyphsWidth(glyphs));
  const space = glyphOf(' ');
  const left = align === 'right' ? missing : align === 'center' ? Math.floor(missing / 2) : 0;
  const right = missing - left;
  return [...Array<Glyph>(left).fill(space), ...glyphs, ...Array<Glyph>(right).fill(space)];
}

export function spaces(count: number): Glyph[] {
  return Array<Glyph>(Math.max(0, count)).fill(glyphOf(' '));
}
