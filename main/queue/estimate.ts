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
