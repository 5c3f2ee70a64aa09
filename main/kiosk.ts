// The composition root: builds every service from configuration, knowing nothing of the host that
// will serve them (Electron IPC or the loopback web host).
import { AppError } from '../common/errors.ts';
import path from 'node:path';
import type { HostKind, SystemInfo } from '../common/contract.ts';
import type { StoreHealth, SyncHealth } from '../common/health.ts';
import { loadConfig, type KioskConfig } from './config/config.ts';
import { prepareDataFolder, type DataFolder } from './data-folder.ts';
import { createDevices, type Devices } from './devices/index.ts';
import { KioskError } from './errors.ts';
import { createDispatcher, type Authenticator, type Dispatch, type Handlers } from './host/dispatch.ts';
import type { Logger } from '../common/log.ts';
import { createFileLogger } from './log/logger.ts';
import { MaintenanceService } from './maintenance/maintenance-service.ts';
import { CatalogHolder, loadCatalog, parseCatalog } from './prereview/index.ts';
import { devHandlers } from './devices/handlers.ts';
import { maintenanceHandlers } from './maintenance/handlers.ts';
import { noKioskMark, queueHandlers } from './queue/handlers.ts';
import { kioskIndexOf, loadHallConfig, type HallConfig } from './queue/hall-config.ts';
import { parseHallDocument, type HallDocument } from './queue/hall-document.ts';
import { loadOrCreatePersonKey, personKeyFor } from './queue/person-key.ts';
import { QueueService, type QueueEventSink } from './queue/queue-service.ts';
import { choosePeopleAhead } from './queue/estimate.ts';
import { PaperArchive } from './queue/paper-archive.ts';
import { slipCountsOf } from './queue/slip-counts.ts';
import { ticketIssuerFor } from './queue/ticket-issuer.ts';
import { flowHandlers } from './services/flow-handlers.ts';
import { sessionHandlers } from './services/session-handlers.ts';
import { systemHandlers } from './services/system-handlers.ts';
import { loadStaffFile, staffFileSchema, type StaffAccount } from './staff/accounts.ts';
import { staffAuthenticator } from './staff/auth.ts';
import { staffHandlers } from './staff/handlers.ts';
import { StaffService } from './staff/staff-service.ts';
import { loadOrCreateKey } from './sync/crypto.ts';
import { enqueueEvent } from './sync/outbox.ts';
import { CitizenFlowService } from './services/citizen-flow.ts';
import { CreditRestrictions } from './credit/credit-restrictions.ts';
import { EvaluationService } from './services/evaluation.ts';
import { ItemUsage } from './services/item-usage.ts';
import { HallStatusService, type NoticesFile } from './services/hours.ts';
import { HelpService } from './help/help-service.ts';
import { helpHandlers } from './help/help-handlers.ts';
import { EventBus } from './services/event-bus.ts';
import { outboxPreReviewRecorder } from './services/prereview-recorder.ts';
import { DocumentLifecycle, documentHandler } from './sync/documents.ts';
import { outboxOf } from './sync/outbox.ts';
import { PurgeScheduler } from './sync/purge-scheduler.ts';
import { defaultSyncTuning, SyncService } from './sync/sync-service.ts';
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
  /** How often the retention purge runs (default hourly). */
  purgeIntervalMs?: number;
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
export class StartupError extends AppError {
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
  logger.info('kiosk.starting', {
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
    tuning: { startSpreadMs: config.sync.startSpreadSeconds * 1000 },
    logger: logger.child('sync'),
    // Each verified, newer document is checked for content before it is stored (see documents.ts).
    checkDocument: (document) => documents.check(document),
  });
  const purge = new PurgeScheduler({
    outbox: outboxOf(db),
    retentionDays: defaultSyncTuning.retentionDays,
    centralConfigured: Boolean(config.sync.centralUrl?.trim()),
    intervalMs: options.purgeIntervalMs ?? 3_600_000,
    logger: logger.child('purge'),
  });
  // The credit restrictions list (失信) in force: the newest verified signed document, applied at
  // start and again whenever sync brings a newer one.
  const credit = new CreditRestrictions(logger.child('credit'));
  credit.attach(sync);
  const bus = new EventBus((channel, error) => logger.error('bus.listener-failed', { channel, error }));
  const session = new SessionService(bus, logger.child('session'), {
    policy: {
      idleMs: config.session.idleSeconds * 1000,
      elderlyIdleMs: config.session.elderlyIdleSeconds * 1000,
      countdownMs: config.session.countdownSeconds * 1000,
      endOnCardRemoval: config.session.endOnCardRemoval,
    },
    defaultLocale: config.locale,
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
  // Sync health as the sync service knows it (state, backlog, last success, last error): into the
  // system health the screens show and the device-health records sent to the central system.
  const syncHealth: HealthSource<SyncHealth> = {
    read: () => {
      const detail = sync.health();
      return {
        level: detail.level,
        key: detail.key,
        backlog: detail.backlog,
        lastSuccessAt: detail.lastSuccessAt,
        lastError: detail.lastError,
        oldestPendingAt: detail.oldestPendingAt,
      };
    },
    onChange: (listener) => sync.onChange(listener),
  };
  let devices: Devices;
  try {
    devices = await createDevices({ config, folder, logger, bus, session });
  } catch (error) {
    db.close();
    throw error;
  }

  // The queue and the staff desk: hall configuration, this kiosk's number mark, the outbox as the
  // event sink, dev staff accounts on emulated kiosks.
  let queue: QueueService | null;
  let staff: StaffService | null;
  let personKey: Buffer;
  let hallConfig: HallConfig;
  let paper: PaperArchive;
  try {
    const hall = (hallConfig = loadHallConfig(
      config.queue.hallConfigFile ?? path.join(options.resourcesDir, 'hall', 'hall.json'),
    ));
    const emulated = config.hardware.mode === 'emulated';
    let kioskIndex = kioskIndexOf(hall, config.kioskId, config.queue.kioskIndex);
    if (kioskIndex === undefined && emulated) {
      // A developer's machine is not in the hall list; real kiosks must be, or they would collide.
      kioskIndex = 1;
      logger.warn('queue.kiosk-mark-defaulted', { kioskId: config.kioskId, kioskIndex });
    }
    if (kioskIndex === undefined)
      logger.error('queue.no-kiosk-mark', {
        kioskId: config.kioskId,
        hint: 'add it to the hall kiosks list or set queue.kioskIndex',
      });
    const events: QueueEventSink = (event) => void enqueueEvent(db, event);
    // The citizen flow's slips, kept encrypted for a day so that the desk can reprint any of them.
    paper = new PaperArchive({
      db,
      personalKey: loadOrCreateKey(folder.keys),
      hall,
      print: async (document) => {
        if (!devices.printer)
          throw new KioskError('unavailable', 'This kiosk has no printer.', 'health.printer.disabled');
        return devices.printer.print(document);
      },
      // A slip cut short calls staff through the help service (declared below; only called once a
      // print runs, long after start): the desk sees which slip waits, the person is told the truth.
      onCutShort: (kind, paperId, reference) => help.slipCutShort(kind, paperId, reference),
    });
    personKey = loadOrCreatePersonKey(folder.keys);
    queue =
      kioskIndex === undefined
        ? null
        : new QueueService({
            db,
            hall,
            kioskId: config.kioskId,
            kioskIndex,
            printer: devices.printer,
            events,
            hallName: config.hallName,
            hallPhone: config.hallPhone,
            resumeWithinMinutes: config.queue.resumeWithinMinutes,
            logger: logger.child('queue'),
            // People ahead is the hall's figure while central's is fresh, else this kiosk's own
            // count printed as an estimate (main/queue/estimate.ts). A kiosk with no central system
            // never has a snapshot: its own count cannot know what the windows called, so it is
            // always said as an estimate too.
            peopleAhead: (input) =>
              choosePeopleAhead({
                ...input,
                snapshot: sync.hallQueue(),
                nowMs: input.now.getTime(),
                maxAgeMs: config.sync.hallQueueFreshSeconds * 1000,
              }),
          });
    staff = queue
      ? new StaffService({
          db,
          queue,
          printer: devices.printer,
          kioskId: config.kioskId,
          hallName: () => hallForPaper.name,
          personKey,
          events,
          logger: logger.child('staff'),
          cardPersonKey,
          paper,
          slipCounts: (day) => slipCountsOf(db, hall, day),
        })
      : null;
    if (staff && emulated) {
      const seeded = staff.seedIfEmpty(loadStaffFile(path.join(options.resourcesDir, 'hall', 'staff.json')));
      if (seeded > 0) logger.info('staff.dev-accounts-seeded', { count: seeded });
    }
  } catch (error) {
    await devices.stop();
    db.close();
    throw new StartupError((error as Error).message, { cause: error });
  }
  const staffAuth = staffAuthenticator({
    db,
    staff,
    kioskId: config.kioskId,
    maxFailures: config.queue.staffMaxFailures,
    lockoutMs: config.queue.staffLockoutMinutes * 60_000,
    idleLogoutMs: config.queue.staffIdleLogoutSeconds * 1000,
    unavailable: () => {
      if (!staff) return noKioskMark();
      // Dev accounts are seeded on emulated kiosks only: a real kiosk signs staff in only from the
      // central system's signed staff list.
      if (config.hardware.mode !== 'emulated' && !documents.fromCentral('staff'))
        return new KioskError(
          'unavailable',
          'This kiosk has no staff list from the central system yet, so nobody can sign in at the desk.',
          'staff.error.noStaffList',
        );
      return null;
    },
  });
  // Whatever card lies on the reader, also one whose citizen session has ended (the desk's "use the
  // card on the reader" used to see only a session's card, and said there was none).
  async function cardPersonKey(): Promise<string | null> {
    const card = (await devices.idcard?.cardOnReader()) ?? null;
    return card ? personKeyFor(personKey, card.idNumber) : null;
  }

  // Name and hotline printed on the citizen's paper; the hall document's hotline replaces the phone.
  const hallForPaper = { name: config.hallName, phone: config.hallPhone, regionCode: config.hallRegionCode };
  const itemUsage = new ItemUsage(db);
  const flow = new CitizenFlowService({
    catalog,
    session,
    currentCard: () => devices.idcard?.currentCard() ?? null,
    usage: {
      record: (code) => itemUsage.record(code),
      ranked: (known) => itemUsage.ranked(known, hallConfig.frequentItems),
    },
    // Slips go through the archive, so the desk can reprint any of them (issue 15, item 5).
    print: (document) => paper.print(document),
    tickets: ticketIssuerFor(queue, personKey),
    recorder: outboxPreReviewRecorder(db),
    credit,
    hall: hallForPaper,
    kioskId: config.kioskId,
    logger: logger.child('flow'),
  });
  // Acting for someone else, the applicant's card is the second card placed: the flow takes it
  // instead of a new session starting with it.
  devices.idcard?.setCardClaimer((card) => flow.claimCard(card));
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
    hall: () => hallConfig,
    noticesFile: path.join(options.resourcesDir, 'hall', 'notices.json'),
    centralNotices: () => centralNotices,
    logger: logger.child('hall'),
  });

  // Signed documents: each kind checked, stored, applied at once, and applied again here at start
  // — before anything is served — so a restart keeps what the central system sent.
  let centralNotices: NoticesFile['notices'] | null = null;
  const documents: DocumentLifecycle = new DocumentLifecycle(
    {
      catalog: documentHandler({
        parse(content) {
          const result = parseCatalog(content);
          if (!result.ok)
            throw new Error(`${result.error.file}: ${result.error.path ?? ''}: ${result.error.message}`);
          return content;
        },
        apply: (content) => void catalog.replace(content),
        factoryVersion: () => loaded.catalog.version,
      }),
      staff: documentHandler({
        parse: (content) => {
          const parsed = staffFileSchema.safeParse(content);
          if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            throw new Error(`${issue.path.join('.') || '(top level)'}: ${issue.message}`);
          }
          return parsed.data.accounts;
        },
        apply: (accounts: StaffAccount[]) => staff?.replaceAccounts(accounts),
        factoryVersion: () => (config.hardware.mode === 'emulated' ? 'dev-seed' : null),
      }),
      'hall-config': documentHandler({
        parse: (content) =>
          parseHallDocument(content, { kioskId: config.kioskId, configuredIndex: config.queue.kioskIndex }),
        apply: (document: HallDocument) => {
          hallConfig = document.hall;
          queue?.applyHall(document.hall, document.kioskIndex, document.hotline ?? undefined);
          centralNotices = document.notices;
          // The hall's own name and hotline, as the central system configures them, on screen and paper.
          hallForPaper.name = document.hall.hallName;
          if (document.hotline) hallForPaper.phone = document.hotline;
        },
        factoryVersion: () => hallConfig.version,
      }),
    },
    logger.child('documents'),
    undefined,
    () => hallConfig.hallId,
  );
  documents.applyStored(sync);
  sync.onDocument((document) => documents.applied(document));

  const help = new HelpService({
    kioskId: config.kioskId,
    // The hall document's hotline replaces the configured phone, as on the paper.
    hotline: () => hallForPaper.phone,
    hall: () => hallStatus.status(),
    sessionId: () => session.current().id,
    staffOf: (token) => staffAuth.peek(token),
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
    hallName: hallForPaper.name,
    hallPhone: hallForPaper.phone,
    dataFolder: folder.root,
    devPanel: config.hardware.mode === 'emulated',
    locale: config.locale,
  });

  // One handler map per domain; the contract (common/contract/) declares each channel's policy,
  // which the dispatcher applies before any of these run.
  const handlers: Handlers = {
    ...systemHandlers({ info, health }),
    ...sessionHandlers({ session, evaluations }),
    ...helpHandlers(help),
    ...flowHandlers({ flow, session, hallStatus }),
    ...queueHandlers({ queue, cardPersonKey }),
    ...staffHandlers({ staff, auth: staffAuth }),
    ...devHandlers(devices.dev),
    ...maintenanceHandlers(maintenance, { documents: () => documents.status() }),
  };
  const authenticator: Authenticator = {
    authenticate: (authority, token) =>
      (authority === 'staff' ? staffAuth : maintenance.auth).authenticate(token),
  };

  // Prints cut off by a crash are resumed once the printer port is open.
  let stopped = false;
  const resumeQueue = async (): Promise<void> => {
    if (!queue) return;
    const printer = devices.printer;
    const deadline = Date.now() + 30_000;
    while (!stopped && printer && printer.printer.status().port !== 'open' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    if (!stopped) await queue.resumeUnfinished();
  };

  health.start();
  maintenance.start();
  sync.start();
  purge.start();
  void resumeQueue().catch((error: unknown) => logger.error('queue.resume-failed', { error }));

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
    dispatch: createDispatcher(handlers, {
      authenticator,
      storage: maintenance.storageTranslator(),
      logger: logger.child('api'),
    }),
    info,
    async shutdown() {
      health.stop();
      purge.stop();
      await maintenance.stop();
      // The sync loop writes to the store: it ends before the store closes.
      await sync.stop();
      stopped = true;
      staffAuth.stop();
      session.end('user');
      session.stop();
      await devices.stop();
      db.close();
      logger.info('kiosk.stopped');
    },
  };
}
