import { BreakLine, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { Align, PrintBlock, PrintDocument, TextSize } from './document.ts';
import { FS2_DATA_BYTES, toFs2Data } from './glyph-raster.ts';
import type { PrinterProfile } from './profile.ts';
import type { GlyphSource } from './rare-fonts.ts';
import {
  encodeGlyphs,
  glyphsWidth,
  prepareText,
  spaces,
  wrapGlyphs,
  type Glyph,
  type SubstituteFn,
  type Substitution,
} from './text.ts';

// PrintDocument → ESC/POS bytes. node-thermal-printer builds the commands it builds well (init,
// alignment, bold, size, QR, barcode, cut); our layer owns what it gets wrong for Chinese: it encodes
// text in GB18030 ourselves (its cp936 path turns unknown characters into "?"), lays lines out by
// display columns (its layout counts UTF-16 units), and sends `FS &` after every `ESC @` (its `cut()`
// ends with `ESC @`, which leaves Chinese mode).

export const FS_CHINESE_ON = Buffer.from([0x1c, 0x26]);
export const ESC_INIT = Buffer.from([0x1b, 0x40]);

export interface EncodeOptions {
  substitute?: SubstituteFn;
  /** Draws characters the printer's font lacks (profile.userDefinedChinese): see rare-fonts.ts. */
  glyphs?: GlyphSource;
}

export interface EncodedDocument {
  bytes: Buffer;
  /** Characters the printer cannot print and what was printed instead (for a log line: code points only). */
  substitutions: Substitution[];
  /** Characters printed as user-defined characters drawn from a font file (one per occurrence). */
  drawnCharacters: number;
}

/** User-defined Chinese character codes: FE A1… The narrowest range in the printer manuals we know
 *  (FE A1–FE B4, 20 codes) is used, and codes are handed out anew for every line, so a line can hold
 *  20 different rare characters: a 48-column line has room for 24 characters in all. */
export const USER_CHINESE_FIRST_BYTE = 0xfe;
export const USER_CHINESE_FIRST_CODE = 0xa1;
export const USER_CHINESE_CODES = 20;

/** `FS 2 c1 c2 d1…d72`: defines the 24×24 character printed for the two bytes c1 c2 in Chinese mode. */
export function defineUserChinese(c1: number, c2: number, data: Uint8Array): Buffer {
  if (data.length !== FS2_DATA_BYTES) throw new RangeError(`FS 2 takes ${FS2_DATA_BYTES} data bytes`);
  return Buffer.concat([Buffer.from([0x1c, 0x32, c1, c2]), Buffer.from(data)]);
}

/** An interface object that makes misuse loud: the builder never writes, TicketPrinter does. */
const builderOnlyInterface = {
  getPrinterName: (): string => 'escpos-builder',
  isPrinterConnected: async (): Promise<boolean> => false,
  execute: async (): Promise<never> => {
    throw new Error('encodeDocument only builds bytes; TicketPrinter writes them through the serial port');
  },
};

interface StyleState {
  align: Align;
  bold: boolean;
  size: TextSize;
}

const NORMAL: StyleState = { align: 'left', bold: false, size: { width: 1, height: 1 } };
const isAscii = (s: string): boolean => [...s].every((c) => c.charCodeAt(0) < 0x80);

class DocumentEncoder {
  private readonly printer: ThermalPrinter;
  private state: StyleState = { ...NORMAL };
  readonly substitutions: Substitution[] = [];
  drawnCharacters = 0;

  constructor(
    private readonly profile: PrinterProfile,
    private readonly options: EncodeOptions,
  ) {
    this.printer = new ThermalPrinter({
      type: PrinterTypes.EPSON,
      // The typings say string; the library accepts an object as the interface (lib/interfaces/index.js).
      interface: builderOnlyInterface as unknown as string,
      width: profile.columns,
      breakLine: BreakLine.NONE,
    });
  }

  build(document: PrintDocument): Buffer {
    this.printer.clear();
    this.reset();
    for (const block of document.blocks) this.block(block);
    return Buffer.from(this.printer.getBuffer() ?? Buffer.alloc(0));
  }

  /** `ESC @` then, on printers that need it, `FS &`: every reset is followed by Chinese mode. */
  private reset(): void {
    // ESC @ (the library's initHardware(), which its typings leave out).
    this.printer.add(ESC_INIT);
    this.afterReset();
  }

  private afterReset(): void {
    if (this.profile.chineseModeCommand) this.printer.add(FS_CHINESE_ON);
    this.state = { ...NORMAL, size: { ...NORMAL.size } };
  }

  private setAlign(align: Align): void {
    if (this.state.align === align) return;
    if (align === 'center') this.printer.alignCenter();
    else if (align === 'right') this.printer.alignRight();
    else this.printer.alignLeft();
    this.state.align = align;
  }

  private setBold(bold: boolean): void {
    if (this.state.bold === bold) return;
    this.printer.bold(bold);
    this.state.bold = bold;
  }

  private setSize(size: TextSize): void {
    if (this.state.size.width === size.width && this.state.size.height === size.height) return;
    // GS ! n takes the width in the high nibble; the library names that parameter "height".
    this.printer.setTextSize(size.width - 1, size.height - 1);
    this.state.size = { ...size };
  }

  private glyphs(text: string): Glyph[] {
    const prepared = prepareText(
      text,
      this.profile,
      this.options.substitute,
      this.profile.userDefinedChinese ? this.options.glyphs : undefined,
    );
    this.substitutions.push(...prepared.substitutions);
    return prepared.glyphs;
  }

  private line(glyphs: readonly Glyph[]): void {
    if (glyphs.length > 0) this.printer.add(this.encodeLine(glyphs));
    this.printer.newLine();
  }

  /** A line's bytes. Each drawn character gets a user-defined code, defined by `FS 2` before the
   *  line's first byte; codes are handed out anew for every line, so an `ESC @` between lines (which
   *  erases them on most printers) never leaves one undefined. */
  private encodeLine(glyphs: readonly Glyph[]): Buffer {
    if (!glyphs.some((g) => g.bitmap)) return encodeGlyphs(glyphs);
    const codes = new Map<string, number>();
    const definitions: Buffer[] = [];
    const text: Buffer[] = [];
    for (const glyph of glyphs) {
      if (!glyph.bitmap) {
        text.push(glyph.bytes);
        continue;
      }
      let code = codes.get(glyph.text);
      if (code === undefined && codes.size < USER_CHINESE_CODES) {
        code = USER_CHINESE_FIRST_CODE + codes.size;
        codes.set(glyph.text, code);
        definitions.push(defineUserChinese(USER_CHINESE_FIRST_BYTE, code, toFs2Data(glyph.bitmap)));
      }
      if (code === undefined) {
        // More different rare characters in one line than codes: the rest keep the bare mark.
        this.substitutions.push({ codePoint: glyph.text.codePointAt(0) ?? 0, replacement: '□' });
        text.push(glyph.bytes);
        continue;
      }
      this.drawnCharacters++;
      text.push(Buffer.from([USER_CHINESE_FIRST_BYTE, code]));
    }
    return Buffer.concat([...definitions, ...text]);
  }

  private block(block: PrintBlock): void {
    switch (block.kind) {
      case 'text': {
        const size = block.size ?? NORMAL.size;
        this.setAlign(block.align ?? 'left');
        this.setBold(block.bold ?? false);
        this.setSize(size);
        const columns = Math.floor(this.profile.columns / size.width);
        const indent = Math.min(block.indent ?? 0, columns - 2);
        for (const paragraph of block.text.split('\n')) {
          for (const line of wrapGlyphs(this.glyphs(paragraph), columns - indent)) {
            this.line(indent > 0 ? [...spaces(indent), ...line] : line);
          }
        }
        return;
      }
      case 'pair': {
        this.setAlign('left');
        this.setBold(block.bold ?? false);
        this.setSize(NORMAL.size);
        const label = this.glyphs(block.label);
        const value = this.glyphs(block.value);
        const columns = this.profile.columns;
        const gap = columns - glyphsWidth(label) - glyphsWidth(value);
        if (gap >= 2) {
          this.line([...label, ...spaces(gap), ...value]);
          return;
        }
        // Too long for one line: the label on its own line, the value indented under it.
        for (const line of wrapGlyphs(label, columns)) this.line(line);
        for (const line of wrapGlyphs(value, columns - 4)) this.line([...spaces(4), ...line]);
        return;
      }
      case 'rule': {
        this.setAlign('left');
        this.setBold(false);
        this.setSize(NORMAL.size);
        this.line(this.glyphs((block.char ?? '-').repeat(this.profile.columns)));
        return;
      }
      case 'qr': {
        this.setAlign('center');
        const cellSize = block.moduleSize ?? this.profile.qrModuleSize;
        const correction = block.errorCorrection ?? 'M';
        if (isAscii(block.data)) {
          this.printer.printQR(block.data, { model: 2, cellSize, correction });
        } else {
          // The library sizes the store command by UTF-16 length; a UTF-8 payload needs its byte length.
          this.printer.add(qrCommands(Buffer.from(block.data, 'utf8'), cellSize, correction));
        }
        this.printer.newLine();
        return;
      }
      case 'barcode': {
        this.setAlign('center');
        // CODE128-B: 11 modules per character plus start, check and stop (and quiet zones) must fit 576 dots.
        const moduleWidth = (block.data.length + 5) * 11 * 3 <= 576 - 40 ? 3 : 2;
        this.printer.printBarcode(block.data, 73, {
          hriPos: 2,
          hriFont: 0,
          width: moduleWidth,
          height: block.heightDots ?? 80,
        });
        this.printer.newLine();
        return;
      }
      case 'feed':
        this.printer.add(Buffer.from([0x1b, 0x64, block.lines]));
        return;
      case 'cut': {
        const { mode, feedLines } = this.profile.cut;
        if (mode === 'feed-and-cut') {
          // GS V 66 n: feed n motion units (about 1/8 line each at the default pitch) and cut.
          this.printer.add(Buffer.from([0x1d, 0x56, 0x42, Math.min(255, feedLines * 8)]));
          this.printer.add(ESC_INIT);
        } else {
          if (feedLines > 0) this.printer.add(Buffer.from([0x1b, 0x64, feedLines]));
          if (mode === 'full') this.printer.cut({ verticalTabAmount: 0 });
          else this.printer.partialCut({ verticalTabAmount: 0 });
        }
        // Both library cut paths end with ESC @, which leaves Chinese mode.
        this.afterReset();
        return;
      }
    }
  }
}

/** The QR sequence of the ESC/POS spec: model 2, module size, error correction, store, print. */
export function qrCommands(
  payload: Uint8Array,
  moduleSize: number,
  correction: 'L' | 'M' | 'Q' | 'H',
): Buffer {
  const storeLength = payload.length + 3;
  return Buffer.concat([
    Buffer.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]),
    Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize]),
    Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x30 + 'LMQH'.indexOf(correction)]),
    Buffer.from([0x1d, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30]),
    Buffer.from(payload),
    Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
  ]);
}

export function encodeDocumentDetailed(
  document: PrintDocument,
  profile: PrinterProfile,
  options: EncodeOptions = {},
): EncodedDocument {
  const encoder = new DocumentEncoder(profile, options);
  const bytes = encoder.build(document);
  return { bytes, substitutions: encoder.substitutions, drawnCharacters: encoder.drawnCharacters };
}

export function encodeDocument(
  document: PrintDocument,
  profile: PrinterProfile,
  options: EncodeOptions = {},
): Buffer {
  return encodeDocumentDetailed(document, profile, options).bytes;
}
