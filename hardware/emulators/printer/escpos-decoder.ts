// An incremental ESC/POS command parser: bytes in (in any chunking), commands out. It is what the
// printer emulator and the receipt renderer read; it never throws on any input, and a command whose
// parameters have not all arrived yet simply waits for the next chunk, as a printer's parser does.

export type Align = 'left' | 'center' | 'right';

export type EscPosCommand =
  /** Printable bytes (0x20–0xFF) between two control codes; decoded by whoever knows the character mode. */
  | { kind: 'text'; bytes: Buffer }
  | { kind: 'newline' }
  | { kind: 'init' }
  | { kind: 'chinese-mode'; on: boolean }
  | { kind: 'align'; align: Align }
  | { kind: 'bold'; on: boolean }
  /** GS ! n: width and height magnification 1–8. */
  | { kind: 'size'; width: number; height: number }
  /** ESC ! n: the older print mode byte (bold, double height, double width). */
  | { kind: 'print-mode'; bold: boolean; doubleHeight: boolean; doubleWidth: boolean }
  | { kind: 'feed-lines'; lines: number }
  | { kind: 'feed-dots'; dots: number }
  | { kind: 'cut'; partial: boolean; feedDots: number }
  | { kind: 'qr-model'; model: number }
  | { kind: 'qr-module-size'; size: number }
  | { kind: 'qr-error-correction'; level: 'L' | 'M' | 'Q' | 'H' }
  | { kind: 'qr-store'; data: Buffer }
  | { kind: 'qr-print' }
  | { kind: 'barcode-height'; dots: number }
  | { kind: 'barcode-module-width'; dots: number }
  | { kind: 'barcode-hri'; position: number }
  /** GS k: `symbology` is m (0–6 NUL-terminated forms, 65–73 length-prefixed forms). */
  | { kind: 'barcode'; symbology: number; data: Buffer }
  | { kind: 'raster-image'; widthBytes: number; height: number }
  /** FS 2 c1 c2 d1…d72: the 24×24 dots printed for the Chinese-mode code c1 c2 (column by column,
   *  3 bytes a column, top dot in bit 7). */
  | { kind: 'define-user-chinese'; c1: number; c2: number; data: Buffer }
  /** DLE EOT n: real-time status request. */
  | { kind: 'realtime-status'; n: number }
  /** GS r n: status request processed in sequence. */
  | { kind: 'sequenced-status'; n: number }
  /** Understood and without effect on what the emulator models (code page, line spacing, font…). */
  | { kind: 'ignored'; bytes: Buffer }
  /** Not understood: the bytes are kept so that a test can show them. */
  | { kind: 'unknown'; bytes: Buffer };

const LF = 0x0a;
const CR = 0x0d;
const HT = 0x09;
const DLE = 0x10;
const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;

/** Declared payloads larger than this are treated as garbage rather than waited for. */
const MAX_PAYLOAD = 1 << 20;

type Parsed = { command: EscPosCommand; length: number } | 'incomplete';

const alignOf = (n: number): Align =>
  n === 1 || n === 0x31 ? 'center' : n === 2 || n === 0x32 ? 'right' : 'left';
const slice = (buf: Buffer, start: number, length: number): Buffer =>
  Buffer.from(buf.subarray(start, start + length));

function fixed(buf: Buffer, at: number, length: number, make: (b: Buffer) => EscPosCommand): Parsed {
  if (buf.length - at < length) return 'incomplete';
  return { command: make(slice(buf, at, length)), length };
}

function parseEsc(buf: Buffer, at: number): Parsed {
  if (buf.length - at < 2) return 'incomplete';
  const op = buf[at + 1] as number;
  const p = (i: number): number => buf[at + 2 + i] as number;
  const ignored = (length: number): Parsed => fixed(buf, at, length, (bytes) => ({ kind: 'ignored', bytes }));
  switch (op) {
    case 0x40: // ESC @
      return { command: { kind: 'init' }, length: 2 };
    case 0x21: // ESC ! n
      return fixed(buf, at, 3, () => ({
        kind: 'print-mode',
        bold: (p(0) & 0x08) !== 0,
        doubleHeight: (p(0) & 0x10) !== 0,
        doubleWidth: (p(0) & 0x20) !== 0,
      }));
    case 0x45: // ESC E n
      return fixed(buf, at, 3, () => ({ kind: 'bold', on: (p(0) & 1) === 1 }));
    case 0x61: // ESC a n
      return fixed(buf, at, 3, () => ({ kind: 'align', align: alignOf(p(0)) }));
    case 0x64: // ESC d n
      return fixed(buf, at, 3, () => ({ kind: 'feed-lines', lines: p(0) }));
    case 0x4a: // ESC J n
      return fixed(buf, at, 3, () => ({ kind: 'feed-dots', dots: p(0) }));
    case 0x69: // ESC i (partial cut, old form)
    case 0x6d: // ESC m
      return { command: { kind: 'cut', partial: true, feedDots: 0 }, length: 2 };
    case 0x32: // ESC 2
    case 0x3c: // ESC <
      return ignored(2);
    case 0x2d: // ESC - n underline
    case 0x47: // ESC G n double strike
    case 0x33: // ESC 3 n line spacing
    case 0x4d: // ESC M n font
    case 0x74: // ESC t n code page
    case 0x52: // ESC R n international set
    case 0x7b: // ESC { n upside down
    case 0x56: // ESC V n rotation
    case 0x20: // ESC SP n right spacing
    case 0x3d: // ESC = n peripheral
    case 0x72: // ESC r n colour
    case 0x55: // ESC U n unidirectional
      return ignored(3);
    case 0x24: // ESC $ nL nH absolute position
    case 0x5c: // ESC \ nL nH relative position
    case 0x42: // ESC B n t beeper
    case 0x63: // ESC c x n
      return ignored(4);
    case 0x70: // ESC p m t1 t2 drawer kick
      return ignored(5);
    case 0x44: {
      // ESC D n1 … nk NUL: tab positions
      const end = buf.indexOf(0x00, at + 2);
      if (end < 0) return buf.length - at > 34 ? ignored(2) : 'incomplete';
      return ignored(end - at + 1);
    }
    case 0x2a: {
      // ESC * m nL nH d…: bit image, 1 byte per column in 8-dot modes, 3 in 24-dot modes
      if (buf.length - at < 5) return 'incomplete';
      const columns = p(1) + p(2) * 256;
      const length = 5 + columns * (p(0) <= 1 ? 1 : 3);
      return ignored(length);
    }
    default:
      return fixed(buf, at, 2, (bytes) => ({ kind: 'unknown', bytes }));
  }
}

function parseFs(buf: Buffer, at: number): Parsed {
  if (buf.length - at < 2) return 'incomplete';
  const op = buf[at + 1] as number;
  const ignored = (length: number): Parsed => fixed(buf, at, length, (bytes) => ({ kind: 'ignored', bytes }));
  switch (op) {
    case 0x26: // FS &
      return { command: { kind: 'chinese-mode', on: true }, length: 2 };
    case 0x2e: // FS .
      return { command: { kind: 'chinese-mode', on: false }, length: 2 };
    case 0x32: // FS 2 c1 c2 d1…d72 user-defined Chinese character
      return fixed(buf, at, 4 + 72, (bytes) => ({
        kind: 'define-user-chinese',
        c1: bytes[2] as number,
        c2: bytes[3] as number,
        data: bytes.subarray(4),
      }));
    case 0x21: // FS ! n Chinese print mode
    case 0x2d: // FS - n Chinese underline
    case 0x43: // FS C n character code system
    case 0x57: // FS W n quadruple
      return ignored(3);
    case 0x53: // FS S n1 n2 Chinese spacing
    case 0x70: // FS p n m NV image
      return ignored(4);
    default:
      return fixed(buf, at, 2, (bytes) => ({ kind: 'unknown', bytes }));
  }
}

function parseGsParen(buf: Buffer, at: number): Parsed {
  // GS ( fn pL pH …: everything after pH is pL + 256·pH bytes long.
  if (buf.length - at < 5) return 'incomplete';
  const fn = buf[at + 2] as number;
  const size = (buf[at + 3] as number) + (buf[at + 4] as number) * 256;
  if (size > MAX_PAYLOAD) return fixed(buf, at, 5, (bytes) => ({ kind: 'unknown', bytes }));
  const length = 5 + size;
  if (buf.length - at < length) return 'incomplete';
  const body = slice(buf, at + 5, size);
  if (fn === 0x6b && body.length >= 2 && body[0] === 0x31) {
    // GS ( k, cn = 49: QR code
    const qrFn = body[1] as number;
    const arg = body[2] ?? 0;
    switch (qrFn) {
      case 0x41:
        return { command: { kind: 'qr-model', model: arg - 0x30 }, length };
      case 0x43:
        return { command: { kind: 'qr-module-size', size: arg }, length };
      case 0x45:
        return {
          command: { kind: 'qr-error-correction', level: (['L', 'M', 'Q', 'H'] as const)[arg - 0x30] ?? 'L' },
          length,
        };
      case 0x50:
        return { command: { kind: 'qr-store', data: body.subarray(3) }, length };
      case 0x51:
        return { command: { kind: 'qr-print' }, length };
      default:
        break;
    }
  }
  return { command: { kind: 'ignored', bytes: slice(buf, at, length) }, length };
}

function parseGs(buf: Buffer, at: number): Parsed {
  if (buf.length - at < 2) return 'incomplete';
  const op = buf[at + 1] as number;
  const p = (i: number): number => buf[at + 2 + i] as number;
  const ignored = (length: number): Parsed => fixed(buf, at, length, (bytes) => ({ kind: 'ignored', bytes }));
  switch (op) {
    case 0x21: // GS ! n
      return fixed(buf, at, 3, () => ({
        kind: 'size',
        width: ((p(0) >> 4) & 0x07) + 1,
        height: (p(0) & 0x07) + 1,
      }));
    case 0x56: {
      // GS V m [n]
      if (buf.length - at < 3) return 'incomplete';
      const m = p(0);
      if (m === 0 || m === 0x30) return { command: { kind: 'cut', partial: false, feedDots: 0 }, length: 3 };
      if (m === 1 || m === 0x31) return { command: { kind: 'cut', partial: true, feedDots: 0 }, length: 3 };
      return fixed(buf, at, 4, () => ({ kind: 'cut', partial: m % 2 === 0 ? false : true, feedDots: p(1) }));
    }
    case 0x72: // GS r n
      return fixed(buf, at, 3, () => ({ kind: 'sequenced-status', n: p(0) & 0x0f }));
    case 0x68: // GS h n
      return fixed(buf, at, 3, () => ({ kind: 'barcode-height', dots: p(0) }));
    case 0x77: // GS w n
      return fixed(buf, at, 3, () => ({ kind: 'barcode-module-width', dots: p(0) }));
    case 0x48: // GS H n
      return fixed(buf, at, 3, () => ({ kind: 'barcode-hri', position: p(0) & 0x03 }));
    case 0x42: // GS B n reverse
    case 0x66: // GS f n HRI font
    case 0x61: // GS a n automatic status back
    case 0x62: // GS b n smoothing
    case 0x49: // GS I n printer id
    case 0x2f: // GS / m print downloaded image
      return ignored(3);
    case 0x4c: // GS L nL nH left margin
    case 0x57: // GS W nL nH print area width
    case 0x50: // GS P x y motion units
      return ignored(4);
    case 0x28:
      return parseGsParen(buf, at);
    case 0x6b: {
      // GS k m …
      if (buf.length - at < 3) return 'incomplete';
      const m = p(0);
      if (m <= 6) {
        const end = buf.indexOf(0x00, at + 3);
        if (end < 0)
          return buf.length - at > 260
            ? fixed(buf, at, 3, (bytes) => ({ kind: 'unknown', bytes }))
            : 'incomplete';
        return {
          command: { kind: 'barcode', symbology: m, data: slice(buf, at + 3, end - at - 3) },
          length: end - at + 1,
        };
      }
      if (buf.length - at < 4) return 'incomplete';
      const n = p(1);
      return fixed(buf, at, 4 + n, (bytes) => ({ kind: 'barcode', symbology: m, data: bytes.subarray(4) }));
    }
    case 0x76: {
      // GS v 0 m xL xH yL yH d…: raster image
      if (buf.length - at < 8) return 'incomplete';
      const widthBytes = p(2) + p(3) * 256;
      const height = p(4) + p(5) * 256;
      const size = widthBytes * height;
      if (size > MAX_PAYLOAD) return fixed(buf, at, 8, (bytes) => ({ kind: 'unknown', bytes }));
      if (buf.length - at < 8 + size) return 'incomplete';
      return { command: { kind: 'raster-image', widthBytes, height }, length: 8 + size };
    }
    default:
      return fixed(buf, at, 2, (bytes) => ({ kind: 'unknown', bytes }));
  }
}

function parseDle(buf: Buffer, at: number): Parsed {
  if (buf.length - at < 2) return 'incomplete';
  const op = buf[at + 1] as number;
  if (op === 0x04) return fixed(buf, at, 3, (bytes) => ({ kind: 'realtime-status', n: bytes[2] as number }));
  if (op === 0x05) return fixed(buf, at, 3, (bytes) => ({ kind: 'ignored', bytes }));
  if (op === 0x14) return fixed(buf, at, 5, (bytes) => ({ kind: 'ignored', bytes }));
  // A lone DLE followed by anything else is a data byte to the printer: skip the DLE only.
  return { command: { kind: 'unknown', bytes: slice(buf, at, 1) }, length: 1 };
}

/** Parses one command at `at`, or says more bytes are needed. Text runs end at the next control code. */
function parseOne(buf: Buffer, at: number, final: boolean): Parsed {
  const byte = buf[at] as number;
  if (byte >= 0x20 || byte === HT) {
    let end = at;
    while (end < buf.length && ((buf[end] as number) >= 0x20 || buf[end] === HT)) end++;
    // Wait for the control code that ends the run: a multi-byte character may be split between chunks.
    if (end === buf.length && !final) return 'incomplete';
    const bytes = Buffer.from(buf.subarray(at, end)).map((b) => (b === HT ? 0x20 : b));
    return { command: { kind: 'text', bytes: Buffer.from(bytes) }, length: end - at };
  }
  switch (byte) {
    case LF:
      return { command: { kind: 'newline' }, length: 1 };
    case ESC:
      return parseEsc(buf, at);
    case GS:
      return parseGs(buf, at);
    case FS:
      return parseFs(buf, at);
    case DLE:
      return parseDle(buf, at);
    case CR:
    default:
      return { command: { kind: 'ignored', bytes: slice(buf, at, 1) }, length: 1 };
  }
}

export class EscPosParser {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds bytes; returns every command completed by them, in order. */
  push(chunk: Uint8Array): EscPosCommand[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    return this.drain(false);
  }

  /** Ends the stream: a trailing text run without a line feed is returned; incomplete commands are dropped. */
  end(): EscPosCommand[] {
    const commands = this.drain(true);
    this.pending = Buffer.alloc(0);
    return commands;
  }

  /** Bytes waiting for the rest of their command. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  reset(): void {
    this.pending = Buffer.alloc(0);
  }

  private drain(final: boolean): EscPosCommand[] {
    const commands: EscPosCommand[] = [];
    let at = 0;
    while (at < this.pending.length) {
      const parsed = parseOne(this.pending, at, final);
      if (parsed === 'incomplete') break;
      commands.push(parsed.command);
      at += parsed.length;
    }
    this.pending = this.pending.subarray(at);
    return commands;
  }
}

/** Parses a complete byte stream in one go. */
export function parseEscPos(bytes: Uint8Array): EscPosCommand[] {
  const parser = new EscPosParser();
  return [...parser.push(bytes), ...parser.end()];
}
