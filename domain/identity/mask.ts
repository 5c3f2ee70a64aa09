// ID numbers are shown and printed masked (PIPL): the first 3 and last 4 characters stay visible.
// The one masking rule for screen, paper and CLI. Whitespace is dropped first, so a number typed or
// printed in groups ("1101 0119 …") cannot keep more of its digits visible than a compact one.

export function maskIdNumber(id: string): string {
  const characters = [...id.replace(/\s+/g, '')];
  if (characters.length <= 7) return '*'.repeat(characters.length);
  return characters.slice(0, 3).join('') + '*'.repeat(characters.length - 7) + characters.slice(-4).join('');
}

/** For paper fed by callers: a number that still shows 8 or more digits in a row is masked here, so an
 *  unmasked number never reaches a slip; an already masked one passes unchanged. */
export function ensureMasked(idNumber: string): string {
  return /[0-9Xx]{8,}/.test(idNumber.replace(/\s+/g, '')) ? maskIdNumber(idNumber) : idNumber;
}
