import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  glyphsWidth,
  prepareText,
  wrapGlyphs,
  wrapText,
  displayWidth,
  encodeGlyphs,
} from '../../../hardware/printer/text.ts';

const TWO_BYTE = { gb18030FourByte: false };
const FOUR_BYTE = { gb18030FourByte: true };

describe('prepareText', () => {
  it('encodes Chinese in GB18030 and ASCII as itself', () => {
    const { glyphs, substitutions } = prepareText('中A文', TWO_BYTE);
    expect(encodeGlyphs(glyphs).toString('hex')).toBe('d6d041cec4');
    expect(glyphs.map((g) => g.width)).toEqual([2, 1, 2]);
    expect(substitutions).toEqual([]);
  });
  it('encodes full-width punctuation and GBK characters used in names', () => {
    expect(encodeGlyphs(prepareText('（喆）', TWO_BYTE).glyphs).toString('hex')).toBe('a3a886b4a3a9');
  });
  it('replaces a 4-byte character visibly when the font lacks it, never with "?"', () => {
    const { glyphs, substitutions } = prepareText('张𠮷', TWO_BYTE);
    expect(glyphs.map((g) => g.text)).toEqual(['张', '□U+20BB7']);
    expect(substitutions).toEqual([{ codePoint: 0x20bb7, replacement: '□U+20BB7' }]);
    const bytes = encodeGlyphs(glyphs);
    expect(bytes.includes(0x3f)).toBe(false);
    expect(bytes.toString('hex')).toBe(`d5c5a1f5${Buffer.from('U+20BB7').toString('hex')}`);
  });
  it('prints a 4-byte character as its GB18030 bytes when the font has it', () => {
    const { glyphs, substitutions } = prepareText('𠮷', FOUR_BYTE);
    expect(substitutions).toEqual([]);
    expect(encodeGlyphs(glyphs).toString('hex')).toBe('9534b235');
  });
  it('uses the caller substitute (e.g. pinyin) behind the box', () => {
    const { glyphs } = prepareText('𠮷', TWO_BYTE, (_c, cp) => (cp === 0x20bb7 ? '(ji)' : undefined));
    expect(glyphs.map((g) => g.text)).toEqual(['□(ji)']);
  });
  it('ignores a substitute that contains control bytes', () => {
    const { glyphs } = prepareText('𠮷', TWO_BYTE, () => '\x1b@');
    expect(glyphs.map((g) => g.text)).toEqual(['□U+20BB7']);
  });
  it('never lets control characters through (no command injection from data)', () => {
    const { glyphs } = prepareText('A\x1b@B\x1d\x56\x00', TWO_BYTE);
    const bytes = encodeGlyphs(glyphs);
    for (const byte of bytes) expect(byte >= 0x20).toBe(true);
    expect(glyphs.map((g) => g.text).join('')).toBe('A□U+001B@B□U+001DV□U+0000');
  });
  it('replaces emoji even with a 4-byte font', () => {
    expect(prepareText('😀', FOUR_BYTE).glyphs[0]?.text).toBe('□U+1F600');
  });
  it('drops variation selectors and zero-width joiners', () => {
    expect(prepareText('中\ufe0f文\u200d', TWO_BYTE).glyphs.map((g) => g.text)).toEqual(['中', '文']);
  });
  it('composes decomposed accents before encoding', () => {
    expect(prepareText('e\u0301', TWO_BYTE).glyphs.map((g) => g.text)).toEqual(['é']);
  });
  it('only ever emits printable bytes for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        for (const byte of encodeGlyphs(prepareText(s, TWO_BYTE).glyphs))
          expect(byte).toBeGreaterThanOrEqual(0x20);
      }),
    );
  });
});

describe('wrapping', () => {
  it('breaks Chinese at 24 characters per 48 columns', () => {
    const lines = wrapText('一'.repeat(30), 48, TWO_BYTE);
    expect(lines).toEqual(['一'.repeat(24), '一'.repeat(6)]);
  });
  it('keeps Latin words whole', () => {
    expect(wrapText('hello wonderful world', 12, TWO_BYTE)).toEqual(['hello', 'wonderful', 'world']);
  });
  it('never starts a line with closing punctuation', () => {
    const lines = wrapText(`${'一'.repeat(24)}，二`, 48, TWO_BYTE);
    expect(lines).toEqual(['一'.repeat(23), '一，二']);
  });
  it('never ends a line with opening punctuation', () => {
    const lines = wrapText(`${'一'.repeat(23)}（二）三四`, 48, TWO_BYTE);
    expect(lines[0]).toBe('一'.repeat(23));
    expect(lines[1]).toBe('（二）三四');
  });
  it('keeps a run of closing punctuation off the start of a line (。」 after the last column)', () => {
    // 23 characters and 。 fill 48 columns; 」 must not start the next line, nor may 。.
    const lines = wrapText(`${'一'.repeat(23)}。」二三`, 48, TWO_BYTE);
    expect(lines).toEqual(['一'.repeat(22), '一。」二三']);
  });
  it('never ends a paragraph on one lone character (补/领)', () => {
    // The slip: 「…请到窗口补领」 broken before 领.
    const text = `${'请'.repeat(23)}补领`;
    expect(wrapText(text, 48, TWO_BYTE)).toEqual(['请'.repeat(23), '补领']);
    // Also with its full stop: 「领。」 is still one character.
    expect(wrapText(`${text}。`, 48, TWO_BYTE)).toEqual(['请'.repeat(23), '补领。']);
    // Each paragraph on its own.
    expect(wrapText(`${'甲'.repeat(24)}乙\n丙`, 48, TWO_BYTE)).toEqual(['甲'.repeat(23), '甲乙', '丙']);
  });
  it('follows the rules for any text: no line starts with closing punctuation, no lone last character', () => {
    const closing = [...'，。、；：？！）》」』】'];
    fc.assert(
      fc.property(
        // Characters with at most one mark either side, as Chinese prose has them.
        fc.array(
          fc
            .tuple(
              fc.constantFrom('', '（', '「'),
              fc.constantFrom('中', '文', '补', '领'),
              fc.constantFrom('', ...closing),
            )
            .map((parts) => parts.join('')),
          { minLength: 1, maxLength: 60 },
        ),
        fc.integer({ min: 12, max: 48 }),
        (chars, columns) => {
          const lines = wrapText(chars.join(''), columns, TWO_BYTE);
          const characters = (line: string) => [...line].filter((c) => /[\u4e00-\u9fff]/.test(c)).length;
          lines.forEach((line, index) => {
            if (index > 0) expect(closing).not.toContain(line[0]);
            expect(['（', '「']).not.toContain(
              line.at(-1) === undefined || lines.length === 1 ? '' : line.at(-1),
            );
          });
          if (lines.length > 1 && characters(lines.join('')) > 2)
            expect(characters(lines.at(-1)!)).not.toBe(1);
        },
      ),
    );
  });
  it('never exceeds the column count and loses nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('中', '文', 'a', 'b', ' ', '，', '（', '）', '𠮷', '1'), { maxLength: 200 }),
        fc.integer({ min: 12, max: 48 }),
        (chars, columns) => {
          const text = chars.join('');
          const { glyphs } = prepareText(text, TWO_BYTE);
          const lines = wrapGlyphs(glyphs, columns);
          for (const line of lines) expect(glyphsWidth(line)).toBeLessThanOrEqual(columns);
          const kept = lines
            .flat()
            .map((g) => g.text)
            .join('')
            .replace(/ /g, '');
          expect(kept).toBe(
            glyphs
              .map((g) => g.text)
              .join('')
              .replace(/ /g, ''),
          );
        },
      ),
    );
  });
  it('measures display width in columns', () => {
    expect(displayWidth('A012 社保', TWO_BYTE)).toBe(9);
  });
});
