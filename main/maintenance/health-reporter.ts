// Health to the central system: a 'device-health' record in the outbox on each change of level
// (a device, the store, sync, paper near end), so the hall sees a kiosk in trouble before a citizen
// does. Rate-limited: a flapping cable produces one record per interval carrying the latest state,
// not hundreds. Timed on the monotonic clock, so a wall-clock jump neither floods nor silences it.
import type { HealthSnapshot } from '../../common/health.ts';
import type { DiskView } from '../../common/maintenance.ts';
import type { Logger } from '../../common/log.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { OutboxEvent } from '../sync/outbox.ts';

export interface HealthReporterOptions {
  bus: EventBus;
  /** Writes the record to the outbox (throws when the store cannot take it). */
  enqueue: (event: OutboxEvent) => void;
  kioskId: string;
  version: string;
  minIntervalMs: number;
  disk: () => DiskView;
  logger: Logger;
  /** Monotonic milliseconds; default performance.now. */
  monotonic?: () => number;
  now?: () => Date;
}

export interface HealthRecord extends Record<string, unknown> {
  kioskId: string;
  version: string;
  at: string;
  overall: string;
  devices: Array<{ id: string; level: string; key: string; detail?: string }>;
  paperNearEnd: boolean;
  store: { level: string; key: string; sizeBytes: number };
  sync: {
    level: string;
    key: string;
    backlog: number;
    lastSuccessAt: string | null;
    lastError: string | null;
  };
  disk: { freeBytes: number; level: string };
}

/** What a change of level is measured on: levels and sentences, not counters or timestamps. */
export function healthSignature(snapshot: HealthSnapshot): string {
  return JSON.stringify([
    snapshot.overall,
    snapshot.devices.map((device) => [device.id, device.level, device.key]),
    [snapshot.store.level, snapshot.store.key],
    [snapshot.sync.level, snapshot.sync.key],
  ]);
}

export class HealthReporter {
  private lastSentSignature: string | null = null;
  private lastSentAt = -Infinity;
  private pending: HealthSnapshot | null = null;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private sent = 0;
  private readonly monotonic: () => number;

  constructor(private readonly options: HealthReporterOptions) {
    this.monotonic = options.monotonic ?? (() => performance.now());
  }

  start(): void {
    this.unsubscribe = this.options.bus.on('system:health', (snapshot) => this.observe(snapshot));
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Records written so far (for tests and the maintenance screen). */
  get recordsSent(): number {
    return this.sent;
  }

  observe(snapshot: HealthSnapshot): void {
    if (healthSignature(snapshot) === this.lastSentSignature) {
      // Back to what the centre already knows: nothing to send.
      this.pending = null;
      return;
    }
    this.pending = snapshot;
    const wait = this.lastSentAt + this.options.minIntervalMs - this.monotonic();
    if (wait <= 0) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait);
      this.timer.unref();
    }
  }

  private flush(): void {
    const snapshot = this.pending;
    if (!snapshot) return;
    const record = this.record(snapshot);
    try {
      this.options.enqueue({ type: 'device-health', payload: record });
    } catch (error) {
      // The store cannot take it now (disk full, locked): keep it pending for the next change.
      this.options.logger.warn('health.record-not-queued', { error });
      return;
    }
    this.pending = null;
    this.sent += 1;
    this.lastSentAt = this.monotonic();
    this.lastSentSignature = healthSignature(snapshot);
  }

  record(snapshot: HealthSnapshot): HealthRecord {
    const printer = snapshot.devices.find((device) => device.id === 'printer');
    const disk = this.options.disk();
    return {
      kioskId: this.options.kioskId,
      version: this.options.version,
      at: (this.options.now?.() ?? new Date()).toISOString(),
      overall: snapshot.overall,
      devices: snapshot.devices.map((device) => ({
        id: device.id,
        level: device.level,
        key: device.key,
        ...(device.detail ? { detail: device.detail.slice(0, 200) } : {}),
      })),
      paperNearEnd: printer?.key === 'health.printer.paperNearEnd',
      store: { level: snapshot.store.level, key: snapshot.store.key, sizeBytes: snapshot.store.sizeBytes },
      sync: {
        level: snapshot.sync.level,
        key: snapshot.sync.key,
        backlog: snapshot.sync.backlog,
        lastSuccessAt: snapshot.sync.lastSuccessAt,
        lastError: snapshot.sync.lastError?.slice(0, 200) ?? null,
      },
      disk: { freeBytes: disk.freeBytes, level: disk.level },
    };
  }
}
