import iconv from 'iconv-lite';
import type { Align, EscPosCommand } from './escpos-decoder.ts';

// What a printer does with the commands: it lays characters into lines of 576 dots (Font A 12×24,
// Chinese 24×24, times the magnification), wraps where the paper ends, and collects the lines, QR
// codes and barcodes between two cuts into a Receipt — the paper a citizen takes away.

export interface ReceiptTextLine {
  kind: 'text';
  text: string;
  align: Align;
  /** One run per change of style within the line. */
  runs: { text: string; bold: boolean; width: number; height: number }[];
  /** Height of the tallest run (magnification). */
  height: number;
  /** User-defined characters in this line: `index` is the code point index in `text` (where U+FFFC
   *  stands for each), `dots` the 24×24 bitmap as defined when it was printed. */
  userGlyphs?: PrintedUserGlyph[];
}

/** A user-defined Chinese character as printed: its code (e.g. 'FEA1') and its dots, rows of '#'
 *  (printed) and '.', read back from the FS 2 data. A real printer knows nothing of the character it
 *  was drawn from: neither does this record. */
export interface PrintedUserGlyph {
  index: number;
  code: string;
  dots: string[];
}

/** What stands in the text readback for a user-defined character: U+FFFC OBJECT REPLACEMENT
 *  CHARACTER, "an object is here", with the object in `userGlyphs`. */
export const USER_GLYPH_MARK = '\uFFFC';
export type ReceiptItem =
  | ReceiptTextLine
  | { kind: 'qr'; data: string; moduleSize: number; errorCorrection: 'L' | 'M' | 'Q' | 'H'; align: Align }
  | {
      kind: 'barcode';
      data: string;
      symbology: number;
      heightDots: number;
      moduleWidth: number;
      hri: boolean;
      align: Align;
    }
  | { kind: 'feed'; dots: number }
  | { kind: 'image'; widthDots: number; heightDots: number };

export interface Receipt {
  id: number;
  /** The text lines as printed (right-trimmed), in order. */
  lines: string[];
  items: ReceiptItem[];
  qrPayloads: string[];
  barcodes: string[];
  /** The paper was cut at the end of this receipt. */
  cut: boolean;
  /** Everything sent for this receipt was printed and it ended normally (with a cut, or when input went idle). */
  complete: boolean;
  /** Why it is not complete, in plain English. */
  interruption?: string;
  /** Epoch ms when its first byte was taken in, and when it ended. */
  receivedAt: number;
  finishedAt: number;
  /** Bytes that were not understood (hex), to make encoder mistakes visible in tests. */
  unknownCommands: string[];
  /** Every user-defined character printed, with the index of its line in `lines`. */
  userGlyphs: (PrintedUserGlyph & { line: number })[];
}

export interface PrintHooks {
  /** Whether the mechanism can print right now (paper, cover, cutter, online). */
  canPrint(): boolean;
  /** Why not, for the receipt's interruption note. */
  whyNot(): string;
  /** Called after each printed line of text: the emulator uses it to run out of paper mid-job. */
  linePrinted?(lineIndexInReceipt: number): void;
  /** Called at a cut; returns false when the cutter jams. */
  cut?(): boolean;
}

export interface ReceiptModelOptions {
  /** Printable width in dots (576 for 80 mm paper at 203 dpi). */
  widthDots?: number;
  /** The font has the 4-byte GB18030 characters. */
  fourByteFont?: boolean;
  /** Chinese mode at power-on (printers sold in China often start in it); default false, like Epson. */
  chineseByDefault?: boolean;
  now?: () => number;
}

const ASCII_DOTS = 12;
const HANZI_DOTS = 24;

interface Style {
  align: Align;
  bold: boolean;
  width: number;
  height: number;
}

const DEFAULT_STYLE: Style = { align: 'left', bold: false, width: 1, height: 1 };

/** FS 2 data (24 columns of 3 bytes, top dot in bit 7) → rows of '#' and '.'. */
export function userGlyphRows(data: Uint8Array): string[] {
  const rows: string[] = [];
  for (let y = 0; y < HANZI_DOTS; y++) {
    let row = '';
    for (let x = 0; x < HANZI_DOTS; x++) row += (data[x * 3 + (y >> 3)] ?? 0) & (0x80 >> (y & 7)) ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

/** The user-defined Chinese code range: FE A1–FE FE. */
export const isUserChineseCode = (c1: number, c2: number): boolean => c1 === 0xfe && c2 >= 0xa1 && c2 <= 0xfe;

interface DecodedChar {
  char: string;
  dots: number;
  user?: { code: string; dots: string[] };
}

/** Decodes printable bytes the way the printer would: GB18030 in Chinese mode, code page 437 otherwise;
 *  in Chinese mode a user-defined code prints the dots defined for it (nothing if none was). */
export function decodePrintable(
  bytes: Buffer,
  chinese: boolean,
  fourByteFont: boolean,
  userChars: ReadonlyMap<number, Buffer> = new Map(),
): DecodedChar[] {
  const out: DecodedChar[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80 || !chinese) {
      out.push({
        char: b < 0x80 ? String.fromCharCode(b) : iconv.decode(Buffer.of(b), 'cp437'),
        dots: ASCII_DOTS,
      });
      i += 1;
      continue;
    }
    const second = bytes[i + 1];
    if (b >= 0x81 && b <= 0xfe && second !== undefined && second >= 0x30 && second <= 0x39 && fourByteFont) {
      const seq = bytes.subarray(i, i + 4);
      out.push({ char: seq.length === 4 ? iconv.decode(seq, 'gb18030') : '\ufffd', dots: HANZI_DOTS });
      i += 4;
      continue;
    }
    if (second !== undefined && isUserChineseCode(b, second)) {
      const data = userChars.get((b << 8) | second);
      const code = ((b << 8) | second).toString(16).toUpperCase();
      out.push(
        data
          ? { char: USER_GLYPH_MARK, dots: HANZI_DOTS, user: { code, dots: userGlyphRows(data) } }
          : { char: '\ufffd', dots: HANZI_DOTS },
      );
      i += 2;
      continue;
    }
    if (b >= 0x81 && b <= 0xfe && second !== undefined && second >= 0x40 && second !== 0x7f) {
      out.push({ char: iconv.decode(bytes.subarray(i, i + 2), 'gb18030'), dots: HANZI_DOTS });
      i += 2;
      continue;
    }
    // A byte pair the font has no glyph for: real printers print a blank or a box; show a box.
    out.push({ char: '\ufffd', dots: HANZI_DOTS });
    i += second === undefined ? 1 : 2;
  }
  return out;
}

export class ReceiptModel {
  private style: Style = { ...DEFAULT_STYLE };
  private chinese: boolean;
  private line:
    | {
        runs: ReceiptTextLine['runs'];
        dots: number;
        align: Align;
        userGlyphs: PrintedUserGlyph[];
        chars: number;
      }
    | undefined;
  /** FS 2 definitions by code (c1 << 8 | c2); ESC @ erases them, as on the printers we model. */
  private readonly userChars = new Map<number, Buffer>();
  private current: Receipt | undefined;
  /** Set when printing stopped mid-receipt: the rest of that receipt is lost until the next reset/cut. */
  private discarding = false;
  private qr = {
    moduleSize: 3,
    errorCorrection: 'L' as 'L' | 'M' | 'Q' | 'H',
    stored: undefined as string | undefined,
  };
  private barcode = { heightDots: 162, moduleWidth: 3, hri: false };
  private nextId = 1;
  private readonly widthDots: number;
  private readonly fourByteFont: boolean;
  private readonly chineseByDefault: boolean;
  private readonly now: () => number;

  constructor(
    private readonly hooks: PrintHooks,
    private readonly onReceipt: (receipt: Receipt) => void,
    options: ReceiptModelOptions = {},
  ) {
    this.widthDots = options.widthDots ?? 576;
    this.fourByteFont = options.fourByteFont ?? false;
    this.chineseByDefault = options.chineseByDefault ?? false;
    this.chinese = this.chineseByDefault;
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
  }

  /** True while a receipt has content that has not been cut or closed yet. */
  get hasOpenReceipt(): boolean {
    return this.current !== undefined;
  }

  /** Notes that input bytes have started arriving (for the receipt's receivedAt). */
  private ensureReceipt(): Receipt {
    if (!this.current) {
      const at = this.now();
      this.current = {
        id: this.nextId++,
        lines: [],
        items: [],
        qrPayloads: [],
        barcodes: [],
        cut: false,
        complete: false,
        receivedAt: at,
        finishedAt: at,
        unknownCommands: [],
        userGlyphs: [],
      };
    }
    return this.current;
  }

  /** Marks the start of a job's bytes so that receivedAt is the first byte, not the first printed line. */
  touch(): void {
    if (!this.discarding) this.ensureReceipt();
  }

  apply(command: EscPosCommand): void {
    switch (command.kind) {
      case 'init':
        this.flushLine();
        // A reset before anything was printed starts the job: that is when its first byte came in.
        if (this.current && this.current.items.length === 0) this.current.receivedAt = this.now();
        this.style = { ...DEFAULT_STYLE };
        this.chinese = this.chineseByDefault;
        this.userChars.clear();
        // ESC @ clears the print buffer: after a stop the next job starts clean.
        this.discarding = false;
        return;
      case 'chinese-mode':
        this.chinese = command.on;
        return;
      case 'define-user-chinese':
        if (isUserChineseCode(command.c1, command.c2)) {
          this.userChars.set((command.c1 << 8) | command.c2, Buffer.from(command.data));
        } else if (!this.discarding) {
          // Outside the range the printer keeps: it ignores the definition; show it to the tests.
          this.ensureReceipt().unknownCommands.push(
            Buffer.from([0x1c, 0x32, command.c1, command.c2]).toString('hex'),
          );
        }
        return;
      case 'align':
        this.style.align = command.align;
        return;
      case 'bold':
        this.style.bold = command.on;
        return;
      case 'size':
        this.style.width = command.width;
        this.style.height = command.height;
        return;
      case 'print-mode':
        this.style.bold = command.bold;
        this.style.width = command.doubleWidth ? 2 : 1;
        this.style.height = command.doubleHeight ? 2 : 1;
        return;
      case 'text':
        this.text(command.bytes);
        return;
      case 'newline':
        this.newline();
        return;
      case 'feed-lines':
        this.feed(command.lines * 30);
        return;
      case 'feed-dots':
        this.feed(command.dots);
        return;
      case 'qr-module-size':
        this.qr.moduleSize = command.size;
        return;
      case 'qr-error-correction':
        this.qr.errorCorrection = command.level;
        return;
      case 'qr-store':
        this.qr.stored = command.data.toString('utf8');
        return;
      case 'qr-print':
        if (this.qr.stored !== undefined) {
          const data = this.qr.stored;
          this.printBlock(() => {
            const receipt = this.ensureReceipt();
            receipt.items.push({
              kind: 'qr',
              data,
              moduleSize: this.qr.moduleSize,
              errorCorrection: this.qr.errorCorrection,
              align: this.style.align,
            });
            receipt.qrPayloads.push(data);
          });
        }
        return;
      case 'barcode-height':
        this.barcode.heightDots = command.dots;
        return;
      case 'barcode-module-width':
        this.barcode.moduleWidth = command.dots;
        return;
      case 'barcode-hri':
        this.barcode.hri = command.position !== 0;
        return;
      case 'barcode': {
        // CODE128 data starts with a code set selector ("{B"); the printed value is what follows.
        const raw = command.data.toString('latin1');
        const data = command.symbology === 73 ? raw.replace(/^\{[ABC]/, '') : raw;
        this.printBlock(() => {
          const receipt = this.ensureReceipt();
          receipt.items.push({
            kind: 'barcode',
            data,
            symbology: command.symbology,
            ...this.barcode,
            align: this.style.align,
          });
          receipt.barcodes.push(data);
        });
        return;
      }
      case 'raster-image':
        this.printBlock(() => {
          this.ensureReceipt().items.push({
            kind: 'image',
            widthDots: command.widthBytes * 8,
            heightDots: command.height,
          });
        });
        return;
      case 'cut':
        this.cut(command.feedDots);
        return;
      case 'unknown':
        if (!this.discarding) this.ensureReceipt().unknownCommands.push(command.bytes.toString('hex'));
        return;
      case 'qr-model':
      case 'realtime-status':
      case 'sequenced-status':
      case 'ignored':
        return;
    }
  }

  /** Ends the open receipt without a cut: input went idle (complete) or the link went away (not). */
  close(complete: boolean, interruption?: string): void {
    this.flushLine();
    if (!this.current) return;
    if (this.current.items.length === 0 && complete) {
      // Only settings arrived (a status query, a bare ESC @): nothing to take away.
      this.current = undefined;
      return;
    }
    this.finish({ cut: false, complete, ...(interruption ? { interruption } : {}) });
  }

  private finish(outcome: { cut: boolean; complete: boolean; interruption?: string }): void {
    const receipt = this.current;
    if (!receipt) return;
    this.current = undefined;
    receipt.cut = outcome.cut;
    receipt.complete = outcome.complete;
    if (outcome.interruption) receipt.interruption = outcome.interruption;
    receipt.finishedAt = this.now();
    this.onReceipt(receipt);
  }

  /** Printing stopped (paper out, cover opened…): the receipt so far is what the person gets. */
  private stop(): void {
    if (this.discarding) return;
    this.line = undefined;
    this.discarding = true;
    if (this.current) this.finish({ cut: false, complete: false, interruption: this.hooks.whyNot() });
  }

  private printBlock(print: () => void): void {
    if (this.discarding) return;
    this.flushLine();
    if (!this.hooks.canPrint()) {
      this.ensureReceipt();
      this.stop();
      return;
    }
    print();
  }

  private text(bytes: Buffer): void {
    if (this.discarding) return;
    this.ensureReceipt();
    for (const glyph of decodePrintable(bytes, this.chinese, this.fourByteFont, this.userChars)) {
      const dots = glyph.dots * this.style.width;
      if (this.line && this.line.dots + dots > this.widthDots) {
        // The printer wraps a line that is too long: the layout upstream got the width wrong.
        this.newline();
        if (this.discarding) return;
      }
      const line = (this.line ??= { runs: [], dots: 0, align: this.style.align, userGlyphs: [], chars: 0 });
      if (glyph.user) line.userGlyphs.push({ index: line.chars, ...glyph.user });
      line.chars += 1;
      const last = line.runs[line.runs.length - 1];
      if (
        last &&
        last.bold === this.style.bold &&
        last.width === this.style.width &&
        last.height === this.style.height
      ) {
        last.text += glyph.char;
      } else {
        line.runs.push({
          text: glyph.char,
          bold: this.style.bold,
          width: this.style.width,
          height: this.style.height,
        });
      }
      line.dots += dots;
    }
  }

  private newline(): void {
    if (this.discarding) return;
    if (!this.line) {
      // An empty line still moves the paper.
      this.feed(24 * this.style.height + 6);
      return;
    }
    this.flushLine();
  }

  private flushLine(): void {
    const line = this.line;
    if (!line || this.discarding) return;
    this.line = undefined;
    if (!this.hooks.canPrint()) {
      this.stop();
      return;
    }
    const receipt = this.ensureReceipt();
    const text = line.runs.map((r) => r.text).join('');
    receipt.items.push({
      kind: 'text',
      text,
      align: line.align,
      runs: line.runs,
      height: Math.max(...line.runs.map((r) => r.height)),
      ...(line.userGlyphs.length > 0 ? { userGlyphs: line.userGlyphs } : {}),
    });
    for (const glyph of line.userGlyphs) receipt.userGlyphs.push({ line: receipt.lines.length, ...glyph });
    receipt.lines.push(text.replace(/\s+$/u, ''));
    this.hooks.linePrinted?.(receipt.lines.length);
  }

  private feed(dots: number): void {
    if (this.discarding) return;
    this.flushLine();
    if (!this.current) return; // feeding before anything printed leaves nothing on this receipt
    if (!this.hooks.canPrint()) {
      this.stop();
      return;
    }
    this.current.items.push({ kind: 'feed', dots });
  }

  private cut(feedDots: number): void {
    if (this.discarding) return;
    this.flushLine();
    if (feedDots > 0) this.feed(feedDots);
    if (this.discarding) return;
    if (!this.current) return;
    if (!this.hooks.canPrint()) {
      this.stop();
      return;
    }
    if (this.hooks.cut && !this.hooks.cut()) {
      this.discarding = true;
      this.finish({ cut: false, complete: false, interruption: this.hooks.whyNot() });
      return;
    }
    this.finish({ cut: true, complete: true });
  }
}

/** Decodes a whole ESC/POS stream into receipts, as a printer with paper and no faults would print it. */
export function receiptsFromCommands(
  commands: readonly EscPosCommand[],
  options: ReceiptModelOptions = {},
): Receipt[] {
  const receipts: Receipt[] = [];
  const model = new ReceiptModel(
    { canPrint: () => true, whyNot: () => '' },
    (r) => receipts.push(r),
    options,
  );
  for (const command of commands) model.apply(command);
  model.close(true);
  return receipts;
}
