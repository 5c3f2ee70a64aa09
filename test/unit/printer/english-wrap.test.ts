// English on the thermal printer (issue 15): words wrap at word boundaries, never split across lines
// unless longer than a line; checked on the lines and on the bytes the printer receives (decoded by
// the emulator's ESC/POS parser).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapText } from '../../../hardware/printer/text.ts';
import { encodeDocument } from '../../../hardware/printer/encode.ts';
import { doc } from '../../../hardware/printer/document.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../../hardware/printer/profile.ts';
import { parseEscPos } from '../../../hardware/emulators/printer/escpos-decoder.ts';
import { receiptsFromCommands } from '../../../hardware/emulators/printer/receipt-model.ts';

const PROFILE = { gb18030FourByte: false };
const sentence =
  'Watch the calling screen and listen for your number. If your number has passed, please ask at the service desk.';

describe('English wrapping', () => {
  it('breaks between words on 48 columns and on the 24 of double-width text', () => {
    expect(wrapText(sentence, 48, PROFILE)).toEqual([
      'Watch the calling screen and listen for your',
      'number. If your number has passed, please ask at',
      'the service desk.',
    ]);
    expect(wrapText(sentence, 24, PROFILE)).toEqual([
      'Watch the calling screen',
      'and listen for your',
      'number. If your number',
      'has passed, please ask',
      'at the service desk.',
    ]);
  });

  it('keeps an apostrophe, quotes, brackets and hyphens with their word', () => {
    expect(wrapText(`The applicant's ("lawful and valid") self-service ID`, 20, PROFILE)).toEqual([
      "The applicant's",
      '("lawful and valid")',
      'self-service ID',
    ]);
  });

  it('splits only a word longer than the line, and starts it on a line of its own', () => {
    expect(wrapText('Guide: https://example.gov.cn/forms/hygiene-licence.pdf', 24, PROFILE)).toEqual([
      'Guide:',
      'https://example.gov.cn/f',
      'orms/hygiene-licence.pdf',
    ]);
  });

  it('for any English text: lines fit, no word is split, nothing is lost', () => {
    const word = fc.stringMatching(/^\(?[A-Za-z0-9'-]{1,12}[.,:;!?)]?$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 16, max: 48 }),
        (words, columns) => {
          const lines = wrapText(words.join(' '), columns, PROFILE);
          for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
          // Words shorter than the line come back whole, in order: the lines split at spaces only.
          expect(lines.flatMap((line) => line.split(' '))).toEqual(words);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('prints the same lines: the bytes decoded by the emulator show whole words', () => {
    const bytes = encodeDocument(
      {
        title: 'english',
        blocks: [doc.text(sentence), doc.text(sentence, { size: { width: 2, height: 2 } }), doc.cut()],
      },
      DEFAULT_PRINTER_PROFILE,
    );
    // ASCII goes out as ASCII bytes: no full-width (GB18030 two-byte) punctuation in English text.
    const printable = [...bytes].filter((byte) => byte >= 0x20);
    expect(printable.some((byte) => byte >= 0x80)).toBe(false);
    const [receipt] = receiptsFromCommands(parseEscPos(bytes));
    expect(receipt!.lines).toEqual([
      'Watch the calling screen and listen for your',
      'number. If your number has passed, please ask at',
      'the service desk.',
      'Watch the calling screen',
      'and listen for your',
      'number. If your number',
      'has passed, please ask',
      'at the service desk.',
    ]);
  });
});
