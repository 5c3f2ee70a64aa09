// SAM module frame protocol of the resident ID card reader (see shared/reference/idcard-protocol.md).
//   command:  AA AA AA 96 69 | LEN_H LEN_L | CMD PARA | DATA… | CHK
//   response: AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 | DATA… | CHK
// LEN counts everything after itself up to and including CHK; CHK is the XOR of LEN_H … last data byte.

export const PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
export const PREAMBLE_LENGTH = PREAMBLE.length;
/** Preamble plus the two length bytes: what must arrive before the frame's size is known. */
export const HEADER_LENGTH = PREAMBLE_LENGTH + 2;

/** A command body is CMD PARA, a response body SW1 SW2 SW3: with CHK, at least 3 bytes follow LEN. */
export const MIN_LENGTH_FIELD = 3;
/** The largest reply in the protocol is text + photo + a 1024-byte fingerprint (2 321 bytes);
 *  anything far beyond is a false preamble inside noise, and waiting for it would stall the reader. */
export const MAX_LENGTH_FIELD = 4096;

export const Command = {
  resetSam: { cmd: 0x10, para: 0xff },
  samStatus: { cmd: 0x11, para: 0xff },
  readSamId: { cmd: 0x12, para: 0xff },
  findCard: { cmd: 0x20, para: 0x01 },
  selectCard: { cmd: 0x20, para: 0x02 },
  readTextAndPhoto: { cmd: 0x30, para: 0x01 },
  readTextPhotoAndFingerprint: { cmd: 0x30, para: 0x10 },
  readLatestAddress: { cmd: 0x30, para: 0x03 },
  /** PARA selects the rate: see BAUD_RATE_PARAMETERS. */
  setBaudRate: { cmd: 0x60 },
} as const;

export type CommandName = keyof typeof Command;

/** `60 nn`: nn = 00..04 for 115200 / 57600 / 38400 / 19200 / 9600. */
export const BAUD_RATE_PARAMETERS: ReadonlyMap<number, number> = new Map([
  [115200, 0x00],
  [57600, 0x01],
  [38400, 0x02],
  [19200, 0x03],
  [9600, 0x04],
]);
export const SUPPORTED_BAUD_RATES: readonly number[] = [...BAUD_RATE_PARAMETERS.keys()];

/** SW3, the reader's own status byte. */
export const Sw3 = {
  ok: 0x90,
  findOk: 0x9f,
  itemNotOnCard: 0x91,
  checksumError: 0x10,
  lengthError: 0x11,
  commandError: 0x21,
  unauthorised: 0x23,
  unknownError: 0x24,
  cardFailedToAuthenticateSam: 0x31,
  samFailedToAuthenticateCard: 0x32,
  verificationError: 0x33,
  unknownCardType: 0x40,
  readFailed: 0x41,
  randomNumberFailed: 0x47,
  samSelfTestFailed: 0x60,
  samNotAuthorised: 0x66,
  findCardFailed: 0x80,
  selectCardFailed: 0x81,
} as const;

export type Sw3Name = keyof typeof Sw3;

const SW3_DESCRIPTIONS: Readonly<Record<Sw3Name, string>> = {
  ok: 'operation succeeded',
  findOk: 'card found',
  itemNotOnCard: 'the requested item is not on the card',
  checksumError: 'the reader received a frame with a bad checksum',
  lengthError: 'the reader received a frame with a bad length',
  commandError: 'the reader did not recognise the command',
  unauthorised: 'the command is not authorised',
  unknownError: 'the reader reported an unknown error',
  cardFailedToAuthenticateSam: 'the card failed to authenticate the SAM',
  samFailedToAuthenticateCard: 'the SAM failed to authenticate the card',
  verificationError: 'verification error',
  unknownCardType: 'unknown card type',
  readFailed: 'reading the card failed',
  randomNumberFailed: 'generating a random number failed',
  samSelfTestFailed: 'the SAM self-test failed',
  samNotAuthorised: 'the SAM is not authorised',
  findCardFailed: 'no card found',
  selectCardFailed: 'selecting the card failed',
};

const SW3_NAMES_BY_CODE: ReadonlyMap<number, Sw3Name> = new Map(
  (Object.entries(Sw3) as [Sw3Name, number][]).map(([name, code]) => [code, name]),
);

export function sw3Name(code: number): Sw3Name | undefined {
  return SW3_NAMES_BY_CODE.get(code);
}

/** One line of English for any SW3 byte, including ones the table does not know. */
export function describeSw3(code: number): string {
  const name = SW3_NAMES_BY_CODE.get(code);
  const hex = `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
  return name ? `${SW3_DESCRIPTIONS[name]} (SW3 ${hex})` : `unknown reader status (SW3 ${hex})`;
}

/** XOR of bytes[start, end). */
export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let checksum = 0;
  for (let i = start; i < end; i += 1) checksum ^= bytes[i]!;
  return checksum;
}

/** Wraps a body (CMD PARA DATA or SW1 SW2 SW3 DATA) into a complete frame. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const lengthField = body.length + 1;
  if (lengthField > 0xffff)
    throw new RangeError(`frame body of ${body.length} bytes does not fit the length field`);
  const frame = new Uint8Array(HEADER_LENGTH + lengthField);
  frame.set(PREAMBLE, 0);
  frame[PREAMBLE_LENGTH] = lengthField >> 8;
  frame[PREAMBLE_LENGTH + 1] = lengthField & 0xff;
  frame.set(body, HEADER_LENGTH);
  frame[frame.length - 1] = xorChecksum(frame, PREAMBLE_LENGTH, frame.length - 1);
  return frame;
}

export function encodeCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return encodeFrame(body);
}

export function encodeNamedCommand(name: Exclude<CommandName, 'setBaudRate'>): Uint8Array {
  const { cmd, para } = Command[name];
  return encodeCommand(cmd, para);
}

/** Returns undefined for a rate the reader cannot be switched to. */
export function encodeSetBaudRate(baudRate: number): Uint8Array | undefined {
  const para = BAUD_RATE_PARAMETERS.get(baudRate);
  return para === undefined ? undefined : encodeCommand(Command.setBaudRate.cmd, para);
}

export function encodeResponse(
  sw3: number,
  data: Uint8Array = new Uint8Array(0),
  sw1 = 0x00,
  sw2 = 0x00,
): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1;
  body[1] = sw2;
  body[2] = sw3;
  body.set(data, 3);
  return encodeFrame(body);
}

export interface CommandFrame {
  cmd: number;
  para: number;
  data: Uint8Array;
}

export interface ResponseFrame {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

/** Bodies come from the decoder, which guarantees at least MIN_LENGTH_FIELD - 1 bytes. */
export function commandFromBody(body: Uint8Array): CommandFrame {
  return { cmd: body[0] ?? 0, para: body[1] ?? 0, data: body.subarray(2) };
}

export function responseFromBody(body: Uint8Array): ResponseFrame | undefined {
  if (body.length < 3) return undefined;
  return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.subarray(3) };
}

/** Total frame size for a body of `bodyLength` bytes. */
export function frameLength(bodyLength: number): number {
  return HEADER_LENGTH + bodyLength + 1;
}
