import {
  overallLevel,
  type DeviceHealth,
  type HealthSnapshot,
  type StoreHealth,
  type SyncHealth,
} from '../../common/health.ts';
import type { Logger } from '../../common/log.ts';
import type { EventBus } from './event-bus.ts';

/** Anything whose health the kiosk reports: a device, the store, the sync link. */
export interface HealthSource<T> {
  read(): T;
  /** Calls back when the source knows its health changed (the service also re-reads on a timer). */
  onChange?(listener: () => void): () => void;
}

export interface HealthServiceOptions {
  devices: Array<HealthSource<DeviceHealth>>;
  store: HealthSource<StoreHealth>;
  sync: HealthSource<SyncHealth>;
  bus: EventBus;
  logger: Logger;
  /** Publish at least this often so screens can tell a live kiosk from a stuck one. */
  intervalMs: number;
  now?: () => Date;
}

/** Collects the health of every part into one snapshot, publishes it on `system:health` when any
 *  part changes and on a heartbeat, and logs each change of level once. */
export class HealthService {
  private sequence = 0;
  private last: HealthSnapshot;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribers: Array<() => void> = [];
  private readonly levels = new Map<string, string>();

  constructor(private readonly options: HealthServiceOptions) {
    this.last = this.collect();
  }

  start(): void {
    for (const source of [...this.options.devices, this.options.store, this.options.sync]) {
      const unsubscribe = source.onChange?.(() => this.publish());
      if (unsubscribe) this.unsubscribers.push(unsubscribe);
    }
    this.timer = setInterval(() => this.publish(), this.options.intervalMs);
    this.timer.unref();
    this.publish();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  snapshot(): HealthSnapshot {
    return this.last;
  }

  /** Re-reads every part and publishes the result. */
  publish(): HealthSnapshot {
    this.last = this.collect();
    this.options.bus.emit('system:health', this.last);
    return this.last;
  }

  private collect(): HealthSnapshot {
    const devices = this.options.devices.map((source) => source.read());
    const store = this.options.store.read();
    const sync = this.options.sync.read();
    for (const device of devices) this.noteLevel(`device.${device.id}`, device.level, device.detail);
    this.noteLevel('store', store.level, store.detail);
    this.noteLevel('sync', sync.level, sync.lastError ?? undefined);
    this.sequence += 1;
    return {
      at: (this.options.now?.() ?? new Date()).toISOString(),
      sequence: this.sequence,
      overall: overallLevel([...devices.map((device) => device.level), store.level, sync.level]),
      devices,
      store,
      sync,
    };
  }

  private noteLevel(component: string, level: string, detail: string | undefined): void {
    if (this.levels.get(component) === level) return;
    const first = !this.levels.has(component);
    this.levels.set(component, level);
    if (!first || level !== 'ok')
      this.options.logger.info('health.changed', { part: component, state: level, detail });
  }
}
