// What every section of the technician's screen is given.
import type { MaintOverview } from '../../../common/maintenance.ts';
import type { Result } from '../../../common/result.ts';

/** Runs a request; a failure is shown once for the whole screen (or ends the session) and yields null. */
export type Invoke = <T>(call: () => Promise<Result<T>>) => Promise<T | null>;

export interface SectionProps {
  overview: MaintOverview;
  token: string;
  call: Invoke;
  /** Ask for a fresh overview after an action changed something. */
  onDone: () => Promise<void> | void;
}
