import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createKeyFile, dataKeysFromEnvironment, staticKeys, type DataKeyProvider } from '../sealing.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { CentralStore } from './types.ts';

export type { CentralStore } from './types.ts';

export interface OpenStoreOptions {
  /** Seals personal fields at rest. Default: CENTRAL_DATA_KEY / CENTRAL_DATA_KEY_FILE, else (SQLite
   *  only, for a single-machine install) a key file beside, never inside, the database folder. */
  keys?: DataKeyProvider;
  /** A key file to use (created 0600 when `createKeyFile` is set and it does not exist). */
  keyFile?: string;
  /** PostgreSQL pool size of this instance. */
  poolSize?: number;
}

const isPostgres = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);
const sqliteFile = (location: string): string =>
  location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;

/** The folder a SQLite location lives in (null for PostgreSQL or :memory:). */
export function databaseDirOf(location: string): string | null {
  if (isPostgres(location)) return null;
  const file = sqliteFile(location);
  return file && file !== ':memory:' ? path.dirname(path.resolve(file)) : null;
}

/** `<folder>.keys/<file>.key` next to a SQLite store's folder: outside it, so a copy of the data
 *  folder does not carry its key. */
export function defaultKeyFileOf(location: string): string | null {
  const dir = databaseDirOf(location);
  return dir ? path.join(`${dir}.keys`, `${path.basename(sqliteFile(location))}.key`) : null;
}

export function resolveDataKeys(location: string, options: OpenStoreOptions = {}): DataKeyProvider {
  if (options.keys) return options.keys;
  const databaseDir = databaseDirOf(location);
  if (options.keyFile || process.env.CENTRAL_DATA_KEY || process.env.CENTRAL_DATA_KEY_FILE)
    return dataKeysFromEnvironment({ keyFile: options.keyFile, databaseDir });
  // An in-memory store dies with the process: a key that does too is enough.
  if (!isPostgres(location) && sqliteFile(location) === ':memory:')
    return staticKeys([crypto.randomBytes(32)]);
  const fallback = defaultKeyFileOf(location);
  if (!fallback)
    throw new Error(
      'PostgreSQL needs a data key for personal fields: set CENTRAL_DATA_KEY or CENTRAL_DATA_KEY_FILE, or give --key-file (see docs/sync.md).',
    );
  if (!fs.existsSync(fallback)) createKeyFile(fallback);
  return dataKeysFromEnvironment({ keyFile: fallback, databaseDir, env: {} });
}

/** `sqlite:FILE` (or a bare file path) for the embedded store; `postgres://…` / `postgresql://…`
 *  for PostgreSQL. */
export async function openCentralStore(
  location: string,
  options: OpenStoreOptions = {},
): Promise<CentralStore> {
  if (!isPostgres(location) && !sqliteFile(location))
    throw new Error('The store location is empty: give sqlite:FILE or postgres://….');
  const keys = resolveDataKeys(location, options);
  if (isPostgres(location)) return openPostgresStore(location, keys, { poolSize: options.poolSize });
  return openSqliteStore(sqliteFile(location), keys);
}
