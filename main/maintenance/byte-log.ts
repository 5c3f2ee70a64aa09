// The live byte log of the maintenance screen: what went over each serial line, in hex and in
// words. A technician needs to see a reader answering "no card" or a printer reporting "paper end";
// nobody needs to see a card's contents or a printed slip (they carry names and ID numbers), so
// card replies and print jobs keep their size and first bytes' meaning, never their content.
import type { ByteLogEntry, ByteLogView } from '../../common/maintenance.ts';
import type { DeviceId } from '../../common/health.ts';
import { describeSw3 } from '../../hardware/idcard/protocol.ts';

/** Entries kept per device: a few minutes of polling at the default intervals. */
const defaultCapacity = 400;
/** A chunk longer than this is shown by its first bytes only (the decoded text says so). */
const maxHexBytes = 48;

export interface ByteDecoder {
  /** Describes one chunk; `redact` withholds the content (only length and meaning are kept). */
  decode(direction: 'rx' | 'tx', chunk: Buffer): { decoded: string; redact: boolean };
}

const hex = (bytes: Buffer): string => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');

const readerCommands: Record<string, string> = {
  '10ff': 'reset SAM',
  '11ff': 'SAM status',
  '12ff': 'read SAM id',
  '2001': 'find card',
  '2002': 'select card',
  '3001': 'read text and photo',
  '3010': 'read text, photo and fingerprint',
  '3003': 'read latest address',
};

const PREAMBLE = [0xaa, 0xaa, 0xaa, 0x96, 0x69];

function startsWithPreamble(chunk: Buffer, at = 0): boolean {
  return PREAMBLE.every((byte, index) => chunk[at + index] === byte);
}

/** The ID card reader: frames are `AA AA AA 96 69 LEN LEN CMD PARA …` one way and
 *  `… SW1 SW2 SW3 DATA` the other. Any reply to a read command is card data and is withheld, even
 *  when the line delivers it in pieces: everything received after a read command until the next
 *  command counts as its reply. */
export class ReaderByteDecoder implements ByteDecoder {
  private awaitingCardData = false;

  decode(direction: 'rx' | 'tx', chunk: Buffer): { decoded: string; redact: boolean } {
    if (direction === 'tx') {
      if (startsWithPreamble(chunk) && chunk.length >= 9) {
        const key = hex(chunk.subarray(7, 9)).replace(' ', '');
        const name = readerCommands[key] ?? (chunk[7] === 0x60 ? 'set baud rate' : `command ${key}`);
        this.awaitingCardData = chunk[7] === 0x30;
        return { decoded: name, redact: false };
      }
      this.awaitingCardData = false;
      return { decoded: `${chunk.length} bytes (not a whole command frame)`, redact: false };
    }
    if (startsWithPreamble(chunk) && chunk.length >= 10) {
      const sw3 = chunk[9]!;
      const length = (chunk[5]! << 8) | chunk[6]!;
      const meaning = `reply SW3=${sw3.toString(16).padStart(2, '0')} (${describeSw3(sw3)}), ${length - 4} data bytes`;
      if (this.awaitingCardData && length > 4)
        return { decoded: `${meaning}; card data withheld`, redact: true };
      return { decoded: meaning, redact: false };
    }
    if (this.awaitingCardData) return { decoded: 'card data (continued) withheld', redact: true };
    return { decoded: `${chunk.length} bytes`, redact: false };
  }
}

const statusQueries: Record<string, string> = {
  '100401': 'DLE EOT 1 (printer status)',
  '100402': 'DLE EOT 2 (offline cause)',
  '100403': 'DLE EOT 3 (error cause)',
  '100404': 'DLE EOT 4 (paper sensor)',
  '1d7201': 'GS r 1 (paper status / completion marker)',
};

/** Names the status queries in a chunk of 3-byte commands, or undefined if it holds anything else. */
function describeQueries(chunk: Buffer): string | undefined {
  if (chunk.length === 0 || chunk.length % 3 !== 0) return undefined;
  const names: string[] = [];
  for (let at = 0; at < chunk.length; at += 3) {
    const name = statusQueries[hex(chunk.subarray(at, at + 3)).replaceAll(' ', '')];
    if (!name) return undefined;
    names.push(name);
  }
  return names.join(', ');
}

function describeStatusByte(byte: number): string {
  if ((byte & 0x10) === 0) {
    // GS r 1 answer (bit 4 clear): paper near end (bits 0–1), paper end (bits 2–3).
    const parts = [byte & 0x0c ? 'paper end' : byte & 0x03 ? 'paper near end' : 'paper ok'];
    return `GS r: ${parts.join(', ')}`;
  }
  const flags: string[] = [];
  if (byte & 0x08) flags.push('bit3 set (offline / cause present)');
  if (byte & 0x04) flags.push('bit2 set');
  if (byte & 0x20) flags.push('bit5 set');
  if (byte & 0x40) flags.push('bit6 set');
  return `status ${byte.toString(16).padStart(2, '0')}${flags.length > 0 ? `: ${flags.join(', ')}` : ': no flags'}`;
}

/** The ticket printer: status queries and their one-byte answers are shown in full; anything else
 *  sent is a print job (a slip with a name on it) and only its size is kept. */
export class PrinterByteDecoder implements ByteDecoder {
  decode(direction: 'rx' | 'tx', chunk: Buffer): { decoded: string; redact: boolean } {
    if (direction === 'tx') {
      const queries = describeQueries(chunk);
      if (queries) return { decoded: queries, redact: false };
      return { decoded: `print data, ${chunk.length} bytes; content withheld`, redact: true };
    }
    if (chunk.length <= 8) return { decoded: [...chunk].map(describeStatusByte).join(' · '), redact: false };
    return { decoded: `${chunk.length} bytes`, redact: false };
  }
}

export class ByteLog {
  private readonly entries: ByteLogEntry[] = [];
  private seq = 0;

  constructor(
    readonly device: DeviceId,
    private readonly decoder: ByteDecoder,
    private readonly capacity = defaultCapacity,
    private readonly now: () => number = Date.now,
  ) {}

  record(direction: 'rx' | 'tx', chunk: Buffer): void {
    const { decoded, redact } = this.decoder.decode(direction, chunk);
    this.seq += 1;
    const shown = redact ? Buffer.alloc(0) : chunk.subarray(0, maxHexBytes);
    const more = !redact && chunk.length > maxHexBytes ? ` … (+${chunk.length - maxHexBytes})` : '';
    this.entries.push({
      seq: this.seq,
      at: this.now(),
      direction,
      hex: redact ? '' : `${hex(shown)}${more}`,
      decoded,
      length: chunk.length,
      redacted: redact,
    });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  view(after = 0, limit = 200): ByteLogView {
    const newer = this.entries.filter((entry) => entry.seq > after);
    return { device: this.device, entries: newer.slice(-limit), lastSeq: this.seq };
  }
}
