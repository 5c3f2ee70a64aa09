import fs from 'node:fs';
import { encodeDocumentDetailed } from '../hardware/printer/encode.ts';
import { parseTrueType, rasteriseCodePoint } from '../hardware/printer/glyph-raster.ts';
import { DEFAULT_PRINTER_PROFILE } from '../hardware/printer/profile.ts';
import { RARE_FONTS, fontGlyphSource } from '../hardware/printer/rare-fonts.ts';
import { renderNoticeSlip } from '../main/prereview/slips/notice-slip.ts';

// `npx tsx bench/rare-glyphs.ts`: what drawing rare characters for the printer costs.
//  - load: reading and parsing each rare-character font (once per process, the first time a
//    character needs it);
//  - rasterise: one 24×24 glyph, over the first 500 code points of extension B the font has;
//  - slip: encoding a notice slip whose applicant name has two rare characters, cold (fonts not yet
//    loaded: the first such slip after a start) and warm (glyphs cached).

const ms = (start: number): number => performance.now() - start;
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

for (const font of RARE_FONTS) {
  const start = performance.now();
  const bytes = fs.readFileSync(font.debianPath);
  const read = ms(start);
  const parsed = parseTrueType(bytes);
  const total = ms(start);
  const times: number[] = [];
  let drawn = 0;
  for (let cp = 0x20000; drawn < 500 && cp < 0x2a6e0; cp++) {
    if (parsed.glyphIndex(cp) === 0) continue;
    const t = performance.now();
    rasteriseCodePoint(parsed, cp);
    times.push(ms(t));
    drawn++;
  }
  console.log(
    `${font.file}: ${(bytes.length / 1e6).toFixed(1)} MB, read ${read.toFixed(0)} ms, read+parse ${total.toFixed(0)} ms; ` +
      `rasterise median ${median(times).toFixed(2)} ms, max ${Math.max(...times).toFixed(1)} ms (${drawn} glyphs)`,
  );
}

const slip = (): ReturnType<typeof renderNoticeSlip> =>
  renderNoticeSlip({
    itemName: '城乡居民基本医疗保险参保登记',
    reference: 'PR-20240506-0002',
    date: '2024-05-06',
    hallName: '某某区政务服务中心',
    hallPhone: '010-12345678',
    applicantName: '陈𪚥𠀾',
    maskedIdNumber: '350***********0046',
    problems: [{ title: '户口簿本人页复印件缺失', whatToBring: '户口簿原件及复印件' }],
  });
const glyphs = fontGlyphSource();
let start = performance.now();
const cold = encodeDocumentDetailed(slip(), DEFAULT_PRINTER_PROFILE, { glyphs });
const coldMs = ms(start);
const warm: number[] = [];
for (let i = 0; i < 50; i++) {
  start = performance.now();
  encodeDocumentDetailed(slip(), DEFAULT_PRINTER_PROFILE, { glyphs });
  warm.push(ms(start));
}
const plain: number[] = [];
for (let i = 0; i < 50; i++) {
  start = performance.now();
  encodeDocumentDetailed(slip(), DEFAULT_PRINTER_PROFILE);
  plain.push(ms(start));
}
console.log(
  `notice slip with 2 rare characters: cold ${coldMs.toFixed(0)} ms (drawn ${cold.drawnCharacters}), ` +
    `warm median ${median(warm).toFixed(2)} ms, without drawing ${median(plain).toFixed(2)} ms; ` +
    `bytes ${cold.bytes.length} vs ${encodeDocumentDetailed(slip(), DEFAULT_PRINTER_PROFILE).bytes.length}`,
);
