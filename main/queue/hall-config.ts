// The hall's queue configuration: business lines (prefix, name, hours, daily cap, lanes), the
// hall's hours and reset time, the kiosks' number marks, and which line serves which item. Shipped
// in resources/hall/hall.json; later replaced by the signed 'hall-config' document from the central
// system. A bad file is refused whole, with the first problem named.
import { AppError } from '../../common/errors.ts';
import fs from 'node:fs';
import { z } from 'zod';
import { laneIds, type LaneId } from '../../common/queue.ts';

const clock = /^([01]\d|2[0-4]):([0-5]\d)$/;
const span = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must be a span such as "08:30-12:00"')
  .refine((text) => {
    const [from, to] = text.split('-').map(minuteOfDay);
    return from! < to! && to! <= 24 * 60;
  }, 'must end after it starts, at 24:00 at the latest');

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const weekHours = z.strictObject(
  Object.fromEntries(weekdays.map((day) => [day, z.array(span)])) as Record<Weekday, z.ZodArray<typeof span>>,
);

const localText = z.strictObject({ 'zh-CN': z.string().min(1).max(40), en: z.string().min(1).max(60) });

const laneSchema = z.strictObject({
  id: z.enum(laneIds as [LaneId, ...LaneId[]]),
  name: localText,
  /** Printed on the ticket in 【】; absent for the ordinary lane. */
  label: z.string().min(1).max(12).optional(),
  /** Higher is called first; equal priorities by issue time. */
  priority: z.number().int().min(0).max(9),
});

const lineSchema = z.strictObject({
  prefix: z.string().regex(/^[A-Z]$/, 'must be one capital letter'),
  name: localText,
  /** Numbers for the whole hall per business day; each kiosk may issue its share (see kioskQuota). */
  dailyCap: z
    .number()
    .int()
    .min(1)
    .max(99 * 999),
  /** This kiosk's share of the cap; default: the cap divided evenly among the hall's kiosks. */
  kioskQuota: z.number().int().min(1).max(999).optional(),
  /** Windows serving this line: the fallback service rate is counters / defaultServiceMinutes. */
  counters: z.number().int().min(1).max(99),
  defaultServiceMinutes: z.number().min(1).max(240),
  /** Overrides the hall's hours for this line. */
  hours: weekHours.optional(),
  lanes: z.array(z.enum(laneIds as [LaneId, ...LaneId[]])).min(1),
});

export const hallConfigSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    version: z.string().min(1).max(64),
    hallId: z.string().min(1).max(64),
    hallName: z.string().min(1).max(40),
    phone: z.string().max(32).optional(),
    timeZone: z.string().refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        // Intl refuses unknown zones by throwing: that is the validation result, reported by zod.
        return false;
      }
    }, 'must be an IANA time zone such as "Asia/Shanghai"'),
    /** Local time at which the day's numbers start again from 001. */
    dailyResetAt: z.string().regex(clock, 'must be a time such as "03:00"'),
    hours: weekHours,
    closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')),
    /** Live numbers stop this long before the last closing time; a voucher for the next day is given instead. */
    lastIssueBeforeCloseMinutes: z.number().int().min(0).max(240).default(0),
    /** Each kiosk's mark in its numbers (A3-017 is kiosk 3's 17th number of line A today). */
    kiosks: z.array(
      z.strictObject({ kioskId: z.string().min(1).max(32), index: z.number().int().min(1).max(99) }),
    ),
    lanes: z.array(laneSchema).min(1),
    lines: z.array(lineSchema).min(1),
    /** Hall-specific overrides of the catalog's item → line mapping (item code → line prefix). */
    itemLines: z.record(z.string(), z.string().regex(/^[A-Z]$/)).default({}),
    /** 常用事项 chosen by the hall, shown after the items this kiosk has seen used most (item codes;
     *  codes the catalog does not have are skipped). */
    frequentItems: z.array(z.string().min(1).max(64)).max(24).default([]),
  })
  .superRefine((hall, context) => {
    const seen = (values: readonly (string | number)[], where: string, what: string) => {
      const found = new Set<string | number>();
      values.forEach((value, index) => {
        if (found.has(value))
          context.addIssue({
            code: 'custom',
            path: [where, index],
            message: `${what} ${value} appears twice`,
          });
        found.add(value);
      });
    };
    seen(
      hall.lines.map((line) => line.prefix),
      'lines',
      'line prefix',
    );
    seen(
      hall.lanes.map((lane) => lane.id),
      'lanes',
      'lane',
    );
    // Two kiosks with one mark would issue the same numbers: that is the one thing the scheme forbids.
    seen(
      hall.kiosks.map((kiosk) => kiosk.index),
      'kiosks',
      'kiosk index',
    );
    seen(
      hall.kiosks.map((kiosk) => kiosk.kioskId),
      'kiosks',
      'kiosk id',
    );
    if (!hall.lanes.some((lane) => lane.id === 'ordinary'))
      context.addIssue({ code: 'custom', path: ['lanes'], message: 'the ordinary lane is missing' });
    hall.lines.forEach((line, index) => {
      for (const lane of line.lanes)
        if (!hall.lanes.some((known) => known.id === lane))
          context.addIssue({
            code: 'custom',
            path: ['lines', index, 'lanes'],
            message: `lane ${lane} is not defined`,
          });
    });
    for (const [item, prefix] of Object.entries(hall.itemLines))
      if (!hall.lines.some((line) => line.prefix === prefix))
        context.addIssue({
          code: 'custom',
          path: ['itemLines', item],
          message: `line ${prefix} is not defined`,
        });
  });

export type HallConfig = z.output<typeof hallConfigSchema>;
export type LineConfig = HallConfig['lines'][number];
export type LaneConfig = HallConfig['lanes'][number];
export type WeekHours = Record<Weekday, string[]>;

export class HallConfigError extends AppError {
  override name = 'HallConfigError';
}

export function minuteOfDay(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1]) * 60 + Number(match[2]);
}

export function parseHallConfig(value: unknown, origin: string): HallConfig {
  const result = hallConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.map(String).join('.') || '(top level)';
  throw new HallConfigError(`Hall configuration ${origin}: ${where}: ${issue.message}.`);
}

/** `file` comes from configuration or the kiosk's resources folder (never from import.meta, which
 *  the Electron bundle leaves empty). */
export function loadHallConfig(file: string): HallConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HallConfigError(`Hall configuration ${file} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseHallConfig(raw, file);
}

/** This kiosk's mark: from the hall's list, else from the kiosk's own configuration. */
export function kioskIndexOf(hall: HallConfig, kioskId: string, configured?: number): number | undefined {
  return configured ?? hall.kiosks.find((kiosk) => kiosk.kioskId === kioskId)?.index;
}

/** How many numbers of a line this kiosk may issue per day. Offline, a kiosk cannot know what the
 *  others issued, so the hall cap is split ahead of time: the sum of the shares never exceeds it. */
export function kioskQuotaOf(hall: HallConfig, line: LineConfig): number {
  if (line.kioskQuota !== undefined) return line.kioskQuota;
  return Math.min(999, Math.max(1, Math.floor(line.dailyCap / Math.max(1, hall.kiosks.length))));
}
