import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { CentralStore } from './types.ts';

export type { CentralStore } from './types.ts';

/** `sqlite:FILE` (or a bare file path) for the embedded store; `postgres://…` / `postgresql://…`
 *  for PostgreSQL. */
export async function openCentralStore(location: string): Promise<CentralStore> {
  if (/^postgres(ql)?:\/\//.test(location)) return openPostgresStore(location);
  const file = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  if (!file) throw new Error('The store location is empty: give sqlite:FILE or postgres://….');
  return openSqliteStore(file);
}
