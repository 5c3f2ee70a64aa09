// A kiosk screen that dies or hangs is reloaded; one that keeps dying means something deeper is
// wrong, and the whole app is relaunched (the OS service restarts main itself if it dies).

export interface RecoveryPolicy {
  /** Failures within this window count together. */
  windowMs: number;
  /** More failures than this within the window → relaunch instead of reload. */
  maxReloads: number;
}

export const defaultRecoveryPolicy: RecoveryPolicy = { windowMs: 60_000, maxReloads: 3 };

export class CrashRecovery {
  private failures: number[] = [];

  constructor(
    private readonly policy: RecoveryPolicy = defaultRecoveryPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a failure and says what to do about it. */
  next(): 'reload' | 'relaunch' {
    const at = this.now();
    this.failures = this.failures.filter((time) => at - time < this.policy.windowMs);
    this.failures.push(at);
    return this.failures.length > this.policy.maxReloads ? 'relaunch' : 'reload';
  }
}
