// Due dates of promised materials, counted the way the rule words them.
// 民法典 art. 200–202: periods run by the Gregorian calendar; the starting day is not counted; a period
// of months ends on the corresponding day of the last month, or on that month's last day when it has
// no such day (31 Dec + 2 months = 28/29 Feb, 31 Jan + 1 month = 28/29 Feb). Days are calendar days.
// Working days (行政许可法 art. 82) skip Saturdays and Sundays; the kiosk has no holiday calendar, so a
// statutory holiday inside the period is not skipped — the slip says "working days" and the window
// confirms the date (recorded in docs/catalog.md).
import type { Within } from './schema.ts';

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function iso(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return iso(year, month, Math.min(d, daysInMonth(year, month)));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return iso(y, m, d + days);
}

export function addWorkingDays(date: string, workingDays: number): string {
  const [y, m, d] = parts(date);
  const day = new Date(Date.UTC(y, m - 1, d));
  let left = workingDays;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return day.toISOString().slice(0, 10);
}

/** The last day to hand a material in, from the day of the commitment. */
export function dueDate(from: string, within: Within): string {
  if ('months' in within) return addMonths(from, within.months);
  if ('days' in within) return addDays(from, within.days);
  return addWorkingDays(from, within.workingDays);
}
