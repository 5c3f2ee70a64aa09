// Pacing of the sender: exponential back-off with full jitter, and a circuit breaker that stops
// hammering a central system that keeps failing. Both run on the monotonic clock, so a jump of the
// wall clock neither stalls nor floods the sender.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** "Full jitter": uniformly random in [0, min(cap, base·2^attempt)), so kiosks that lost the server
 *  together do not come back together. `attempt` counts from 0. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** The wait before the next attempt after `failures` (≥ 1) consecutive failures.
 *  - The server said when (Retry-After): that wait, plus up to one base of jitter on top. Not the
 *    larger of the two: kiosks answered 429 together and told "1 s" would all come back in the
 *    same instant and be answered 429 again. Not growing with the failures either: the server
 *    knows its load and sets the wait; a kiosk that grew its own would sit out a drained queue.
 *  - Otherwise (no answer, or an error): full jitter under a ceiling that doubles per failure. */
export function retryDelay(
  failures: number,
  policy: BackoffPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs + backoffDelay(0, policy, random);
  return backoffDelay(Math.max(0, failures - 1), policy, random);
}

/** How long after start a kiosk waits before its first cycle: uniformly random in [0, spreadMs).
 *  A hall's kiosks are powered on by one timer, and a city's come back together after a power cut;
 *  pushed in the same second, their first requests all queue for the central's accept and CPU
 *  (bench/central-scale `--herd`: p99 of a push in that second is seconds). */
export function startDelay(spreadMs: number, random: () => number = Math.random): number {
  return spreadMs > 0 ? Math.floor(random() * spreadMs) : 0;
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitPolicy {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** First open period; doubles (with jitter) on each failed probe, up to maxOpenMs. */
  openMs: number;
  maxOpenMs: number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private openFor = 0;
  private trips = 0;
  private probing = false;

  constructor(
    private readonly policy: CircuitPolicy,
    private readonly clock: () => number = () => performance.now(),
    private readonly random: () => number = Math.random,
  ) {}

  state(): CircuitState {
    if (this.openFor === 0) return 'closed';
    return this.clock() - this.openedAt >= this.openFor ? 'half-open' : 'open';
  }

  /** Whether a request may go now. In half-open, exactly one probe goes until it reports back. */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  msUntilProbe(): number {
    if (this.state() !== 'open') return 0;
    return Math.max(0, this.openFor - (this.clock() - this.openedAt));
  }

  consecutiveFailures(): number {
    return this.failures;
  }

  onSuccess(): void {
    this.failures = 0;
    this.trips = 0;
    this.openFor = 0;
    this.probing = false;
  }

  onFailure(): void {
    this.failures += 1;
    const wasProbe = this.probing;
    this.probing = false;
    if (wasProbe || this.failures >= this.policy.failureThreshold) {
      const ceiling = Math.min(this.policy.maxOpenMs, this.policy.openMs * 2 ** Math.min(this.trips, 20));
      // Half to full of the ceiling: never shorter than half, never synchronised across kiosks.
      this.openFor = Math.max(1, Math.floor(ceiling / 2 + (this.random() * ceiling) / 2));
      this.openedAt = this.clock();
      this.trips += 1;
    }
  }

  /** Forget the open period (an operator pressed "sync now"). */
  reset(): void {
    this.openFor = 0;
    this.probing = false;
  }
}
