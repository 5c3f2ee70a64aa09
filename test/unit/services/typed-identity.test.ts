import { describe, expect, it } from 'vitest';
import { withGb11643CheckCharacter } from '../../../domain/identity/id-number.ts';
import { KioskError } from '../../../main/errors.ts';
import { typedIdentity } from '../../../main/services/typed-identity.ts';

describe('typed identity (no card)', () => {
  it('derives what the number proves: birth date, sex, region', () => {
    const number = withGb11643CheckCharacter('11010519800315002');
    const identity = typedIdentity(' 王小明 ', number);
    expect(identity).toMatchObject({
      kind: 'resident',
      name: '王小明',
      birthDate: '1980-03-15',
      sex: 'female',
      idNumber: number,
    });
    expect(identity.region?.code).toBe('110105');
  });

  it('refuses a wrong check character, an impossible date and a name that is not a name, with sentence keys', () => {
    const good = withGb11643CheckCharacter('11010519800315001');
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const keyOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof KioskError ? error.key : 'other';
      }
      return 'accepted';
    };
    expect(keyOf(() => typedIdentity('王小明', wrongCheck))).toBe('manual.error.idNumber');
    expect(keyOf(() => typedIdentity('王小明', withGb11643CheckCharacter('11010519801345001')))).toBe(
      'manual.error.idNumber',
    );
    expect(keyOf(() => typedIdentity('王小明', '1234'))).toBe('manual.error.idNumber');
    expect(keyOf(() => typedIdentity('<script>', good))).toBe('manual.error.name');
    expect(keyOf(() => typedIdentity('', good))).toBe('manual.error.name');
    expect(keyOf(() => typedIdentity('王小明', good))).toBe('accepted');
  });
});
