// The kiosk's health as the attract screen, the maintenance screen and the central system see it.

export type DeviceId = 'idcard' | 'printer';

/** ok: ready; warning: works but needs attention soon (paper near end); fault: cannot serve;
 *  connecting: being opened or reconnecting; disabled: not configured on this kiosk. */
export type HealthLevel = 'ok' | 'warning' | 'fault' | 'connecting' | 'disabled';

export interface DeviceHealth {
  id: DeviceId;
  level: HealthLevel;
  /** i18n key of the plain sentence for the state, e.g. `health.printer.paperOut`. */
  key: string;
  /** Technical detail for maintenance staff (English), e.g. "Port /dev/ttyUSB0 does not exist". */
  detail?: string;
  port?: string;
  baudRate?: number;
  emulated: boolean;
}

export interface StoreHealth {
  level: HealthLevel;
  key: string;
  sizeBytes: number;
  journalMode: string;
  detail?: string;
}

export interface SyncHealth {
  level: HealthLevel;
  /** health.sync.*: notConfigured, connecting, ok, offline, backlog, rejected, documentRefused… */
  key: string;
  /** Records waiting in the outbox. */
  backlog: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** When the oldest waiting record was written (how far behind the central system is). */
  oldestPendingAt?: string | null;
}

export interface HealthSnapshot {
  /** ISO time the snapshot was taken; a new snapshot is published on every change and every few seconds. */
  at: string;
  sequence: number;
  overall: HealthLevel;
  devices: DeviceHealth[];
  store: StoreHealth;
  sync: SyncHealth;
}

const rank: Record<HealthLevel, number> = { ok: 0, disabled: 0, warning: 1, connecting: 2, fault: 3 };

/** The worst level among the parts: the attract screen shows it in one word. */
export function overallLevel(levels: readonly HealthLevel[]): HealthLevel {
  return levels.reduce<HealthLevel>((worst, level) => (rank[level] > rank[worst] ? level : worst), 'ok');
}
