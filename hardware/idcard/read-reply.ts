// Data of a successful read (30 01 / 30 10): TEXT_LEN PHOTO_LEN [FP_LEN] (big-endian), then the blocks.
// And of "read latest appended address" (30 03).
import { decodeTextField, hasReplacementCharacter } from './text.ts';

/** The latest appended address as readers return it: UCS-2LE, space-padded; 70 characters at most. */
export const LATEST_ADDRESS_MAX_BYTES = 140;

/** Decodes the data of a "read latest address" reply; null when it holds no text or a broken one. */
export function parseLatestAddress(data: Uint8Array): string | null {
  const text = decodeTextField(data, 0, Math.min(data.length, LATEST_ADDRESS_MAX_BYTES) & ~1);
  return text === '' || hasReplacementCharacter(text) ? null : text;
}

export interface CardReadData {
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint?: Uint8Array;
}

export type ReadDataResult = { ok: true; value: CardReadData } | { ok: false; message: string };

export function parseReadData(data: Uint8Array, withFingerprint = false): ReadDataResult {
  const headerLength = withFingerprint ? 6 : 4;
  if (data.length < headerLength)
    return { ok: false, message: `read reply of ${data.length} bytes has no length header` };
  const textLength = (data[0]! << 8) | data[1]!;
  const photoLength = (data[2]! << 8) | data[3]!;
  const fingerprintLength = withFingerprint ? (data[4]! << 8) | data[5]! : 0;
  const expected = headerLength + textLength + photoLength + fingerprintLength;
  if (data.length !== expected) {
    return { ok: false, message: `read reply announces ${expected} bytes but carries ${data.length}` };
  }
  const text = data.slice(headerLength, headerLength + textLength);
  const photo = data.slice(headerLength + textLength, headerLength + textLength + photoLength);
  if (!withFingerprint) return { ok: true, value: { text, photo } };
  return {
    ok: true,
    value: { text, photo, fingerprint: data.slice(expected - fingerprintLength, expected) },
  };
}

export function encodeReadData(value: CardReadData): Uint8Array {
  const withFingerprint = value.fingerprint !== undefined;
  const headerLength = withFingerprint ? 6 : 4;
  const fingerprint = value.fingerprint ?? new Uint8Array(0);
  const data = new Uint8Array(headerLength + value.text.length + value.photo.length + fingerprint.length);
  data[0] = value.text.length >> 8;
  data[1] = value.text.length & 0xff;
  data[2] = value.photo.length >> 8;
  data[3] = value.photo.length & 0xff;
  if (withFingerprint) {
    data[4] = fingerprint.length >> 8;
    data[5] = fingerprint.length & 0xff;
  }
  data.set(value.text, headerLength);
  data.set(value.photo, headerLength + value.text.length);
  data.set(fingerprint, headerLength + value.text.length + value.photo.length);
  return data;
}
