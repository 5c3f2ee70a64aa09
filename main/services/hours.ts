// Opening hours per business line, holidays and the hall's notice banner, as the citizen screens
// show them. Hours and holidays come from the hall configuration the queue uses (one source of
// truth: what the screen says is what the queue does); notices from resources/hall/notices.json,
// re-read when the file changes, so an updated configuration shows without a restart.
import fs from 'node:fs';
import { z } from 'zod';
import type { HallNoticeView, HallStatusView, LineHoursView } from '../../common/hall.ts';
import type { Logger } from '../../common/log.ts';
import { weekdays, type HallConfig } from '../queue/hall-config.ts';
import { isIssuingLive, nextOpening, wallTime } from '../queue/hall-time.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const noticesFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  notices: z.array(
    z.strictObject({
      id: z.string().min(1).max(64),
      level: z.enum(['info', 'warning']).default('info'),
      text: z.strictObject({ 'zh-CN': z.string().min(1).max(200), en: z.string().min(1).max(300) }),
      /** First and last day shown (hall time zone), inclusive; absent: always. */
      from: date.optional(),
      until: date.optional(),
    }),
  ),
});

export type NoticesFile = z.output<typeof noticesFileSchema>;

export interface HallStatusOptions {
  hall: () => HallConfig;
  noticesFile: string | null;
  /** The notices of the hall configuration from the central system, when one is in force (they
   *  replace the file's). */
  centralNotices?: () => NoticesFile['notices'] | null;
  logger: Logger;
  now?: () => Date;
}

export class HallStatusService {
  private cached: { mtimeMs: number; notices: NoticesFile['notices'] } | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: HallStatusOptions) {
    this.now = options.now ?? (() => new Date());
  }

  status(): HallStatusView {
    const hall = this.options.hall();
    const at = this.now();
    const wall = wallTime(at, hall.timeZone);
    const holiday = hall.closedDates.includes(wall.date);
    const lines: LineHoursView[] = hall.lines.map((line) => {
      const hours = line.hours ?? hall.hours;
      const openNow = isIssuingLive(hall, line, at);
      return {
        prefix: line.prefix,
        name: line.name,
        today: holiday ? [] : [...(hours[weekdays[wall.weekday]!] ?? [])],
        openNow,
        nextOpening: openNow ? null : nextOpening(hall, line, at),
      };
    });
    const openNow = lines.some((line) => line.openNow);
    const upcoming = lines
      .map((line) => line.nextOpening)
      .filter((next): next is { day: string; from: string } => next !== null)
      .sort((a, b) => (a.day + a.from).localeCompare(b.day + b.from));
    return {
      at: at.toISOString(),
      timeZone: hall.timeZone,
      today: wall.date,
      openNow,
      holiday,
      nextOpening: openNow ? null : (upcoming[0] ?? null),
      lines,
      notices: this.notices(wall.date),
    };
  }

  private notices(today: string): HallNoticeView[] {
    return (this.options.centralNotices?.() ?? this.loadNotices())
      .filter((notice) => (!notice.from || notice.from <= today) && (!notice.until || today <= notice.until))
      .map((notice) => ({ id: notice.id, level: notice.level, text: notice.text }));
  }

  /** A missing file means no notices; a bad one is logged and ignored (the kiosk keeps serving
   *  with the last good notices), never a reason to stop. */
  private loadNotices(): NoticesFile['notices'] {
    const file = this.options.noticesFile;
    if (!file) return [];
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(file).mtimeMs;
    } catch {
      // No notices file (or not readable now): keep the last notices read, or none.
      return this.cached?.notices ?? [];
    }
    if (this.cached && this.cached.mtimeMs === mtimeMs) return this.cached.notices;
    try {
      const parsed = noticesFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        this.options.logger.warn('hours.notices-refused', {
          file,
          path: issue.path.join('.'),
          problem: issue.message,
        });
        this.cached = { mtimeMs, notices: this.cached?.notices ?? [] };
      } else {
        this.cached = { mtimeMs, notices: parsed.data.notices };
      }
    } catch (error) {
      this.options.logger.warn('hours.notices-unreadable', { file, error: (error as Error).message });
      this.cached = { mtimeMs, notices: this.cached?.notices ?? [] };
    }
    return this.cached.notices;
  }
}
