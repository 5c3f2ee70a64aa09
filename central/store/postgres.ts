import pg from 'pg';
import type { DocumentKind } from '../../protocol/contract.ts';
import {
  planBatch,
  PublishError,
  type ApplyOutcome,
  type CentralStore,
  type KioskRow,
  type RedeemOutcome,
  type StoredEvent,
} from './types.ts';

const schema = `
  CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id            text PRIMARY KEY,
    credential_hash     text,
    enrollment_hash     text,
    enrollment_expires  timestamptz,
    registered_at       timestamptz,
    revoked_at          timestamptz,
    last_seq            bigint NOT NULL DEFAULT 0,
    last_seen_at        timestamptz
  );
  CREATE TABLE IF NOT EXISTS receipts (
    kiosk_id         text NOT NULL REFERENCES kiosks(kiosk_id),
    idempotency_key  text NOT NULL,
    seq              bigint NOT NULL,
    applied_at       timestamptz NOT NULL,
    PRIMARY KEY (kiosk_id, idempotency_key),
    UNIQUE (kiosk_id, seq)
  );
  CREATE TABLE IF NOT EXISTS events (
    arrival          bigserial PRIMARY KEY,
    kiosk_id         text NOT NULL,
    seq              bigint NOT NULL,
    idempotency_key  text NOT NULL,
    type             text NOT NULL,
    occurred_at      text NOT NULL,
    received_at      timestamptz NOT NULL,
    payload          jsonb NOT NULL,
    personal         jsonb,
    UNIQUE (kiosk_id, seq),
    FOREIGN KEY (kiosk_id, idempotency_key) REFERENCES receipts(kiosk_id, idempotency_key)
  );
  CREATE TABLE IF NOT EXISTS documents (
    kind          text NOT NULL,
    version       integer NOT NULL,
    published_at  text NOT NULL,
    document      text NOT NULL,
    signature     text NOT NULL,
    key_id        text NOT NULL,
    PRIMARY KEY (kind, version)
  );
`;

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** The city-wide store. A batch runs in one transaction that locks its kiosk's row first, so two
 *  servers behind a load balancer still apply each kiosk's records once and in order. */
export async function openPostgresStore(connectionString: string): Promise<CentralStore> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // Two servers starting together must not race on CREATE TABLE IF NOT EXISTS.
  const setup = await pool.connect();
  try {
    await setup.query('SELECT pg_advisory_lock(7471001)');
    await setup.query(schema);
    await setup.query('SELECT pg_advisory_unlock(7471001)');
  } finally {
    setup.release();
  }

  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    kind: 'postgres',
    async createEnrollment(kioskId, tokenHash, expiresAt) {
      await pool.query(
        `INSERT INTO kiosks (kiosk_id, enrollment_hash, enrollment_expires) VALUES ($1, $2, $3)
         ON CONFLICT (kiosk_id) DO UPDATE SET enrollment_hash = excluded.enrollment_hash,
           enrollment_expires = excluded.enrollment_expires, revoked_at = NULL`,
        [kioskId, tokenHash, expiresAt],
      );
    },
    async redeemEnrollment(kioskId, tokenHash, credentialHash, now): Promise<RedeemOutcome> {
      return inTransaction(async (client): Promise<RedeemOutcome> => {
        const { rows } = await client.query<{
          enrollment_hash: string | null;
          enrollment_expires: Date | null;
          last_seq: string;
        }>(
          'SELECT enrollment_hash, enrollment_expires, last_seq FROM kiosks WHERE kiosk_id = $1 FOR UPDATE',
          [kioskId],
        );
        const kiosk = rows[0];
        if (!kiosk?.enrollment_hash || !kiosk.enrollment_expires)
          return { ok: false, reason: 'no-enrollment' };
        if (kiosk.enrollment_hash !== tokenHash) return { ok: false, reason: 'mismatch' };
        if (kiosk.enrollment_expires.getTime() < Date.parse(now)) return { ok: false, reason: 'expired' };
        await client.query(
          'UPDATE kiosks SET credential_hash = $1, registered_at = $2, revoked_at = NULL WHERE kiosk_id = $3',
          [credentialHash, now, kioskId],
        );
        return { ok: true, lastSeq: Number(kiosk.last_seq) };
      });
    },
    async confirmEnrollment(kioskId) {
      await pool.query(
        'UPDATE kiosks SET enrollment_hash = NULL, enrollment_expires = NULL WHERE kiosk_id = $1',
        [kioskId],
      );
    },
    async authInfo(kioskId) {
      const { rows } = await pool.query<{
        credential_hash: string | null;
        revoked_at: Date | null;
        enrollment_hash: string | null;
      }>('SELECT credential_hash, revoked_at, enrollment_hash FROM kiosks WHERE kiosk_id = $1', [kioskId]);
      const kiosk = rows[0];
      if (!kiosk || kiosk.revoked_at || !kiosk.credential_hash) return null;
      return { credentialHash: kiosk.credential_hash, enrollmentPending: kiosk.enrollment_hash !== null };
    },
    async revokeKiosk(kioskId, now) {
      const result = await pool.query(
        'UPDATE kiosks SET revoked_at = $1, credential_hash = NULL WHERE kiosk_id = $2',
        [now, kioskId],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async listKiosks(): Promise<KioskRow[]> {
      const { rows } = await pool.query<{
        kiosk_id: string;
        registered_at: Date | null;
        revoked_at: Date | null;
        last_seq: string;
        last_seen_at: Date | null;
        enrollment_hash: string | null;
      }>(
        'SELECT kiosk_id, registered_at, revoked_at, last_seq, last_seen_at, enrollment_hash FROM kiosks ORDER BY kiosk_id',
      );
      return rows.map((row) => ({
        kioskId: row.kiosk_id,
        registeredAt: iso(row.registered_at),
        revokedAt: iso(row.revoked_at),
        lastSeq: Number(row.last_seq),
        lastSeenAt: iso(row.last_seen_at),
        enrollmentPending: row.enrollment_hash !== null,
      }));
    },
    async applyBatch(kioskId, records, now): Promise<ApplyOutcome> {
      return inTransaction(async (client): Promise<ApplyOutcome> => {
        const { rows } = await client.query<{ last_seq: string; revoked_at: Date | null }>(
          'SELECT last_seq, revoked_at FROM kiosks WHERE kiosk_id = $1 FOR UPDATE',
          [kioskId],
        );
        const kiosk = rows[0];
        if (!kiosk || kiosk.revoked_at) return { kind: 'unknown-kiosk' };
        const lastSeq = Number(kiosk.last_seq);
        const held = await client.query<{ idempotency_key: string; seq: string }>(
          'SELECT idempotency_key, seq FROM receipts WHERE kiosk_id = $1 AND idempotency_key = ANY($2::text[])',
          [kioskId, records.map((record) => record.key)],
        );
        const known = new Map(held.rows.map((row) => [row.idempotency_key, Number(row.seq)]));
        const plan = planBatch(records, lastSeq, known);
        if (plan.kind === 'gap') return { kind: 'gap', expectedSeq: plan.expectedSeq, lastSeq };
        if (plan.kind === 'conflict') return { kind: 'conflict', message: plan.message, lastSeq };
        if (plan.fresh.length > 0) {
          const seqs = plan.fresh.map((record) => record.seq);
          const keys = plan.fresh.map((record) => record.key);
          await client.query(
            `INSERT INTO receipts (kiosk_id, idempotency_key, seq, applied_at)
             SELECT $1, k, s, $4 FROM unnest($2::text[], $3::bigint[]) AS u(k, s)`,
            [kioskId, keys, seqs, now],
          );
          await client.query(
            `INSERT INTO events (kiosk_id, seq, idempotency_key, type, occurred_at, received_at, payload, personal)
             SELECT $1, s, k, t, o, $2, p::jsonb, pe::jsonb
             FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
               WITH ORDINALITY AS u(s, k, t, o, p, pe, n)
             ORDER BY n`,
            [
              kioskId,
              now,
              seqs,
              keys,
              plan.fresh.map((record) => record.type),
              plan.fresh.map((record) => record.occurredAt),
              plan.fresh.map((record) => JSON.stringify(record.payload)),
              plan.fresh.map((record) =>
                record.personal === undefined ? null : JSON.stringify(record.personal),
              ),
            ],
          );
        }
        await client.query('UPDATE kiosks SET last_seq = $1, last_seen_at = $2 WHERE kiosk_id = $3', [
          plan.lastSeq,
          now,
          kioskId,
        ]);
        return { kind: 'applied', receipts: plan.receipts, lastSeq: plan.lastSeq };
      });
    },
    async publishDocument(document) {
      await inTransaction(async (client) => {
        // Serialise publishers of one kind so "newer than the newest" holds under concurrency.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`document:${document.kind}`]);
        const { rows } = await client.query<{ version: number | null }>(
          'SELECT max(version) AS version FROM documents WHERE kind = $1',
          [document.kind],
        );
        const newest = rows[0]?.version;
        if (newest != null && newest >= document.version)
          throw new PublishError(
            `The ${document.kind} version ${newest} is already published; publish a higher version than ${document.version}.`,
          );
        await client.query(
          'INSERT INTO documents (kind, version, published_at, document, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6)',
          [
            document.kind,
            document.version,
            document.publishedAt,
            document.document,
            document.signature,
            document.keyId,
          ],
        );
      });
    },
    async latestDocument(kind: DocumentKind) {
      const { rows } = await pool.query<{
        kind: DocumentKind;
        version: number;
        published_at: string;
        document: string;
        signature: string;
        key_id: string;
      }>('SELECT * FROM documents WHERE kind = $1 ORDER BY version DESC LIMIT 1', [kind]);
      const row = rows[0];
      return row
        ? {
            kind: row.kind,
            version: row.version,
            publishedAt: row.published_at,
            document: row.document,
            signature: row.signature,
            keyId: row.key_id,
          }
        : null;
    },
    async events(kioskId): Promise<StoredEvent[]> {
      const { rows } = await pool.query<{
        arrival: string;
        kiosk_id: string;
        seq: string;
        idempotency_key: string;
        type: string;
        occurred_at: string;
        received_at: Date;
        payload: Record<string, unknown>;
        personal: Record<string, unknown> | null;
      }>(
        kioskId
          ? 'SELECT * FROM events WHERE kiosk_id = $1 ORDER BY arrival'
          : 'SELECT * FROM events ORDER BY arrival',
        kioskId ? [kioskId] : [],
      );
      return rows.map((row) => ({
        arrival: Number(row.arrival),
        kioskId: row.kiosk_id,
        seq: Number(row.seq),
        key: row.idempotency_key,
        type: row.type,
        occurredAt: row.occurred_at,
        receivedAt: row.received_at.toISOString(),
        payload: row.payload,
        personal: row.personal,
      }));
    },
    async close() {
      await pool.end();
    },
  };
}
