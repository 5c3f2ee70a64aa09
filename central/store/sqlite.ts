import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentKind, EventRecord, SignedDocument } from '../../protocol/contract.ts';
import {
  planBatch,
  PublishError,
  type ApplyOutcome,
  type CentralStore,
  type KioskRow,
  type RedeemOutcome,
} from './types.ts';

const schema = `
  CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id            TEXT PRIMARY KEY,
    credential_hash     TEXT,
    enrollment_hash     TEXT,
    enrollment_expires  TEXT,
    registered_at       TEXT,
    revoked_at          TEXT,
    last_seq            INTEGER NOT NULL DEFAULT 0,
    last_seen_at        TEXT
  ) STRICT;
  -- One row per applied idempotency key: the key is applied once, ever.
  CREATE TABLE IF NOT EXISTS receipts (
    kiosk_id         TEXT NOT NULL REFERENCES kiosks(kiosk_id),
    idempotency_key  TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    applied_at       TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, idempotency_key),
    UNIQUE (kiosk_id, seq)
  ) STRICT;
  CREATE TABLE IF NOT EXISTS events (
    arrival      INTEGER PRIMARY KEY,
    kiosk_id     TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    type         TEXT NOT NULL,
    occurred_at  TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    payload      TEXT NOT NULL,
    personal     TEXT,
    UNIQUE (kiosk_id, seq),
    FOREIGN KEY (kiosk_id, idempotency_key) REFERENCES receipts(kiosk_id, idempotency_key)
  ) STRICT;
  CREATE TABLE IF NOT EXISTS documents (
    kind          TEXT NOT NULL,
    version       INTEGER NOT NULL,
    published_at  TEXT NOT NULL,
    document      TEXT NOT NULL,
    signature     TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    PRIMARY KEY (kind, version)
  ) STRICT;
`;

interface EventRow {
  arrival: number;
  kiosk_id: string;
  seq: number;
  idempotency_key: string;
  type: string;
  occurred_at: string;
  received_at: string;
  payload: string;
  personal: string | null;
}

interface DocumentRow {
  kind: DocumentKind;
  version: number;
  published_at: string;
  document: string;
  signature: string;
  key_id: string;
}

/** The embedded store: one SQLite file, WAL, synchronous=FULL so an acknowledged batch survives a
 *  power cut (a receipt the kiosk trusts must never roll back). */
export function openSqliteStore(file: string): CentralStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(schema);

  const kioskById = db.prepare<
    [string],
    {
      last_seq: number;
      credential_hash: string | null;
      revoked_at: string | null;
      enrollment_hash: string | null;
      enrollment_expires: string | null;
    }
  >(
    'SELECT last_seq, credential_hash, revoked_at, enrollment_hash, enrollment_expires FROM kiosks WHERE kiosk_id = ?',
  );
  const receiptByKey = db.prepare<[string, string], { seq: number }>(
    'SELECT seq FROM receipts WHERE kiosk_id = ? AND idempotency_key = ?',
  );
  const insertReceipt = db.prepare(
    'INSERT INTO receipts (kiosk_id, idempotency_key, seq, applied_at) VALUES (?, ?, ?, ?)',
  );
  const insertEvent = db.prepare(
    `INSERT INTO events (kiosk_id, seq, idempotency_key, type, occurred_at, received_at, payload, personal)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
          record.seq,
          record.key,
          record.type,
          record.occurredAt,
          now,
          JSON.stringify(record.payload),
          record.personal === undefined ? null : JSON.stringify(record.personal),
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
  });

  return {
    kind: 'sqlite',
    async createEnrollment(kioskId, tokenHash, expiresAt) {
      db.prepare(
        `INSERT INTO kiosks (kiosk_id, enrollment_hash, enrollment_expires) VALUES (?, ?, ?)
         ON CONFLICT (kiosk_id) DO UPDATE SET enrollment_hash = excluded.enrollment_hash,
           enrollment_expires = excluded.enrollment_expires, revoked_at = NULL`,
      ).run(kioskId, tokenHash, expiresAt);
    },
    async redeemEnrollment(kioskId, tokenHash, credentialHash, now): Promise<RedeemOutcome> {
      return db
        .transaction((): RedeemOutcome => {
          const kiosk = kioskById.get(kioskId);
          if (!kiosk?.enrollment_hash || !kiosk.enrollment_expires)
            return { ok: false, reason: 'no-enrollment' };
          if (kiosk.enrollment_hash !== tokenHash) return { ok: false, reason: 'mismatch' };
          if (Date.parse(kiosk.enrollment_expires) < Date.parse(now)) return { ok: false, reason: 'expired' };
          db.prepare(
            'UPDATE kiosks SET credential_hash = ?, registered_at = ?, revoked_at = NULL WHERE kiosk_id = ?',
          ).run(credentialHash, now, kioskId);
          return { ok: true, lastSeq: kiosk.last_seq };
        })
        .immediate();
    },
    async confirmEnrollment(kioskId) {
      db.prepare(
        'UPDATE kiosks SET enrollment_hash = NULL, enrollment_expires = NULL WHERE kiosk_id = ?',
      ).run(kioskId);
    },
    async authInfo(kioskId) {
      const kiosk = kioskById.get(kioskId);
      if (!kiosk || kiosk.revoked_at || !kiosk.credential_hash) return null;
      return { credentialHash: kiosk.credential_hash, enrollmentPending: kiosk.enrollment_hash !== null };
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
            registered_at: string | null;
            revoked_at: string | null;
            last_seq: number;
            last_seen_at: string | null;
            enrollment_hash: string | null;
          }
        >(
          'SELECT kiosk_id, registered_at, revoked_at, last_seq, last_seen_at, enrollment_hash FROM kiosks ORDER BY kiosk_id',
        )
        .all();
      return rows.map((row) => ({
        kioskId: row.kiosk_id,
        registeredAt: row.registered_at,
        revokedAt: row.revoked_at,
        lastSeq: row.last_seq,
        lastSeenAt: row.last_seen_at,
        enrollmentPending: row.enrollment_hash !== null,
      }));
    },
    async applyBatch(kioskId, records, now) {
      return apply.immediate(kioskId, records, now);
    },
    async publishDocument(document) {
      db.transaction(() => {
        const newest = db
          .prepare<[string], { version: number }>(
            'SELECT max(version) AS version FROM documents WHERE kind = ?',
          )
          .get(document.kind);
        if (newest?.version != null && newest.version >= document.version)
          throw new PublishError(
            `The ${document.kind} version ${newest.version} is already published; publish a higher version than ${document.version}.`,
          );
        db.prepare(
          'INSERT INTO documents (kind, version, published_at, document, signature, key_id) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(
          document.kind,
          document.version,
          document.publishedAt,
          document.document,
          document.signature,
          document.keyId,
        );
      }).immediate();
    },
    async latestDocument(kind) {
      const row = db
        .prepare<[string], DocumentRow>(
          'SELECT * FROM documents WHERE kind = ? ORDER BY version DESC LIMIT 1',
        )
        .get(kind);
      return row ? toDocument(row) : null;
    },
    async events(kioskId) {
      const rows = kioskId
        ? db
            .prepare<[string], EventRow>('SELECT * FROM events WHERE kiosk_id = ? ORDER BY arrival')
            .all(kioskId)
        : db.prepare<[], EventRow>('SELECT * FROM events ORDER BY arrival').all();
      return rows.map((row) => ({
        arrival: row.arrival,
        kioskId: row.kiosk_id,
        seq: row.seq,
        key: row.idempotency_key,
        type: row.type,
        occurredAt: row.occurred_at,
        receivedAt: row.received_at,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
        personal: row.personal === null ? null : (JSON.parse(row.personal) as Record<string, unknown>),
      }));
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
