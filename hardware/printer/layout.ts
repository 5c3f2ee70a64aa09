import { displayWidth } from './text.ts';

// Shared formatting for the paper: dates in the hall's time zone, columns, table rows. Used by the test
// page here and by the business slips beside the code that fills them (main/queue/slips, main/prereview/slips).
// Masking ID numbers is an identity rule: domain/identity/mask.ts.

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

/** The language a slip is printed in: the one the citizen chose on screen. */
export type PaperLocale = 'zh-CN' | 'en';

/** "15 分钟", "1 小时 20 分钟"; in English "15 min", "1 h 20 min". */
export function formatMinutes(minutes: number, locale: PaperLocale = 'zh-CN'): string {
  const rounded = Math.max(0, Math.round(minutes));
  const hours = Math.floor(rounded / 60);
  const rest = rounded % 60;
  if (locale === 'en') {
    if (rounded < 60) return `${rounded} min`;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  if (rounded < 60) return `${rounded} 分钟`;
  return rest === 0 ? `${hours} 小时` : `${hours} 小时 ${rest} 分钟`;
}

/** A calendar date "YYYY-MM-DD" for the paper: 「2024年05月06日」, or in English "6 May 2024" (day
 *  and month in words: a foreign resident never has to guess which number is the month). */
export function formatCalendarDateFor(isoDate: string, locale: PaperLocale): string {
  if (locale === 'zh-CN') return formatCalendarDate(isoDate);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
    .format(date)
    .replace(',', '');
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
