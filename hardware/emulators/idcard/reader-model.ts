// What an ID card reader answers, byte for byte, to each command: the emulator's brain, free of I/O so
// that every command and every fault can be checked at the byte level.
import { encodeCardText } from '../../idcard/card-encoder.ts';
import { FrameDecoder } from '../../idcard/frame-decoder.ts';
import {
  BAUD_RATE_PARAMETERS,
  Command,
  PREAMBLE,
  Sw3,
  commandFromBody,
  encodeResponse,
  type CommandFrame,
} from '../../idcard/protocol.ts';
import { LATEST_ADDRESS_MAX_BYTES, encodeReadData } from '../../idcard/read-reply.ts';
import { encodeTextField } from '../../idcard/text.ts';
import type { DeckCard } from './deck.ts';

export const READER_FAULT_INJECTIONS = [
  'no-card',
  'select-fails',
  'read-fails',
  'unknown-card-type',
  'bad-checksum',
  'truncated-frame',
  'garbage',
  'silence',
  'slow-reader',
  'sam-not-authorised',
] as const;

export type ReaderFaultInjection = (typeof READER_FAULT_INJECTIONS)[number];

export const READER_FAULT_INJECTION_DESCRIPTIONS: Readonly<Record<ReaderFaultInjection, string>> = {
  'no-card': 'find card answers "no card" (SW3 80) even with a card placed',
  'select-fails': 'select card fails (SW3 81)',
  'read-fails': 'reading the card fails (SW3 41)',
  'unknown-card-type': 'reading the card answers "unknown card type" (SW3 40)',
  'bad-checksum': 'every reply carries a wrong checksum',
  'truncated-frame': 'every reply stops halfway',
  garbage: 'random bytes before every reply (the reader should still be read)',
  silence: 'the reader does not answer at all',
  'slow-reader': 'every reply starts 300 ms late',
  'sam-not-authorised': 'the SAM is not authorised (SW3 66) for every command',
};

export const SLOW_READER_DELAY_MS = 300;

export interface ReplyPlan {
  /** Bytes to send, paced at the line's baud rate. */
  bytes: Uint8Array;
  /** Extra delay before the first byte, beyond the time the command itself took on the wire. */
  extraDelayMs: number;
  /** Switch the line to this speed once the reply has gone out (the reply uses the old speed). */
  switchBaudRateTo?: number;
  /** For logs: what was asked, never what the card says. */
  summary: string;
}

export interface ReceivedCommand {
  /** Wire size of the command frame, so the transport can account for its travel time. */
  frameLength: number;
  reply: ReplyPlan | undefined;
}

const SAM_ID_BYTES = Uint8Array.of(
  0x05,
  0x00,
  0x01,
  0x00,
  0x1c,
  0xc8,
  0x32,
  0x01,
  0x6f,
  0x2b,
  0x00,
  0x00,
  0xc1,
  0x3d,
  0xf1,
  0x1d,
);
const PHOTO_LENGTH = 1024;
const CARD_SERIAL_LENGTH = 8;

/** A stand-in for the encrypted WLT photo: fixed pseudo-random bytes per card, so replies are repeatable. */
export function stableNoise(seedText: string, length: number): Uint8Array {
  let state = 0x811c9dc5;
  for (const unit of seedText) state = Math.imul(state ^ unit.codePointAt(0)!, 0x01000193) >>> 0;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

function withoutPreamble(bytes: Uint8Array): Uint8Array {
  // Noise must not hold a preamble of its own, or it would announce a frame rather than be noise.
  for (let i = 0; i < bytes.length; i += 1) if (bytes[i] === PREAMBLE[0]) bytes[i] = 0x55;
  return bytes;
}

export class ReaderModel {
  private readonly decoder = new FrameDecoder();
  private placed: DeckCard | undefined;
  private fault: ReaderFaultInjection | null = null;
  private replyCount = 0;

  get card(): DeckCard | undefined {
    return this.placed;
  }

  get currentFault(): ReaderFaultInjection | null {
    return this.fault;
  }

  placeCard(card: DeckCard): void {
    this.placed = card;
  }

  removeCard(): void {
    this.placed = undefined;
  }

  setFault(fault: ReaderFaultInjection | null): void {
    this.fault = fault;
  }

  /** Drops half-received commands, as a reader does when it loses power. */
  resetLine(): void {
    this.decoder.reset();
  }

  /** Feeds bytes from the host; returns one entry per complete (or broken) command frame. */
  receive(chunk: Uint8Array): ReceivedCommand[] {
    const received: ReceivedCommand[] = [];
    for (const event of this.decoder.push(chunk)) {
      if (event.type === 'noise') continue;
      if (event.type === 'error') {
        // The reader tells the host what was wrong with its frame, as real modules do.
        const sw3 = event.error.code === 'bad-checksum' ? Sw3.checksumError : Sw3.lengthError;
        received.push({
          frameLength: 0,
          reply: this.shape(encodeResponse(sw3), `frame error ${event.error.code}`),
        });
        continue;
      }
      const command = commandFromBody(event.body);
      received.push({ frameLength: event.frameLength, reply: this.answer(command) });
    }
    return received;
  }

  private answer(command: CommandFrame): ReplyPlan | undefined {
    const { cmd, para } = command;
    const name = `${hex(cmd)} ${hex(para)}`;
    if (this.fault === 'silence') return undefined;
    if (this.fault === 'sam-not-authorised' && cmd !== Command.resetSam.cmd) {
      return this.shape(encodeResponse(Sw3.samNotAuthorised), name);
    }
    const is = (c: { cmd: number; para: number }) => cmd === c.cmd && para === c.para;

    if (is(Command.resetSam) || is(Command.samStatus)) return this.shape(encodeResponse(Sw3.ok), name);
    if (is(Command.readSamId)) return this.shape(encodeResponse(Sw3.ok, SAM_ID_BYTES), name);
    if (is(Command.findCard)) {
      const present = this.placed !== undefined && this.fault !== 'no-card';
      return this.shape(
        present ? encodeResponse(Sw3.findOk, new Uint8Array(4)) : encodeResponse(Sw3.findCardFailed),
        name,
      );
    }
    if (is(Command.selectCard)) {
      if (this.placed === undefined || this.fault === 'select-fails') {
        return this.shape(encodeResponse(Sw3.selectCardFailed), name);
      }
      return this.shape(
        encodeResponse(Sw3.ok, stableNoise(`serial:${this.placed.id}`, CARD_SERIAL_LENGTH)),
        name,
      );
    }
    if (is(Command.readTextAndPhoto) || is(Command.readTextPhotoAndFingerprint)) {
      if (this.placed === undefined || this.fault === 'read-fails')
        return this.shape(encodeResponse(Sw3.readFailed), name);
      if (this.fault === 'unknown-card-type') return this.shape(encodeResponse(Sw3.unknownCardType), name);
      const data = encodeReadData({
        text: encodeCardText(this.placed.fields),
        photo: stableNoise(`photo:${this.placed.id}`, PHOTO_LENGTH),
        ...(para === Command.readTextPhotoAndFingerprint.para && { fingerprint: new Uint8Array(0) }),
      });
      return this.shape(encodeResponse(Sw3.ok, data), name);
    }
    if (is(Command.readLatestAddress)) {
      if (this.placed === undefined) return this.shape(encodeResponse(Sw3.readFailed), name);
      const address = this.placed.latestAddress;
      if (address === undefined) return this.shape(encodeResponse(Sw3.itemNotOnCard), name);
      // UCS-2LE, space-padded to 70 characters, as readers return it.
      const block = new Uint8Array(LATEST_ADDRESS_MAX_BYTES);
      encodeTextField(block, 0, LATEST_ADDRESS_MAX_BYTES, address);
      return this.shape(encodeResponse(Sw3.ok, block), name);
    }
    if (cmd === Command.setBaudRate.cmd) {
      const baudRate = [...BAUD_RATE_PARAMETERS].find(([, value]) => value === para)?.[0];
      if (baudRate === undefined) return this.shape(encodeResponse(Sw3.commandError), name);
      return { ...this.shape(encodeResponse(Sw3.ok), name), switchBaudRateTo: baudRate };
    }
    return this.shape(encodeResponse(Sw3.commandError), name);
  }

  /** Applies the line faults (checksum, truncation, noise, delay) to a well-formed reply. */
  private shape(reply: Uint8Array, summary: string): ReplyPlan {
    this.replyCount += 1;
    let bytes = reply;
    switch (this.fault) {
      case 'bad-checksum':
        bytes = Uint8Array.from(reply);
        bytes[bytes.length - 1]! ^= 0x5a;
        break;
      case 'truncated-frame':
        bytes = reply.slice(0, Math.max(1, Math.floor(reply.length / 2)));
        break;
      case 'garbage': {
        const noise = withoutPreamble(stableNoise(`noise:${this.replyCount}`, 8 + (this.replyCount % 24)));
        bytes = new Uint8Array(noise.length + reply.length);
        bytes.set(noise, 0);
        bytes.set(reply, noise.length);
        break;
      }
      default:
        break;
    }
    return { bytes, extraDelayMs: this.fault === 'slow-reader' ? SLOW_READER_DELAY_MS : 0, summary };
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}
