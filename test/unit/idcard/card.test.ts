import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECK } from '../../../hardware/emulators/idcard/deck.ts';
import { encodeCardText } from '../../../hardware/idcard/card-encoder.ts';
import { type CardFields, cardValidity } from '../../../domain/identity/card.ts';
import { parseCardText } from '../../../hardware/idcard/card.ts';
import { encodeTextField } from '../../../hardware/idcard/text.ts';

function parseOk(fields: CardFields) {
  const result = parseCardText(encodeCardText(fields));
  if (!result.ok) throw new Error(result.error.message);
  return result.card;
}

const deckFields = (id: string) => DECK.find((card) => card.id === id)!.fields;

describe('resident ID card', () => {
  it('parses every field from the byte layout', () => {
    const card = parseOk(deckFields('resident-zhang-san'));
    expect(card).toMatchObject({
      kind: 'resident',
      name: '张三',
      displayName: '张三',
      sex: 'male',
      nationCode: '01',
      nation: '汉',
      birthDate: '1985-03-12',
      address: '北京市东城区景山前街4号',
      idNumber: '110101198503120017',
      issuer: '北京市公安局东城分局',
      validFrom: '2016-05-20',
      validTo: '2036-05-20',
      photo: 'encrypted-wlt',
      checkDigitValid: true,
      region: {
        code: '110101',
        province: '北京市',
        district: '东城区',
        matchedLevel: 'district',
        exactMatch: true,
      },
    });
    expect(card.region).not.toHaveProperty('city');
  });

  it('reads the fields at the offsets of the reference table', () => {
    const block = encodeCardText(deckFields('resident-zhang-san'));
    const at = (start: number, end: number) => Buffer.from(block.subarray(start, end)).toString('utf16le');
    expect(at(0, 4)).toBe('张三');
    expect(at(30, 32)).toBe('1');
    expect(at(32, 36)).toBe('01');
    expect(at(36, 52)).toBe('19850312');
    expect(at(122, 158)).toBe('110101198503120017');
    expect(at(188, 204)).toBe('20160520');
    expect(at(248, 250)).toBe(' ');
    expect(at(4, 30)).toBe(' '.repeat(13));
  });

  it('understands 长期 as a long-term validity', () => {
    const block = encodeCardText(deckFields('resident-long-term'));
    expect(Buffer.from(block.subarray(204, 208)).toString('utf16le')).toBe('长期');
    const card = parseOk(deckFields('resident-long-term'));
    expect(card.validTo).toBe('long-term');
    expect(card).toMatchObject({ nation: '回', sex: 'female' });
    expect(cardValidity(card, new Date('2060-01-01T00:00:00Z'))).toEqual({
      expired: false,
      notYetValid: false,
      daysToExpiry: null,
    });
  });

  it('decodes a name with characters outside the BMP (UTF-16 surrogate pairs)', () => {
    const block = encodeCardText(deckFields('resident-rare-character'));
    // 𪚥 is U+2A6A5: high surrogate D869, low surrogate DEA5, each little-endian.
    expect([...block.subarray(2, 6)]).toEqual([0x69, 0xd8, 0xa5, 0xde]);
    const card = parseOk(deckFields('resident-rare-character'));
    expect(card.displayName).toBe('陈𪚥𠀾');
    expect([...card.displayName]).toHaveLength(3);
    expect(card).toMatchObject({ address: '福建省厦门市思明区鼓浪屿龙头路𠀾号' });
  });

  it('falls back to the city for a district that no longer exists, and says so', () => {
    const card = parseOk(deckFields('resident-abolished-district'));
    expect(card.region).toEqual({
      code: '130421',
      province: '河北省',
      city: '邯郸市',
      matchedLevel: 'city',
      exactMatch: false,
    });
    expect(card).toMatchObject({ nation: '满' });
  });

  it('reports a wrong check character without refusing the card', () => {
    expect(parseOk(deckFields('resident-bad-check-digit')).checkDigitValid).toBe(false);
  });

  it('computes expiry against the China calendar date', () => {
    const card = parseOk(deckFields('resident-expired'));
    // 2025-03-01 16:30 UTC is already 2025-03-02 in Beijing.
    expect(cardValidity(card, new Date('2025-03-01T15:59:00Z'))).toMatchObject({
      expired: false,
      daysToExpiry: 0,
    });
    expect(cardValidity(card, new Date('2025-03-01T16:30:00Z'))).toMatchObject({
      expired: true,
      daysToExpiry: -1,
    });
    expect(cardValidity(card, new Date('2004-01-01T00:00:00Z')).notYetValid).toBe(true);
  });
});

describe('residence permit for Hong Kong, Macao and Taiwan residents', () => {
  it('parses the pass number and issue count, and the 81/83 region', () => {
    const hk = parseOk(deckFields('hk-resident-permit'));
    expect(hk).toMatchObject({
      kind: 'hk-macao-taiwan',
      name: '陈大文',
      idNumber: '81000019880606006X',
      passNumber: 'H60123456',
      issueCount: 1,
      checkDigitValid: true,
      region: { province: '香港特别行政区', matchedLevel: 'province', exactMatch: true },
    });
    expect(hk).not.toHaveProperty('nation');
    const tw = parseOk(deckFields('tw-resident-permit'));
    expect(tw).toMatchObject({ issueCount: 2, region: { code: '830000', province: '台湾地区' } });
  });

  it('marks the card type with J at bytes 248–249', () => {
    expect(
      Buffer.from(encodeCardText(deckFields('hk-resident-permit')).subarray(248, 250)).toString('utf16le'),
    ).toBe('J');
  });
});

describe("foreigner's permanent residence ID card", () => {
  it('old layout (I)', () => {
    const card = parseOk(deckFields('foreign-old'));
    expect(card).toMatchObject({
      kind: 'foreign-old',
      englishName: 'SMITH, JOHN',
      chineseName: '史密斯',
      displayName: '史密斯',
      idNumber: 'USA110075050112',
      nationality: 'USA',
      birthDate: '1975-05-01',
      cardVersion: '01',
      issuerCode: '1500',
      checkDigitValid: null,
    });
    expect(card).not.toHaveProperty('region');
  });

  it('2023 layout (Y), with an English name running into its second slot', () => {
    const card = parseOk(deckFields('foreign-2023'));
    expect(card).toMatchObject({
      kind: 'foreign-2023',
      englishName: 'MUELLER-LUEDENSCHEIDT, ANNA KATHARINA',
      chineseName: '安娜',
      nationality: 'DEU',
      checkDigitValid: true,
      region: { code: '310000', province: '上海市', matchedLevel: 'province' },
    });
    expect(card.kind === 'foreign-2023' && card.englishName.length).toBeGreaterThan(35);
  });

  it('2023 layout without a Chinese name greets by the English name', () => {
    expect(parseOk(deckFields('foreign-2023-no-chinese-name')).displayName).toBe('GARCIA, MARIA');
  });
});

describe('every deck card round-trips through encoder and parser', () => {
  for (const { id, fields } of DECK) {
    it(id, () => {
      expect(parseOk(fields)).toMatchObject(fields);
    });
  }
});

describe('untrusted card bytes', () => {
  it('rejects an unknown type marker with a typed error', () => {
    const block = encodeCardText(deckFields('resident-zhang-san'));
    encodeTextField(block, 248, 250, 'Q');
    expect(parseCardText(block)).toEqual({
      ok: false,
      error: { code: 'unknown-card-type', message: 'unknown card type marker U+0051' },
    });
  });

  it('rejects a block of the wrong size', () => {
    expect(parseCardText(new Uint8Array(10))).toMatchObject({ ok: false, error: { code: 'bad-length' } });
  });

  it('names the field that is not a date, without personal data in the message', () => {
    const block = encodeCardText(deckFields('resident-zhang-san'));
    encodeTextField(block, 36, 52, '19850231');
    const result = parseCardText(block);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-field',
        field: 'birthDate',
        message: 'field birthDate is not a calendar date (YYYYMMDD)',
      },
    });
  });

  it('rejects an unpaired surrogate in a name', () => {
    const block = encodeCardText(deckFields('resident-zhang-san'));
    block[0] = 0x69;
    block[1] = 0xd8;
    expect(parseCardText(block)).toMatchObject({
      ok: false,
      error: { code: 'invalid-field', field: 'name' },
    });
  });

  it('never throws on random blocks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        const result = parseCardText(bytes);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws when single bytes of a real card are corrupted', () => {
    const original = encodeCardText(deckFields('resident-rare-character'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (index, value) => {
        const block = Uint8Array.from(original);
        block[index] = value;
        expect(() => parseCardText(block)).not.toThrow();
      }),
    );
  });
});

describe('encoder', () => {
  it('refuses a field that does not fit, naming the slot', () => {
    expect(() =>
      encodeCardText({
        ...(deckFields('resident-zhang-san') as CardFields & { kind: 'resident' }),
        name: '名'.repeat(16),
      }),
    ).toThrow(RangeError);
  });
});
