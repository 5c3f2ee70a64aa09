// "I have no card", for items whose catalog entry allows it: the person types their name and ID
// number. What the number itself proves (birth date, sex, region, GB 11643 check character) is
// derived from it; what only the card proves (that it exists and is valid) cannot be, so the
// pre-review marks the identity as typed and the person is told to show a valid document at the
// window, where the clerk checks it.
import { isValidGb11643 } from '../../domain/identity/id-number.ts';
import { lookupRegion, type IdCard } from '../../domain/identity/index.ts';
import { KioskError } from '../errors.ts';

const namePattern = /^[\p{Script=Han}·•A-Za-z][\p{Script=Han}·• A-Za-z]{0,29}$/u;

export function typedIdentity(name: string, idNumber: string): IdCard {
  const cleanName = name.trim();
  const number = idNumber.trim().toUpperCase();
  if (!namePattern.test(cleanName)) {
    throw new KioskError('bad-request', 'Please type the name as it is on the ID card.', 'manual.error.name');
  }
  const birth = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/.exec(number);
  const birthDate = birth ? `${birth[1]}-${birth[2]}-${birth[3]}` : '';
  if (!birth || !isValidGb11643(number) || Number.isNaN(Date.parse(`${birthDate}T00:00:00Z`))) {
    throw new KioskError(
      'bad-request',
      'This is not a valid 18-character ID number.',
      'manual.error.idNumber',
    );
  }
  const region = lookupRegion(number.slice(0, 6));
  return {
    kind: 'resident',
    name: cleanName,
    displayName: cleanName,
    sex: Number(number[16]) % 2 === 1 ? 'male' : 'female',
    nationCode: '',
    birthDate,
    address: '',
    idNumber: number,
    issuer: '',
    // Unknown without the card; the window checks the document itself.
    validFrom: birthDate,
    validTo: 'long-term',
    photo: 'encrypted-wlt',
    latestAddress: null,
    checkDigitValid: true,
    ...(region ? { region } : {}),
  };
}
