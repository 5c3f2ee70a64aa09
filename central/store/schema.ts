// The central store's schema, defined once for both stores as numbered migrations. Each step is
// rendered to SQLite or PostgreSQL DDL from the same description, so the two cannot drift; the
// `schema_migrations` table records which numbers a database has, and a store applies the missing
// ones in order, each in one transaction, at start. Add a migration at the end; never edit one
// that has shipped.

export type ColumnType = 'text' | 'integer' | 'bigint' | 'timestamp' | 'json' | 'serial';

export interface Column {
  name: string;
  type: ColumnType;
  notNull?: boolean;
  default?: string | number;
  references?: { table: string; column: string };
}

export interface Table {
  name: string;
  columns: Column[];
  primaryKey?: string[];
  unique?: string[][];
  foreignKeys?: Array<{ columns: string[]; table: string; references: string[] }>;
}

export type Step =
  | { createTable: Table }
  | { addColumn: { table: string; column: Column } }
  | { createIndex: { name: string; table: string; columns: string[]; unique?: boolean } }
  /** Copies rows between tables with the same column names (used to rebuild a table). */
  | { copyRows: { from: string; to: string; columns: string[] } }
  | { dropTable: string };

export interface Migration {
  version: number;
  description: string;
  steps: Step[];
}

export type Dialect = 'sqlite' | 'postgres';

const kiosksV1: Table = {
  name: 'kiosks',
  columns: [
    { name: 'kiosk_id', type: 'text' },
    { name: 'credential_hash', type: 'text' },
    { name: 'enrollment_hash', type: 'text' },
    { name: 'enrollment_expires', type: 'timestamp' },
    { name: 'registered_at', type: 'timestamp' },
    { name: 'revoked_at', type: 'timestamp' },
    { name: 'last_seq', type: 'bigint', notNull: true, default: 0 },
    { name: 'last_seen_at', type: 'timestamp' },
  ],
  primaryKey: ['kiosk_id'],
};

export const migrations: readonly Migration[] = [
  {
    // The schema as it was before migrations existed: a database without `schema_migrations` but
    // with a `kiosks` table is taken to be at version 1.
    version: 1,
    description: 'kiosks, receipts, events, documents',
    steps: [
      { createTable: kiosksV1 },
      {
        // One row per applied idempotency key: the key is applied once, ever.
        createTable: {
          name: 'receipts',
          columns: [
            {
              name: 'kiosk_id',
              type: 'text',
              notNull: true,
              references: { table: 'kiosks', column: 'kiosk_id' },
            },
            { name: 'idempotency_key', type: 'text', notNull: true },
            { name: 'seq', type: 'bigint', notNull: true },
            { name: 'applied_at', type: 'timestamp', notNull: true },
          ],
          primaryKey: ['kiosk_id', 'idempotency_key'],
          unique: [['kiosk_id', 'seq']],
        },
      },
      {
        createTable: {
          name: 'events',
          columns: [
            { name: 'arrival', type: 'serial' },
            { name: 'kiosk_id', type: 'text', notNull: true },
            { name: 'seq', type: 'bigint', notNull: true },
            { name: 'idempotency_key', type: 'text', notNull: true },
            { name: 'type', type: 'text', notNull: true },
            { name: 'occurred_at', type: 'text', notNull: true },
            { name: 'received_at', type: 'timestamp', notNull: true },
            { name: 'payload', type: 'json', notNull: true },
            { name: 'personal', type: 'json' },
          ],
          primaryKey: ['arrival'],
          unique: [['kiosk_id', 'seq']],
          foreignKeys: [
            {
              columns: ['kiosk_id', 'idempotency_key'],
              table: 'receipts',
              references: ['kiosk_id', 'idempotency_key'],
            },
          ],
        },
      },
      {
        createTable: {
          name: 'documents',
          columns: [
            { name: 'kind', type: 'text', notNull: true },
            { name: 'version', type: 'integer', notNull: true },
            { name: 'published_at', type: 'text', notNull: true },
            { name: 'document', type: 'text', notNull: true },
            { name: 'signature', type: 'text', notNull: true },
            { name: 'key_id', type: 'text', notNull: true },
          ],
          primaryKey: ['kind', 'version'],
        },
      },
    ],
  },
  {
    version: 2,
    description:
      'halls (kiosk, record and document scope); single-use enrollment bound to the first attempt; sealed personal fields',
    steps: [
      { addColumn: { table: 'kiosks', column: { name: 'hall_id', type: 'text' } } },
      { addColumn: { table: 'kiosks', column: { name: 'enrollment_hall', type: 'text' } } },
      { addColumn: { table: 'kiosks', column: { name: 'enrollment_attempt', type: 'text' } } },
      { addColumn: { table: 'kiosks', column: { name: 'enrollment_redeemed_at', type: 'timestamp' } } },
      { addColumn: { table: 'events', column: { name: 'hall_id', type: 'text' } } },
      // `v1.<keyId>.<base64>`; the plain `personal` column stays only for rows written before this
      // migration, and the store seals and clears those at start.
      { addColumn: { table: 'events', column: { name: 'personal_sealed', type: 'text' } } },
      { createIndex: { name: 'events_hall', table: 'events', columns: ['hall_id', 'arrival'] } },
      {
        // '' is city-wide. The key grows a hall, so the table is rebuilt (SQLite cannot alter a key).
        createTable: {
          name: 'signed_documents',
          columns: [
            { name: 'kind', type: 'text', notNull: true },
            { name: 'hall', type: 'text', notNull: true, default: '' },
            { name: 'version', type: 'integer', notNull: true },
            { name: 'published_at', type: 'text', notNull: true },
            { name: 'document', type: 'text', notNull: true },
            { name: 'signature', type: 'text', notNull: true },
            { name: 'key_id', type: 'text', notNull: true },
          ],
          primaryKey: ['kind', 'hall', 'version'],
        },
      },
      {
        copyRows: {
          from: 'documents',
          to: 'signed_documents',
          columns: ['kind', 'version', 'published_at', 'document', 'signature', 'key_id'],
        },
      },
      { dropTable: 'documents' },
    ],
  },
  {
    version: 3,
    description:
      'fleet: calling-system events, follow-ups closed at central, calling-system and console credentials',
    steps: [
      {
        createTable: {
          name: 'fleet_calls',
          columns: [
            { name: 'id', type: 'serial' },
            { name: 'hall_id', type: 'text', notNull: true },
            { name: 'business_day', type: 'text', notNull: true },
            { name: 'number', type: 'text', notNull: true },
            { name: 'line', type: 'text', notNull: true },
            { name: 'action', type: 'text', notNull: true },
            { name: 'window_name', type: 'text', notNull: true },
            { name: 'at', type: 'text', notNull: true },
          ],
          primaryKey: ['id'],
          // A retried report of the same call counts once.
          unique: [['hall_id', 'business_day', 'number', 'action']],
        },
      },
      {
        createIndex: { name: 'fleet_calls_day', table: 'fleet_calls', columns: ['business_day', 'hall_id'] },
      },
      {
        createTable: {
          name: 'fleet_closures',
          columns: [
            { name: 'follow_up_id', type: 'text', notNull: true },
            { name: 'closed_at', type: 'text', notNull: true },
            { name: 'closed_by', type: 'text', notNull: true },
            { name: 'note', type: 'text', notNull: true },
            { name: 'received', type: 'integer', notNull: true, default: 0 },
          ],
          primaryKey: ['follow_up_id'],
        },
      },
      {
        createTable: {
          name: 'fleet_credentials',
          columns: [
            { name: 'token_hash', type: 'text', notNull: true },
            { name: 'role', type: 'text', notNull: true },
            { name: 'hall_id', type: 'text' },
            { name: 'name', type: 'text', notNull: true },
          ],
          primaryKey: ['token_hash'],
        },
      },
    ],
  },
  {
    version: 4,
    description: "events: a hall's records of one type by time (the hall queue reads today's tickets only)",
    steps: [
      {
        createIndex: {
          name: 'events_hall_type_time',
          table: 'events',
          columns: ['hall_id', 'type', 'occurred_at'],
        },
      },
    ],
  },
];

export const latestVersion = migrations[migrations.length - 1]!.version;

function columnType(type: ColumnType, dialect: Dialect): string {
  if (dialect === 'sqlite')
    return {
      text: 'TEXT',
      integer: 'INTEGER',
      bigint: 'INTEGER',
      timestamp: 'TEXT',
      json: 'TEXT',
      serial: 'INTEGER',
    }[type];
  return {
    text: 'text',
    integer: 'integer',
    bigint: 'bigint',
    timestamp: 'timestamptz',
    json: 'jsonb',
    serial: 'bigserial',
  }[type];
}

function columnSql(column: Column, dialect: Dialect): string {
  let sql = `${column.name} ${columnType(column.type, dialect)}`;
  if (column.notNull) sql += ' NOT NULL';
  if (column.default !== undefined)
    sql += ` DEFAULT ${typeof column.default === 'number' ? column.default : `'${column.default.replace(/'/g, "''")}'`}`;
  if (column.references) sql += ` REFERENCES ${column.references.table}(${column.references.column})`;
  return sql;
}

/** The DDL of one step. */
export function renderStep(step: Step, dialect: Dialect): string {
  if ('createTable' in step) {
    const table = step.createTable;
    const parts = table.columns.map((column) => columnSql(column, dialect));
    // SQLite: an INTEGER PRIMARY KEY is the rowid (auto-assigned, like bigserial).
    if (table.primaryKey) parts.push(`PRIMARY KEY (${table.primaryKey.join(', ')})`);
    for (const columns of table.unique ?? []) parts.push(`UNIQUE (${columns.join(', ')})`);
    for (const key of table.foreignKeys ?? [])
      parts.push(
        `FOREIGN KEY (${key.columns.join(', ')}) REFERENCES ${key.table}(${key.references.join(', ')})`,
      );
    return `CREATE TABLE IF NOT EXISTS ${table.name} (\n  ${parts.join(',\n  ')}\n)${dialect === 'sqlite' ? ' STRICT' : ''}`;
  }
  if ('addColumn' in step)
    return `ALTER TABLE ${step.addColumn.table} ADD COLUMN ${columnSql(step.addColumn.column, dialect)}`;
  if ('createIndex' in step) {
    const index = step.createIndex;
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${index.name} ON ${index.table} (${index.columns.join(', ')})`;
  }
  if ('copyRows' in step) {
    const columns = step.copyRows.columns.join(', ');
    return `INSERT INTO ${step.copyRows.to} (${columns}) SELECT ${columns} FROM ${step.copyRows.from}`;
  }
  return `DROP TABLE ${step.dropTable}`;
}

export const migrationsTable = (dialect: Dialect): string =>
  `CREATE TABLE IF NOT EXISTS schema_migrations (version ${columnType('integer', dialect)} PRIMARY KEY, description ${columnType('text', dialect)} NOT NULL, applied_at ${columnType('text', dialect)} NOT NULL)`;

/** Runs the pending migrations through a dialect's executor. `query` returns rows; `run` executes
 *  DDL/DML; `transaction` wraps one migration. Returns the numbers applied. */
export async function migrate(db: {
  dialect: Dialect;
  query: (sql: string) => Promise<Array<Record<string, unknown>>>;
  run: (sql: string) => Promise<void>;
  transaction: (work: () => Promise<void>) => Promise<void>;
  tableExists: (name: string) => Promise<boolean>;
}): Promise<number[]> {
  const hadTable = await db.tableExists('schema_migrations');
  await db.run(migrationsTable(db.dialect));
  if (!hadTable && (await db.tableExists('kiosks'))) {
    // Created by the hand-written schema of before: that is migration 1.
    await db.run(
      `INSERT INTO schema_migrations (version, description, applied_at) VALUES (1, '${migrations[0]!.description} (found)', '${new Date().toISOString()}')`,
    );
  }
  const done = new Set(
    (await db.query('SELECT version FROM schema_migrations')).map((row) => Number(row.version)),
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    await db.transaction(async () => {
      for (const step of migration.steps) await db.run(renderStep(step, db.dialect));
      await db.run(
        `INSERT INTO schema_migrations (version, description, applied_at) VALUES (${migration.version}, '${migration.description.replace(/'/g, "''")}', '${new Date().toISOString()}')`,
      );
    });
    applied.push(migration.version);
  }
  return applied;
}
