import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations as defaultMigrations, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

export class StoreError extends Error {
  override name = 'StoreError';
}

export interface OpenStoreOptions {
  migrations?: readonly Migration[];
  readonly?: boolean;
}

/** Opens (creating if needed) the kiosk database: WAL for concurrent reads, synchronous=FULL because
 *  WAL's default NORMAL may roll back the last commits on power loss — and a printed number must
 *  never roll back — then brings the schema up to date in one transaction. */
export function openStore(file: string, options: OpenStoreOptions = {}): Db {
  const steps = [...(options.migrations ?? defaultMigrations)].sort((a, b) => a.version - b.version);
  assertContiguous(steps);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });

  let db: Db;
  try {
    db = new Database(file, { timeout: 5000 });
  } catch (error) {
    throw new StoreError(`The kiosk database ${file} cannot be opened: ${(error as Error).message}`);
  }
  try {
    // Refuse a newer database before touching it: even switching it to WAL would change the file.
    refuseNewer(db, file, steps.length);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted and purged content is overwritten with zeros, not merely marked free: a stolen disk
    // must not give back personal fields the retention purge removed (issue #14, finding 6).
    db.pragma('secure_delete = ON');
    migrate(db, steps);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(`The kiosk database ${file} cannot be used: ${(error as Error).message}`);
  }
}

function assertContiguous(steps: readonly Migration[]): void {
  steps.forEach((step, index) => {
    if (step.version !== index + 1)
      throw new StoreError(`Migration list is broken at step ${step.version} (${step.name}).`);
  });
}

function refuseNewer(db: Db, file: string, latest: number): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new StoreError(
      `The kiosk database ${file} was written by a newer version of the kiosk software (schema ${current}; ` +
        `this version knows up to ${latest}). Install the newer version or restore a backup; the file was left unchanged.`,
    );
  }
}

function migrate(db: Db, steps: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = steps.length;
  const pending = steps.filter((step) => step.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const step of pending) db.exec(step.sql);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
}

/** What the health line and the maintenance screen show of the store. */
export function storeFacts(db: Db): {
  sizeBytes: number;
  journalMode: string;
  synchronous: number;
  schemaVersion: number;
} {
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return {
    sizeBytes: pageCount * pageSize,
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: db.pragma('synchronous', { simple: true }) as number,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
  };
}
