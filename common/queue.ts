// Queue numbers, night vouchers and the staff desk as the screens see them. Pure types: no Node,
// no DOM. The services in main/queue and main/staff produce these.
export type LaneId = 'ordinary' | 'elderly' | 'disabled' | 'pregnant' | 'military' | 'appointment';
export const laneIds: readonly LaneId[] = [
  'ordinary',
  'elderly',
  'disabled',
  'pregnant',
  'military',
  'appointment',
];

export type TicketSource = 'citizen' | 'staff';
export type TicketStatus = 'waiting' | 'served' | 'voided' | 'expired';
/** pending: committed, nothing sent yet · printing: committed before the first byte went out ·
 *  printed: the original is on paper · failed: the last attempt did not finish (reprint needed) ·
 *  reprinted: a copy marked 补打 is on paper. */
export type PrintState = 'pending' | 'printing' | 'printed' | 'failed' | 'reprinted';

export interface LocalText {
  'zh-CN': string;
  en: string;
}

export interface LineView {
  id: string;
  prefix: string;
  name: LocalText;
  lanes: Array<{ id: LaneId; name: LocalText }>;
  /** Whether a live number is issued now (false: a next-day appointment voucher instead). */
  openNow: boolean;
  waiting: number;
  /** Estimate for someone joining the ordinary lane now; never a promise. */
  estimatedWaitMinutes: number;
  remainingToday: number;
}

export interface TicketView {
  id: number;
  kind: 'ticket' | 'voucher';
  /** As called: "A3-017"; for a voucher its reference, e.g. "N0607-A3-012". */
  number: string;
  lineId: string;
  lineName: LocalText;
  lane: LaneId;
  laneName: LocalText;
  businessDay: string;
  issuedAt: string;
  source: TicketSource;
  status: TicketStatus;
  printState: PrintState;
  printAttempts: number;
  peopleAhead: number;
  estimatedWaitMinutes: number;
  /** Tickets: what the paper said at issue. basis 'hall' = the hall-wide figure from central;
   *  'offline' | 'stale' | 'lane' = this kiosk's own count, printed as an estimate; null = no
   *  central system configured. */
  printedPeopleAhead?: { count: number; basis: 'hall' | 'offline' | 'stale' | 'lane' | null };
  prereviewRef: string | null;
  /** Vouchers: the day and time to come ("2025-06-07", "08:30"). */
  appointment: { day: string; from: string } | null;
  voidReason: string | null;
}

export interface ComeBackAt {
  day: string;
  from: string;
}

export type IssueOutcome =
  | { outcome: 'issued'; ticket: TicketView }
  | { outcome: 'voucher'; ticket: TicketView }
  /** This person already holds an open ticket in this line today: offer a reprint instead. */
  | { outcome: 'already-open'; ticket: TicketView }
  /** Today's numbers for this line are gone. */
  | { outcome: 'sold-out'; lineId: string; comeBackAt: ComeBackAt | null };

export interface PrintResultView {
  ticket: TicketView;
  printed: boolean;
  /** i18n key of the sentence when not printed. */
  failureKey?: string;
}

export interface LineCountsView {
  lineId: string;
  prefix: string;
  name: LocalText;
  issued: number;
  served: number;
  waiting: number;
  /** Voided tickets and voided vouchers (both issued on this business day). */
  voided: number;
  /** Next-day vouchers issued on this business day (at night), whatever day they are for; voided ones included. */
  vouchers: number;
  /** Of those, the ones voided. */
  vouchersVoided: number;
  cap: number;
}

export interface QueueCountsView {
  businessDay: string;
  lines: LineCountsView[];
  /** Tickets whose printing did not finish: the desk offers a reprint. */
  unprinted: number;
}

/** A slip the citizen flow printed, kept for the desk to reprint: nothing personal in this view. */
export interface ArchivedPaperView {
  id: number;
  kind: 'notice' | 'not-accepted' | 'commitment' | 'blank-form';
  /** The case reference printed on it. */
  reference: string | null;
  createdAt: string;
  /** 'failed': the print did not finish (paper out mid-slip): the person is waiting for this copy. */
  printState: 'printing' | 'printed' | 'failed';
  /** Copies printed from the desk so far. */
  reprints: number;
  /** Copies the desk may still print. */
  reprintsLeft: number;
}

export interface PaperReprintResult {
  paper: ArchivedPaperView;
  printed: boolean;
  failureKey?: string;
}

export interface StaffSessionView {
  token: string;
  staffId: string;
  /** Epoch ms at which the desk logs out unless used again. */
  expiresAt: number;
}

export interface StaffDeskState {
  locked: boolean;
  /** Epoch ms when a locked desk opens again. */
  lockedUntil: number | null;
  failuresLeft: number;
}
