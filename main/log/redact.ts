// Logs must never carry personal data (PIPL). Services are written not to log it; this is the net
// under them: known personal keys are dropped and anything shaped like an ID number is masked.

const personalKeys = new Set(
  [
    'name',
    'fullname',
    'chinesename',
    'englishname',
    'idnumber',
    'id_number',
    'address',
    'phone',
    'mobile',
    'birthdate',
    'photo',
    'card',
    'pin',
    'password',
    'token',
    'secret',
  ].map((key) => key.toLowerCase()),
);

// 18-character resident numbers (last may be X) and 15-digit legacy numbers, standing alone.
const idNumberPattern = /(?<![0-9A-Za-z])(\d{6})\d{8,11}([0-9Xx]{1})(?![0-9A-Za-z])/g;
const mobilePattern = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export function redactText(text: string): string {
  return text
    .replace(idNumberPattern, (_match, head: string) => `${head.slice(0, 3)}*** [redacted id]`)
    .replace(mobilePattern, '[redacted phone]');
}

export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  if (value instanceof Error) return { error: value.name, message: redactText(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = personalKeys.has(key.toLowerCase()) ? '[redacted]' : redactFields(item, depth + 1);
    }
    return out;
  }
  return value;
}
