// The maintenance screen's view of the kiosk (its requests are in contract/maintenance.ts). Pure
// types: no Node, no DOM. main/maintenance produces these.
import type { DeviceHealth, DeviceId, HealthLevel, SyncHealth } from './health.ts';

export interface MaintSessionView {
  token: string;
  accountId: string;
  /** Epoch ms at which the session ends unless used again. */
  expiresAt: number;
}

export interface MaintLoginState {
  locked: boolean;
  lockedUntil: number | null;
  failuresLeft: number;
}

export interface MaintDeviceView {
  health: DeviceHealth;
  /** Where the device is looked for: a path or "USB device 1a86:7523". */
  configuredPort: string;
  /** The same, as the port form edits it: a fixed path, or a USB adapter's ids (which survive the
   *  adapter coming back as another /dev/ttyUSBn after a replug). */
  configuredLocator: { path?: string; usb?: { vendorId: string; productId: string; serialNumber?: string } };
  /** The path opened now, when open. */
  openPath: string | null;
  baudRate: number;
  /** Serial port state: stopped, opening, open, backoff. */
  portState: string;
  /** Last thing that went wrong, in English for a technician (the plain sentence is `health.key`). */
  lastError: string | null;
  /** Reader: SAM id and status once read; printer: paper and cover, once read. */
  facts: Record<string, string>;
}

export interface DiskView {
  path: string;
  freeBytes: number;
  totalBytes: number;
  level: HealthLevel;
}

export interface SelfTestCheck {
  id: 'idcard' | 'printer' | 'store' | 'disk' | 'catalog' | 'sync' | 'clock';
  level: HealthLevel;
  /** i18n key of the plain sentence (maint.check.*, health.*). */
  key: string;
  /** Technical detail in English. */
  detail: string;
  required: boolean;
}

export interface SelfTestReport {
  at: string;
  /** startup, demand (a technician pressed the button) or schedule. */
  trigger: 'startup' | 'demand' | 'schedule';
  /** Whether the kiosk can serve citizens: every required check is not at fault. */
  serviceable: boolean;
  level: HealthLevel;
  checks: SelfTestCheck[];
  durationMs: number;
}

/** What the attract screen's corner shows staff: the last self-test in a few words. */
export interface SelfTestSummary {
  at: string;
  level: HealthLevel;
  serviceable: boolean;
  /** Ids of the checks that did not pass. */
  failed: string[];
}

export interface MaintOverview {
  kioskId: string;
  version: string;
  hardware: 'emulated' | 'real';
  devices: MaintDeviceView[];
  store: {
    file: string;
    sizeBytes: number;
    walBytes: number;
    journalMode: string;
    schemaVersion: number;
    level: HealthLevel;
    key: string;
    lastBackup: string | null;
  };
  sync: SyncHealth & { configured: boolean; oldestPendingAt: string | null };
  disk: DiskView;
  selfTest: SelfTestReport | null;
  uptimeSeconds: number;
}

export interface ByteLogEntry {
  seq: number;
  /** Epoch ms. */
  at: number;
  direction: 'rx' | 'tx';
  /** Bytes as hex pairs; personal content is never kept (see `redacted`). */
  hex: string;
  /** What the bytes mean, in English: a command name, a status, printable text. */
  decoded: string;
  length: number;
  /** True when the content was withheld (card data, printed documents) and only its size is shown. */
  redacted: boolean;
}

export interface ByteLogView {
  device: DeviceId;
  entries: ByteLogEntry[];
  /** Pass as `after` next time to get only newer entries. */
  lastSeq: number;
}

export interface MaintActionResult {
  ok: boolean;
  /** i18n key of the plain sentence. */
  key: string;
  /** English detail for the technician. */
  detail: string;
  facts?: Record<string, string>;
}

export interface PortOption {
  path: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  manufacturer?: string;
  byId?: string;
  /** An emulator's pseudo-terminal on a developer kiosk. */
  emulated: boolean;
  /** Which configured device uses it now, if any. */
  usedBy: DeviceId | null;
}

export interface BundleResult {
  target: 'usb' | 'central';
  /** The file written (USB) or the outbox record's key (central). */
  where: string;
  bytes: number;
  /** Parts the bundle holds: logs, config, health, self-test, byte logs, ports, store. */
  parts: string[];
}

export interface StoreActionResult extends MaintActionResult {
  file?: string;
}

/** A signed document kind as the kiosk holds it (maint:listDocuments). */
export interface DocumentStatusView {
  /** catalog, staff, hall-config, … (the sync protocol's document kinds). */
  kind: string;
  /** The version in force: the document's, or the factory default's; null when there is none. */
  version: string | null;
  /** central: a signed document from the central system; factory: what shipped; none: nothing. */
  source: 'central' | 'factory' | 'none';
  /** When the central document was first applied on this kiosk (ISO); null for the factory default. */
  appliedAt: string | null;
  /** When the central system issued it (ISO). */
  issuedAt: string | null;
  /** Why the last document of this kind could not be put in force, if it could not. */
  problem: string | null;
}

export interface MaintenanceEventMap {
  /** A self-test finished (at start-up, on demand, on schedule). */
  'maint:selfTest': SelfTestSummary;
}
