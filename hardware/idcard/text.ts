// Card text fields are UCS-2 little-endian, padded with spaces. Readers in the field pass rare name
// characters (outside the BMP) as UTF-16 surrogate pairs, so the fields are decoded as UTF-16LE.

const utf16le = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: true });

/** Decodes bytes [start, end) and strips the space/NUL padding. Never throws: an unpaired surrogate
 *  becomes U+FFFD, which `hasReplacementCharacter` lets callers detect. */
export function decodeTextField(block: Uint8Array, start: number, end: number): string {
  return trimPadding(utf16le.decode(block.subarray(start, Math.min(end, block.length))));
}

/** Decodes without trimming, for fields split across two slots (the 2023 card's English name). */
export function decodeRawTextField(block: Uint8Array, start: number, end: number): string {
  return utf16le.decode(block.subarray(start, Math.min(end, block.length)));
}

const isPadding = (unit: string) => unit === ' ' || unit === '\u0000';

export function trimPadding(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPadding(text[start]!)) start += 1;
  while (end > start && isPadding(text[end - 1]!)) end -= 1;
  return text.slice(start, end);
}

export function hasReplacementCharacter(text: string): boolean {
  return text.includes('\uFFFD');
}

/** Writes `text` as UTF-16LE into [start, end) of `block`, padded with spaces.
 *  Throws RangeError when it does not fit: the encoder is fed by our own card data, not by a device. */
export function encodeTextField(block: Uint8Array, start: number, end: number, text: string): void {
  const capacity = (end - start) / 2;
  if (text.length > capacity) {
    throw new RangeError(
      `"${text}" needs ${text.length} UTF-16 units; the field at ${start} holds ${capacity}`,
    );
  }
  for (let i = 0; i < capacity; i += 1) {
    const unit = i < text.length ? text.charCodeAt(i) : 0x20;
    block[start + 2 * i] = unit & 0xff;
    block[start + 2 * i + 1] = unit >> 8;
  }
}
