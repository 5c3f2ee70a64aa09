import { describe, expect, it } from 'vitest';
import { DECK } from '../../../../hardware/emulators/idcard/deck.ts';
import {
  READER_FAULT_INJECTIONS,
  ReaderModel,
  SLOW_READER_DELAY_MS,
} from '../../../../hardware/emulators/idcard/reader-model.ts';
import { encodeCardText } from '../../../../hardware/idcard/card-encoder.ts';
import { FrameDecoder } from '../../../../hardware/idcard/frame-decoder.ts';
import {
  Sw3,
  encodeCommand,
  encodeNamedCommand,
  encodeSetBaudRate,
  responseFromBody,
} from '../../../../hardware/idcard/protocol.ts';
import { parseReadData } from '../../../../hardware/idcard/read-reply.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase().match(/../g)!.join(' ');
const card = DECK.find((entry) => entry.id === 'resident-zhang-san')!;

function ask(model: ReaderModel, command: Uint8Array) {
  const received = model.receive(command);
  expect(received).toHaveLength(1);
  return received[0]!;
}

function replyOf(model: ReaderModel, command: Uint8Array) {
  const { reply } = ask(model, command);
  const events = new FrameDecoder().push(reply!.bytes);
  const frame = events.find((event) => event.type === 'frame');
  if (frame?.type !== 'frame') throw new Error(`no frame in ${JSON.stringify(events)}`);
  return responseFromBody(frame.body)!;
}

describe('emulated reader, byte for byte', () => {
  it('answers SAM status, reset and SAM id', () => {
    const model = new ReaderModel();
    expect(hex(ask(model, encodeNamedCommand('samStatus')).reply!.bytes)).toBe(
      'AA AA AA 96 69 00 04 00 00 90 94',
    );
    expect(hex(ask(model, encodeNamedCommand('resetSam')).reply!.bytes)).toBe(
      'AA AA AA 96 69 00 04 00 00 90 94',
    );
    const samId = replyOf(model, encodeNamedCommand('readSamId'));
    expect(samId.sw3).toBe(Sw3.ok);
    expect(samId.data).toHaveLength(16);
  });

  it('find: 80 without a card, 9F with four zero bytes with one', () => {
    const model = new ReaderModel();
    expect(hex(ask(model, encodeNamedCommand('findCard')).reply!.bytes)).toBe(
      'AA AA AA 96 69 00 04 00 00 80 84',
    );
    model.placeCard(card);
    expect(hex(ask(model, encodeNamedCommand('findCard')).reply!.bytes)).toBe(
      'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
    );
  });

  it('select: 90 with 8 bytes with a card, 81 without', () => {
    const model = new ReaderModel();
    expect(replyOf(model, encodeNamedCommand('selectCard')).sw3).toBe(Sw3.selectCardFailed);
    model.placeCard(card);
    const reply = replyOf(model, encodeNamedCommand('selectCard'));
    expect(reply.sw3).toBe(Sw3.ok);
    expect(reply.data).toHaveLength(8);
  });

  it('read text + photo: 1295 bytes carrying the encoded card and a 1024-byte photo', () => {
    const model = new ReaderModel();
    model.placeCard(card);
    const { reply, frameLength } = ask(model, encodeNamedCommand('readTextAndPhoto'));
    expect(frameLength).toBe(10);
    expect(reply!.bytes).toHaveLength(1295);
    const response = replyOf(model, encodeNamedCommand('readTextAndPhoto'));
    const data = parseReadData(response.data);
    expect(data.ok && data.value.text).toEqual(encodeCardText(card.fields));
    expect(data.ok && data.value.photo).toHaveLength(1024);
  });

  it('read with fingerprint announces a zero-length fingerprint', () => {
    const model = new ReaderModel();
    model.placeCard(card);
    const response = replyOf(model, encodeNamedCommand('readTextPhotoAndFingerprint'));
    expect([...response.data.subarray(0, 6)]).toEqual([0x01, 0x00, 0x04, 0x00, 0x00, 0x00]);
  });

  it('latest appended address: 91 (not on card); read without a card: 41', () => {
    const model = new ReaderModel();
    expect(replyOf(model, encodeNamedCommand('readLatestAddress')).sw3).toBe(Sw3.readFailed);
    expect(replyOf(model, encodeNamedCommand('readTextAndPhoto')).sw3).toBe(Sw3.readFailed);
    model.placeCard(card);
    expect(replyOf(model, encodeNamedCommand('readLatestAddress')).sw3).toBe(Sw3.itemNotOnCard);
  });

  it('set baud rate answers at the old rate and asks for the switch', () => {
    const model = new ReaderModel();
    const { reply } = ask(model, encodeSetBaudRate(9600)!);
    expect(reply!.switchBaudRateTo).toBe(9600);
    expect(replyOf(model, encodeCommand(0x60, 0x09)).sw3).toBe(Sw3.commandError);
  });

  it('answers an unknown command with 21, a bad checksum with 10, a bad length with 11', () => {
    const model = new ReaderModel();
    expect(replyOf(model, encodeCommand(0x42, 0x00)).sw3).toBe(Sw3.commandError);
    const damaged = encodeNamedCommand('findCard');
    damaged[damaged.length - 1]! ^= 1;
    expect(replyOf(model, damaged).sw3).toBe(Sw3.checksumError);
    expect(replyOf(model, Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x01)).sw3).toBe(Sw3.lengthError);
  });

  it('handles commands split across chunks and merged in one', () => {
    const model = new ReaderModel();
    const find = encodeNamedCommand('findCard');
    expect(model.receive(find.subarray(0, 4))).toEqual([]);
    expect(model.receive(find.subarray(4))).toHaveLength(1);
    expect(model.receive(Buffer.concat([find, encodeNamedCommand('samStatus')]))).toHaveLength(2);
  });
});

describe('emulated faults', () => {
  const placed = () => {
    const model = new ReaderModel();
    model.placeCard(card);
    return model;
  };

  it('lists every fault', () => {
    expect(READER_FAULT_INJECTIONS).toEqual([
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
    ]);
  });

  it('no-card, select-fails, read-fails, unknown-card-type, sam-not-authorised set the status word', () => {
    const cases = [
      ['no-card', 'findCard', Sw3.findCardFailed],
      ['select-fails', 'selectCard', Sw3.selectCardFailed],
      ['read-fails', 'readTextAndPhoto', Sw3.readFailed],
      ['unknown-card-type', 'readTextAndPhoto', Sw3.unknownCardType],
      ['sam-not-authorised', 'samStatus', Sw3.samNotAuthorised],
      ['sam-not-authorised', 'findCard', Sw3.samNotAuthorised],
    ] as const;
    for (const [fault, command, sw3] of cases) {
      const model = placed();
      model.setFault(fault);
      expect(replyOf(model, encodeNamedCommand(command)).sw3, `${fault} ${command}`).toBe(sw3);
    }
  });

  it('bad-checksum corrupts only the checksum', () => {
    const model = placed();
    model.setFault('bad-checksum');
    const bytes = ask(model, encodeNamedCommand('samStatus')).reply!.bytes;
    expect(hex(bytes)).toBe('AA AA AA 96 69 00 04 00 00 90 CE');
    expect(new FrameDecoder().push(bytes)[0]).toMatchObject({
      type: 'error',
      error: { code: 'bad-checksum' },
    });
  });

  it('truncated-frame sends half a frame', () => {
    const model = placed();
    model.setFault('truncated-frame');
    expect(ask(model, encodeNamedCommand('readTextAndPhoto')).reply!.bytes).toHaveLength(647);
  });

  it('garbage puts noise without a preamble before an intact frame', () => {
    const model = placed();
    model.setFault('garbage');
    const bytes = ask(model, encodeNamedCommand('findCard')).reply!.bytes;
    expect(bytes.length).toBeGreaterThan(15);
    const events = new FrameDecoder().push(bytes);
    expect(events.map((event) => event.type)).toEqual(['noise', 'frame']);
  });

  it('silence sends nothing; slow-reader delays', () => {
    const model = placed();
    model.setFault('silence');
    expect(ask(model, encodeNamedCommand('findCard')).reply).toBeUndefined();
    model.setFault('slow-reader');
    expect(ask(model, encodeNamedCommand('findCard')).reply!.extraDelayMs).toBe(SLOW_READER_DELAY_MS);
    model.setFault(null);
    expect(ask(model, encodeNamedCommand('findCard')).reply!.extraDelayMs).toBe(0);
  });
});
