// The sender: pushes the outbox to the central system in batches, pulls signed documents, measures
// the clock offset and reports all of it as one health line. One loop, one request at a time; all
// progress lives in the store, so a restart (or a SIGKILL) resumes where the last receipt left off.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SyncHealth } from '../../common/health.ts';
import type { Logger } from '../../common/log.ts';
import {
  documentKinds,
  maxBatchRecords,
  type DocumentKind,
  type SignedDocument,
} from '../../protocol/contract.ts';
import { parsePublicKey, verifyDocument, type DocumentBody } from '../../protocol/signing.ts';
import type { HallQueueSnapshot } from '../queue/estimate.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';
import type { Db } from '../store/database.ts';
import { CentralClient, type SyncFailure } from './client.ts';
import { loadOrCreateKey } from './crypto.ts';
import { openOutbox, type Outbox } from './outbox.ts';
import { CircuitBreaker, retryDelay, startDelay, type CircuitState } from './retry.ts';

export interface SyncTuning {
  maxBatchRecords: number;
  maxBatchBytes: number;
  /** Pause between cycles when there is nothing to send. */
  idleIntervalMs: number;
  /** Pause after an enqueue before sending, to gather a few records into one request. */
  wakeDelayMs: number;
  documentIntervalMs: number;
  /** Pause between pulls of the hall-wide queue (also pulled right after a ticket was pushed). */
  hallQueueIntervalMs: number;
  requestTimeoutMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** The first cycle after start goes at a random moment within this (see retry.ts startDelay);
   *  0 here, the kiosk sets it from its configuration. */
  startSpreadMs: number;
  circuitFailureThreshold: number;
  circuitOpenMs: number;
  circuitMaxOpenMs: number;
  /** Days personal fields are kept after the central system acknowledged them. */
  retentionDays: number;
  /** Days acknowledged records are kept at all (non-personal part), for re-sending after a central restore. */
  keepAckedDays: number;
  housekeepingIntervalMs: number;
  /** Backlog from which health turns to a warning even while sync works. */
  backlogWarning: number;
}

export const defaultSyncTuning: SyncTuning = {
  maxBatchRecords: 200,
  maxBatchBytes: 1_000_000,
  idleIntervalMs: 5_000,
  wakeDelayMs: 250,
  documentIntervalMs: 60_000,
  hallQueueIntervalMs: 15_000,
  requestTimeoutMs: 15_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 60_000,
  startSpreadMs: 0,
  circuitFailureThreshold: 5,
  circuitOpenMs: 30_000,
  circuitMaxOpenMs: 300_000,
  retentionDays: 30,
  keepAckedDays: 90,
  housekeepingIntervalMs: 3_600_000,
  backlogWarning: 1_000,
};

export interface SyncServiceOptions {
  db: Db;
  kioskId: string;
  /** Base URL of the central system; null or empty disables sync (health says so). */
  centralUrl: string | null;
  /** The data folder's keys/ directory: the personal-data key and the kiosk credential live here. */
  keysDir: string;
  /** One-time token from `admin.ts register-kiosk`; used when no credential is stored yet or when
   *  it differs from the token that produced the stored credential. */
  enrollmentToken?: string | null;
  /** Ed25519 public key (raw base64 or PEM) that signs catalogs, hall configuration and staff lists. */
  catalogPublicKey: string | null;
  logger: Logger;
  now?: () => Date;
  fetch?: typeof fetch;
  softwareVersion?: string;
  /** Plain HTTP to anything but loopback is refused unless this is set (personal data travels). */
  allowInsecureHttp?: boolean;
  tuning?: Partial<SyncTuning>;
  random?: () => number;
  /** Checks a verified, newer document's content before it is stored: a sentence naming the
   *  problem refuses it (it never becomes the version in force), null accepts it. */
  checkDocument?: (document: VerifiedDocument) => string | null;
}

export interface SyncHealthDetail extends SyncHealth {
  circuit: CircuitState;
  /** Server time minus kiosk time, ms; null until measured. */
  clockOffsetMs: number | null;
  oldestPendingAt: string | null;
  documents: Partial<Record<DocumentKind, number>>;
}

export interface SyncRunResult {
  ok: boolean;
  pushed: number;
  backlog: number;
  error: string | null;
}

export interface VerifiedDocument {
  kind: DocumentKind;
  version: number;
  issuedAt: string;
  /** The hall it was signed for; null for a city-wide document. */
  hall: string | null;
  content: unknown;
}

interface StoredCredential {
  kioskId: string;
  credential: string;
  centralUrl: string;
  /** sha256 prefix of the enrollment token that produced it, to notice a new token in configuration. */
  enrollment: string | null;
}

const credentialFile = 'central-credential.json';
type ProblemKind = 'none' | 'transient' | 'needs-staff';

export class SyncService {
  readonly outbox: Outbox;
  private readonly tuning: SyncTuning;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly client: CentralClient | null;
  private readonly circuit: CircuitBreaker;
  private readonly trustedKey: { key: crypto.KeyObject; keyId: string } | null;
  private readonly changeListeners = new Set<() => void>();
  private readonly documentListeners = new Set<(document: VerifiedDocument) => void>();
  private credential: StoredCredential | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private cycle: Promise<SyncRunResult> | null = null;
  private wake: (() => void) | null = null;
  private forceNext = false;
  private attempt = 0;
  private lastSuccessAt: string | null = null;
  private lastError: string | null = null;
  private problem: ProblemKind = 'none';
  private documentProblem: string | null = null;
  private clockOffsetMs: number | null = null;
  private lastDocumentsAt = -Infinity;
  private lastHallQueueAt = -Infinity;
  private hallQueueSnapshot: HallQueueSnapshot | null = null;
  private hallQueueProblem: string | null = null;
  private lastHousekeepingAt = -Infinity;
  private lastHealthJson = '';
  private readonly unsubscribeEnqueue: () => void;
  private readonly configProblem: string | null;

  constructor(private readonly options: SyncServiceOptions) {
    this.tuning = { ...defaultSyncTuning, ...options.tuning };
    this.tuning.maxBatchRecords = Math.max(1, Math.min(this.tuning.maxBatchRecords, maxBatchRecords));
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.outbox = openOutbox(options.db, { personalKey: loadOrCreateKey(options.keysDir), now: this.now });
    this.circuit = new CircuitBreaker(
      {
        failureThreshold: this.tuning.circuitFailureThreshold,
        openMs: this.tuning.circuitOpenMs,
        maxOpenMs: this.tuning.circuitMaxOpenMs,
      },
      () => performance.now(),
      this.random,
    );
    this.lastSuccessAt = this.readState('last_success_at');
    this.lastError = this.readState('last_error');

    let configProblem: string | null = null;
    let trustedKey: SyncService['trustedKey'] = null;
    if (options.catalogPublicKey) {
      try {
        trustedKey = parsePublicKey(options.catalogPublicKey);
      } catch (error) {
        configProblem = `The configured catalog public key cannot be used: ${(error as Error).message}`;
      }
    }
    this.trustedKey = trustedKey;
    const url = options.centralUrl?.trim() || null;
    if (url) {
      try {
        const parsed = new URL(url);
        const loopback =
          ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname) || parsed.hostname.startsWith('127.');
        if (
          parsed.protocol !== 'https:' &&
          !(parsed.protocol === 'http:' && (loopback || options.allowInsecureHttp))
        )
          configProblem = `The central system address ${url} must use https:// (personal data travels over it).`;
      } catch {
        // Reported as the configuration problem, shown on the maintenance screen.
        configProblem = `The central system address "${url}" is not a valid URL.`;
      }
    }
    this.configProblem = configProblem;
    this.client =
      url && !configProblem
        ? new CentralClient({
            baseUrl: url,
            fetch: options.fetch,
            timeoutMs: this.tuning.requestTimeoutMs,
            now: () => this.now().getTime(),
          })
        : null;
    this.credential = this.loadCredential();
    if (this.credential && this.client)
      this.client.setCredential(this.credential.kioskId, this.credential.credential);
    this.unsubscribeEnqueue = this.outbox.onEnqueue(() => this.nudge());
  }

  start(): void {
    if (this.running || !this.client) {
      this.emitIfChanged();
      return;
    }
    this.running = true;
    this.loop = this.run();
    this.emitIfChanged();
  }

  /** Stops the loop, aborting a request under way; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribeEnqueue();
    this.client?.abortAll();
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** One full cycle now, ignoring back-off and an open circuit (the "sync now" button). */
  async syncNow(): Promise<SyncRunResult> {
    if (!this.client)
      return {
        ok: false,
        pushed: 0,
        backlog: this.outbox.backlog(),
        error: this.configProblem ?? 'Sync is not configured.',
      };
    if (this.cycle) await this.cycle.catch(() => undefined);
    this.circuit.reset();
    this.attempt = 0;
    this.lastDocumentsAt = -Infinity;
    this.lastHallQueueAt = -Infinity;
    return this.runCycle(true);
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Receives each newly applied catalog, after its signature was verified. */
  onCatalog(listener: (catalog: VerifiedDocument) => void): () => void {
    return this.onDocument((document) => {
      if (document.kind === 'catalog') listener(document);
    });
  }

  /** Receives each newly applied signed document of any kind (catalog, hall-config, staff). */
  onDocument(listener: (document: VerifiedDocument) => void): () => void {
    this.documentListeners.add(listener);
    return () => this.documentListeners.delete(listener);
  }

  /** The document of a kind in force, verified again on read (a tampered database row is refused). */
  currentDocument(kind: DocumentKind): VerifiedDocument | null {
    if (!this.trustedKey) return null;
    const row = this.options.db
      .prepare<
        [string],
        { version: number; published_at: string; document: string; signature: string; key_id: string }
      >('SELECT version, published_at, document, signature, key_id FROM sync_documents WHERE kind = ?')
      .get(kind);
    if (!row) return null;
    const verdict = verifyDocument(
      {
        kind,
        version: row.version,
        publishedAt: row.published_at,
        document: row.document,
        signature: row.signature,
        keyId: row.key_id,
      },
      this.trustedKey.key,
    );
    return verdict.ok ? toVerified(verdict.body) : null;
  }

  /** When the stored document of a kind was applied (ISO), or null when none is stored. */
  documentAppliedAt(kind: DocumentKind): string | null {
    const row = this.options.db
      .prepare<[string], { applied_at: string }>('SELECT applied_at FROM sync_documents WHERE kind = ?')
      .get(kind);
    return row?.applied_at ?? null;
  }

  /** Central's hall-wide queue as last received (kept in memory only: after a restart the first
   *  pull brings a fresh one, and until then tickets say their figure is an estimate). */
  hallQueue(): HallQueueSnapshot | null {
    return this.hallQueueSnapshot;
  }

  health(): SyncHealthDetail {
    const backlog = this.outbox.backlog();
    const base = {
      backlog,
      lastSuccessAt: this.lastSuccessAt,
      circuit: this.circuit.state(),
      clockOffsetMs: this.clockOffsetMs,
      oldestPendingAt: this.outbox.oldestPendingAt(),
      documents: this.documentVersions(),
    };
    if (!this.options.centralUrl?.trim())
      return { ...base, level: 'disabled', key: 'health.sync.notConfigured', lastError: null };
    if (this.configProblem)
      return { ...base, level: 'fault', key: 'health.sync.misconfigured', lastError: this.configProblem };
    if (!this.credential && !this.options.enrollmentToken)
      return {
        ...base,
        level: 'fault',
        key: 'health.sync.notRegistered',
        lastError:
          'This kiosk has no credential for the central system; configure an enrollment token from the administrator.',
      };
    if (this.problem === 'needs-staff')
      return { ...base, level: 'fault', key: 'health.sync.rejected', lastError: this.lastError };
    if (this.problem === 'transient')
      return { ...base, level: 'warning', key: 'health.sync.offline', lastError: this.lastError };
    if (this.documentProblem)
      return {
        ...base,
        level: 'warning',
        key: 'health.sync.documentRefused',
        lastError: this.documentProblem,
      };
    if (!this.lastSuccessAt)
      return { ...base, level: 'connecting', key: 'health.sync.connecting', lastError: this.lastError };
    if (backlog >= this.tuning.backlogWarning)
      return { ...base, level: 'warning', key: 'health.sync.backlog', lastError: null };
    return { ...base, level: 'ok', key: 'health.sync.ok', lastError: null };
  }

  // ── the loop ────────────────────────────────────────────────────────────────────────────────

  private async run(): Promise<void> {
    // A ticket enqueued meanwhile still wakes it (nudge): a citizen's record is not held back.
    const spread = startDelay(this.tuning.startSpreadMs, this.random);
    if (spread > 0) await this.sleep(spread);
    while (this.running) {
      let delay: number;
      if (!this.forceNext && !this.circuit.tryAcquire()) {
        delay = this.circuit.msUntilProbe();
      } else {
        this.forceNext = false;
        const result = await this.runCycle(false).catch((error: unknown) => {
          this.options.logger.error('sync.cycle-failed', { error: (error as Error).message });
          return { ok: false } as SyncRunResult;
        });
        delay = result.ok ? this.tuning.idleIntervalMs : this.nextDelay();
      }
      if (!this.running) break;
      await this.sleep(delay);
    }
  }

  /** The server's (or our own, for a fault staff must fix) wait before the next attempt. */
  private retryAfterMs: number | undefined;

  private nextDelay(): number {
    const retry = retryDelay(
      this.attempt,
      { baseMs: this.tuning.backoffBaseMs, capMs: this.tuning.backoffCapMs },
      this.retryAfterMs,
      this.random,
    );
    const delay = Math.max(retry, this.circuit.msUntilProbe());
    this.retryAfterMs = undefined;
    return delay;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  /** An enqueue wakes an idle sender shortly (not a failing one: back-off stays in force). */
  private nudge(): void {
    if (!this.running || this.problem !== 'none' || this.circuit.state() !== 'closed' || !this.wake) return;
    const wake = this.wake;
    this.wake = null;
    setTimeout(wake, this.tuning.wakeDelayMs).unref?.();
  }

  private runCycle(forced: boolean): Promise<SyncRunResult> {
    const cycle = this.cycleBody(forced).finally(() => {
      this.cycle = null;
      this.emitIfChanged();
    });
    this.cycle = cycle;
    return cycle;
  }

  private async cycleBody(forced: boolean): Promise<SyncRunResult> {
    const client = this.client!;
    if (!(await this.ensureRegistered(client))) return this.result(false, 0);

    let pushed = 0;
    let pushedTicket = false;
    for (;;) {
      if (!this.running && !forced) break;
      const batch = this.outbox.nextBatch(this.tuning.maxBatchRecords, this.tuning.maxBatchBytes);
      if (batch.length === 0) break;
      const answer = await client.push(batch);
      if (!answer.ok && !this.running && !forced) break;
      if (!answer.ok) {
        if (answer.failure.kind === 'gap' && this.recoverGap(answer.failure)) continue;
        this.fail(answer.failure);
        return this.result(false, pushed);
      }
      const expected = new Map(batch.map((record) => [record.key, record.seq]));
      const valid = answer.body.receipts.filter((receipt) => expected.get(receipt.key) === receipt.seq);
      if (valid.length !== batch.length) {
        this.fail({
          kind: 'protocol',
          message: 'The central system answered with receipts that do not match the records sent.',
        });
        return this.result(false, pushed);
      }
      this.noteClock(answer.body.serverTime, answer.sentAt, answer.receivedAt);
      this.outbox.acknowledge(valid);
      pushed += valid.length;
      pushedTicket ||= batch.some((record) => record.type === 'ticket');
      this.succeed();
      this.emitIfChanged();
      // Let the kiosk's own work run between batches of a long catch-up.
      await new Promise((resolve) => setImmediate(resolve));
    }

    if (performance.now() - this.lastDocumentsAt >= this.tuning.documentIntervalMs) {
      if (!(await this.pullDocuments(client))) return this.result(false, pushed);
      this.lastDocumentsAt = performance.now();
    }
    // Right after a ticket reached central the hall's figure changed: the next person at this or
    // another kiosk of the hall should see it, so pull now rather than on the next interval.
    if (pushedTicket || performance.now() - this.lastHallQueueAt >= this.tuning.hallQueueIntervalMs)
      await this.pullHallQueue(client);
    if (pushed === 0) {
      // Nothing to send: still prove the link (and measure the clock) once per cycle.
      const answer = await client.time();
      if (!answer.ok) {
        this.fail(answer.failure);
        return this.result(false, pushed);
      }
      this.noteClock(answer.body.serverTime, answer.sentAt, answer.receivedAt);
      this.succeed();
    }
    this.housekeeping();
    return this.result(true, pushed);
  }

  private result(ok: boolean, pushed: number): SyncRunResult {
    return { ok, pushed, backlog: this.outbox.backlog(), error: ok ? null : this.lastError };
  }

  private async ensureRegistered(client: CentralClient): Promise<boolean> {
    const token = this.options.enrollmentToken?.trim() || null;
    const tokenId = token ? fingerprint(token) : null;
    const stored = this.credential;
    const usable =
      stored && stored.kioskId === this.options.kioskId && stored.centralUrl === this.options.centralUrl;
    if (usable && (!tokenId || stored.enrollment === tokenId)) return true;
    if (!token) {
      this.fail({
        kind: 'unauthorized',
        message: stored
          ? `This kiosk was registered as ${stored.kioskId} with ${stored.centralUrl}; it is now configured differently and needs a new enrollment token.`
          : 'This kiosk has no credential for the central system; configure an enrollment token from the administrator.',
      });
      return false;
    }
    const answer = await client.register({
      kioskId: this.options.kioskId,
      enrollmentToken: token,
      // The same on every retry and after a restart, unknown to anyone else holding the token: a
      // lost answer can be asked for again, a stolen spent token cannot (central binds the first).
      attempt: crypto
        .createHmac('sha256', loadOrCreateKey(this.options.keysDir))
        .update(`enrollment-attempt:${token}`)
        .digest('base64url'),
      ...(this.options.softwareVersion ? { softwareVersion: this.options.softwareVersion } : {}),
    });
    if (!answer.ok) {
      // A refused token after a credential already exists for it is fine: keep the credential.
      this.fail(answer.failure);
      return false;
    }
    const credential: StoredCredential = {
      kioskId: answer.body.kioskId,
      credential: answer.body.credential,
      centralUrl: this.options.centralUrl!,
      enrollment: tokenId,
    };
    this.saveCredential(credential);
    this.credential = credential;
    client.setCredential(credential.kioskId, credential.credential);
    this.outbox.advanceSequenceTo(answer.body.nextSeq);
    this.noteClock(answer.body.serverTime, answer.sentAt, answer.receivedAt);
    this.options.logger.info('sync.registered', {
      kioskId: credential.kioskId,
      nextSeq: answer.body.nextSeq,
    });
    return true;
  }

  /** The server expects an earlier record than the first we hold unsent: it lost acknowledged
   *  records (restored from a backup). Send them again if we still have them. */
  private recoverGap(failure: SyncFailure): boolean {
    const expected = failure.expectedSeq;
    const first = this.outbox.firstPendingSeq();
    if (expected === undefined || first === null || expected >= first) return false;
    if (!this.outbox.requeueFrom(expected)) return false;
    this.options.logger.warn('sync.central-lost-records', {
      fromSeq: expected,
      firstPending: first,
    });
    return true;
  }

  private async pullDocuments(client: CentralClient): Promise<boolean> {
    if (!this.trustedKey) return true;
    const versions = this.documentVersions();
    for (const kind of documentKinds) {
      const answer = await client.document(kind, versions[kind] ?? 0);
      if (!answer.ok) {
        this.fail(answer.failure);
        return false;
      }
      if (answer.body) this.applyDocument(answer.body, versions[kind] ?? 0);
    }
    return true;
  }

  /** A failed pull does not fail the cycle (the push is what must not stall): the snapshot just
   *  ages, and past its freshness tickets print this kiosk's own count as an estimate. */
  private async pullHallQueue(client: CentralClient): Promise<void> {
    // Taken before the request: tickets issued from here on (or still unsent) are not in the
    // answer, and are added from this kiosk's own rows when a ticket is printed.
    const localPendingFrom = this.outbox.oldestPendingTicketAt() ?? this.now().toISOString();
    const answer = await client.hallQueue();
    if (!answer.ok) {
      const message =
        answer.failure.status === 403
          ? 'The central system does not give this kiosk a hall queue (is it enrolled in a hall?).'
          : answer.failure.message;
      if (this.hallQueueProblem !== message)
        this.options.logger.warn('sync.hall-queue-not-received', {
          kind: answer.failure.kind,
          status: answer.failure.status,
          reason: message,
        });
      this.hallQueueProblem = message;
      return;
    }
    this.lastHallQueueAt = performance.now();
    if (this.hallQueueProblem !== null) this.options.logger.info('sync.hall-queue-received-again', {});
    this.hallQueueProblem = null;
    this.hallQueueSnapshot = {
      businessDay: answer.body.businessDay,
      asOf: answer.body.asOf,
      receivedAtMs: this.now().getTime(),
      localPendingFrom,
      waiting: Object.fromEntries(answer.body.lines.map((line) => [line.line, line.waiting])),
      // Counted per priority by a central that knows them (every line then carries the list).
      ...(answer.body.lines.every((line) => line.waitingByPriority)
        ? {
            waitingByPriority: Object.fromEntries(
              answer.body.lines.map((line) => [line.line, line.waitingByPriority ?? []]),
            ),
          }
        : {}),
    };
  }

  private applyDocument(signed: SignedDocument, current: number): void {
    const inForce = current > 0 ? `Version ${current} stays in force.` : 'No earlier version is in force.';
    const refuse = (reason: string): void => {
      const message = `The ${signed.kind} offered by the central system was refused: ${reason} ${inForce}`;
      if (this.documentProblem !== message)
        this.options.logger.warn('sync.document-refused', {
          kind: signed.kind,
          version: signed.version,
          reason,
        });
      this.documentProblem = message;
    };
    if (signed.keyId !== this.trustedKey!.keyId)
      return refuse(
        `it is signed with key ${signed.keyId}, but this kiosk trusts key ${this.trustedKey!.keyId}.`,
      );
    const verdict = verifyDocument(signed, this.trustedKey!.key);
    if (!verdict.ok) return refuse(verdict.reason);
    if (signed.version <= current) return refuse(`version ${signed.version} is not newer than ${current}.`);
    const verified = toVerified(verdict.body);
    const problem = this.options.checkDocument?.(verified);
    if (problem) return refuse(problem);
    this.options.db
      .prepare(
        `INSERT INTO sync_documents (kind, version, published_at, document, signature, key_id, applied_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind) DO UPDATE SET version = excluded.version, published_at = excluded.published_at,
           document = excluded.document, signature = excluded.signature, key_id = excluded.key_id,
           applied_at = excluded.applied_at`,
      )
      .run(
        signed.kind,
        signed.version,
        signed.publishedAt,
        signed.document,
        signed.signature,
        signed.keyId,
        this.now().toISOString(),
      );
    this.documentProblem = null;
    this.options.logger.info('sync.document-applied', { kind: signed.kind, version: signed.version });
    for (const listener of this.documentListeners) {
      try {
        listener(verified);
      } catch (error) {
        this.options.logger.error('sync.document-listener-failed', {
          kind: signed.kind,
          error: (error as Error).message,
        });
      }
    }
  }

  private documentVersions(): Partial<Record<DocumentKind, number>> {
    const rows = this.options.db
      .prepare<[], { kind: DocumentKind; version: number }>('SELECT kind, version FROM sync_documents')
      .all();
    return Object.fromEntries(rows.map((row) => [row.kind, row.version]));
  }

  private housekeeping(): void {
    if (performance.now() - this.lastHousekeepingAt < this.tuning.housekeepingIntervalMs) return;
    this.lastHousekeepingAt = performance.now();
    const purged = this.outbox.purgePersonal(this.tuning.retentionDays);
    const removed = this.outbox.compact(Math.max(this.tuning.keepAckedDays, this.tuning.retentionDays));
    if (purged > 0 || removed > 0)
      this.options.logger.info('sync.housekeeping', { personalPurged: purged, recordsRemoved: removed });
  }

  private noteClock(serverTime: string, sentAt: number, receivedAt: number): void {
    const server = Date.parse(serverTime);
    if (Number.isNaN(server)) return;
    const offset = Math.round(server - (sentAt + receivedAt) / 2);
    const previous = this.clockOffsetMs;
    this.clockOffsetMs = offset;
    if (Math.abs(offset) > 60_000 && (previous === null || Math.abs(previous - offset) > 30_000))
      this.options.logger.warn('sync.clock-offset', { offsetMs: offset });
  }

  private succeed(): void {
    this.attempt = 0;
    this.circuit.onSuccess();
    this.problem = 'none';
    this.lastError = null;
    this.lastSuccessAt = this.now().toISOString();
    this.writeState('last_success_at', this.lastSuccessAt);
    this.writeState('last_error', null);
  }

  private fail(failure: SyncFailure): void {
    this.attempt += 1;
    const needsStaff = ['unauthorized', 'forbidden', 'conflict', 'gap', 'rejected'].includes(failure.kind);
    if (failure.kind === 'busy') {
      this.retryAfterMs = failure.retryAfterMs;
    } else {
      this.circuit.onFailure();
    }
    if (needsStaff) {
      // No point retrying quickly: keep probing slowly so a fix on the server side is noticed.
      this.retryAfterMs = Math.max(this.retryAfterMs ?? 0, this.tuning.circuitMaxOpenMs / 4);
    }
    this.problem = needsStaff ? 'needs-staff' : 'transient';
    if (this.lastError !== failure.message)
      this.options.logger.warn('sync.failed', {
        kind: failure.kind,
        status: failure.status,
        reason: failure.message,
      });
    this.lastError = failure.message;
    this.writeState('last_error', failure.message);
  }

  private emitIfChanged(): void {
    const health = this.health();
    const json = JSON.stringify([
      health.level,
      health.key,
      health.backlog,
      health.lastError,
      health.lastSuccessAt,
    ]);
    if (json === this.lastHealthJson) return;
    this.lastHealthJson = json;
    for (const listener of this.changeListeners) {
      try {
        listener();
      } catch (error) {
        this.options.logger.error('sync.health-listener-failed', { error: (error as Error).message });
      }
    }
  }

  private readState(key: string): string | null {
    return (
      this.options.db
        .prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?')
        .get(key)?.value ?? null
    );
  }

  private writeState(key: string, value: string | null): void {
    if (value === null) this.options.db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
    else
      this.options.db
        .prepare(
          'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run(key, value);
  }

  private loadCredential(): StoredCredential | null {
    const file = path.join(this.options.keysDir, credentialFile);
    if (!fs.existsSync(file)) return null;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredCredential;
      return typeof parsed.credential === 'string' && typeof parsed.kioskId === 'string' ? parsed : null;
    } catch {
      this.options.logger.warn('sync.credential-unreadable', {});
      return null;
    }
  }

  private saveCredential(credential: StoredCredential): void {
    writeFileAtomic(path.join(this.options.keysDir, credentialFile), JSON.stringify(credential));
  }
}

function fingerprint(token: string): string {
  // Only a prefix of a hash of the token is kept: enough to notice a new token, useless to an attacker.
  return crypto.createHash('sha256').update(token).digest('hex').slice(0, 16);
}

function toVerified(body: DocumentBody): VerifiedDocument {
  return {
    kind: body.kind,
    version: body.version,
    issuedAt: body.issuedAt,
    hall: body.hall ?? null,
    content: body.content,
  };
}
