// Field checks run as the person types and again at pre-review. Messages name the field in both
// languages and never repeat the value (it may be an ID number).
import { isValidGb11643 } from '../../domain/identity/id-number.ts';
import { chinaCalendarDate } from '../../domain/identity/dates.ts';
import type { FormField, Localized } from './schema.ts';

export type FieldCheck = { ok: true } | { ok: false; message: Localized };

/** Mainland mobile numbers: 11 digits, 1 then 3–9 (MIIT numbering plan). */
export function isMobileNumber(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

// GB 32100-2015: 18 characters from this 31-symbol alphabet (no I, O, Z, S, V).
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters, or undefined when they are not in the alphabet. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const code = USCC_ALPHABET.indexOf(first17[i]!);
    if (code < 0) return undefined;
    sum += code * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Unified social credit code (统一社会信用代码): registering-authority and type codes, a six-digit
 *  administrative division, the organisation code and the GB 32100 check character. */
export function isUnifiedSocialCreditCode(value: string): boolean {
  if (!/^[1-9A-HJ-NPQRTUWXY][1-9A-HJ-NPQRTUWXY]\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return false;
  return usccCheckCharacter(value.slice(0, 17)) === value[17];
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Numbers of the four cards the reader takes: GB 11643 (residents, HK/Macao/Taiwan permits,
 *  foreigners' 2023 cards, with a real birth date inside) or the old foreigner's 3 letters + 12 digits. */
export function isCardNumber(value: string): boolean {
  if (/^[A-Z]{3}\d{12}$/.test(value)) return true;
  if (!isValidGb11643(value)) return false;
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  return isCalendarDate(birth);
}

const PROVINCE_ABBREVIATIONS = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE = new RegExp(
  `^[${PROVINCE_ABBREVIATIONS}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{5}|[DF][A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{5}[DF]|[A-HJ-NP-Z0-9]{4}[挂学警港澳])$`,
);

/** Mainland licence plates: province, issuing-office letter and five characters (six for new-energy
 *  plates), no I or O; trailers end in 挂. */
export function isLicencePlate(value: string): boolean {
  return PLATE.test(value);
}

const AMOUNT = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,2})?$/;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function fail(field: FormField, zh: string, en: string): FieldCheck {
  return {
    ok: false,
    message: { 'zh-CN': `「${field.label['zh-CN']}」${zh}`, en: `${field.label.en}: ${en}` },
  };
}

export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Checks one value against its field. Never throws, whatever the value. */
export function validateField(field: FormField, value: unknown, now: Date = new Date()): FieldCheck {
  if (isEmpty(value)) {
    return field.required ? fail(field, '未填写', 'this field is required') : { ok: true };
  }
  const v = text(value);
  if (v === undefined) return fail(field, '格式不正确', 'not a valid value');

  switch (field.type) {
    case 'text':
      if (field.minLength !== undefined && [...v].length < field.minLength) {
        return fail(
          field,
          `至少需要 ${field.minLength} 个字`,
          `needs at least ${field.minLength} characters`,
        );
      }
      if ([...v].length > (field.maxLength ?? 200)) {
        const max = field.maxLength ?? 200;
        return fail(field, `不能超过 ${max} 个字`, `must be at most ${max} characters`);
      }
      return { ok: true };
    case 'mobile':
      return isMobileNumber(v)
        ? { ok: true }
        : fail(
            field,
            '应为 11 位手机号码，以 13–19 开头',
            'must be an 11-digit mobile number starting 13–19',
          );
    case 'uscc':
      if (!/^[0-9A-Z]{18}$/.test(v.toUpperCase())) {
        return fail(
          field,
          '应为 18 位统一社会信用代码',
          'must be an 18-character unified social credit code',
        );
      }
      return isUnifiedSocialCreditCode(v.toUpperCase())
        ? { ok: true }
        : fail(
            field,
            '校验位不正确，请核对营业执照上的代码',
            'the check character is wrong; compare with the business licence',
          );
    case 'id-number':
      return isCardNumber(v.toUpperCase())
        ? { ok: true }
        : fail(field, '号码不正确，请核对证件', 'not a valid ID number; check the card');
    case 'date': {
      if (!isCalendarDate(v)) return fail(field, '应为有效日期（年-月-日）', 'must be a date (YYYY-MM-DD)');
      const today = chinaCalendarDate(Number.isFinite(now.getTime()) ? now : new Date(0));
      if (field.dateRange === 'past' && v > today)
        return fail(field, '不能晚于今天', 'cannot be after today');
      if (field.dateRange === 'future' && v < today)
        return fail(field, '不能早于今天', 'cannot be before today');
      return { ok: true };
    }
    case 'amount':
    case 'measure':
    case 'integer': {
      const pattern = field.type === 'integer' ? /^(?:0|[1-9]\d{0,11})$/ : AMOUNT;
      // The unit, where the field has one, is said with the number: 「不能小于 1 平方米」.
      const zhUnit = field.unit ? ` ${field.unit['zh-CN']}` : '';
      const enUnit = field.unit ? ` ${field.unit.en}` : '';
      if (!pattern.test(v)) {
        if (field.type === 'measure')
          return fail(
            field,
            `应为数字（单位：${field.unit?.['zh-CN'] ?? ''}），最多两位小数`,
            `must be a number (in ${field.unit?.en ?? ''}) with at most two decimals`,
          );
        return field.type === 'amount'
          ? fail(field, '应为金额，最多两位小数', 'must be an amount with at most two decimals')
          : fail(field, '应为整数', 'must be a whole number');
      }
      const n = Number(v);
      if (field.min !== undefined && n < field.min) {
        return fail(field, `不能小于 ${field.min}${zhUnit}`, `must be at least ${field.min}${enUnit}`);
      }
      if (field.max !== undefined && n > field.max) {
        return fail(field, `不能大于 ${field.max}${zhUnit}`, `must be at most ${field.max}${enUnit}`);
      }
      return { ok: true };
    }
    case 'choice':
      return field.choices?.some((choice) => choice.value === v)
        ? { ok: true }
        : fail(field, '请从选项中选择', 'choose one of the options');
    case 'plate':
      return isLicencePlate(v.toUpperCase())
        ? { ok: true }
        : fail(field, '车牌号格式不正确', 'not a valid licence plate');
    default:
      return fail(field, '无法校验', 'unknown field type');
  }
}
