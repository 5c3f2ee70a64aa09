// Hall configurations for tests that must not depend on the hour they run at: open all day, or
// closed today (a holiday in the hall's time zone), so "night" is night whenever the test runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Hall = Record<string, unknown> & { lines: Array<Record<string, unknown>>; timeZone: string };

function shippedHall(): Hall {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, 'resources/hall/hall.json'), 'utf8')) as Hall;
}

function write(hall: Hall): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-hall-')), 'hall.json');
  fs.writeFileSync(file, JSON.stringify(hall));
  return file;
}

/** Open every day, all day: every line issues live numbers. `overrides` replace top-level fields
 *  (e.g. `dailyResetAt: '00:00'`, so the business day turns at midnight like central's). */
export function allDayHall(overrides: Record<string, unknown> = {}): string {
  const hall = shippedHall();
  const allDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, ['00:00-24:00']]),
  );
  return write({
    ...hall,
    hours: allDay,
    closedDates: [],
    lastIssueBeforeCloseMinutes: 0,
    lines: hall.lines.map(({ hours: _hours, ...line }) => line),
    ...overrides,
  });
}

/** Today (in the hall's time zone) is a closed date: nobody is on duty; the hall opens next on the
 *  next open day, at its usual hour. */
export function closedTodayHall(): { file: string; today: string } {
  const hall = shippedHall();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: hall.timeZone }).format(new Date());
  const openEveryDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, ['08:30-17:30']]),
  );
  return {
    file: write({
      ...hall,
      hours: openEveryDay,
      closedDates: [today],
      lines: hall.lines.map(({ hours: _hours, ...line }) => line),
    }),
    today,
  };
}
