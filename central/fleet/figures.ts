// The hall's own figures, the ones the pre-review reforms are judged by: outcomes per item, the
// share of cases settled on one visit, waits per line against the hall's average (with a tidal
// alert when a line runs over it), ratings and commitments due. Pure: records and calling events in,
// figures out, for any period.
import { hallDate, num, str, weekOf, type CallEvent, type FleetRecord } from './model.ts';

export type Outcome = 'ticket' | 'notice' | 'commitment' | 'not-accepted';
export const outcomes: readonly Outcome[] = ['ticket', 'notice', 'commitment', 'not-accepted'];

export interface ItemOutcomes {
  itemCode: string;
  total: number;
  counts: Record<Outcome, number>;
}

export interface LineWait {
  line: string;
  called: number;
  averageWaitMinutes: number | null;
  /** The line's average wait is over the hall's by more than the alert factor. */
  tidal: boolean;
}

export interface PeriodFigures {
  /** A hall date (day) or the Monday of an ISO week (week). */
  period: string;
  prereviews: number;
  items: ItemOutcomes[];
  /** Cases that left with a ticket or a commitment, over those the hall could accept (not-accepted
   *  excluded): the person did not have to come back with more. null when there were none. */
  oneVisitShare: number | null;
  hallAverageWaitMinutes: number | null;
  lines: LineWait[];
  ratings: { count: number; average: number | null; low: number; byLevel: Record<1 | 2 | 3 | 4 | 5, number> };
  tickets: number;
  vouchers: number;
}

export interface FigureOptions {
  by: 'day' | 'week';
  /** A line is flagged when its average wait exceeds the hall's average by this factor. */
  tidalFactor?: number;
  /** … and only with at least this many called tickets behind its average. */
  tidalMinimum?: number;
}

const emptyCounts = (): Record<Outcome, number> => ({
  ticket: 0,
  notice: 0,
  commitment: 0,
  'not-accepted': 0,
});

export function hallFigures(
  records: readonly FleetRecord[],
  calls: readonly CallEvent[],
  options: FigureOptions,
): PeriodFigures[] {
  const tidalFactor = options.tidalFactor ?? 1.5;
  const tidalMinimum = options.tidalMinimum ?? 3;
  const periodOf = (iso: string) => (options.by === 'day' ? hallDate(iso) : weekOf(hallDate(iso)));
  const periods = new Map<
    string,
    {
      items: Map<string, ItemOutcomes>;
      waits: Map<string, number[]>;
      ratings: number[];
      tickets: number;
      vouchers: number;
    }
  >();
  const at = (period: string) => {
    let entry = periods.get(period);
    if (!entry) {
      entry = { items: new Map(), waits: new Map(), ratings: [], tickets: 0, vouchers: 0 };
      periods.set(period, entry);
    }
    return entry;
  };

  const issuedAt = new Map<string, { at: string; line: string }>();
  for (const record of records) {
    const p = record.payload;
    if (record.type === 'prereview') {
      const outcome = str(p.outcome) as Outcome | null;
      const itemCode = str(p.itemCode);
      if (!outcome || !itemCode || !outcomes.includes(outcome)) continue;
      const items = at(periodOf(record.occurredAt)).items;
      let item = items.get(itemCode);
      if (!item) {
        item = { itemCode, total: 0, counts: emptyCounts() };
        items.set(itemCode, item);
      }
      item.total += 1;
      item.counts[outcome] += 1;
    } else if (record.type === 'ticket') {
      const number = str(p.number);
      const day = str(p.businessDay);
      if (p.action === 'issued') {
        at(periodOf(record.occurredAt)).tickets += 1;
        if (number && day)
          issuedAt.set(`${record.hallId}|${day}|${number}`, {
            at: str(p.issuedAt) ?? record.occurredAt,
            line: str(p.line) ?? number.slice(0, 1),
          });
      } else if (p.action === 'voucher-issued') at(periodOf(record.occurredAt)).vouchers += 1;
    } else if (record.type === 'evaluation') {
      const rating = num(p.rating);
      if (rating !== null && rating >= 1 && rating <= 5) at(periodOf(record.occurredAt)).ratings.push(rating);
    }
  }
  // A wait is issue → first call, measured on the calling system's clock for the call.
  const seen = new Set<string>();
  for (const call of [...calls].sort((a, b) => a.at.localeCompare(b.at))) {
    if (call.action !== 'called') continue;
    const key = `${call.hallId}|${call.businessDay}|${call.number}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const issued = issuedAt.get(key);
    if (!issued) continue;
    const minutes = (Date.parse(call.at) - Date.parse(issued.at)) / 60_000;
    if (!(minutes >= 0)) continue;
    const waits = at(periodOf(call.at)).waits;
    const list = waits.get(issued.line) ?? [];
    list.push(minutes);
    waits.set(issued.line, list);
  }

  const mean = (values: number[]) =>
    values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
  const round = (value: number | null, places = 2) =>
    value === null ? null : Math.round(value * 10 ** places) / 10 ** places;

  return [...periods.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, entry]) => {
      const items = [...entry.items.values()].sort(
        (a, b) => b.total - a.total || a.itemCode.localeCompare(b.itemCode),
      );
      const totals = emptyCounts();
      for (const item of items) for (const outcome of outcomes) totals[outcome] += item.counts[outcome];
      const acceptable = totals.ticket + totals.notice + totals.commitment;
      const allWaits = [...entry.waits.values()].flat();
      const hallAverage = mean(allWaits);
      const lines = [...entry.waits.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([line, waits]) => {
          const average = mean(waits);
          return {
            line,
            called: waits.length,
            averageWaitMinutes: round(average),
            tidal:
              average !== null &&
              hallAverage !== null &&
              waits.length >= tidalMinimum &&
              average > hallAverage * tidalFactor,
          };
        });
      const byLevel = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<1 | 2 | 3 | 4 | 5, number>;
      for (const rating of entry.ratings) byLevel[rating as 1 | 2 | 3 | 4 | 5] += 1;
      return {
        period,
        prereviews: items.reduce((sum, item) => sum + item.total, 0),
        items,
        oneVisitShare: acceptable === 0 ? null : round((totals.ticket + totals.commitment) / acceptable, 4),
        hallAverageWaitMinutes: round(hallAverage),
        lines,
        ratings: {
          count: entry.ratings.length,
          average: round(mean(entry.ratings)),
          low: byLevel[1] + byLevel[2],
          byLevel,
        },
        tickets: entry.tickets,
        vouchers: entry.vouchers,
      };
    });
}

/** The figures as CSV (one row per period and item), for the hall's own spreadsheets. */
export function figuresCsv(figures: readonly PeriodFigures[]): string {
  const rows = [
    [
      'period',
      'item',
      'prereviews',
      'ticket',
      'notice',
      'commitment',
      'not_accepted',
      'one_visit_share',
      'hall_average_wait_min',
    ],
  ];
  for (const period of figures) {
    for (const item of period.items) {
      rows.push([
        period.period,
        item.itemCode,
        String(item.total),
        String(item.counts.ticket),
        String(item.counts.notice),
        String(item.counts.commitment),
        String(item.counts['not-accepted']),
        period.oneVisitShare === null ? '' : String(period.oneVisitShare),
        period.hallAverageWaitMinutes === null ? '' : String(period.hallAverageWaitMinutes),
      ]);
    }
  }
  // A leading = + - @ would be read as a formula by a spreadsheet: quote it as text.
  const cell = (raw: string) => {
    const value = /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
    return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  };
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
