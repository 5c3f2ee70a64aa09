// The self-test: at start-up, on a technician's demand and on a schedule. Each check asks the part
// itself (the reader's SAM, the printer's status, SQLite's own check, the file system) rather than
// trusting a cached state, and says in one sentence what it found.
import { overallLevel, type HealthLevel, type SyncHealth } from '../../common/health.ts';
import type { SelfTestCheck, SelfTestReport, SelfTestSummary } from '../../common/maintenance.ts';
import { canPrint } from '../../hardware/printer/status.ts';
import type { IdCardDevice } from '../devices/idcard-device.ts';
import type { PrinterDevice } from '../devices/printer-device.ts';
import type { Db } from '../store/database.ts';
import { checkIntegrity, diskSpace, type StorageMonitor } from './store-tools.ts';

export interface SelfTestParts {
  idcard: IdCardDevice | null;
  printer: PrinterDevice | null;
  db: Db;
  storage: StorageMonitor;
  dataDir: string;
  catalogItems: () => number;
  syncHealth: () => SyncHealth;
  now?: () => Date;
  /** How long a device that is still opening is waited for (start-up); default 0. */
  waitForPortsMs?: number;
}

const detailOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

async function checkReader(device: IdCardDevice | null): Promise<SelfTestCheck> {
  const base = { id: 'idcard' as const, required: true };
  if (!device)
    return {
      ...base,
      required: false,
      level: 'disabled',
      key: 'health.idcard.disabled',
      detail: 'Not enabled in the configuration.',
    };
  const status = device.status();
  if (status.portState !== 'open')
    return {
      ...base,
      level: 'fault',
      key: 'health.idcard.unreachable',
      detail: status.lastError ?? `Port ${device.portDescription} is ${status.portState}.`,
    };
  try {
    const sam = await device.reader.readSamStatus();
    if (!sam.ok)
      return { ...base, level: 'fault', key: 'health.idcard.samFault', detail: `SAM: ${sam.description}` };
    return { ...base, level: 'ok', key: 'maint.check.idcardOk', detail: `SAM: ${sam.description}` };
  } catch (error) {
    return { ...base, level: 'fault', key: 'health.idcard.unreachable', detail: detailOf(error) };
  }
}

async function checkPrinter(device: PrinterDevice | null): Promise<SelfTestCheck> {
  const base = { id: 'printer' as const, required: true };
  if (!device)
    return {
      ...base,
      required: false,
      level: 'disabled',
      key: 'health.printer.disabled',
      detail: 'Not enabled in the configuration.',
    };
  try {
    const status = await device.printer.queryStatus();
    const verdict = canPrint(status);
    if (!verdict.ok) {
      const health = device.read();
      return { ...base, level: 'fault', key: health.key, detail: verdict.reason.message };
    }
    if (status.paperNearEnd)
      return { ...base, level: 'warning', key: 'health.printer.paperNearEnd', detail: 'Paper near end.' };
    return {
      ...base,
      level: 'ok',
      key: 'maint.check.printerOk',
      detail: 'Online, paper present, cover closed.',
    };
  } catch (error) {
    return { ...base, level: 'fault', key: 'health.printer.unreachable', detail: detailOf(error) };
  }
}

function checkStore(db: Db, storage: StorageMonitor): SelfTestCheck {
  const base = { id: 'store' as const, required: true };
  const integrity = checkIntegrity(db, false);
  if (!integrity.ok)
    return {
      ...base,
      level: 'fault',
      key: 'maint.check.storeDamaged',
      detail: integrity.messages.join('; '),
    };
  const problem = storage.current();
  if (problem)
    return {
      ...base,
      level: 'fault',
      key: `maint.storage.${problem.problem}`,
      detail: `Last write failed at ${new Date(problem.at).toISOString()}: ${problem.detail}`,
    };
  return { ...base, level: 'ok', key: 'maint.check.storeOk', detail: `quick_check ok in ${integrity.ms} ms` };
}

function checkDisk(dir: string): SelfTestCheck {
  const disk = diskSpace(dir);
  const mb = Math.round(disk.freeBytes / 1e6);
  const key =
    disk.level === 'ok'
      ? 'maint.check.diskOk'
      : disk.level === 'warning'
        ? 'maint.check.diskLow'
        : 'maint.check.diskFull';
  return { id: 'disk', required: true, level: disk.level, key, detail: `${mb} MB free at ${dir}` };
}

function checkCatalog(items: () => number): SelfTestCheck {
  try {
    const count = items();
    return count > 0
      ? {
          id: 'catalog',
          required: true,
          level: 'ok',
          key: 'maint.check.catalogOk',
          detail: `${count} service items`,
        }
      : {
          id: 'catalog',
          required: true,
          level: 'fault',
          key: 'maint.check.catalogEmpty',
          detail: 'The catalog has no items.',
        };
  } catch (error) {
    return {
      id: 'catalog',
      required: true,
      level: 'fault',
      key: 'maint.check.catalogEmpty',
      detail: detailOf(error),
    };
  }
}

function checkSync(health: SyncHealth): SelfTestCheck {
  return {
    id: 'sync',
    required: false,
    level: health.level,
    key: health.key,
    detail: `${health.backlog} records waiting${health.lastError ? `; ${health.lastError}` : ''}`,
  };
}

/** A clock far off makes every business day wrong; a kiosk without a network may drift. */
function checkClock(now: Date): SelfTestCheck {
  const year = now.getUTCFullYear();
  const plausible = year >= 2025 && year < 2100;
  return {
    id: 'clock',
    required: false,
    level: plausible ? 'ok' : 'warning',
    key: plausible ? 'maint.check.clockOk' : 'maint.check.clockWrong',
    detail: `Kiosk time ${now.toISOString()}`,
  };
}

export async function runSelfTest(
  parts: SelfTestParts,
  trigger: SelfTestReport['trigger'],
): Promise<SelfTestReport> {
  const started = performance.now();
  const now = parts.now ?? (() => new Date());
  if (parts.waitForPortsMs)
    await waitUntil(
      () =>
        (parts.idcard?.status().portState ?? 'open') === 'open' &&
        (parts.printer?.printer.status().port ?? 'open') === 'open',
      parts.waitForPortsMs,
    );
  const [idcard, printer] = await Promise.all([checkReader(parts.idcard), checkPrinter(parts.printer)]);
  const checks: SelfTestCheck[] = [
    idcard,
    printer,
    checkStore(parts.db, parts.storage),
    checkDisk(parts.dataDir),
    checkCatalog(parts.catalogItems),
    checkSync(parts.syncHealth()),
    checkClock(now()),
  ];
  const serviceable = checks.every((check) => !check.required || check.level !== 'fault');
  const level: HealthLevel = overallLevel(checks.map((check) => check.level));
  return {
    at: now().toISOString(),
    trigger,
    serviceable,
    level,
    checks,
    durationMs: Math.round(performance.now() - started),
  };
}

export function summarize(report: SelfTestReport): SelfTestSummary {
  return {
    at: report.at,
    level: report.level,
    serviceable: report.serviceable,
    failed: report.checks
      .filter((check) => check.level === 'fault' || check.level === 'warning')
      .map((check) => check.id),
  };
}
