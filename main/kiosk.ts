// The composition root: builds every service from configuration, knowing nothing of the host that
// will serve them (Electron IPC or the loopback web host).
import path from 'node:path';
import type { HostKind, SystemInfo } from '../common/contract.ts';
import type { StoreHealth, SyncHealth } from '../common/health.ts';
import { loadConfig, type KioskConfig } from './config/config.ts';
import { prepareDataFolder, type DataFolder } from './data-folder.ts';
import { createDevices, type Devices } from './devices/index.ts';
import { KioskError } from './errors.ts';
import { createDispatcher, type Dispatch, type Handlers } from './host/dispatch.ts';
import { createFileLogger, type Logger } from './log/logger.ts';
import { MaintenanceService } from './maintenance/maintenance-service.ts';
import { CatalogHolder, loadCatalog } from './prereview/index.ts';
import { createQueueParts, type QueueParts } from './queue/wiring.ts';
import { CitizenFlowService } from './services/citizen-flow.ts';
import { EvaluationService, evaluationHandlers } from './services/evaluation.ts';
import { HallStatusService } from './services/hours.ts';
import { HelpService } from './help/help-service.ts';
import { helpHandlers } from './help/help-handlers.ts';
import { enqueueEvent } from './sync/outbox.ts';
import { EventBus } from './services/event-bus.ts';
import { outboxPreReviewRecorder } from './services/prereview-recorder.ts';
import { SyncService } from './sync/sync-service.ts';
import { HealthService, type HealthSource } from './services/health.ts';
import { SessionService } from './services/session.ts';
import { openStore, storeFacts, type Db } from './store/database.ts';

export interface KioskOptions {
  host: HostKind;
  /** The application's version, as its host knows it (package.json or Electron's app.getVersion()). */
  version: string;
  dataRoot: string;
  /** The shipped resources folder (catalog, hall configuration, region table). */
  resourcesDir: string;
  /** Configuration file; defaults to `kiosk.config.json` in the data folder. */
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Dotted settings from the command line, applied over file and environment. */
  overrides?: Record<string, unknown>;
  /** Mirror log lines to stderr. */
  logEcho?: boolean;
  healthIntervalMs?: number;
}

export interface Kiosk {
  config: KioskConfig;
  folder: DataFolder;
  logger: Logger;
  db: Db;
  bus: EventBus;
  health: HealthService;
  session: SessionService;
  devices: Devices;
  catalog: CatalogHolder;
  flow: CitizenFlowService;
  sync: SyncService;
  maintenance: MaintenanceService;
  dispatch: Dispatch;
  info(): SystemInfo;
  shutdown(): Promise<void>;
}

/** The kiosk cannot start as configured or installed; the message says why in one line. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export async function createKiosk(options: KioskOptions): Promise<Kiosk> {
  const folder = prepareDataFolder(options.dataRoot);
  const config = loadConfig({
    file: options.configFile ?? folder.configFile,
    env: options.env,
    overrides: options.overrides,
  });
  const logger = createFileLogger({ folder: folder.logs, ...config.log, echo: options.logEcho });
  const version = options.version;
  logger.info('kiosk starting', {
    version,
    host: options.host,
    hardware: config.hardware.mode,
    kioskId: config.kioskId,
  });

  const catalogDir = path.join(options.resourcesDir, 'catalog');
  const loaded = loadCatalog(catalogDir);
  if (!loaded.ok) {
    throw new StartupError(
      `The service catalog in ${catalogDir} is not valid: ${loaded.error.file}: ${loaded.error.message}`,
    );
  }
  const catalog = new CatalogHolder(loaded.catalog, logger.child('catalog'));

  const db = openStore(path.join(folder.database, 'kiosk.db'));
  // The sync service opens the outbox (personal fields encrypted at rest with a key kept apart
  // from the database file) even when no central system is configured: records wait for one.
  const sync = new SyncService({
    db,
    kioskId: config.kioskId,
    centralUrl: config.sync.centralUrl,
    keysDir: folder.keys,
    enrollmentToken: config.sync.enrollmentToken,
    catalogPublicKey: config.sync.catalogPublicKey,
    allowInsecureHttp: config.sync.allowInsecureHttp,
    softwareVersion: version,
    logger: logger.child('sync'),
  });
  // A catalog from the central system is applied only once its signature checked out (in sync)
  // and its content passes the schema (here); otherwise the one in force stays.
  sync.onCatalog((document) => {
    const result = catalog.replace(document.content);
    if (!result.ok)
      logger.warn('synced catalog refused', {
        version: document.version,
        file: result.error.file,
        path: result.error.path,
      });
  });
  const bus = new EventBus((channel, error) => logger.error('event listener failed', { channel, error }));
  const session = new SessionService(bus, logger.child('session'), {
    policy: {
      idleMs: config.session.idleSeconds * 1000,
      elderlyIdleMs: config.session.elderlyIdleSeconds * 1000,
      countdownMs: config.session.countdownSeconds * 1000,
      endOnCardRemoval: config.session.endOnCardRemoval,
    },
  });

  const storeHealth: HealthSource<StoreHealth> = {
    read: () => {
      try {
        const facts = storeFacts(db);
        return {
          level: 'ok',
          key: 'health.store.ok',
          sizeBytes: facts.sizeBytes,
          journalMode: facts.journalMode,
        };
      } catch (error) {
        return {
          level: 'fault',
          key: 'health.store.fault',
          sizeBytes: 0,
          journalMode: 'unknown',
          detail: (error as Error).message,
        };
      }
    },
  };
  // Sync with the central system arrives with its own issue; until then the kiosk says plainly it has none.
  const syncHealth: HealthSource<SyncHealth> = {
    read: () => ({
      level: 'disabled',
      key: 'health.sync.notConfigured',
      backlog: 0,
      lastSuccessAt: null,
      lastError: null,
    }),
  };
  let devices: Devices;
  try {
    devices = await createDevices({ config, folder, logger, bus, session });
  } catch (error) {
    db.close();
    throw error;
  }

  let queueParts: QueueParts;
  try {
    queueParts = createQueueParts({
      config,
      db,
      keysDir: folder.keys,
      resourcesDir: options.resourcesDir,
      devices,
      logger,
    });
  } catch (error) {
    await devices.stop();
    db.close();
    throw new StartupError((error as Error).message);
  }

  const flow = new CitizenFlowService({
    catalog,
    session,
    currentCard: () => devices.idcard?.currentCard() ?? null,
    print: async (document) => {
      if (!devices.printer)
        throw new KioskError('unavailable', 'This kiosk has no printer.', 'health.printer.disabled');
      return devices.printer.print(document);
    },
    tickets: queueParts.ticketIssuer,
    recorder: outboxPreReviewRecorder(db),
    hall: { name: config.hallName, phone: config.hallPhone, regionCode: config.hallRegionCode },
    kioskId: config.kioskId,
    logger: logger.child('flow'),
  });
  // A session that ends, or is replaced by the next person's card, leaves nothing typed behind.
  let flowSessionId: string | null = null;
  bus.on('session:changed', (view) => {
    if (!view.id || view.id !== flowSessionId) flow.reset();
    flowSessionId = view.id;
  });
  const evaluations = new EvaluationService({
    db,
    kioskId: config.kioskId,
    logger: logger.child('evaluation'),
  });
  const hallStatus = new HallStatusService({
    hall: () => queueParts.hall,
    noticesFile: path.join(options.resourcesDir, 'hall', 'notices.json'),
    logger: logger.child('hall'),
  });

  const help = new HelpService({
    kioskId: config.kioskId,
    hotline: config.hallPhone,
    hall: () => hallStatus.status(),
    sessionId: () => session.current().id,
    staffOf: (token) => queueParts.staff?.staffOf(token) ?? null,
    staffAct: (token) => {
      if (!queueParts.staff)
        throw new KioskError('unavailable', 'This kiosk has no staff desk.', 'staff.error.loggedOut');
      return queueParts.staff.touch(token).staffId;
    },
    maintenanceOf: (token) => maintenance.auth.accountOf(token),
    record: (event) => enqueueEvent(db, event),
    emit: (channel, call) => bus.emit(channel, call),
    logger: logger.child('help'),
  });

  const health = new HealthService({
    devices: devices.health,
    store: storeHealth,
    sync: syncHealth,
    bus,
    logger: logger.child('health'),
    intervalMs: options.healthIntervalMs ?? 5000,
  });

  const maintenance = new MaintenanceService({
    config,
    configFile: options.configFile ?? folder.configFile,
    env: options.env ?? process.env,
    folder,
    version,
    logger: logger.child('maintenance'),
    db,
    bus,
    health,
    session,
    devices,
    catalog,
    sync,
  });

  const info = (): SystemInfo => ({
    name: '政务自助终端',
    version,
    host: options.host,
    hardware: config.hardware.mode,
    kioskId: config.kioskId,
    hallName: config.hallName,
    hallPhone: config.hallPhone,
    dataFolder: folder.root,
    devPanel: config.hardware.mode === 'emulated',
    locale: config.locale,
  });

  const handlers: Handlers = {
    'system:info': () => info(),
    'system:health': () => health.snapshot(),
    'session:get': () => session.current(),
    'session:touch': ({ elderly }) => session.touch({ elderly }),
    'session:end': ({ reason }) => session.end(reason),
    'session:noCard': () => session.beginWithoutCard(),
    ...helpHandlers(help),
    'hall:status': () => hallStatus.status(),
    ...evaluationHandlers(session, evaluations),
    'catalog:get': () => flow.catalogView(),
    'catalog:search': ({ query }) => flow.search(query),
    'flow:chooseItem': ({ itemCode }) => flow.chooseItem(itemCode),
    'flow:manualStart': ({ itemCode, name, idNumber }) => flow.startManual(itemCode, name, idNumber),
    'flow:setAgent': ({ agent }) => flow.setAgent(agent),
    'flow:setField': ({ fieldId, value }) => flow.setField(fieldId, value),
    'flow:goto': ({ stage }) => flow.goto(stage),
    'flow:setMaterial': ({ materialId, answer }) => flow.setMaterial(materialId, answer),
    'flow:review': () => flow.review(),
    // Paper coming out holds off the idle reset and the card-removal end.
    'flow:confirm': ({ commitmentAccepted }) =>
      session.whilePrinting(() => flow.confirm(commitmentAccepted ?? false)),
    ...queueParts.handlers,
    'dev:state': () => devices.dev.state(),
    'dev:idcard': (args) => devices.dev.idcard(args),
    'dev:printer': (args) => devices.dev.printerAction(args),
    ...maintenance.handlers(),
  };

  health.start();
  maintenance.start();
  sync.start();
  queueParts.start();

  return {
    config,
    folder,
    logger,
    db,
    bus,
    health,
    session,
    devices,
    catalog,
    flow,
    sync,
    maintenance,
    // Storage failures (disk full, locked, damaged) reach people as sentences, not "internal".
    dispatch: createDispatcher(maintenance.guard(handlers), logger.child('api')),
    info,
    async shutdown() {
      health.stop();
      await maintenance.stop();
      queueParts.stop();
      session.end('user');
      session.stop();
      await devices.stop();
      db.close();
      logger.info('kiosk stopped');
    },
  };
}
