// The hall-wide queue: every ticket any kiosk of the hall issued today, less the numbers the
// calling system has called or given up on. Kiosks number independently (A3-017: line A, kiosk 3),
// so only central can say how many people really wait on a line.
import { str, num, type CallEvent, type FleetRecord } from './model.ts';

export interface WaitingTicket {
  number: string;
  line: string;
  lanePriority: number;
  issuedAt: string;
  kioskId: string;
}

export interface LineState {
  line: string;
  waiting: number;
  /** The waiting tickets by lane priority, highest first (a priority lane is called first). */
  waitingByPriority: Array<{ priority: number; waiting: number }>;
  called: number;
  served: number;
  noShow: number;
  /** The number a window called last on this line, if any. */
  lastCalled: string | null;
}

export interface HallQueueState {
  hallId: string;
  businessDay: string;
  lines: LineState[];
  /** Waiting tickets in calling order: lane priority first, then issue time (never the digits). */
  waiting: WaitingTicket[];
}

/** Tickets issued on a business day that are still live (not voided): vouchers for another day and
 *  tickets of other days do not wait in today's queue. */
export function issuedTickets(records: readonly FleetRecord[], businessDay: string): WaitingTicket[] {
  const live = new Map<string, WaitingTicket>();
  for (const record of records) {
    if (record.type !== 'ticket') continue;
    const p = record.payload;
    const number = str(p.number);
    if (!number || str(p.businessDay) !== businessDay) continue;
    if (p.action === 'issued' && p.kind !== 'voucher') {
      live.set(number, {
        number,
        line: str(p.line) ?? number.slice(0, 1),
        lanePriority: num(p.lanePriority) ?? 0,
        issuedAt: str(p.issuedAt) ?? record.occurredAt,
        kioskId: record.kioskId,
      });
    } else if (p.action === 'voided') live.delete(number);
  }
  return [...live.values()];
}

export function hallQueueState(
  hallId: string,
  businessDay: string,
  records: readonly FleetRecord[],
  calls: readonly CallEvent[],
): HallQueueState {
  const tickets = issuedTickets(
    records.filter((record) => record.hallId === hallId),
    businessDay,
  );
  const lines = new Map<string, LineState>();
  const lineOf = (line: string): LineState => {
    let state = lines.get(line);
    if (!state) {
      state = { line, waiting: 0, waitingByPriority: [], called: 0, served: 0, noShow: 0, lastCalled: null };
      lines.set(line, state);
    }
    return state;
  };
  const gone = new Set<string>();
  const ordered = calls
    .filter((call) => call.hallId === hallId && call.businessDay === businessDay)
    .sort((a, b) => a.at.localeCompare(b.at));
  for (const call of ordered) {
    const state = lineOf(call.line);
    if (call.action === 'called') {
      state.called += 1;
      state.lastCalled = call.number;
    } else if (call.action === 'served') state.served += 1;
    else state.noShow += 1;
    gone.add(call.number);
  }
  const waiting = tickets
    .filter((ticket) => !gone.has(ticket.number))
    .sort((a, b) => b.lanePriority - a.lanePriority || a.issuedAt.localeCompare(b.issuedAt));
  for (const ticket of tickets) lineOf(ticket.line);
  for (const ticket of waiting) {
    const state = lineOf(ticket.line);
    state.waiting += 1;
    // `waiting` is in calling order, so priorities arrive highest first.
    const last = state.waitingByPriority.at(-1);
    if (last?.priority === ticket.lanePriority) last.waiting += 1;
    else state.waitingByPriority.push({ priority: ticket.lanePriority, waiting: 1 });
  }
  return {
    hallId,
    businessDay,
    lines: [...lines.values()].sort((a, b) => a.line.localeCompare(b.line)),
    waiting,
  };
}

/** The next number a window on `line` should call, in calling order. */
export function nextToCall(state: HallQueueState, line: string): WaitingTicket | null {
  return state.waiting.find((ticket) => ticket.line === line) ?? null;
}

/** The hall's current business day: the latest one its kiosks issued tickets for. A kiosk turns the
 *  day at the hall's reset hour (hall.json dailyResetAt, e.g. 03:00), which central is not told, so
 *  the calendar date would count none of the tickets issued between midnight and that hour. With no
 *  recent ticket, the hall's calendar date (`fallback`). */
export function currentBusinessDay(recentTickets: readonly FleetRecord[], fallback: string): string {
  let latest: { day: string; at: string } | null = null;
  for (const record of recentTickets) {
    const day = str(record.payload.businessDay);
    if (record.type !== 'ticket' || !day) continue;
    if (!latest || record.occurredAt > latest.at) latest = { day, at: record.occurredAt };
  }
  return latest?.day ?? fallback;
}

/** The business day a call belongs to: that of the latest ticket issued with its number (a window
 *  calls a number some kiosk issued); the hall's calendar date when none is known. */
export function businessDayOfCall(
  recentTickets: readonly FleetRecord[],
  number: string,
  fallback: string,
): string {
  let latest: { day: string; at: string } | null = null;
  for (const record of recentTickets) {
    const day = str(record.payload.businessDay);
    if (record.type !== 'ticket' || !day || str(record.payload.number) !== number) continue;
    if (!latest || record.occurredAt > latest.at) latest = { day, at: record.occurredAt };
  }
  return latest?.day ?? fallback;
}
