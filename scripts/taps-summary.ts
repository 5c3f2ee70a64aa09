// The tap table's figures, shared by the e2e walk (test/e2e/taps.spec.ts) and the script that puts
// the table in the README (scripts/taps-table.ts).

export interface TapRow {
  code: string;
  name: string;
  /** Taps from the card on the reader (or the first no-card tap) to the paper. */
  taps: number;
  /** Characters typed on the way (keypad or input method). */
  typed: number;
  outcome: string;
  ticket: boolean;
  path: string;
}

export interface TapSummary {
  items: number;
  medianTaps: number;
  medianTyped: number;
  worstTaps: { code: string; taps: number };
  worstTyped: { code: string; typed: number };
  /** Items that need nothing typed, and the most taps one of them takes. */
  untyped: number;
  worstUntypedTaps: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarise(rows: readonly TapRow[]): TapSummary {
  const byTaps = [...rows].sort((a, b) => b.taps - a.taps)[0]!;
  const byTyped = [...rows].sort((a, b) => b.typed - a.typed)[0]!;
  const untyped = rows.filter((row) => row.typed === 0);
  return {
    items: rows.length,
    medianTaps: median(rows.map((row) => row.taps)),
    medianTyped: median(rows.map((row) => row.typed)),
    worstTaps: { code: byTaps.code, taps: byTaps.taps },
    worstTyped: { code: byTyped.code, typed: byTyped.typed },
    untyped: untyped.length,
    worstUntypedTaps: Math.max(0, ...untyped.map((row) => row.taps)),
  };
}

/** The README's table: one row per item, then the median and the worst. */
export function tapTable(rows: readonly TapRow[], measuredAt: string): string {
  const summary = summarise(rows);
  const outcome = (row: TapRow) => (row.ticket ? `${row.outcome}, ticket` : row.outcome);
  const lines = [
    `Measured ${measuredAt.slice(0, 10)} by \`test/e2e/taps.spec.ts\` (every catalog item, shortest path, real kiosk and Chromium).`,
    '',
    '| Item | Taps | Typed characters | Ends in | Path |',
    '| --- | ---: | ---: | --- | --- |',
    ...rows.map(
      (row) => `| ${row.code} ${row.name} | ${row.taps} | ${row.typed} | ${outcome(row)} | ${row.path} |`,
    ),
    `| **Median** | **${summary.medianTaps}** | **${summary.medianTyped}** | | |`,
    `| **Worst** | **${summary.worstTaps.taps}** (${summary.worstTaps.code}) | **${summary.worstTyped.typed}** (${summary.worstTyped.code}) | | |`,
    '',
    `Items needing nothing typed: ${summary.untyped}, at most ${summary.worstUntypedTaps} taps each (budget: 6).`,
  ];
  return lines.join('\n');
}
