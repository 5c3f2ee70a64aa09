// GB 11643 citizen identity number: 17 digits and an ISO 7064 MOD 11-2 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** The check character for the first 17 digits, or undefined when they are not 17 digits. */
export function gb11643CheckCharacter(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11];
}

export function isValidGb11643(idNumber: string): boolean {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return false;
  return gb11643CheckCharacter(idNumber.slice(0, 17)) === idNumber[17];
}

/** Appends the right check character, for building test and emulator data. */
export function withGb11643CheckCharacter(first17: string): string {
  const check = gb11643CheckCharacter(first17);
  if (check === undefined) throw new RangeError('expected 17 digits');
  return first17 + check;
}
