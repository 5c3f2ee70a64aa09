// A kiosk never lets a person work through a flow whose paper it cannot print. When a required
// device is at fault, a session still choosing, filling in or ticking materials is ended (the
// screen then shows "out of service, please use the window"); a card read while the kiosk is out
// of service ends at once. A short grace lets a printer that is merely reconnecting come back
// without throwing anyone out. Sessions already at their outcome are left alone: the person is
// reading what happened to their paper.
import type { DeviceId, HealthSnapshot } from '../../common/health.ts';
import type { SessionStage } from '../../common/session.ts';
import type { Logger } from '../../common/log.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { SessionService } from '../services/session.ts';

const interruptible: readonly SessionStage[] = ['identified', 'applicant', 'form', 'materials'];

export interface ServiceGateOptions {
  bus: EventBus;
  session: SessionService;
  snapshot: () => HealthSnapshot;
  required: readonly DeviceId[];
  graceMs: number;
  logger: Logger;
  monotonic?: () => number;
}

export class ServiceGate {
  private downSince: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribers: Array<() => void> = [];
  private readonly monotonic: () => number;

  constructor(private readonly options: ServiceGateOptions) {
    this.monotonic = options.monotonic ?? (() => performance.now());
  }

  start(): void {
    this.unsubscribers.push(
      this.options.bus.on('system:health', (snapshot) => this.check(snapshot)),
      this.options.bus.on('session:changed', () => this.check(this.options.snapshot())),
    );
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }

  /** The required devices at fault now, by id. */
  downDevices(snapshot: HealthSnapshot): DeviceId[] {
    return snapshot.devices
      .filter((device) => this.options.required.includes(device.id) && device.level === 'fault')
      .map((device) => device.id);
  }

  check(snapshot: HealthSnapshot): void {
    const down = this.downDevices(snapshot);
    if (down.length === 0) {
      this.downSince = null;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    this.downSince ??= this.monotonic();
    const view = this.options.session.current();
    if (!view.id || !interruptible.includes(view.stage)) return;
    const left = this.downSince + this.options.graceMs - this.monotonic();
    if (left <= 0) {
      // Not inside the event that brought us here: every listener must see the new session before
      // its end, or a screen would be left showing a session main has already closed.
      const sessionId = view.id;
      queueMicrotask(() => {
        const now = this.options.session.current();
        if (now.id !== sessionId || !interruptible.includes(now.stage)) return;
        this.options.logger.warn('session.ended-out-of-service', { devices: down, stage: now.stage });
        this.options.session.end('error');
      });
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.check(this.options.snapshot());
      }, left);
      this.timer.unref();
    }
  }
}
