// What the fleet views read: the records kiosks pushed (as the store holds them) and the events the
// hall's calling system reported. Everything here is derived on demand from those two sources, so a
// central instance holds no state of its own between requests and any instance can answer.

/** A kiosk record, reduced to what the fleet views use. `hallId` is the hall the kiosk is enrolled in. */
export interface FleetRecord {
  kioskId: string;
  hallId: string;
  type: string;
  occurredAt: string;
  payload: Record<string, unknown>;
  /** Decrypted personal fields, only where a follow-up needs them (commitments). */
  personal?: Record<string, unknown> | null;
}

export type CallAction = 'called' | 'served' | 'no-show';

/** One event from a hall's calling system: a window called, served or gave up on a number. */
export interface CallEvent {
  hallId: string;
  businessDay: string;
  number: string;
  line: string;
  action: CallAction;
  window: string;
  at: string;
}

/** A follow-up closed (or materials received) by a person at central, with their note. */
export interface FollowUpClosure {
  followUpId: string;
  closedAt: string;
  closedBy: string;
  note: string;
  /** For a commitment: the promised materials were handed in. */
  received: boolean;
}

/** China has one time zone and no daylight saving: hall dates are UTC+8. */
export const hallOffsetMs = 8 * 3_600_000;

export function hallDate(iso: string): string {
  return new Date(Date.parse(iso) + hallOffsetMs).toISOString().slice(0, 10);
}

/** Monday of the ISO week of a hall date. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - weekday * 86_400_000).toISOString().slice(0, 10);
}

export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
