// The retention purge on its own clock (issue #14, finding 6). It used to run only as part of a
// successful sync, so a kiosk with no central system, or one that never reaches it, kept every
// person's data for ever. Now it runs every `intervalMs` whatever the network does:
//   - with a central system: personal fields go `retentionDays` after the central acknowledged them;
//   - without one: `retentionDays` after the case happened (nobody will ever acknowledge it).
import type { Logger } from '../../common/log.ts';
import type { Outbox } from './outbox.ts';

export interface PurgeSchedulerOptions {
  outbox: Outbox;
  retentionDays: number;
  centralConfigured: boolean;
  intervalMs: number;
  logger: Logger;
}

export class PurgeScheduler {
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;

  constructor(private readonly options: PurgeSchedulerOptions) {}

  start(): void {
    // Soon after start-up too: a kiosk that is switched off every night must still purge.
    this.first = setTimeout(() => this.runNow(), Math.min(5_000, this.options.intervalMs));
    this.first.unref?.();
    this.timer = setInterval(() => this.runNow(), this.options.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  /** One pass; returns the count of records whose personal fields were erased. */
  runNow(): number {
    try {
      const purged = this.options.outbox.purgePersonal(this.options.retentionDays, {
        since: this.options.centralConfigured ? 'acked' : 'occurred',
      });
      if (purged > 0) this.options.logger.info('purge.personal-data-purged', { records: purged });
      return purged;
    } catch (error) {
      // A locked or full database: the next pass tries again; the kiosk keeps serving.
      this.options.logger.warn('purge.failed', { error });
      return 0;
    }
  }
}
