import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaCalendarDate, parseCardDate, parseValidTo } from '../../../domain/identity/dates.ts';
import {
  gb11643CheckCharacter,
  isValidGb11643,
  withGb11643CheckCharacter,
} from '../../../domain/identity/id-number.ts';
import { ensureMasked, maskIdNumber } from '../../../domain/identity/mask.ts';
import { NATIONS, nationName } from '../../../domain/identity/nation.ts';
import { lookupRegion, regionLabel } from '../../../domain/identity/region.ts';
import { sexCode, sexFromCode } from '../../../domain/identity/sex.ts';
import regionTable from '../../../resources/regions/gb2260.json' with { type: 'json' };

describe('GB 11643 check character', () => {
  it('matches the standard example and X for a remainder of 2', () => {
    expect(gb11643CheckCharacter('11010519491231002')).toBe('X');
    expect(isValidGb11643('11010519491231002X')).toBe(true);
    expect(isValidGb11643('110105194912310021')).toBe(false);
    expect(isValidGb11643('11010519491231002x')).toBe(false);
    expect(isValidGb11643('1101051949123100')).toBe(false);
  });

  it('detects every single-digit change', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{17}$/),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (digits, position, delta) => {
          const valid = withGb11643CheckCharacter(digits);
          expect(isValidGb11643(valid)).toBe(true);
          const changed =
            digits.slice(0, position) +
            ((Number(digits[position]) + delta) % 10) +
            digits.slice(position + 1);
          expect(isValidGb11643(changed + valid[17])).toBe(false);
        },
      ),
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 3 and last 4 characters', () => {
    expect(maskIdNumber('110101198503121234')).toBe('110***********1234');
    expect(maskIdNumber('81000019880606006X')).toBe('810***********006X');
    expect(maskIdNumber('USA110075050112')).toBe('USA********0112');
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
  });
  it('drops whitespace first, so a grouped number shows no more than a compact one', () => {
    // The printer's copy did this and the screen's did not: '1234 567' showed 6 of its 7 digits.
    expect(maskIdNumber('1234 567')).toBe('*******');
    expect(maskIdNumber('110101 19850312 1234')).toBe('110***********1234');
    expect(maskIdNumber(' 110101198503121234 ')).toBe('110***********1234');
  });
  it('counts characters, not UTF-16 units', () => {
    expect(maskIdNumber('𠀀𠀀𠀀45678')).toBe('𠀀𠀀𠀀*5678');
  });
  it('ensureMasked masks a number that still shows 8 digits and leaves a masked one alone', () => {
    expect(ensureMasked('110101199003071234')).toBe('110***********1234');
    expect(ensureMasked('1101 0119 9003 071234')).toBe('110***********1234');
    expect(ensureMasked('110***********1234')).toBe('110***********1234');
  });
  it('never leaves more than 7 characters of a long number visible', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9X ]{0,40}$/), (id) => {
        const visible = [...maskIdNumber(id)].filter((c) => c !== '*').length;
        expect(visible).toBeLessThanOrEqual(7);
        expect(maskIdNumber(id)).not.toMatch(/\s/);
      }),
    );
  });
});

describe('dates', () => {
  it('accepts real calendar days only', () => {
    expect(parseCardDate('20000229')).toBe('2000-02-29');
    expect(parseCardDate('19000229')).toBeUndefined();
    expect(parseCardDate('20231301')).toBeUndefined();
    expect(parseCardDate('2023-01-01')).toBeUndefined();
    expect(parseValidTo('长期')).toBe('long-term');
    expect(parseValidTo('长期 ')).toBeUndefined();
  });
  it('uses the date in China', () => {
    expect(chinaCalendarDate(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
    expect(chinaCalendarDate(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31');
  });
});

describe('nation and sex tables', () => {
  it('has the 56 nations plus 97 and 98', () => {
    expect(Object.keys(NATIONS)).toHaveLength(58);
    expect(nationName('01')).toBe('汉');
    expect(nationName('56')).toBe('基诺');
    expect(nationName('98')).toBe('外国血统中国籍人士');
    expect(nationName('57')).toBeUndefined();
    expect(nationName('toString')).toBeUndefined();
  });
  it('maps sex codes both ways', () => {
    for (const code of ['0', '1', '2', '9']) expect(sexCode(sexFromCode(code)!)).toBe(code);
    expect(sexFromCode('3')).toBeUndefined();
  });
});

describe('GB/T 2260 region lookup', () => {
  it('holds about 3,200 codes with every district under an existing province', () => {
    const codes = Object.keys(regionTable);
    expect(codes.length).toBeGreaterThan(3100);
    for (const code of codes) {
      expect(code).toMatch(/^\d{6}$/);
      expect(lookupRegion(code)).toBeDefined();
    }
  });
  it('names province, city and district', () => {
    expect(lookupRegion('440305')).toEqual({
      code: '440305',
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      matchedLevel: 'district',
      exactMatch: true,
    });
    expect(regionLabel(lookupRegion('440305')!)).toBe('广东省 深圳市 南山区');
  });
  it('treats municipality and directly administered placeholders as no city', () => {
    expect(lookupRegion('500101')).toMatchObject({ province: '重庆市', district: '万州区' });
    expect(lookupRegion('500101')).not.toHaveProperty('city');
    expect(lookupRegion('419001')).toMatchObject({
      province: '河南省',
      district: '济源市',
      matchedLevel: 'district',
    });
  });
  it('falls back to the province when neither district nor city exists', () => {
    // 3414xx was 巢湖市, dissolved in 2011.
    expect(lookupRegion('341421')).toEqual({
      code: '341421',
      province: '安徽省',
      matchedLevel: 'province',
      exactMatch: false,
    });
  });
  it('knows nothing of a code without a province, and of malformed codes', () => {
    expect(lookupRegion('990101')).toBeUndefined();
    expect(lookupRegion('11010')).toBeUndefined();
    expect(lookupRegion('hello!')).toBeUndefined();
  });
  it('drops the statistics bureau development zones (suffix 71–80)', () => {
    expect(Object.hasOwn(regionTable, '130171')).toBe(false);
  });
});
