// Wall-clock questions in the hall's time zone: which business day is it (numbers restart at the
// daily reset time, not at midnight), is a line issuing live numbers now, and when does it open next.
import { minuteOfDay, weekdays, type HallConfig, type LineConfig, type WeekHours } from './hall-config.ts';

export interface WallTime {
  /** "YYYY-MM-DD" in the hall's zone. */
  date: string;
  minute: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

export function wallTime(at: Date, timeZone: string): WallTime {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const date = `${p.year}-${p.month}-${p.day}`;
  return { date, minute: Number(p.hour) * 60 + Number(p.minute), weekday: weekdayOf(date) };
}

export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (day + 6) % 7;
}

export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** The day a number belongs to: before the reset time it is still the previous day's queue. */
export function businessDay(at: Date, hall: HallConfig): string {
  const wall = wallTime(at, hall.timeZone);
  return wall.minute < minuteOfDay(hall.dailyResetAt) ? addDays(wall.date, -1) : wall.date;
}

function spans(hours: WeekHours, date: string): Array<[number, number]> {
  return (hours[weekdays[weekdayOf(date)]!] ?? []).map((text) => {
    const [from, to] = text.split('-');
    return [minuteOfDay(from!), minuteOfDay(to!)];
  });
}

function hoursOf(hall: HallConfig, line: LineConfig): WeekHours {
  return line.hours ?? hall.hours;
}

/** Live numbers are issued from the first opening to the last closing of the day (less the
 *  configured margin): a break at noon still takes numbers for the afternoon. */
export function issuingWindow(hall: HallConfig, line: LineConfig, date: string): [number, number] | null {
  if (hall.closedDates.includes(date)) return null;
  const day = spans(hoursOf(hall, line), date);
  if (day.length === 0) return null;
  const from = Math.min(...day.map(([start]) => start));
  const to = Math.max(...day.map(([, end]) => end)) - hall.lastIssueBeforeCloseMinutes;
  return to > from ? [from, to] : null;
}

export function isIssuingLive(hall: HallConfig, line: LineConfig, at: Date): boolean {
  const wall = wallTime(at, hall.timeZone);
  const window = issuingWindow(hall, line, wall.date);
  return window !== null && wall.minute >= window[0] && wall.minute < window[1];
}

export function formatMinuteOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The next time the line opens strictly after `at` (today if it has not opened yet), looking up
 *  to 60 days ahead; null when no opening is configured in that time. */
export function nextOpening(
  hall: HallConfig,
  line: LineConfig,
  at: Date,
  options: { notBefore?: string } = {},
): { day: string; from: string } | null {
  const wall = wallTime(at, hall.timeZone);
  for (let offset = 0; offset <= 60; offset++) {
    const date = addDays(wall.date, offset);
    if (options.notBefore && date < options.notBefore) continue;
    const window = issuingWindow(hall, line, date);
    if (!window) continue;
    if (date === wall.date && wall.minute >= window[0]) continue;
    return { day: date, from: formatMinuteOfDay(window[0]) };
  }
  return null;
}
