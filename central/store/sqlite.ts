import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentKind, EventRecord, SignedDocument } from '../../protocol/contract.ts';
import { open as openSealed, seal, secureDirectory, type DataKeyProvider } from '../sealing.ts';
import { migrate } from './schema.ts';
import {
  eventFilter,
  judgeRedemption,
  personalContext,
  planBatch,
  PublishError,
  type ApplyOutcome,
  type CentralStore,
  type KioskRow,
  type RedeemOutcome,
  type StoredEvent,
} from './types.ts';

interface EventRow {
  arrival: number;
  kiosk_id: string;
  hall_id: string | null;
  seq: number;
  idempotency_key: string;
  type: string;
  occurred_at: string;
  received_at: string;
  payload: string;
  personal: string | null;
  personal_sealed: string | null;
}

interface DocumentRow {
  kind: DocumentKind;
  hall: string;
  version: number;
  published_at: string;
  document: string;
  signature: string;
  key_id: string;
}

interface KioskState {
  last_seq: number;
  hall_id: string | null;
  credential_hash: string | null;
  revoked_at: string | null;
  enrollment_hash: string | null;
  enrollment_expires: string | null;
  enrollment_hall: string | null;
  enrollment_attempt: string | null;
  enrollment_redeemed_at: string | null;
}

/** The files of a SQLite store: owner-only, whatever the umask (#14 finding 5). */
function tightenFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
  }
}

/** The embedded store: one SQLite file, WAL, synchronous=FULL so an acknowledged batch survives a
 *  power cut (a receipt the kiosk trusts must never roll back). Personal fields are sealed with
 *  the data key before they reach the file; secure_delete overwrites freed pages. */
export async function openSqliteStore(file: string, keys: DataKeyProvider): Promise<CentralStore> {
  const memory = file === ':memory:';
  if (!memory) {
    secureDirectory(path.dirname(path.resolve(file)));
    // Created 0600 before SQLite opens it (SQLite itself would follow the umask).
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  if (!memory) tightenFiles(file);

  await migrate({
    dialect: 'sqlite',
    query: async (sql) => db.prepare(sql).all() as Array<Record<string, unknown>>,
    run: async (sql) => void db.exec(sql),
    // Migrations run synchronously here (better-sqlite3), so BEGIN…COMMIT brackets them exactly.
    transaction: async (work) => {
      db.exec('BEGIN IMMEDIATE');
      try {
        await work();
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    tableExists: async (name) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined,
  });

  // Rows written before sealing existed: seal them now and clear the plain copy (secure_delete
  // overwrites the old bytes; the WAL is checkpointed and truncated right after).
  const legacy = db
    .prepare<[], { arrival: number; kiosk_id: string; idempotency_key: string; personal: string }>(
      'SELECT arrival, kiosk_id, idempotency_key, personal FROM events WHERE personal IS NOT NULL',
    )
    .all();
  if (legacy.length > 0) {
    const update = db.prepare('UPDATE events SET personal_sealed = ?, personal = NULL WHERE arrival = ?');
    db.transaction(() => {
      for (const row of legacy)
        update.run(seal(keys, row.personal, personalContext(row.kiosk_id, row.idempotency_key)), row.arrival);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  }

  const kioskById = db.prepare<[string], KioskState>(
    `SELECT last_seq, hall_id, credential_hash, revoked_at, enrollment_hash, enrollment_expires,
            enrollment_hall, enrollment_attempt, enrollment_redeemed_at FROM kiosks WHERE kiosk_id = ?`,
  );
  const receiptByKey = db.prepare<[string, string], { seq: number }>(
    'SELECT seq FROM receipts WHERE kiosk_id = ? AND idempotency_key = ?',
  );
  const insertReceipt = db.prepare(
    'INSERT INTO receipts (kiosk_id, idempotency_key, seq, applied_at) VALUES (?, ?, ?, ?)',
  );
  const insertEvent = db.prepare(
    `INSERT INTO events (kiosk_id, hall_id, seq, idempotency_key, type, occurred_at, received_at, payload, personal_sealed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bumpKiosk = db.prepare('UPDATE kiosks SET last_seq = ?, last_seen_at = ? WHERE kiosk_id = ?');

  const apply = db.transaction(
    (kioskId: string, records: readonly EventRecord[], now: string): ApplyOutcome => {
      const kiosk = kioskById.get(kioskId);
      if (!kiosk || kiosk.revoked_at) return { kind: 'unknown-kiosk' };
      const known = new Map<string, number>();
      for (const record of records) {
        const held = receiptByKey.get(kioskId, record.key);
        if (held) known.set(record.key, held.seq);
      }
      const plan = planBatch(records, kiosk.last_seq, known);
      if (plan.kind === 'gap') return { kind: 'gap', expectedSeq: plan.expectedSeq, lastSeq: kiosk.last_seq };
      if (plan.kind === 'conflict')
        return { kind: 'conflict', message: plan.message, lastSeq: kiosk.last_seq };
      for (const record of plan.fresh) {
        insertReceipt.run(kioskId, record.key, record.seq, now);
        insertEvent.run(
          kioskId,
          kiosk.hall_id,
          record.seq,
          record.key,
          record.type,
          record.occurredAt,
          now,
          JSON.stringify(record.payload),
          record.personal === undefined
            ? null
            : seal(keys, JSON.stringify(record.personal), personalContext(kioskId, record.key)),
        );
      }
      bumpKiosk.run(plan.lastSeq, now, kioskId);
      return { kind: 'applied', receipts: plan.receipts, lastSeq: plan.lastSeq };
    },
  );

  const toDocument = (row: DocumentRow): SignedDocument => ({
    kind: row.kind,
    version: row.version,
    publishedAt: row.published_at,
    document: row.document,
    signature: row.signature,
    keyId: row.key_id,
    ...(row.hall ? { hall: row.hall } : {}),
  });

  const toEvent = (row: EventRow, withPersonal = true): StoredEvent => {
    const personal = !withPersonal
      ? null
      : row.personal_sealed !== null
        ? openSealed(keys, row.personal_sealed, personalContext(row.kiosk_id, row.idempotency_key))
        : row.personal;
    return {
      arrival: row.arrival,
      kioskId: row.kiosk_id,
      hallId: row.hall_id,
      seq: row.seq,
      key: row.idempotency_key,
      type: row.type,
      occurredAt: row.occurred_at,
      receivedAt: row.received_at,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      personal: personal === null ? null : (JSON.parse(personal) as Record<string, unknown>),
    };
  };

  return {
    kind: 'sqlite',
    async createEnrollment(kioskId, tokenHash, expiresAt, hallId = null) {
      db.prepare(
        `INSERT INTO kiosks (kiosk_id, enrollment_hash, enrollment_expires, enrollment_hall) VALUES (?, ?, ?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET enrollment_hash = excluded.enrollment_hash,
           enrollment_expires = excluded.enrollment_expires, enrollment_hall = excluded.enrollment_hall,
           enrollment_attempt = NULL, enrollment_redeemed_at = NULL, revoked_at = NULL`,
      ).run(kioskId, tokenHash, expiresAt, hallId);
      if (!memory) tightenFiles(file);
    },
    async redeemEnrollment(kioskId, tokenHash, attemptHash, credentialHash, now): Promise<RedeemOutcome> {
      return db
        .transaction((): RedeemOutcome => {
          const kiosk = kioskById.get(kioskId);
          const verdict = judgeRedemption(kiosk, tokenHash, attemptHash, now);
          if (!verdict.ok) return verdict;
          db.prepare(
            `UPDATE kiosks SET credential_hash = ?, registered_at = ?, revoked_at = NULL, hall_id = enrollment_hall,
               enrollment_attempt = ?, enrollment_redeemed_at = coalesce(enrollment_redeemed_at, ?) WHERE kiosk_id = ?`,
          ).run(credentialHash, now, attemptHash, now, kioskId);
          return { ok: true, lastSeq: kiosk!.last_seq, hallId: kiosk!.enrollment_hall };
        })
        .immediate();
    },
    async confirmEnrollment(kioskId) {
      // The token hash and redemption time stay: a later redemption is answered "already used".
      db.prepare('UPDATE kiosks SET enrollment_attempt = NULL WHERE kiosk_id = ?').run(kioskId);
    },
    async authInfo(kioskId) {
      const kiosk = kioskById.get(kioskId);
      if (!kiosk || kiosk.revoked_at || !kiosk.credential_hash) return null;
      return {
        credentialHash: kiosk.credential_hash,
        hallId: kiosk.hall_id,
        enrollmentPending: kiosk.enrollment_attempt !== null,
      };
    },
    async revokeKiosk(kioskId, now) {
      return (
        db
          .prepare('UPDATE kiosks SET revoked_at = ?, credential_hash = NULL WHERE kiosk_id = ?')
          .run(now, kioskId).changes > 0
      );
    },
    async listKiosks(): Promise<KioskRow[]> {
      const rows = db
        .prepare<
          [],
          {
            kiosk_id: string;
            hall_id: string | null;
            registered_at: string | null;
            revoked_at: string | null;
            last_seq: number;
            last_seen_at: string | null;
            enrollment_hash: string | null;
            enrollment_redeemed_at: string | null;
          }
        >(
          'SELECT kiosk_id, hall_id, registered_at, revoked_at, last_seq, last_seen_at, enrollment_hash, enrollment_redeemed_at FROM kiosks ORDER BY kiosk_id',
        )
        .all();
      return rows.map((row) => ({
        kioskId: row.kiosk_id,
        hallId: row.hall_id,
        registeredAt: row.registered_at,
        revokedAt: row.revoked_at,
        lastSeq: row.last_seq,
        lastSeenAt: row.last_seen_at,
        enrollmentPending: row.enrollment_hash !== null && row.enrollment_redeemed_at === null,
      }));
    },
    async applyBatch(kioskId, records, now) {
      return apply.immediate(kioskId, records, now);
    },
    async publishDocument(document) {
      db.transaction(() => {
        // A hall's document must top the city-wide ones and its own; a city-wide one every hall's.
        const newest = document.hall
          ? db
              .prepare<[string, string], { version: number | null }>(
                "SELECT max(version) AS version FROM signed_documents WHERE kind = ? AND hall IN ('', ?)",
              )
              .get(document.kind, document.hall)
          : db
              .prepare<[string], { version: number | null }>(
                'SELECT max(version) AS version FROM signed_documents WHERE kind = ?',
              )
              .get(document.kind);
        if (newest?.version != null && newest.version >= document.version)
          throw new PublishError(
            `The ${document.kind} version ${newest.version} is already published for this scope; publish a higher version than ${document.version}.`,
          );
        db.prepare(
          'INSERT INTO signed_documents (kind, hall, version, published_at, document, signature, key_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(
          document.kind,
          document.hall ?? '',
          document.version,
          document.publishedAt,
          document.document,
          document.signature,
          document.keyId,
        );
      }).immediate();
    },
    async latestDocument(kind, hallId) {
      const row = db
        .prepare<[string, string], DocumentRow>(
          "SELECT * FROM signed_documents WHERE kind = ? AND hall IN ('', ?) ORDER BY version DESC LIMIT 1",
        )
        .get(kind, hallId ?? '');
      return row ? toDocument(row) : null;
    },
    async events(query) {
      const filter = eventFilter(query);
      const where: string[] = [];
      const params: string[] = [];
      if (filter.kioskId) {
        where.push('kiosk_id = ?');
        params.push(filter.kioskId);
      }
      if (filter.hallId) {
        where.push('hall_id = ?');
        params.push(filter.hallId);
      }
      if (filter.type) {
        where.push('type = ?');
        params.push(filter.type);
      }
      if (filter.occurredSince) {
        where.push('occurred_at >= ?');
        params.push(filter.occurredSince);
      }
      const rows = db
        .prepare<string[], EventRow>(
          `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY arrival`,
        )
        .all(...params);
      return rows.map((row) => toEvent(row, filter.withPersonal !== false));
    },
    async schemaVersion() {
      const row = db
        .prepare<[], { version: number }>('SELECT max(version) AS version FROM schema_migrations')
        .get();
      return row?.version ?? 0;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
