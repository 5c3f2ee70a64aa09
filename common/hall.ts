// What the citizen screens see of the hall (opening hours per business line, holidays, notices)
// and of the 好差评 evaluation. Pure types and constants: no Node, no DOM.
import type { Localized } from './citizen.ts';

export interface LineHoursView {
  prefix: string;
  name: Localized;
  /** Today's opening spans in the hall's time zone, e.g. ["08:30-12:00", "13:30-17:30"]; empty when closed all day. */
  today: string[];
  /** Live queue numbers are issued now (false: a next-day voucher instead). */
  openNow: boolean;
  nextOpening: { day: string; from: string } | null;
}

export interface HallNoticeView {
  id: string;
  level: 'info' | 'warning';
  text: Localized;
}

export interface HallStatusView {
  /** When this was computed (ISO). */
  at: string;
  /** The hall's IANA time zone (e.g. Asia/Shanghai): screens show clock times in it, as the paper does. */
  timeZone: string;
  /** Today in the hall's time zone, YYYY-MM-DD. */
  today: string;
  /** Some business line issues live numbers now. */
  openNow: boolean;
  /** Today is one of the hall's closed dates (public holiday). */
  holiday: boolean;
  /** The earliest next opening of any line, when none is open now. */
  nextOpening: { day: string; from: string } | null;
  lines: LineHoursView[];
  notices: HallNoticeView[];
}

/** The five levels of the national 好差评 scheme, 5 = 非常满意 … 1 = 非常不满意. */
export const evaluationLevels = [5, 4, 3, 2, 1] as const;
export type EvaluationLevel = (typeof evaluationLevels)[number];

/** Why a person rated the service 1 or 2: asked for those levels only. */
export const evaluationReasons = [
  'too-slow',
  'hard-to-use',
  'unclear-requirements',
  'device-fault',
  'not-resolved',
  'other',
] as const;
export type EvaluationReason = (typeof evaluationReasons)[number];

/** The two lowest levels need at least one reason. */
export function evaluationNeedsReason(level: number): boolean {
  return level <= 2;
}
