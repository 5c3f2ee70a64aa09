import pg from 'pg';
import type { DocumentKind, EventRecord } from '../../protocol/contract.ts';
import { open as openSealed, seal, type DataKeyProvider } from '../sealing.ts';
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

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

export interface PostgresStoreOptions {
  /** Connections in this instance's pool (several instances share the server's max_connections). */
  poolSize?: number;
}

/** The city-wide store. A batch is applied in one statement that compare-and-sets its kiosk's
 *  position, or else in one transaction that locks its kiosk's row first, so two servers behind a
 *  load balancer still apply each kiosk's records once and in order. Personal
 *  fields are sealed with the data key before they are sent to the database. */
export async function openPostgresStore(
  connectionString: string,
  keys: DataKeyProvider,
  options: PostgresStoreOptions = {},
): Promise<CentralStore> {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10 });
  // Authentication has its own few connections. Every request is authenticated before it is
  // admitted, so under a burst most lookups belong to requests about to be answered 429; in one
  // FIFO pool the admitted pushes queued behind them (bench/central-scale: p99 of an accepted push
  // 5–6 s with one pool). The lookup is one indexed read, so a small pool keeps up.
  const authPool = new pg.Pool({
    connectionString,
    max: Math.max(2, Math.ceil((options.poolSize ?? 10) / 4)),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  authPool.on('error', () => undefined);

  // Two servers starting together must not race on the migrations: one at a time, in a session
  // advisory lock; the second finds them done.
  const setup = await pool.connect();
  try {
    await setup.query('SELECT pg_advisory_lock(7471001)');
    try {
      await migrate({
        dialect: 'postgres',
        query: async (sql) => (await setup.query(sql)).rows as Array<Record<string, unknown>>,
        run: async (sql) => void (await setup.query(sql)),
        transaction: async (work) => {
          await setup.query('BEGIN');
          try {
            await work();
            await setup.query('COMMIT');
          } catch (error) {
            await setup.query('ROLLBACK');
            throw error;
          }
        },
        tableExists: async (name) =>
          (await setup.query('SELECT to_regclass($1) AS found', [name])).rows[0]?.found !== null,
      });
      // Rows written before sealing existed (jsonb in `personal`): seal them and clear the copy.
      const legacy = await setup.query<{
        arrival: string;
        kiosk_id: string;
        idempotency_key: string;
        personal: unknown;
      }>('SELECT arrival, kiosk_id, idempotency_key, personal FROM events WHERE personal IS NOT NULL');
      for (const row of legacy.rows)
        await setup.query('UPDATE events SET personal_sealed = $1, personal = NULL WHERE arrival = $2', [
          seal(keys, JSON.stringify(row.personal), personalContext(row.kiosk_id, row.idempotency_key)),
          row.arrival,
        ]);
    } finally {
      await setup.query('SELECT pg_advisory_unlock(7471001)');
    }
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

  /** A batch as one JSON text for json_to_recordset (one native JSON.stringify; pg's per-element
   *  array escaping cost more CPU than the whole transaction). Personal fields sealed here. */
  function batchJson(kioskId: string, fresh: readonly EventRecord[]): string {
    return JSON.stringify(
      fresh.map((record, n) => ({
        s: record.seq,
        k: record.key,
        t: record.type,
        o: record.occurredAt,
        p: record.payload,
        pe:
          record.personal === undefined
            ? null
            : seal(keys, JSON.stringify(record.personal), personalContext(kioskId, record.key)),
        n,
      })),
    );
  }

  /**
   * The common case in one round trip and one statement (autocommit, so atomic): the batch
   * continues the kiosk's sequence exactly and holds only new keys. The kiosk row's UPDATE is a
   * compare-and-set on last_seq; the inserts run only if it matched. Anything else — a repeat
   * after a failover, a gap, a reused key (the receipts' primary key refuses it and the statement
   * rolls back), a concurrent push of the same batch through another instance (the row lock makes
   * it wait, then last_seq no longer matches) — answers null, and the locked path below decides.
   * Why: on 2 cores the socket writes of BEGIN, read, write and COMMIT were the largest CPU cost of
   * a push (bench/central-scale profile), and a herd of kiosks queues behind that CPU.
   */
  async function appendInOrder(
    kioskId: string,
    records: readonly EventRecord[],
    now: string,
  ): Promise<ApplyOutcome | null> {
    const first = records[0];
    if (!first || new Set(records.map((record) => record.key)).size !== records.length) return null;
    if (records.some((record, n) => record.seq !== first.seq + n)) return null;
    const lastSeq = first.seq + records.length - 1;
    try {
      const { rows } = await pool.query<{ applied: number }>(
        `WITH kiosk AS (
           UPDATE kiosks SET last_seq = $5, last_seen_at = $3
           WHERE kiosk_id = $1 AND last_seq = $2 AND revoked_at IS NULL
           RETURNING hall_id
         ), batch AS (
           SELECT b.* FROM json_to_recordset($4::json) AS b(s bigint, k text, t text, o text, p jsonb, pe text, n int)
           WHERE EXISTS (SELECT 1 FROM kiosk)
         ), receipt AS (
           INSERT INTO receipts (kiosk_id, idempotency_key, seq, applied_at)
           SELECT $1, k, s, $3 FROM batch
         ), event AS (
           INSERT INTO events (kiosk_id, hall_id, seq, idempotency_key, type, occurred_at, received_at, payload, personal_sealed)
           SELECT $1, (SELECT hall_id FROM kiosk), s, k, t, o, $3, p, pe FROM batch ORDER BY n
         )
         SELECT count(*)::int AS applied FROM kiosk`,
        [kioskId, first.seq - 1, now, batchJson(kioskId, records), lastSeq],
      );
      if (rows[0]?.applied !== 1) return null;
    } catch (error) {
      // unique_violation: a key this kiosk already used; the locked path names the conflict.
      if ((error as { code?: string }).code === '23505') return null;
      throw error;
    }
    return {
      kind: 'applied',
      receipts: records.map((record) => ({ key: record.key, seq: record.seq, status: 'applied' })),
      lastSeq,
    };
  }

  /** Every other case, in one transaction that locks the kiosk's row: repeats, gaps, conflicts. */
  function applyPlanned(
    kioskId: string,
    records: readonly EventRecord[],
    now: string,
  ): Promise<ApplyOutcome> {
    // Four round trips (BEGIN, read, write, COMMIT): the kiosk row, its lock and the batch's known
    // keys come in one read, and receipts, records and the kiosk's new position go in one statement.
    return inTransaction(async (client): Promise<ApplyOutcome> => {
      const { rows } = await client.query<{
        last_seq: string;
        revoked_at: Date | null;
        hall_id: string | null;
        held: Array<{ k: string; s: number }> | null;
      }>(
        `SELECT last_seq, revoked_at, hall_id,
           (SELECT json_agg(json_build_object('k', idempotency_key, 's', seq)) FROM receipts
             WHERE kiosk_id = $1 AND idempotency_key = ANY($2::text[])) AS held
         FROM kiosks WHERE kiosk_id = $1 FOR UPDATE`,
        [kioskId, records.map((record) => record.key)],
      );
      const kiosk = rows[0];
      if (!kiosk || kiosk.revoked_at) return { kind: 'unknown-kiosk' };
      const lastSeq = Number(kiosk.last_seq);
      const known = new Map((kiosk.held ?? []).map((row) => [row.k, Number(row.s)]));
      const plan = planBatch(records, lastSeq, known);
      if (plan.kind === 'gap') return { kind: 'gap', expectedSeq: plan.expectedSeq, lastSeq };
      if (plan.kind === 'conflict') return { kind: 'conflict', message: plan.message, lastSeq };
      if (plan.fresh.length === 0) {
        await client.query('UPDATE kiosks SET last_seen_at = $1 WHERE kiosk_id = $2', [now, kioskId]);
        return { kind: 'applied', receipts: plan.receipts, lastSeq: plan.lastSeq };
      }
      // Data-modifying CTEs all run; the foreign key from events to receipts is checked at the
      // end of the statement, when both are in.
      await client.query(
        `WITH batch AS (
           SELECT * FROM json_to_recordset($4::json) AS b(s bigint, k text, t text, o text, p jsonb, pe text, n int)
         ), receipt AS (
           INSERT INTO receipts (kiosk_id, idempotency_key, seq, applied_at)
           SELECT $1, k, s, $3 FROM batch
         ), event AS (
           INSERT INTO events (kiosk_id, hall_id, seq, idempotency_key, type, occurred_at, received_at, payload, personal_sealed)
           SELECT $1, $2, s, k, t, o, $3, p, pe FROM batch ORDER BY n
         )
         UPDATE kiosks SET last_seq = $5, last_seen_at = $3 WHERE kiosk_id = $1`,
        [kioskId, kiosk.hall_id, now, batchJson(kioskId, plan.fresh), plan.lastSeq],
      );
      return { kind: 'applied', receipts: plan.receipts, lastSeq: plan.lastSeq };
    });
  }

  return {
    kind: 'postgres',
    async createEnrollment(kioskId, tokenHash, expiresAt, hallId = null) {
      await pool.query(
        `INSERT INTO kiosks (kiosk_id, enrollment_hash, enrollment_expires, enrollment_hall) VALUES ($1, $2, $3, $4)
         ON CONFLICT (kiosk_id) DO UPDATE SET enrollment_hash = excluded.enrollment_hash,
           enrollment_expires = excluded.enrollment_expires, enrollment_hall = excluded.enrollment_hall,
           enrollment_attempt = NULL, enrollment_redeemed_at = NULL, revoked_at = NULL`,
        [kioskId, tokenHash, expiresAt, hallId],
      );
    },
    async redeemEnrollment(kioskId, tokenHash, attemptHash, credentialHash, now): Promise<RedeemOutcome> {
      return inTransaction(async (client): Promise<RedeemOutcome> => {
        const { rows } = await client.query<{
          enrollment_hash: string | null;
          enrollment_expires: Date | null;
          enrollment_hall: string | null;
          enrollment_attempt: string | null;
          enrollment_redeemed_at: Date | null;
          last_seq: string;
        }>(
          `SELECT enrollment_hash, enrollment_expires, enrollment_hall, enrollment_attempt, enrollment_redeemed_at, last_seq
           FROM kiosks WHERE kiosk_id = $1 FOR UPDATE`,
          [kioskId],
        );
        const kiosk = rows[0];
        const verdict = judgeRedemption(kiosk, tokenHash, attemptHash, now);
        if (!verdict.ok) return verdict;
        await client.query(
          `UPDATE kiosks SET credential_hash = $1, registered_at = $2, revoked_at = NULL, hall_id = enrollment_hall,
             enrollment_attempt = $3, enrollment_redeemed_at = coalesce(enrollment_redeemed_at, $2) WHERE kiosk_id = $4`,
          [credentialHash, now, attemptHash, kioskId],
        );
        return { ok: true, lastSeq: Number(kiosk!.last_seq), hallId: kiosk!.enrollment_hall };
      });
    },
    async confirmEnrollment(kioskId) {
      // The token hash and redemption time stay: a later redemption is answered "already used".
      await pool.query('UPDATE kiosks SET enrollment_attempt = NULL WHERE kiosk_id = $1', [kioskId]);
    },
    async authInfo(kioskId) {
      const { rows } = await authPool.query<{
        credential_hash: string | null;
        revoked_at: Date | null;
        hall_id: string | null;
        enrollment_attempt: string | null;
      }>('SELECT credential_hash, revoked_at, hall_id, enrollment_attempt FROM kiosks WHERE kiosk_id = $1', [
        kioskId,
      ]);
      const kiosk = rows[0];
      if (!kiosk || kiosk.revoked_at || !kiosk.credential_hash) return null;
      return {
        credentialHash: kiosk.credential_hash,
        hallId: kiosk.hall_id,
        enrollmentPending: kiosk.enrollment_attempt !== null,
      };
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
        hall_id: string | null;
        registered_at: Date | null;
        revoked_at: Date | null;
        last_seq: string;
        last_seen_at: Date | null;
        enrollment_hash: string | null;
        enrollment_redeemed_at: Date | null;
      }>(
        'SELECT kiosk_id, hall_id, registered_at, revoked_at, last_seq, last_seen_at, enrollment_hash, enrollment_redeemed_at FROM kiosks ORDER BY kiosk_id',
      );
      return rows.map((row) => ({
        kioskId: row.kiosk_id,
        hallId: row.hall_id,
        registeredAt: iso(row.registered_at),
        revokedAt: iso(row.revoked_at),
        lastSeq: Number(row.last_seq),
        lastSeenAt: iso(row.last_seen_at),
        enrollmentPending: row.enrollment_hash !== null && row.enrollment_redeemed_at === null,
      }));
    },
    async applyBatch(kioskId, records, now): Promise<ApplyOutcome> {
      return (await appendInOrder(kioskId, records, now)) ?? applyPlanned(kioskId, records, now);
    },
    async publishDocument(document) {
      await inTransaction(async (client) => {
        // Serialise publishers of one kind (all scopes) so "newer than the newest" holds.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`document:${document.kind}`]);
        // A hall's document must top the city-wide ones and its own; a city-wide one every hall's.
        const { rows } = document.hall
          ? await client.query<{ version: number | null }>(
              "SELECT max(version) AS version FROM signed_documents WHERE kind = $1 AND hall IN ('', $2)",
              [document.kind, document.hall],
            )
          : await client.query<{ version: number | null }>(
              'SELECT max(version) AS version FROM signed_documents WHERE kind = $1',
              [document.kind],
            );
        const newest = rows[0]?.version;
        if (newest != null && newest >= document.version)
          throw new PublishError(
            `The ${document.kind} version ${newest} is already published for this scope; publish a higher version than ${document.version}.`,
          );
        await client.query(
          'INSERT INTO signed_documents (kind, hall, version, published_at, document, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [
            document.kind,
            document.hall ?? '',
            document.version,
            document.publishedAt,
            document.document,
            document.signature,
            document.keyId,
          ],
        );
      });
    },
    async latestDocument(kind: DocumentKind, hallId) {
      const { rows } = await pool.query<{
        kind: DocumentKind;
        hall: string;
        version: number;
        published_at: string;
        document: string;
        signature: string;
        key_id: string;
      }>(
        "SELECT * FROM signed_documents WHERE kind = $1 AND hall IN ('', $2) ORDER BY version DESC LIMIT 1",
        [kind, hallId ?? ''],
      );
      const row = rows[0];
      return row
        ? {
            kind: row.kind,
            version: row.version,
            publishedAt: row.published_at,
            document: row.document,
            signature: row.signature,
            keyId: row.key_id,
            ...(row.hall ? { hall: row.hall } : {}),
          }
        : null;
    },
    async events(query): Promise<StoredEvent[]> {
      const filter = eventFilter(query);
      const where: string[] = [];
      const params: string[] = [];
      if (filter.kioskId) {
        params.push(filter.kioskId);
        where.push(`kiosk_id = $${params.length}`);
      }
      if (filter.hallId) {
        params.push(filter.hallId);
        where.push(`hall_id = $${params.length}`);
      }
      if (filter.type) {
        params.push(filter.type);
        where.push(`type = $${params.length}`);
      }
      if (filter.occurredSince) {
        params.push(filter.occurredSince);
        where.push(`occurred_at >= $${params.length}`);
      }
      const withPersonal = filter.withPersonal !== false;
      const { rows } = await pool.query<{
        arrival: string;
        kiosk_id: string;
        hall_id: string | null;
        seq: string;
        idempotency_key: string;
        type: string;
        occurred_at: string;
        received_at: Date;
        payload: Record<string, unknown>;
        personal: Record<string, unknown> | null;
        personal_sealed: string | null;
      }>(
        `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY arrival`,
        params,
      );
      return rows.map((row) => ({
        arrival: Number(row.arrival),
        kioskId: row.kiosk_id,
        hallId: row.hall_id,
        seq: Number(row.seq),
        key: row.idempotency_key,
        type: row.type,
        occurredAt: row.occurred_at,
        receivedAt: row.received_at.toISOString(),
        payload: row.payload,
        personal: !withPersonal
          ? null
          : row.personal_sealed !== null
            ? (JSON.parse(
                openSealed(keys, row.personal_sealed, personalContext(row.kiosk_id, row.idempotency_key)),
              ) as Record<string, unknown>)
            : row.personal,
      }));
    },
    async schemaVersion() {
      const { rows } = await pool.query<{ version: number | null }>(
        'SELECT max(version) AS version FROM schema_migrations',
      );
      return rows[0]?.version ?? 0;
    },
    async close() {
      await Promise.all([pool.end(), authPool.end()]);
    },
  };
}
