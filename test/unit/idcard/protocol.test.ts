import { describe, expect, it } from 'vitest';
import {
  Command,
  SUPPORTED_BAUD_RATES,
  Sw3,
  commandFromBody,
  describeSw3,
  encodeCommand,
  encodeNamedCommand,
  encodeResponse,
  encodeSetBaudRate,
  responseFromBody,
  sw3Name,
  xorChecksum,
} from '../../../hardware/idcard/protocol.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase().match(/../g)!.join(' ');

describe('command frames, byte for byte', () => {
  // Length 00 03 (CMD PARA CHK); CHK = 00 ^ 03 ^ CMD ^ PARA.
  const expected: Record<Exclude<keyof typeof Command, 'setBaudRate'>, string> = {
    resetSam: 'AA AA AA 96 69 00 03 10 FF EC',
    samStatus: 'AA AA AA 96 69 00 03 11 FF ED',
    readSamId: 'AA AA AA 96 69 00 03 12 FF EE',
    findCard: 'AA AA AA 96 69 00 03 20 01 22',
    selectCard: 'AA AA AA 96 69 00 03 20 02 21',
    readTextAndPhoto: 'AA AA AA 96 69 00 03 30 01 32',
    readTextPhotoAndFingerprint: 'AA AA AA 96 69 00 03 30 10 23',
    readLatestAddress: 'AA AA AA 96 69 00 03 30 03 30',
  };
  for (const [name, bytes] of Object.entries(expected)) {
    it(name, () => {
      expect(hex(encodeNamedCommand(name as keyof typeof expected))).toBe(bytes);
    });
  }

  it('set baud rate for each supported rate, and none for others', () => {
    expect(SUPPORTED_BAUD_RATES).toEqual([115200, 57600, 38400, 19200, 9600]);
    expect(hex(encodeSetBaudRate(115200)!)).toBe('AA AA AA 96 69 00 03 60 00 63');
    expect(hex(encodeSetBaudRate(57600)!)).toBe('AA AA AA 96 69 00 03 60 01 62');
    expect(hex(encodeSetBaudRate(38400)!)).toBe('AA AA AA 96 69 00 03 60 02 61');
    expect(hex(encodeSetBaudRate(19200)!)).toBe('AA AA AA 96 69 00 03 60 03 60');
    expect(hex(encodeSetBaudRate(9600)!)).toBe('AA AA AA 96 69 00 03 60 04 67');
    expect(encodeSetBaudRate(4800)).toBeUndefined();
  });

  it('carries data and counts it in the length', () => {
    const frame = encodeCommand(0x30, 0x01, Uint8Array.of(1, 2, 3));
    expect(hex(frame)).toBe(
      'AA AA AA 96 69 00 06 30 01 01 02 03 ' + hex(Uint8Array.of(0x06 ^ 0x30 ^ 0x01 ^ 1 ^ 2 ^ 3)),
    );
    expect(commandFromBody(frame.subarray(7, -1))).toEqual({
      cmd: 0x30,
      para: 0x01,
      data: Uint8Array.of(1, 2, 3),
    });
  });
});

describe('response frames', () => {
  it('SAM status OK matches the published dump', () => {
    expect(hex(encodeResponse(Sw3.ok))).toBe('AA AA AA 96 69 00 04 00 00 90 94');
  });

  it('find card OK matches the published dump', () => {
    expect(hex(encodeResponse(Sw3.findOk, new Uint8Array(4)))).toBe(
      'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
    );
  });

  it('a 1295-byte read reply for text + photo', () => {
    const frame = encodeResponse(Sw3.ok, new Uint8Array(4 + 256 + 1024));
    expect(frame.length).toBe(1295);
    expect(frame[5]).toBe(0x05);
    expect(frame[6]).toBe(0x08);
    expect(frame[frame.length - 1]).toBe(xorChecksum(frame, 5, frame.length - 1));
  });

  it('splits SW1 SW2 SW3 from the data', () => {
    expect(responseFromBody(Uint8Array.of(0x01, 0x02, 0x41, 9))).toEqual({
      sw1: 1,
      sw2: 2,
      sw3: 0x41,
      data: Uint8Array.of(9),
    });
    expect(responseFromBody(Uint8Array.of(0x01, 0x02))).toBeUndefined();
  });
});

describe('SW3 table', () => {
  const table: [number, string, string][] = [
    [0x90, 'ok', 'operation succeeded'],
    [0x9f, 'findOk', 'card found'],
    [0x91, 'itemNotOnCard', 'not on the card'],
    [0x10, 'checksumError', 'bad checksum'],
    [0x11, 'lengthError', 'bad length'],
    [0x21, 'commandError', 'did not recognise the command'],
    [0x23, 'unauthorised', 'not authorised'],
    [0x24, 'unknownError', 'unknown error'],
    [0x31, 'cardFailedToAuthenticateSam', 'card failed to authenticate the SAM'],
    [0x32, 'samFailedToAuthenticateCard', 'SAM failed to authenticate the card'],
    [0x33, 'verificationError', 'verification error'],
    [0x40, 'unknownCardType', 'unknown card type'],
    [0x41, 'readFailed', 'reading the card failed'],
    [0x47, 'randomNumberFailed', 'random number'],
    [0x60, 'samSelfTestFailed', 'self-test failed'],
    [0x66, 'samNotAuthorised', 'SAM is not authorised'],
    [0x80, 'findCardFailed', 'no card found'],
    [0x81, 'selectCardFailed', 'selecting the card failed'],
  ];
  it('names every status code of the reference', () => {
    expect(Object.keys(Sw3)).toHaveLength(table.length);
    for (const [code, name, words] of table) {
      expect(sw3Name(code)).toBe(name);
      expect(describeSw3(code)).toContain(words);
      expect(describeSw3(code)).toContain(`0x${code.toString(16).toUpperCase().padStart(2, '0')}`);
    }
  });
  it('describes an unknown code without failing', () => {
    expect(sw3Name(0x55)).toBeUndefined();
    expect(describeSw3(0x55)).toBe('unknown reader status (SW3 0x55)');
  });
});

describe('what the driver makes of each failing SW3', () => {
  it('maps every status code of the reference to a fault code', async () => {
    const { faultForSw3 } = await import('../../../hardware/idcard/reader.ts');
    const expected: [number, string][] = [
      [0x10, 'reader-rejected-command'],
      [0x11, 'reader-rejected-command'],
      [0x21, 'reader-rejected-command'],
      [0x23, 'sam-unauthorised'],
      [0x24, 'reader-rejected-command'],
      [0x31, 'card-authentication-failed'],
      [0x32, 'card-authentication-failed'],
      [0x33, 'card-authentication-failed'],
      [0x40, 'unknown-card-type'],
      [0x41, 'read-failed'],
      [0x47, 'card-authentication-failed'],
      [0x60, 'sam-fault'],
      [0x66, 'sam-unauthorised'],
      [0x81, 'unstable-card'],
      [0x91, 'read-failed'],
    ];
    for (const [sw3, code] of expected) expect(faultForSw3(sw3, 'read'), describeSw3(sw3)).toBe(code);
    expect(faultForSw3(0x91, 'select')).toBe('unstable-card');
    expect(faultForSw3(0x55, 'read')).toBe('read-failed');
  });
});
