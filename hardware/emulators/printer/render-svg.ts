import QRCode from 'qrcode';
import { USER_GLYPH_MARK, type Receipt, type ReceiptItem } from './receipt-model.ts';

// Draws a receipt as paper: one SVG unit per printer dot (203 dpi), Font A cells of 12×24 dots for
// ASCII and 24×24 for Chinese, magnified as printed, QR codes module by module, CODE128 bar by bar.

const PAPER_DOTS = 576;
const MARGIN = 24;
const ASCII_DOTS = 12;
const HANZI_DOTS = 24;
const LINE_GAP = 6;
const FONT_STACK = `'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'DejaVu Sans Mono', monospace`;

const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

const charDots = (char: string): number => ((char.codePointAt(0) ?? 0) < 0x80 ? ASCII_DOTS : HANZI_DOTS);

// CODE128 symbol widths (bar, space, bar, space, bar, space) for values 0–106; 106 is the stop symbol.
const CODE128_PATTERNS = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
];
const CODE128_START_B = 104;
const CODE128_STOP = 106;

/** Module widths (alternating bar, space) of a CODE128 code set B symbol; undefined for non-ASCII data. */
export function code128Modules(data: string): number[] | undefined {
  const values: number[] = [CODE128_START_B];
  for (const char of data) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code > 0x7f) return undefined;
    values.push(code - 0x20);
  }
  const checksum = values.reduce((sum, value, index) => sum + value * (index === 0 ? 1 : index), 0) % 103;
  values.push(checksum, CODE128_STOP);
  return values.flatMap((value) => [...(CODE128_PATTERNS[value] ?? '')].map(Number));
}

function alignX(contentDots: number, align: 'left' | 'center' | 'right'): number {
  const free = Math.max(0, PAPER_DOTS - contentDots);
  return MARGIN + (align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0);
}

function renderTextLine(
  item: Extract<ReceiptItem, { kind: 'text' }>,
  top: number,
): { svg: string; height: number } {
  const lineHeight = 24 * item.height + LINE_GAP;
  const lineDots = item.runs.reduce(
    (sum, run) => sum + [...run.text].reduce((s, c) => s + charDots(c), 0) * run.width,
    0,
  );
  let x = alignX(lineDots, item.align);
  const baseline = top + 24 * item.height - 4;
  const parts: string[] = [];
  const userGlyphs = new Map((item.userGlyphs ?? []).map((g) => [g.index, g]));
  let charIndex = 0;
  for (const run of item.runs) {
    // Chinese characters one by one (fixed 24-dot cells), ASCII words stretched to 12-dot cells,
    // spaces only move the pen (SVG would collapse them).
    const pieces = run.text.match(/ +|[!-~]+|[^ -~]/gu) ?? [];
    for (const piece of pieces) {
      const cell = charDots(piece);
      const width = cell * [...piece].length;
      // Only where the line still has the mark: a masked copy (the developer panel's) that put a
      // star there must not draw the dots of the character it hides.
      const user = piece === USER_GLYPH_MARK ? userGlyphs.get(charIndex) : undefined;
      charIndex += [...piece].length;
      if (user) {
        // A user-defined character: its defined dots, each a 1×1 square (times the magnification).
        let path = '';
        user.dots.forEach((row, y) => {
          for (let dx = 0; dx < row.length; dx++) if (row[dx] === '#') path += `M${dx} ${y}h1v1h-1z`;
        });
        parts.push(
          `<path data-user-glyph="${user.code}" transform="translate(${x} ${top}) scale(${run.width} ${run.height})" d="${path}"/>`,
        );
      } else if (piece.trim().length > 0) {
        const weight = run.bold ? ' font-weight="700"' : '';
        const length = cell === ASCII_DOTS ? ` textLength="${width}" lengthAdjust="spacingAndGlyphs"` : '';
        parts.push(
          `<text transform="translate(${x} ${baseline}) scale(${run.width} ${run.height})" font-size="${cell === ASCII_DOTS ? 21 : 23}"${weight}${length}>${escapeXml(piece)}</text>`,
        );
      }
      x += width * run.width;
    }
  }
  return { svg: parts.join(''), height: lineHeight };
}

function renderQr(item: Extract<ReceiptItem, { kind: 'qr' }>, top: number): { svg: string; height: number } {
  let qr: ReturnType<typeof QRCode.create>;
  try {
    qr = QRCode.create(item.data, { errorCorrectionLevel: item.errorCorrection });
  } catch {
    // The picture shows the failure in place of the code; the decoder's own checks report the data.
    return {
      svg: `<text x="${MARGIN}" y="${top + 20}" font-size="18" fill="#b00">[QR too long]</text>`,
      height: 30,
    };
  }
  const size = qr.modules.size;
  const module = Math.max(1, item.moduleSize);
  const x0 = alignX(size * module, item.align);
  let path = '';
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (qr.modules.get(row, col))
        path += `M${x0 + col * module} ${top + row * module}h${module}v${module}h-${module}z`;
    }
  }
  return {
    svg: `<path d="${path}" fill="#111" shape-rendering="crispEdges" data-qr="${escapeXml(item.data)}"/>`,
    height: size * module + LINE_GAP,
  };
}

function renderBarcode(
  item: Extract<ReceiptItem, { kind: 'barcode' }>,
  top: number,
): { svg: string; height: number } {
  const modules = item.symbology === 73 ? code128Modules(item.data) : undefined;
  const hriHeight = item.hri ? 28 : 0;
  if (!modules) {
    return {
      svg: `<text x="${MARGIN}" y="${top + 20}" font-size="18">[barcode ${item.symbology}: ${escapeXml(item.data)}]</text>`,
      height: 30,
    };
  }
  const unit = Math.max(1, item.moduleWidth);
  const totalDots = modules.reduce((a, b) => a + b, 0) * unit;
  let x = alignX(totalDots, item.align);
  let path = '';
  modules.forEach((width, index) => {
    if (index % 2 === 0) path += `M${x} ${top}h${width * unit}v${item.heightDots}h-${width * unit}z`;
    x += width * unit;
  });
  const hri = item.hri
    ? `<text x="${alignX(item.data.length * ASCII_DOTS, item.align)}" y="${top + item.heightDots + 22}" font-size="21" textLength="${item.data.length * ASCII_DOTS}">${escapeXml(item.data)}</text>`
    : '';
  return {
    svg: `<path d="${path}" fill="#111" shape-rendering="crispEdges"/>${hri}`,
    height: item.heightDots + hriHeight + LINE_GAP,
  };
}

/** An SVG picture of the receipt as a person would hold it. */
export function renderReceiptSvg(receipt: Receipt): string {
  const parts: string[] = [];
  let y = MARGIN;
  for (const item of receipt.items) {
    let drawn: { svg: string; height: number };
    switch (item.kind) {
      case 'text':
        drawn = renderTextLine(item, y);
        break;
      case 'qr':
        drawn = renderQr(item, y);
        break;
      case 'barcode':
        drawn = renderBarcode(item, y);
        break;
      case 'feed':
        drawn = { svg: '', height: item.dots };
        break;
      case 'image':
        drawn = {
          svg: `<rect x="${alignX(item.widthDots, 'left')}" y="${y}" width="${item.widthDots}" height="${item.heightDots}" fill="#ddd"/>`,
          height: item.heightDots,
        };
        break;
    }
    parts.push(drawn.svg);
    y += drawn.height;
  }
  y += MARGIN;
  const width = PAPER_DOTS + 2 * MARGIN;
  const shadow = 12;
  // A cut edge is straight; paper that stopped mid-job ends in a torn, zig-zag edge and a red note.
  let bottomEdge = `L${width} ${y} L0 ${y}`;
  if (!receipt.cut) {
    const teeth: string[] = [];
    for (let x = width; x >= 0; x -= 16) teeth.push(`L${x} ${y + ((x / 16) % 2 === 0 ? 0 : 8)}`);
    bottomEdge = teeth.join(' ');
  }
  const banner = receipt.complete
    ? ''
    : `<rect x="0" y="${y + 14}" width="${width}" height="34" fill="#fdd"/><text x="${MARGIN}" y="${y + 38}" font-size="20" font-family="${FONT_STACK}" fill="#a00">未打印完成 / not finished${receipt.interruption ? `: ${escapeXml(receipt.interruption)}` : ''}</text>`;
  const height = y + shadow + (receipt.complete ? 0 : 50);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width + shadow}" height="${height}" viewBox="0 0 ${width + shadow} ${height}">`,
    `<rect width="100%" height="100%" fill="#e9ecef"/>`,
    `<path d="M${shadow / 2} ${shadow / 2 + 4} L${width + shadow / 2} ${shadow / 2 + 4} L${width + shadow / 2} ${y + shadow / 2} L${shadow / 2} ${y + shadow / 2}Z" fill="#adb5bd" opacity="0.6"/>`,
    `<path d="M0 0 L${width} 0 ${bottomEdge} Z" fill="#fffef9" stroke="#ced4da"/>`,
    `<g font-family="${FONT_STACK}" fill="#1a1a1a">${parts.join('')}</g>`,
    banner,
    `</svg>`,
  ].join('');
}
