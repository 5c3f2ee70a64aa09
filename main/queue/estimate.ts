// The waiting-time estimate: people ahead × minutes per person, where minutes per person comes
// from the windows' recent pace when there is enough of it, and from the hall's planning figure
// (counters / defaultServiceMinutes) otherwise. An estimate, printed and shown as one.

export interface ServiceRateInput {
  /** Served-at times (epoch ms) of this line within the look-back window. */
  servedAt: readonly number[];
  now: number;
  windowMinutes: number;
  counters: number;
  defaultServiceMinutes: number;
}

/** Fewer completions than this in the window say too little about the pace. */
export const minimumSamples = 5;

export function minutesPerPerson(input: ServiceRateInput): number {
  const planned = input.defaultServiceMinutes / input.counters;
  const recent = input.servedAt.filter(
    (at) => at <= input.now && at >= input.now - input.windowMinutes * 60_000,
  );
  if (recent.length < minimumSamples) return planned;
  // Pace since the first completion in the window, so a quiet start of day does not drag it down.
  const span = (input.now - Math.min(...recent)) / 60_000;
  const observed = Math.max(span, 1) / recent.length;
  // Bounded so one odd burst cannot promise a wait of nothing or scare people away.
  return Math.min(Math.max(observed, planned / 4), planned * 4);
}

export function estimateWaitMinutes(peopleAhead: number, perPerson: number): number {
  return Math.max(0, Math.round(peopleAhead * perPerson));
}

// ── people ahead: the hall's figure when central's is fresh, this kiosk's own count otherwise ──

/** Where a printed "people ahead" came from. 'hall': every kiosk of the hall and the calling
 *  system, as central last said (fresh). The others are this kiosk's own count, printed as an
 *  estimate, with why: no answer from central yet ('offline'), its last answer too old or of
 *  another business day ('stale'), or a priority lane, which central's per-line count cannot
 *  place ('lane'). */
export type PeopleAheadBasis = 'hall' | 'offline' | 'stale' | 'lane';

/** Central's hall-wide queue as this kiosk last received it (GET /v1/hall/queue). */
export interface HallQueueSnapshot {
  businessDay: string;
  /** Central's own time of the answer (shown, never compared with the kiosk's clock). */
  asOf: string;
  /** Kiosk wall clock (ms) when the answer arrived: the snapshot's age is measured from here. */
  receivedAtMs: number;
  /** This kiosk's tickets issued at or after this instant (ISO) had not reached central when the
   *  snapshot was asked for: they are added from the kiosk's own rows, never counted twice. */
  localPendingFrom: string;
  /** Waiting tickets per line prefix, hall-wide. A line central does not list has nobody waiting. */
  waiting: Readonly<Record<string, number>>;
  /** The same per lane priority, when central counts them (a line it does not list: nobody). */
  waitingByPriority?: Readonly<Record<string, ReadonlyArray<{ priority: number; waiting: number }>>>;
}

export interface PeopleAheadInput {
  snapshot: HallQueueSnapshot | null;
  nowMs: number;
  /** A snapshot older than this is not the hall's figure any more. */
  maxAgeMs: number;
  line: string;
  businessDay: string;
  lanePriority: number;
  /** This kiosk's own count of people ahead (its waiting tickets at or above the lane). */
  localAhead: number;
  /** This kiosk's waiting tickets of `line` issued at or after an instant (ISO), in lanes of at
   *  least `minPriority` (0: any lane). */
  localWaitingSince: (line: string, fromIso: string, minPriority: number) => number;
}

export interface PeopleAheadChoice {
  peopleAhead: number;
  basis: PeopleAheadBasis;
}

/** A snapshot received this far in the kiosk's future means its clock was set back: not trusted. */
const clockSlackMs = 5_000;

export function choosePeopleAhead(input: PeopleAheadInput): PeopleAheadChoice {
  const local = (basis: PeopleAheadBasis): PeopleAheadChoice => ({ peopleAhead: input.localAhead, basis });
  const snapshot = input.snapshot;
  if (!snapshot) return local('offline');
  const age = input.nowMs - snapshot.receivedAtMs;
  if (age > input.maxAgeMs || age < -clockSlackMs || snapshot.businessDay !== input.businessDay)
    return local('stale');
  // A line's whole count is right for the ordinary lane (a priority ticket is called before it
  // anyway). Someone in a priority lane has ahead only those waiting at their priority or higher,
  // which central gives per priority; a central that does not leaves the kiosk's own estimate.
  if (input.lanePriority > 0) {
    if (!snapshot.waitingByPriority) return local('lane');
    const atCentral = (snapshot.waitingByPriority[input.line] ?? [])
      .filter((entry) => entry.priority >= input.lanePriority)
      .reduce((sum, entry) => sum + entry.waiting, 0);
    const notYetSent = input.localWaitingSince(input.line, snapshot.localPendingFrom, input.lanePriority);
    return { peopleAhead: atCentral + notYetSent, basis: 'hall' };
  }
  const atCentral = snapshot.waiting[input.line] ?? 0;
  const notYetSent = input.localWaitingSince(input.line, snapshot.localPendingFrom, 0);
  return { peopleAhead: atCentral + notYetSent, basis: 'hall' };
}

/** Whether a printed figure is this kiosk's own estimate (printed with 「约」 and why). */
export function isEstimateBasis(basis: PeopleAheadBasis | null): boolean {
  return basis !== null && basis !== 'hall';
}
