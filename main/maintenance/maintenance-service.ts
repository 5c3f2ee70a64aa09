// The technician's side of the kiosk: device state with its port, speed and last error, live byte
// logs, reader and printer diagnostics, reconnect and port configuration without a restart, the
// store (integrity, backup), sync backlog and "sync now", disk space, the self-test and the
// diagnostic bundle. Every request but the login and the self-test summary needs a session.
import path from 'node:path';
import type { DeviceId, HealthSnapshot } from '../../common/health.ts';
import type {
  BundleResult,
  ByteLogView,
  MaintActionResult,
  MaintDeviceView,
  MaintOverview,
  PortOption,
  SelfTestReport,
  SelfTestSummary,
  StoreActionResult,
} from '../../common/maintenance.ts';
import { describeStatus } from '../../hardware/printer/status.ts';
import { renderTestPage } from '../../hardware/printer/test-page.ts';
import { listSerialPorts, type PortLocator, type SerialPortSummary } from '../../hardware/serial/index.ts';
import type { KioskConfig } from '../config/config.ts';
import type { DataFolder } from '../data-folder.ts';
import type { Devices } from '../devices/index.ts';
import { printFailureKey } from '../devices/printer-device.ts';
import { KioskError } from '../errors.ts';
import type { StorageTranslator } from '../host/dispatch.ts';
import type { Logger } from '../../common/log.ts';
import type { CatalogHolder } from '../prereview/index.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { HealthService } from '../services/health.ts';
import type { SessionService } from '../services/session.ts';
import { storeFacts, type Db } from '../store/database.ts';
import { enqueueEvent } from '../sync/outbox.ts';
import type { SyncService } from '../sync/sync-service.ts';
import type { PinAuthenticator } from '../auth/pin-authenticator.ts';
import { devMaintenanceAccount, maintenanceAuthenticator } from './auth.ts';
import { buildBundle, writeBundle } from './bundle.ts';
import { PrinterByteDecoder, ReaderByteDecoder, ByteLog } from './byte-log.ts';
import { ConfigWriteError, savePortSetting } from './config-writer.ts';
import { HealthReporter, healthSignature } from './health-reporter.ts';
import { runSelfTest, summarize } from './self-test.ts';
import { ServiceGate } from './service-gate.ts';
import {
  backupStore,
  checkIntegrity,
  diskSpace,
  latestBackup,
  StorageMonitor,
  storageTranslator,
  walSize,
} from './store-tools.ts';

export interface MaintenanceOptions {
  config: KioskConfig;
  /** The configuration file port settings are saved into. */
  configFile: string;
  env?: NodeJS.ProcessEnv;
  folder: DataFolder;
  version: string;
  logger: Logger;
  db: Db;
  bus: EventBus;
  health: HealthService;
  session: SessionService;
  devices: Devices;
  catalog: CatalogHolder;
  /** The central sync service, when the kiosk has one. */
  sync?: SyncService | null;
  /** Lists the computer's serial ports (serialport's enumeration by default). */
  listPorts?: () => Promise<SerialPortSummary[]>;
}

/** Where the outbox record of a bundle sent to the centre must fit (the outbox refuses > 256 KB). */
const centralBundleLimit = 180_000;
const healthHistoryLength = 200;

export class MaintenanceService {
  readonly storage = new StorageMonitor();
  readonly auth: PinAuthenticator;
  readonly reporter: HealthReporter;
  readonly gate: ServiceGate;
  private readonly byteLogs: Record<DeviceId, ByteLog> = {
    idcard: new ByteLog('idcard', new ReaderByteDecoder()),
    printer: new ByteLog('printer', new PrinterByteDecoder()),
  };
  private readonly healthHistory: Array<{ at: string; overall: string; parts: string }> = [];
  private readonly selfTests: SelfTestReport[] = [];
  private readonly unsubscribers: Array<() => void> = [];
  private readonly startedAt = Date.now();
  private selfTestTimer: NodeJS.Timeout | undefined;
  private selfTestRunning: Promise<SelfTestReport> | null = null;
  private readonly logger: Logger;
  private readonly backupsDir: string;

  constructor(private readonly options: MaintenanceOptions) {
    this.logger = options.logger;
    const settings = options.config.maintenance;
    const emulated = options.config.hardware.mode === 'emulated';
    const accounts =
      settings.accounts.length > 0 ? settings.accounts : emulated ? [devMaintenanceAccount] : [];
    if (accounts.length === 0)
      this.logger.warn('maintenance.no-accounts', { hint: 'add maintenance.accounts to the configuration' });
    this.auth = maintenanceAuthenticator({
      db: options.db,
      kioskId: options.config.kioskId,
      accounts,
      maxFailures: settings.maxFailures,
      lockoutMs: settings.lockoutMinutes * 60_000,
      idleLogoutMs: settings.idleLogoutSeconds * 1000,
      logger: this.logger.child('auth'),
    });
    this.backupsDir = path.join(options.folder.root, 'backups');
    this.reporter = new HealthReporter({
      bus: options.bus,
      enqueue: (event) => void enqueueEvent(options.db, event),
      kioskId: options.config.kioskId,
      version: options.version,
      minIntervalMs: settings.healthReportIntervalSeconds * 1000,
      disk: () => diskSpace(options.folder.root),
      logger: this.logger.child('health-report'),
    });
    this.gate = new ServiceGate({
      bus: options.bus,
      session: options.session,
      snapshot: () => options.health.snapshot(),
      required: settings.requiredDevices,
      graceMs: settings.outOfServiceGraceSeconds * 1000,
      logger: this.logger.child('gate'),
    });
  }

  start(): void {
    const { devices, bus } = this.options;
    if (devices.idcard)
      this.unsubscribers.push(
        devices.idcard.onBytes((direction, chunk) => this.byteLogs.idcard.record(direction, chunk)),
      );
    if (devices.printer)
      this.unsubscribers.push(
        devices.printer.onBytes((direction, chunk) => this.byteLogs.printer.record(direction, chunk)),
      );
    this.unsubscribers.push(bus.on('system:health', (snapshot) => this.noteHealth(snapshot)));
    this.reporter.start();
    this.gate.start();
    // The first self-test waits for the ports to open, so a kiosk that is merely starting is not
    // reported broken.
    void this.selfTest('startup').catch((error: unknown) =>
      this.logger.error('maintenance.self-test-failed', { error }),
    );
    const everyMinutes = this.options.config.maintenance.selfTestIntervalMinutes;
    if (everyMinutes > 0) {
      this.selfTestTimer = setInterval(() => {
        void this.selfTest('schedule').catch((error: unknown) =>
          this.logger.error('maintenance.self-test-failed', { error }),
        );
      }, everyMinutes * 60_000);
      this.selfTestTimer.unref();
    }
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.reporter.stop();
    this.gate.stop();
    this.auth.stop();
    if (this.selfTestTimer) clearInterval(this.selfTestTimer);
    await this.selfTestRunning?.catch(() => undefined);
  }

  /** The dispatcher's storage middleware, noting failures for the health line and self-test. */
  storageTranslator(): StorageTranslator {
    return storageTranslator(this.storage);
  }

  private noteHealth(snapshot: HealthSnapshot): void {
    const parts = healthSignature(snapshot);
    if (this.healthHistory.at(-1)?.parts === parts) return;
    this.healthHistory.push({ at: snapshot.at, overall: snapshot.overall, parts });
    if (this.healthHistory.length > healthHistoryLength) this.healthHistory.shift();
  }

  // ── self-test ───────────────────────────────────────────────────────────────────────────────

  selfTest(trigger: SelfTestReport['trigger']): Promise<SelfTestReport> {
    // One at a time: a second request shares the one under way.
    if (this.selfTestRunning) return this.selfTestRunning;
    const { devices, db, folder, catalog, sync } = this.options;
    this.selfTestRunning = runSelfTest(
      {
        idcard: devices.idcard,
        printer: devices.printer,
        db,
        storage: this.storage,
        dataDir: folder.root,
        catalogItems: () => catalog.current().items.length,
        syncHealth: () => (sync ? sync.health() : this.options.health.snapshot().sync),
        waitForPortsMs: trigger === 'startup' ? 5000 : 0,
      },
      trigger,
    )
      .then((report) => {
        this.selfTests.push(report);
        if (this.selfTests.length > 20) this.selfTests.shift();
        this.logger.info('maintenance.self-test', {
          trigger,
          result: report.level, // not `level`: the record's own level would hide it
          serviceable: report.serviceable,
          failed: report.checks.filter((check) => check.level === 'fault').map((check) => check.id),
          ms: report.durationMs,
        });
        this.options.bus.emit('maint:selfTest', summarize(report));
        return report;
      })
      .finally(() => {
        this.selfTestRunning = null;
      });
    return this.selfTestRunning;
  }

  summary(): SelfTestSummary | null {
    const last = this.selfTests.at(-1);
    return last ? summarize(last) : null;
  }

  // ── views ───────────────────────────────────────────────────────────────────────────────────

  overview(): MaintOverview {
    const { config, devices, db, folder, version } = this.options;
    const snapshot = this.options.health.publish();
    const views: MaintDeviceView[] = [];
    for (const device of snapshot.devices) {
      if (device.id === 'idcard' && devices.idcard) {
        const status = devices.idcard.status();
        views.push({
          health: device,
          configuredPort: devices.idcard.portDescription,
          configuredLocator: devices.idcard.configuredLocator,
          openPath: status.portState === 'open' ? (status.path ?? null) : null,
          baudRate: status.baudRate,
          portState: status.portState,
          lastError: status.lastError ?? null,
          facts: {
            ...(status.samId ? { samId: status.samId } : {}),
            ...(status.samStatus ? { samStatus: status.samStatus } : {}),
            cardPresent: status.cardPresent ? 'yes' : 'no',
            ...(status.activeFaults.length > 0 ? { activeFaults: status.activeFaults.join(', ') } : {}),
          },
        });
      }
      if (device.id === 'printer' && devices.printer) {
        const status = devices.printer.printer.status();
        views.push({
          health: device,
          configuredPort: devices.printer.portDescription,
          configuredLocator: devices.printer.configuredLocator,
          openPath: status.port === 'open' ? (status.path ?? null) : null,
          baudRate: status.baudRate,
          portState: status.port,
          lastError: status.lastError ?? null,
          facts: {
            profile: status.profile,
            ...(status.printer ? { status: describeStatus(status.printer) } : {}),
            ...(status.problem ? { problem: status.problem.message } : {}),
          },
        });
      }
    }
    const file = db.name;
    const facts = storeFacts(db);
    const storage = this.storage.current();
    const sync = this.options.sync?.health() ?? null;
    return {
      kioskId: config.kioskId,
      version,
      hardware: config.hardware.mode,
      devices: views,
      store: {
        file,
        sizeBytes: facts.sizeBytes,
        walBytes: walSize(file),
        journalMode: facts.journalMode,
        schemaVersion: facts.schemaVersion,
        level: storage ? 'fault' : snapshot.store.level,
        key: storage ? `maint.storage.${storage.problem}` : snapshot.store.key,
        lastBackup: latestBackup(this.backupsDir),
      },
      sync: {
        level: sync?.level ?? snapshot.sync.level,
        key: sync?.key ?? snapshot.sync.key,
        backlog: sync?.backlog ?? snapshot.sync.backlog,
        lastSuccessAt: sync?.lastSuccessAt ?? snapshot.sync.lastSuccessAt,
        lastError: sync?.lastError ?? snapshot.sync.lastError,
        configured: Boolean(config.sync?.centralUrl),
        oldestPendingAt: sync?.oldestPendingAt ?? null,
      },
      disk: diskSpace(folder.root),
      selfTest: this.selfTests.at(-1) ?? null,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }

  bytes(device: DeviceId, after?: number): ByteLogView {
    return this.byteLogs[device].view(after);
  }

  // ── device actions ──────────────────────────────────────────────────────────────────────────

  private requireReader() {
    const reader = this.options.devices.idcard;
    if (!reader)
      throw new KioskError(
        'not-found',
        'The ID card reader is not enabled on this kiosk.',
        'health.idcard.disabled',
      );
    return reader;
  }

  private requirePrinter() {
    const printer = this.options.devices.printer;
    if (!printer)
      throw new KioskError(
        'not-found',
        'The printer is not enabled on this kiosk.',
        'health.printer.disabled',
      );
    return printer;
  }

  async readerAction(action: 'sam-status' | 'test-read'): Promise<MaintActionResult> {
    const device = this.requireReader();
    if (device.status().portState !== 'open')
      return {
        ok: false,
        key: 'health.idcard.unreachable',
        detail: device.status().lastError ?? 'The reader port is not open.',
      };
    if (action === 'sam-status') {
      try {
        const sam = await device.reader.readSamStatus();
        let samId = '';
        try {
          samId = await device.reader.readSamId();
        } catch (error) {
          samId = `not read: ${(error as Error).message}`;
        }
        return {
          ok: sam.ok,
          key: sam.ok ? 'maint.idcard.samOk' : 'health.idcard.samFault',
          detail: sam.description,
          facts: { samId },
        };
      } catch (error) {
        return { ok: false, key: 'health.idcard.unreachable', detail: (error as Error).message };
      }
    }
    const result = await device.reader.testRead();
    if (result.ok)
      // What was read, never who: the kind of card and whether its number checks out.
      return {
        ok: true,
        key: 'maint.idcard.testReadOk',
        detail: `Read a ${result.card.kind} card in ${Math.round(result.timing.parsedAt - result.timing.placedDetectedAt)} ms`,
        facts: { kind: result.card.kind, checkDigitValid: String(result.card.checkDigitValid) },
      };
    if (result.noCard) return { ok: false, key: 'maint.idcard.noCard', detail: result.message };
    return { ok: false, key: `idcard.fault.${result.fault.code}`, detail: result.fault.message };
  }

  async printerAction(action: 'status' | 'test-page'): Promise<MaintActionResult> {
    const device = this.requirePrinter();
    if (action === 'status') {
      try {
        const status = await device.printer.queryStatus();
        const health = device.read();
        return {
          ok: health.level === 'ok' || health.level === 'warning',
          key: health.key,
          detail: describeStatus(status),
          facts: {
            online: String(status.online),
            paperEnd: String(status.paperEnd),
            paperNearEnd: String(status.paperNearEnd),
            coverOpen: String(status.coverOpen),
            cutterError: String(status.cutterError),
          },
        };
      } catch (error) {
        return { ok: false, key: 'health.printer.unreachable', detail: (error as Error).message };
      }
    }
    const outcome = await device.print(
      renderTestPage({
        kioskId: this.options.config.kioskId,
        printedAt: new Date(),
        profile: device.printer.profile,
        status: device.printer.status().printer,
      }),
    );
    this.logger.info('maintenance.test-page', {
      ok: outcome.ok,
      ...(outcome.ok ? {} : { code: outcome.code }),
    });
    if (outcome.ok)
      return {
        ok: true,
        key: 'maint.printer.testPageOk',
        detail: `${outcome.bytes} bytes printed and confirmed`,
      };
    return { ok: false, key: printFailureKey(outcome.code), detail: outcome.message };
  }

  async reconnect(device: DeviceId): Promise<MaintActionResult> {
    const target = device === 'idcard' ? this.requireReader() : this.requirePrinter();
    const baudRate =
      device === 'idcard'
        ? this.requireReader().status().baudRate
        : this.requirePrinter().printer.status().baudRate;
    await target.reconfigure(target.configuredLocator, baudRate);
    this.logger.info('maintenance.device-reconnected', { device });
    return {
      ok: true,
      key: 'maint.reconnected',
      detail: `Reopening ${target.portDescription} at ${baudRate} baud`,
    };
  }

  async ports(): Promise<PortOption[]> {
    const { devices } = this.options;
    const inUse = (candidate: string): DeviceId | null => {
      if (devices.idcard && devices.idcard.status().path === candidate) return 'idcard';
      if (devices.printer && devices.printer.printer.status().path === candidate) return 'printer';
      return null;
    };
    let listed: SerialPortSummary[] = [];
    try {
      listed = await (this.options.listPorts ?? (() => listSerialPorts()))();
    } catch (error) {
      this.logger.warn('maintenance.ports-not-listed', { error });
    }
    const options: PortOption[] = listed.map((port) => ({
      ...port,
      emulated: false,
      usedBy: inUse(port.path),
    }));
    const emulated = devices.emulated;
    for (const hostPath of [emulated?.idcard?.hostPath, emulated?.printer?.hostPath]) {
      if (hostPath && !options.some((option) => option.path === hostPath))
        options.push({ path: hostPath, emulated: true, usedBy: inUse(hostPath) });
    }
    return options;
  }

  /** A port setting is said to be saved only when it is true: the port exists on this system (or is
   *  an emulator's), no other device uses it, and the device answers on it. Otherwise the setting in
   *  force stays, on disk and on the device, and the technician is told which check failed. */
  async configurePort(device: DeviceId, port: PortLocator, baudRate: number): Promise<MaintActionResult> {
    const target = device === 'idcard' ? this.requireReader() : this.requirePrinter();
    const described = port.path ?? `USB ${port.usb?.vendorId}:${port.usb?.productId}`;
    const found = await this.ports();
    const match = found.find((option) =>
      port.path
        ? option.path === port.path || option.byId === port.path
        : !!port.usb &&
          option.vendorId?.toLowerCase() === port.usb.vendorId.toLowerCase() &&
          option.productId?.toLowerCase() === port.usb.productId.toLowerCase() &&
          (!port.usb.serialNumber || option.serialNumber === port.usb.serialNumber),
    );
    if (!match)
      return {
        ok: false,
        key: 'maint.config.noSuchPort',
        detail: `Port ${described} does not exist on this system; nothing was saved.`,
      };
    if (match.usedBy && match.usedBy !== device)
      return {
        ok: false,
        key: 'maint.config.portInUse',
        detail: `Port ${match.path} is used by the ${match.usedBy}; nothing was saved.`,
      };

    // Apply, then ask the device on its new port; put the old setting back if it does not answer.
    const previous = { locator: target.configuredLocator, baudRate: this.baudRateOf(device) };
    await target.reconfigure(port, baudRate);
    const probe = await this.probe(device);
    if (!probe.ok) {
      await target.reconfigure(previous.locator, previous.baudRate);
      this.logger.warn('maintenance.port-refused-no-answer', { device, port: described, baudRate });
      return {
        ok: false,
        key: 'maint.config.noDevice',
        detail: `No ${device} answered on ${described} at ${baudRate} baud (${probe.detail}); the previous setting stays.`,
      };
    }

    let overridden: string[];
    try {
      overridden = savePortSetting(this.options.configFile, { device, port, baudRate }, this.options.env);
    } catch (error) {
      await target.reconfigure(previous.locator, previous.baudRate);
      if (error instanceof ConfigWriteError)
        throw new KioskError('bad-request', error.message, 'maint.config.notSaved');
      throw error;
    }
    this.logger.info('maintenance.port-configured', { device, port: target.portDescription, baudRate });
    return {
      ok: true,
      key: overridden.length > 0 ? 'maint.config.savedOverridden' : 'maint.config.saved',
      detail:
        overridden.length > 0
          ? `Saved to ${this.options.configFile} and applied; at the next start ${overridden.join(', ')} will override it.`
          : `Saved to ${this.options.configFile} and applied without a restart.`,
    };
  }

  private baudRateOf(device: DeviceId): number {
    return device === 'idcard'
      ? this.requireReader().status().baudRate
      : this.requirePrinter().printer.status().baudRate;
  }

  /** Waits for the port to open, then asks the device something only it answers: the reader its
   *  SAM status, the printer its real-time status. */
  private async probe(device: DeviceId, timeoutMs = 4000): Promise<{ ok: boolean; detail: string }> {
    const deadline = Date.now() + timeoutMs;
    const portState = () =>
      device === 'idcard'
        ? this.requireReader().status().portState
        : this.requirePrinter().printer.status().port;
    while (portState() !== 'open') {
      if (Date.now() > deadline) return { ok: false, detail: `port ${portState()}` };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      if (device === 'idcard') {
        const sam = await this.requireReader().reader.readSamStatus();
        return { ok: true, detail: sam.description };
      }
      const status = await this.requirePrinter().printer.queryStatus();
      return { ok: true, detail: describeStatus(status) };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }

  // ── store, sync, bundle ─────────────────────────────────────────────────────────────────────

  async storeAction(action: 'check' | 'backup'): Promise<StoreActionResult> {
    if (action === 'check') {
      const result = checkIntegrity(this.options.db, true);
      this.logger.info('store.integrity-checked', { ok: result.ok, ms: result.ms });
      return {
        ok: result.ok,
        key: result.ok ? 'maint.check.storeOk' : 'maint.check.storeDamaged',
        detail: `${result.messages.slice(0, 5).join('; ')} (${result.ms} ms)`,
      };
    }
    try {
      const backup = await backupStore(this.options.db, this.backupsDir);
      this.logger.info('store.backed-up', { file: backup.file, bytes: backup.bytes });
      return {
        ok: true,
        key: 'maint.store.backedUp',
        detail: `${backup.file} (${backup.bytes} bytes)`,
        file: backup.file,
      };
    } catch (error) {
      this.logger.error('store.backup-failed', { error });
      return { ok: false, key: 'maint.store.backupFailed', detail: (error as Error).message };
    }
  }

  async syncNow(): Promise<MaintActionResult> {
    const sync = this.options.sync;
    if (!sync)
      return {
        ok: false,
        key: 'health.sync.notConfigured',
        detail: 'This kiosk has no central system configured.',
      };
    const result = await sync.syncNow();
    return {
      ok: result.ok,
      key: result.ok ? 'maint.sync.done' : 'maint.sync.failed',
      detail: result.ok
        ? `${result.pushed} records sent; ${result.backlog} waiting`
        : `${result.error ?? 'failed'}; ${result.backlog} waiting`,
    };
  }

  private async bundleSections(): Promise<Record<string, unknown>> {
    return {
      overview: this.overview(),
      health: this.options.health.snapshot(),
      healthHistory: this.healthHistory,
      selfTests: this.selfTests,
      byteLogs: { idcard: this.bytes('idcard').entries, printer: this.bytes('printer').entries },
      ports: await this.ports(),
      storeIntegrity: checkIntegrity(this.options.db, false),
    };
  }

  async bundle(target: { kind: 'usb'; path: string } | { kind: 'central' }): Promise<BundleResult> {
    const { config, folder, version } = this.options;
    const sections = await this.bundleSections();
    if (target.kind === 'usb') {
      const built = buildBundle({ kioskId: config.kioskId, version, config, logsDir: folder.logs, sections });
      let file: string;
      try {
        file = writeBundle(built, target.path);
      } catch (error) {
        throw new KioskError('unavailable', (error as Error).message, 'maint.bundle.noTarget');
      }
      this.logger.info('maintenance.bundle-written', { file, bytes: built.gzip.length });
      return { target: 'usb', where: file, bytes: built.gzip.length, parts: built.parts };
    }
    if (!config.sync?.centralUrl)
      throw new KioskError(
        'unavailable',
        'This kiosk has no central system configured.',
        'health.sync.notConfigured',
      );
    // The outbox takes records up to 256 KB: the newest logs that fit go, the rest stays on the kiosk.
    let maxLogBytes = 4_000_000;
    for (;;) {
      const built = buildBundle({
        kioskId: config.kioskId,
        version,
        config,
        logsDir: folder.logs,
        sections,
        maxLogBytes,
      });
      const data = built.gzip.toString('base64');
      if (data.length <= centralBundleLimit || maxLogBytes < 1000) {
        if (data.length > centralBundleLimit)
          throw new KioskError(
            'unavailable',
            'The bundle is too large to send; export it to a USB stick.',
            'maint.bundle.tooLarge',
          );
        const queued = enqueueEvent(this.options.db, {
          type: 'device-health',
          payload: {
            kind: 'diagnostic-bundle',
            name: built.name,
            encoding: 'gzip+base64',
            data,
            logBytes: maxLogBytes,
          },
        });
        this.logger.info('maintenance.bundle-queued', {
          bytes: built.gzip.length,
          logBytes: maxLogBytes,
        });
        return { target: 'central', where: queued.key, bytes: built.gzip.length, parts: built.parts };
      }
      maxLogBytes = Math.floor(maxLogBytes / 2);
    }
  }
}
