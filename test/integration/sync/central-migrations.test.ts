// One schema definition, numbered migrations, both stores (#13). A database made by the
// hand-written schema of before (kept here verbatim as it shipped) is taken as version 1 and
// migrated, its plain personal fields sealed; a fresh one gets every migration; both stores end
// with the same tables and columns.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticKeys } from '../../../central/sealing.ts';
import { latestVersion, migrations, renderStep } from '../../../central/store/schema.ts';
import { openCentralStore } from '../../../central/store/open.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from './pg-cluster.ts';

const v1Sqlite = `
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
const v1Postgres = `
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

const keys = staticKeys([crypto.randomBytes(32)]);
const idNumber = '11010519491231002X';
const legacyPersonal = JSON.stringify({ name: '旧记录', idNumber });
const signature = `${'A'.repeat(86)}==`;

/** Rows as version 1 held them: a kiosk, one record with plain personal fields, a catalog. */
const legacyRows = [
  `INSERT INTO kiosks (kiosk_id, credential_hash, last_seq) VALUES ('K-OLD', '${'0'.repeat(64)}', 1)`,
  `INSERT INTO receipts (kiosk_id, idempotency_key, seq, applied_at) VALUES ('K-OLD', '00000000-0000-4000-8000-000000000001', 1, '2025-01-01T00:00:00.000Z')`,
  `INSERT INTO events (kiosk_id, seq, idempotency_key, type, occurred_at, received_at, payload, personal) VALUES ('K-OLD', 1, '00000000-0000-4000-8000-000000000001', 'ticket', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '{"number":"A001"}', '${legacyPersonal}')`,
  `INSERT INTO documents (kind, version, published_at, document, signature, key_id) VALUES ('catalog', 7, '2025-01-01T00:00:00.000Z', '{"kind":"catalog","version":7}', '${signature}', '0123456789abcdef')`,
];

async function checkMigrated(location: string): Promise<void> {
  const store = await openCentralStore(location, { keys });
  try {
    expect(await store.schemaVersion()).toBe(latestVersion);
    const [event] = await store.events('K-OLD');
    expect(event).toMatchObject({
      seq: 1,
      payload: { number: 'A001' },
      personal: JSON.parse(legacyPersonal),
    });
    expect((await store.latestDocument('catalog', null))?.version).toBe(7);
    expect((await store.latestDocument('catalog', 'any-hall'))?.version).toBe(7);
    expect((await store.listKiosks()).map((kiosk) => kiosk.lastSeq)).toEqual([1]);
  } finally {
    await store.close();
  }
  // Opening again applies nothing twice.
  const again = await openCentralStore(location, { keys });
  expect(await again.schemaVersion()).toBe(latestVersion);
  await again.close();
}

it('renders every migration step for both dialects from the one definition', () => {
  expect(migrations.map((migration) => migration.version)).toEqual(
    migrations.map((_migration, index) => index + 1),
  );
  for (const migration of migrations)
    for (const step of migration.steps) {
      expect(renderStep(step, 'sqlite')).not.toBe('');
      expect(renderStep(step, 'postgres')).not.toBe('');
    }
});

describe('central schema migrations on SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'central-migrate-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrates a version 1 database and seals its plain personal fields', async () => {
    const file = path.join(dir, 'old', 'central.db');
    fs.mkdirSync(path.dirname(file));
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec(v1Sqlite);
    for (const sql of legacyRows) old.exec(sql);
    old.close();
    expect(fs.readFileSync(file).includes(Buffer.from(idNumber))).toBe(true);
    await checkMigrated(`sqlite:${file}`);
    const raw = new Database(file, { readonly: true });
    const row = raw.prepare('SELECT personal, personal_sealed FROM events').get() as {
      personal: string | null;
      personal_sealed: string;
    };
    const versions = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    raw.close();
    expect(row.personal).toBeNull();
    expect(row.personal_sealed).toMatch(/^v1\./);
    expect(versions).toEqual(migrations.map((migration) => ({ version: migration.version })));
    // secure_delete: the plain bytes are gone from the file, not only from the row.
    for (const suffix of ['', '-wal'])
      if (fs.existsSync(file + suffix))
        expect(fs.readFileSync(file + suffix).includes(Buffer.from(idNumber))).toBe(false);
  });

  it('builds a fresh database through every migration', async () => {
    const store = await openCentralStore(`sqlite:${path.join(dir, 'fresh', 'central.db')}`, { keys });
    expect(await store.schemaVersion()).toBe(latestVersion);
    await store.close();
  });
});

const pgBin = findPostgresBin();
describe.skipIf(!pgBin)('central schema migrations on PostgreSQL', () => {
  let cluster: PgCluster;
  const admin = () => new pg.Client({ connectionString: cluster.url });
  const database = (name: string) => cluster.url.replace(/\/postgres$/, `/${name}`);
  beforeAll(async () => {
    cluster = await startPgCluster();
    const client = admin();
    await client.connect();
    await client.query('CREATE DATABASE legacy');
    await client.query('CREATE DATABASE fresh');
    await client.end();
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('migrates a version 1 database and seals its plain personal fields', async () => {
    const client = new pg.Client({ connectionString: database('legacy') });
    await client.connect();
    await client.query(v1Postgres);
    for (const sql of legacyRows) await client.query(sql);
    await checkMigrated(database('legacy'));
    const { rows } = await client.query('SELECT personal, personal_sealed FROM events');
    expect(rows[0].personal).toBeNull();
    expect(rows[0].personal_sealed).toMatch(/^v1\./);
    await client.end();
  });

  it('lets two instances start together on a fresh database, and ends with the tables SQLite has', async () => {
    const [first, second] = await Promise.all([
      openCentralStore(database('fresh'), { keys }),
      openCentralStore(database('fresh'), { keys }),
    ]);
    expect(await first.schemaVersion()).toBe(latestVersion);
    await first.close();
    await second.close();
    const client = new pg.Client({ connectionString: database('fresh') });
    await client.connect();
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
    );
    await client.end();
    const pgColumns = rows.map((row) => `${row.table_name}.${row.column_name}`).sort();
    const sqliteFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'central-cols-')), 'c.db');
    const sqliteStore = await openCentralStore(`sqlite:${sqliteFile}`, { keys });
    await sqliteStore.close();
    const db = new Database(sqliteFile, { readonly: true });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string }>;
    const sqliteColumns = tables
      .flatMap(({ name }) =>
        (db.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string }>).map(
          (column) => `${name}.${column.name}`,
        ),
      )
      .sort();
    db.close();
    expect(pgColumns).toEqual(sqliteColumns);
  });
});
