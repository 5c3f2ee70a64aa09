// Where the fleet's own facts live, beside the kiosks' records: the calling system's events, the
// follow-ups people closed, and the hashed credentials of calling systems and console users. Both
// engines, same tables; every write is one statement, so several central instances can share it.
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { CallAction, CallEvent, FollowUpClosure } from './model.ts';

export type FleetRole = 'caller' | 'console';

export interface FleetCredential {
  role: FleetRole;
  /** The hall the credential is for; null = the whole city (console only). */
  hallId: string | null;
  name: string;
}

export interface FleetStore {
  addCall(event: CallEvent): Promise<void>;
  calls(hallId: string | null, fromDay: string, toDay: string): Promise<CallEvent[]>;
  closeFollowUp(closure: FollowUpClosure): Promise<boolean>;
  closures(): Promise<FollowUpClosure[]>;
  addCredential(tokenHash: string, credential: FleetCredential): Promise<void>;
  credential(tokenHash: string): Promise<FleetCredential | null>;
  close(): Promise<void>;
}

export const hashToken = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

interface CallRow {
  hall_id: string;
  business_day: string;
  number: string;
  line: string;
  action: CallAction;
  window_name: string;
  at: string;
}
interface ClosureRow {
  follow_up_id: string;
  closed_at: string;
  closed_by: string;
  note: string;
  received: number | boolean;
}

const toCall = (row: CallRow): CallEvent => ({
  hallId: row.hall_id,
  businessDay: row.business_day,
  number: row.number,
  line: row.line,
  action: row.action,
  window: row.window_name,
  at: row.at,
});
const toClosure = (row: ClosureRow): FollowUpClosure => ({
  followUpId: row.follow_up_id,
  closedAt: row.closed_at,
  closedBy: row.closed_by,
  note: row.note,
  received: Boolean(row.received),
});

/** Opens the fleet tables of a central store that is already open (and so migrated). */
export async function openFleetStore(location: string): Promise<FleetStore> {
  if (/^postgres(ql)?:\/\//.test(location)) return openPostgresFleet(location);
  const file = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  return openSqliteFleet(file);
}

function openSqliteFleet(file: string): FleetStore {
  // The tables are the central store's (its migration 3); this is a second connection to the
  // same file, as a second central instance would be.
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const insertCall = db.prepare(
    `INSERT INTO fleet_calls (hall_id, business_day, number, line, action, window_name, at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  return {
    async addCall(e) {
      insertCall.run(e.hallId, e.businessDay, e.number, e.line, e.action, e.window, e.at);
    },
    async calls(hallId, fromDay, toDay) {
      const rows = db
        .prepare<[string, string, string | null, string | null], CallRow>(
          `SELECT * FROM fleet_calls WHERE business_day BETWEEN ? AND ? AND (? IS NULL OR hall_id = ?) ORDER BY at, id`,
        )
        .all(fromDay, toDay, hallId, hallId);
      return rows.map(toCall);
    },
    async closeFollowUp(c) {
      const result = db
        .prepare(
          `INSERT INTO fleet_closures (follow_up_id, closed_at, closed_by, note, received) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(c.followUpId, c.closedAt, c.closedBy, c.note, c.received ? 1 : 0);
      return result.changes === 1;
    },
    async closures() {
      return db.prepare<[], ClosureRow>('SELECT * FROM fleet_closures').all().map(toClosure);
    },
    async addCredential(tokenHash, credential) {
      db.prepare('INSERT INTO fleet_credentials (token_hash, role, hall_id, name) VALUES (?, ?, ?, ?)').run(
        tokenHash,
        credential.role,
        credential.hallId,
        credential.name,
      );
    },
    async credential(tokenHash) {
      const row = db
        .prepare<[string], { role: FleetRole; hall_id: string | null; name: string }>(
          'SELECT role, hall_id, name FROM fleet_credentials WHERE token_hash = ?',
        )
        .get(tokenHash);
      return row ? { role: row.role, hallId: row.hall_id, name: row.name } : null;
    },
    async close() {
      db.close();
    },
  };
}

async function openPostgresFleet(connectionString: string): Promise<FleetStore> {
  const pool = new pg.Pool({ connectionString, max: 5 });
  pool.on('error', () => undefined);
  return {
    async addCall(e) {
      await pool.query(
        `INSERT INTO fleet_calls (hall_id, business_day, number, line, action, window_name, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [e.hallId, e.businessDay, e.number, e.line, e.action, e.window, e.at],
      );
    },
    async calls(hallId, fromDay, toDay) {
      const { rows } = await pool.query<CallRow>(
        `SELECT * FROM fleet_calls WHERE business_day BETWEEN $1 AND $2 AND ($3::text IS NULL OR hall_id = $3)
         ORDER BY at, id`,
        [fromDay, toDay, hallId],
      );
      return rows.map(toCall);
    },
    async closeFollowUp(c) {
      const result = await pool.query(
        `INSERT INTO fleet_closures (follow_up_id, closed_at, closed_by, note, received) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [c.followUpId, c.closedAt, c.closedBy, c.note, c.received ? 1 : 0],
      );
      return result.rowCount === 1;
    },
    async closures() {
      const { rows } = await pool.query<ClosureRow>('SELECT * FROM fleet_closures');
      return rows.map(toClosure);
    },
    async addCredential(tokenHash, credential) {
      await pool.query(
        'INSERT INTO fleet_credentials (token_hash, role, hall_id, name) VALUES ($1, $2, $3, $4)',
        [tokenHash, credential.role, credential.hallId, credential.name],
      );
    },
    async credential(tokenHash) {
      const { rows } = await pool.query<{ role: FleetRole; hall_id: string | null; name: string }>(
        'SELECT role, hall_id, name FROM fleet_credentials WHERE token_hash = $1',
        [tokenHash],
      );
      const row = rows[0];
      return row ? { role: row.role, hallId: row.hall_id, name: row.name } : null;
    },
    async close() {
      await pool.end();
    },
  };
}
