import { displayWidth } from '../text.ts';

// Shared formatting for the paper: dates in the hall's time zone, masked ID numbers, table rows.

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_COLUMNS = 48;

export interface TemplateLayout {
  /** Font A columns of the printer (48 on 80 mm paper). */
  columns: number;
  /** IANA time zone used to print times (the hall's). */
  timeZone: string;
}
export const DEFAULT_LAYOUT: TemplateLayout = { columns: DEFAULT_COLUMNS, timeZone: DEFAULT_TIME_ZONE };

function parts(date: Date, timeZone: string): Record<string, string> {
  const formatted = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  return Object.fromEntries(formatted.map((p) => [p.type, p.value]));
}

/** "2024-05-06 09:31" */
export function formatDateTime(date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(date, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2024年05月06日" */
export function formatDateChinese(date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(date, timeZone);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** Accepts "YYYY-MM-DD" (a calendar date, no time zone) and prints it the Chinese way. */
export function formatCalendarDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match ? `${match[1]}年${match[2]}月${match[3]}日` : isoDate;
}

/** Keeps the first 3 and last 4 characters of an ID number (the common practice for printed slips). */
export function maskIdNumber(idNumber: string): string {
  const compact = idNumber.replace(/\s+/g, '');
  if (compact.length <= 7) return '*'.repeat(compact.length);
  return `${compact.slice(0, 3)}${'*'.repeat(compact.length - 7)}${compact.slice(-4)}`;
}

/** A template receives an already masked number; this makes sure an unmasked one never reaches paper. */
export function ensureMasked(idNumber: string): string {
  return /[0-9Xx]{8,}/.test(idNumber.replace(/\s+/g, '')) ? maskIdNumber(idNumber) : idNumber;
}

/** "约 15 分钟", "约 1 小时 20 分钟". */
export function formatMinutes(minutes: number): string {
  const rounded = Math.max(0, Math.round(minutes));
  if (rounded < 60) return `${rounded} 分钟`;
  const hours = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return rest === 0 ? `${hours} 小时` : `${hours} 小时 ${rest} 分钟`;
}

const WIDTH_PROFILE = { gb18030FourByte: false };

/** Cuts `text` to at most `columns` display columns, marking the cut with "…" so nothing is silently lost. */
export function fitColumns(text: string, columns: number): string {
  if (displayWidth(text, WIDTH_PROFILE) <= columns) return text;
  let out = '';
  for (const char of text) {
    if (displayWidth(`${out}${char}…`, WIDTH_PROFILE) > columns) break;
    out += char;
  }
  return `${out}…`;
}

export function padTo(text: string, columns: number, align: 'left' | 'right'): string {
  const fitted = fitColumns(text, columns);
  const pad = ' '.repeat(Math.max(0, columns - displayWidth(fitted, WIDTH_PROFILE)));
  return align === 'left' ? fitted + pad : pad + fitted;
}

/** One table row of fixed column widths (display columns). */
export function tableRow(
  cells: readonly string[],
  widths: readonly number[],
  aligns: readonly ('left' | 'right')[],
): string {
  return cells.map((cell, i) => padTo(cell, widths[i] ?? 0, aligns[i] ?? 'left')).join('');
}
