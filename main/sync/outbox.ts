// The kiosk's outbox: every record for the central system is written here in the same SQLite
// transaction as the business record it reports, so a crash can never keep one and lose the other.
import { AppError } from '../../common/errors.ts';
import crypto from 'node:crypto';
import { eventTypes, type EventRecord, type EventType } from '../../protocol/contract.ts';
import type { Db } from '../store/database.ts';
import { decryptPersonal, encryptPersonal } from './crypto.ts';

export type { EventType } from '../../protocol/contract.ts';

export interface OutboxEvent {
  type: EventType;
  /** Non-personal content; kept after the retention period. Must be a JSON object. */
  payload: Record<string, unknown>;
  /** Personal fields (name, ID number, phone…): encrypted at rest, purged after sync + retention. */
  personal?: Record<string, unknown>;
  occurredAt?: Date;
}

export interface EnqueuedEvent {
  seq: number;
  key: string;
}

export interface OutboxOptions {
  /** 32-byte AES-256-GCM key (see loadOrCreateKey in crypto.ts). */
  personalKey: Buffer;
  now?: () => Date;
}

/** A single record may not exceed this (as JSON), so it always fits a batch. */
export const maxRecordBytes = 256 * 1024;

export class OutboxError extends AppError {
  override name = 'OutboxError';
}

interface OutboxRow {
  seq: number;
  idempotency_key: string;
  type: string;
  occurred_at: string;
  payload: string;
  personal: Buffer | null;
}

export class Outbox {
  private readonly now: () => Date;
  private readonly listeners = new Set<() => void>();
  private readonly statements;
  private readonly enqueueTransaction;

  constructor(
    readonly db: Db,
    private readonly options: OutboxOptions,
  ) {
    if (options.personalKey.length !== 32) throw new OutboxError('The personal-data key must be 32 bytes.');
    this.now = options.now ?? (() => new Date());
    this.statements = {
      nextSeq: db.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'next_seq'"),
      setNextSeq: db.prepare<[string]>("UPDATE sync_state SET value = ? WHERE key = 'next_seq'"),
      insert: db.prepare(
        `INSERT INTO sync_outbox (seq, idempotency_key, type, occurred_at, payload, personal)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      pending: db.prepare<[number], OutboxRow>(
        `SELECT seq, idempotency_key, type, occurred_at, payload, personal FROM sync_outbox
         WHERE acked_at IS NULL ORDER BY seq LIMIT ?`,
      ),
      ack: db.prepare<[string, string, number]>(
        'UPDATE sync_outbox SET acked_at = ? WHERE idempotency_key = ? AND seq = ? AND acked_at IS NULL',
      ),
      backlog: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_outbox WHERE acked_at IS NULL'),
      oldestPending: db.prepare<[], { occurred_at: string } | undefined>(
        'SELECT occurred_at FROM sync_outbox WHERE acked_at IS NULL ORDER BY seq LIMIT 1',
      ),
      oldestPendingIssue: db.prepare<[], { at: string | null }>(
        `SELECT min(occurred_at) AS at FROM sync_outbox WHERE acked_at IS NULL AND type = 'ticket'
           AND json_extract(payload, '$.action') = 'issued'`,
      ),
      firstPendingSeq: db.prepare<[], { seq: number } | undefined>(
        'SELECT seq FROM sync_outbox WHERE acked_at IS NULL ORDER BY seq LIMIT 1',
      ),
      lowestSeq: db.prepare<[], { seq: number | null }>('SELECT min(seq) AS seq FROM sync_outbox'),
      purge: db.prepare<[string, string, number]>(
        `UPDATE sync_outbox SET personal = NULL, purged_at = ? WHERE seq IN (
           SELECT seq FROM sync_outbox WHERE acked_at IS NOT NULL AND personal IS NOT NULL AND acked_at <= ?
           ORDER BY acked_at LIMIT ?)`,
      ),
      // With no central system nothing is ever acknowledged: the clock starts when it happened.
      purgeUnsent: db.prepare<[string, string, number]>(
        `UPDATE sync_outbox SET personal = NULL, purged_at = ? WHERE seq IN (
           SELECT seq FROM sync_outbox WHERE personal IS NOT NULL AND occurred_at <= ?
           ORDER BY seq LIMIT ?)`,
      ),
      compact: db.prepare<[string, number]>(
        `DELETE FROM sync_outbox WHERE seq IN (
           SELECT seq FROM sync_outbox WHERE acked_at IS NOT NULL AND acked_at <= ? ORDER BY acked_at LIMIT ?)`,
      ),
      requeue: db.prepare<[number]>('UPDATE sync_outbox SET acked_at = NULL WHERE seq >= ?'),
    };
    this.enqueueTransaction = db.transaction((event: OutboxEvent): EnqueuedEvent => {
      const seq = Number(this.statements.nextSeq.get()?.value ?? '1');
      const key = crypto.randomUUID();
      const personal =
        event.personal === undefined
          ? null
          : encryptPersonal(this.options.personalKey, JSON.stringify(event.personal), key);
      this.statements.insert.run(
        seq,
        key,
        event.type,
        (event.occurredAt ?? this.now()).toISOString(),
        JSON.stringify(event.payload),
        personal,
      );
      this.statements.setNextSeq.run(String(seq + 1));
      return { seq, key };
    });
  }

  /** Appends a record. Synchronous; call it inside the caller's transaction (it nests as a
   *  savepoint), so the record exists exactly when the business record does. */
  enqueue(event: OutboxEvent): EnqueuedEvent {
    if (!eventTypes.includes(event.type))
      throw new OutboxError(`Unknown record type "${String(event.type)}".`);
    if (!event.payload || typeof event.payload !== 'object' || Array.isArray(event.payload))
      throw new OutboxError('A record payload must be a JSON object.');
    if (event.personal !== undefined && (typeof event.personal !== 'object' || Array.isArray(event.personal)))
      throw new OutboxError('Personal fields must be a JSON object.');
    const size = JSON.stringify(event.payload).length + JSON.stringify(event.personal ?? {}).length;
    if (size > maxRecordBytes)
      throw new OutboxError(`A record may hold at most ${maxRecordBytes} bytes; got ${size}.`);
    // IMMEDIATE when on its own (inside a caller's transaction it is a savepoint): a short lock by
    // another program is waited out by the busy timeout instead of failing after the first read.
    const result = this.enqueueTransaction.immediate(event);
    for (const listener of this.listeners) listener();
    return result;
  }

  /** Called after each enqueue (even one whose surrounding transaction later rolls back). */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next records to send, in sequence order, decrypted: at most `limit` records and, beyond the
   *  first, at most `maxBytes` of JSON, so memory stays flat however long the backlog. */
  nextBatch(limit: number, maxBytes: number): EventRecord[] {
    const batch: EventRecord[] = [];
    let bytes = 0;
    for (const row of this.statements.pending.iterate(limit)) {
      const record: EventRecord = {
        seq: row.seq,
        key: row.idempotency_key,
        type: row.type as EventType,
        occurredAt: row.occurred_at,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
      };
      if (row.personal)
        record.personal = JSON.parse(
          decryptPersonal(this.options.personalKey, row.personal, row.idempotency_key),
        ) as Record<string, unknown>;
      const size = row.payload.length + (row.personal?.length ?? 0) + 200;
      if (batch.length > 0 && bytes + size > maxBytes) break;
      bytes += size;
      batch.push(record);
    }
    return batch;
  }

  /** Marks records the central system holds; returns how many were newly marked. */
  acknowledge(receipts: ReadonlyArray<{ key: string; seq: number }>): number {
    const at = this.now().toISOString();
    return this.db.transaction(() => {
      let marked = 0;
      for (const receipt of receipts) marked += this.statements.ack.run(at, receipt.key, receipt.seq).changes;
      return marked;
    })();
  }

  backlog(): number {
    return this.statements.backlog.get()?.n ?? 0;
  }

  oldestPendingAt(): string | null {
    return this.statements.oldestPending.get()?.occurred_at ?? null;
  }

  /** When the earliest ticket not yet acknowledged by central was issued (its record's time), or
   *  null when central holds every ticket issued here: tickets issued before it are at central. */
  oldestPendingTicketAt(): string | null {
    return this.statements.oldestPendingIssue.get()?.at ?? null;
  }

  firstPendingSeq(): number | null {
    return this.statements.firstPendingSeq.get()?.seq ?? null;
  }

  nextSeq(): number {
    return Number(this.statements.nextSeq.get()?.value ?? '1');
  }

  /** A kiosk registering anew continues the sequence the central system expects; only ever moves
   *  forward, so a sequence number is never used twice. */
  advanceSequenceTo(next: number): void {
    this.db.transaction(() => {
      if (next > this.nextSeq()) this.statements.setNextSeq.run(String(next));
    })();
  }

  /** The central system lost records it had acknowledged (restored from a backup): send them
   *  again from `seq`. False when those records are no longer here. */
  requeueFrom(seq: number): boolean {
    const lowest = this.statements.lowestSeq.get()?.seq;
    if (lowest === null || lowest === undefined || lowest > seq) return false;
    this.statements.requeue.run(seq);
    return true;
  }

  /** Erases personal fields of records acknowledged more than `retentionDays` ago — or, with
   *  `since: 'occurred'` (no central system to acknowledge them), of records that happened more than
   *  `retentionDays` ago — in small steps so the kiosk keeps serving. Returns the count purged.
   *
   *  Erased means gone from the file (issue #14, finding 6): the store runs with secure_delete on,
   *  so the space the ciphertext occupied is zeroed, and the WAL, which still holds the old page
   *  images, is checkpointed and truncated. */
  purgePersonal(retentionDays: number, options: { since?: 'acked' | 'occurred' } = {}): number {
    const cutoff = new Date(this.now().getTime() - retentionDays * 86_400_000).toISOString();
    const at = this.now().toISOString();
    const statement = options.since === 'occurred' ? this.statements.purgeUnsent : this.statements.purge;
    let total = 0;
    for (;;) {
      const changed = statement.run(at, cutoff, 500).changes;
      total += changed;
      if (changed < 500) break;
    }
    if (total > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return total;
  }

  /** Deletes whole records acknowledged more than `keepDays` ago (the central system has them),
   *  so the database does not grow for ever. */
  compact(keepDays: number): number {
    const cutoff = new Date(this.now().getTime() - keepDays * 86_400_000).toISOString();
    let total = 0;
    for (;;) {
      const changed = this.statements.compact.run(cutoff, 500).changes;
      total += changed;
      if (changed < 500) return total;
    }
  }
}

const outboxes = new WeakMap<Db, Outbox>();

/** Creates the outbox of a database and makes it the one `enqueueEvent(db, …)` uses. */
export function openOutbox(db: Db, options: OutboxOptions): Outbox {
  const outbox = new Outbox(db, options);
  outboxes.set(db, outbox);
  return outbox;
}

export function outboxOf(db: Db): Outbox {
  const outbox = outboxes.get(db);
  if (!outbox)
    throw new OutboxError('No outbox is open on this database; call openOutbox(db, { personalKey }) first.');
  return outbox;
}

/** Appends a record for the central system; call inside the business record's transaction. */
export function enqueueEvent(db: Db, event: OutboxEvent): EnqueuedEvent {
  return outboxOf(db).enqueue(event);
}
