import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withGb11643CheckCharacter } from '../../../domain/identity/id-number.ts';
import {
  type FormField,
  isCardNumber,
  isLicencePlate,
  isMobileNumber,
  isUnifiedSocialCreditCode,
  prefillForm,
  usccCheckCharacter,
  validateField,
} from '../../../main/prereview/index.ts';
import { NOW, bundledCatalog, foreignCard, residentCard } from './fixtures.ts';

const field = (type: FormField['type'], extra: Partial<FormField> = {}): FormField => ({
  id: 'x',
  label: { 'zh-CN': '字段', en: 'Field' },
  type,
  required: true,
  ...extra,
});

describe('identifiers', () => {
  it('accepts mainland mobile numbers only', () => {
    expect(isMobileNumber('13912345678')).toBe(true);
    expect(isMobileNumber('19912345678')).toBe(true);
    for (const bad of ['12912345678', '1391234567', '139123456789', '+8613912345678', '1391234567a']) {
      expect(isMobileNumber(bad)).toBe(false);
    }
  });

  it('computes the GB 32100 check character (published example 91350100M000100Y43)', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(isUnifiedSocialCreditCode('91350100M000100Y43')).toBe(true);
    expect(isUnifiedSocialCreditCode('91350100M000100Y44')).toBe(false);
    expect(isUnifiedSocialCreditCode('91350100M000100I43')).toBe(false); // I is not in the alphabet
    expect(isUnifiedSocialCreditCode('9135010OM000100Y43')).toBe(false); // region must be digits
  });

  it('catches every single-character change of a valid credit code', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const valid = '91350100M000100Y43';
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 17 }), fc.constantFrom(...alphabet), (position, ch) => {
        fc.pre(valid[position] !== ch);
        const changed = valid.slice(0, position) + ch + valid.slice(position + 1);
        expect(isUnifiedSocialCreditCode(changed)).toBe(false);
      }),
    );
  });

  it('checks card numbers by GB 11643 and a real birth date, and takes old foreigner numbers', () => {
    expect(isCardNumber(residentCard().idNumber)).toBe(true);
    expect(isCardNumber(withGb11643CheckCharacter('11010119850230001'))).toBe(false); // 30 February
    expect(isCardNumber('110101198503120018')).toBe(false);
    expect(isCardNumber('USA110072012345')).toBe(true);
  });

  it('accepts licence plates, new-energy plates and trailers', () => {
    for (const plate of ['京A12345', '沪AD12345', '粤B12345F', '冀A1234挂'])
      expect(isLicencePlate(plate)).toBe(true);
    for (const plate of ['京I12345', 'AA12345', '京A1234', '京A123456'])
      expect(isLicencePlate(plate)).toBe(false);
  });
});

describe('validateField', () => {
  it('requires required fields and lets optional ones stay empty', () => {
    expect(validateField(field('text'), '  ')).toMatchObject({
      ok: false,
      message: { 'zh-CN': '「字段」未填写' },
    });
    expect(validateField(field('text', { required: false }), undefined)).toEqual({ ok: true });
  });

  it.each([
    ['mobile', '13912345678', true],
    ['mobile', '2391234567', false],
    ['uscc', '91350100m000100y43', true],
    ['uscc', '91350100M000100Y40', false],
    ['id-number', residentCard().idNumber, true],
    ['plate', '京a12345', true],
    ['date', '2024-02-29', true],
    ['date', '2023-02-29', false],
    ['amount', '12.50', true],
    ['amount', '12.505', false],
    ['amount', '-1', false],
    ['integer', '3', true],
    ['integer', '3.5', false],
    ['integer', 7, true],
  ] as const)('%s %j → %s', (type, value, ok) => {
    expect(validateField(field(type), value, NOW).ok).toBe(ok);
  });

  it('checks bounds, lengths, choices and date ranges', () => {
    expect(validateField(field('amount', { min: 1 }), '0.5').ok).toBe(false);
    expect(validateField(field('integer', { max: 10 }), '11').ok).toBe(false);
    expect(validateField(field('text', { minLength: 3 }), '张三').ok).toBe(false);
    expect(validateField(field('text', { maxLength: 2 }), '张三丰').ok).toBe(false);
    const choice = field('choice', {
      choices: [
        { value: 'yes', label: { 'zh-CN': '是', en: 'Yes' } },
        { value: 'no', label: { 'zh-CN': '否', en: 'No' } },
      ],
    });
    expect(validateField(choice, 'no').ok).toBe(true);
    expect(validateField(choice, 'maybe').ok).toBe(false);
    expect(validateField(field('date', { dateRange: 'past' }), '2025-06-16', NOW).ok).toBe(false);
    expect(validateField(field('date', { dateRange: 'future' }), '2025-06-14', NOW).ok).toBe(false);
  });

  it('a measure (a floor area) is a number in its unit, never "an amount": messages name the unit', () => {
    const area = field('measure', {
      label: { 'zh-CN': '营业面积', en: 'Floor area' },
      unit: { 'zh-CN': '平方米', en: 'm²' },
      min: 1,
    });
    expect(validateField(area, '85.5').ok).toBe(true);
    expect(validateField(area, '120').ok).toBe(true);
    const bad = validateField(area, '85.555');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.message['zh-CN']).toBe('「营业面积」应为数字（单位：平方米），最多两位小数');
    expect(bad.message.en).toBe('Floor area: must be a number (in m²) with at most two decimals');
    expect(JSON.stringify(bad.message)).not.toMatch(/金额|amount/);
    const small = validateField(area, '0.5');
    expect(!small.ok && small.message['zh-CN']).toBe('「营业面积」不能小于 1 平方米');
    expect(!small.ok && small.message.en).toBe('Floor area: must be at least 1 m²');
  });

  it('every area or length in the catalog is a measure with its unit', () => {
    const fields = bundledCatalog().items.flatMap((item) => item.form);
    const measured = fields.filter((f) => /面积|长度|高度|宽度/.test(f.label['zh-CN']));
    expect(measured.length).toBeGreaterThanOrEqual(4);
    for (const f of measured) {
      expect(f.type, f.id).toBe('measure');
      expect(f.unit, f.id).toBeDefined();
    }
  });

  it('never throws and never echoes the value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'text',
          'mobile',
          'uscc',
          'id-number',
          'date',
          'amount',
          'measure',
          'integer',
          'choice',
          'plate',
        ) as fc.Arbitrary<FormField['type']>,
        fc.anything(),
        (type, value) => {
          const check = validateField(field(type), value, NOW);
          if (!check.ok && typeof value === 'string' && value.length > 3) {
            expect(check.message['zh-CN']).not.toContain(value);
          }
        },
      ),
    );
  });
});

describe('prefillForm', () => {
  const catalog = bundledCatalog();
  const item = (code: string) => catalog.items.find((i) => i.code === code)!;

  it('fills name, sex, nation, birth date, address and ID number from a resident card', () => {
    const card = residentCard();
    expect(prefillForm(item('ID-CARD-RENEWAL'), card)).toEqual({
      name: '张三',
      sex: 'male',
      nation: '汉',
      birthDate: '1985-03-12',
      address: '北京市东城区景山前街4号',
      idNumber: card.idNumber,
    });
  });

  it('leaves out what a foreigner’s card does not carry', () => {
    const values = prefillForm(item('SOCIAL-SECURITY-CARD'), foreignCard());
    expect(values).toMatchObject({ name: 'SMITH JOHN', sex: 'male' });
    expect(values).not.toHaveProperty('address');
    expect(values).not.toHaveProperty('nation');
  });
});
