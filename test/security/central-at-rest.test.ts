// #14 finding 5: central kept personal fields as plain JSON in both stores, in a world-readable
// folder. Here a record with a name and an ID number goes through the real server into SQLite and
// into a throwaway PostgreSQL cluster; then the raw bytes of the database files are searched.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../protocol/contract.ts';
import { dataKeysFromEnvironment, staticKeys } from '../../central/sealing.ts';
import { buildCentralServer, sha256 } from '../../central/server.ts';
import { defaultKeyFileOf, openCentralStore } from '../../central/store/open.ts';
import type { CentralStore } from '../../central/store/types.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from '../integration/sync/pg-cluster.ts';

const idNumber = '11010519491231002X';
const name = '欧阳明远';
// Not personal: proves the byte scan does find plain text that is stored as such.
const marker = 'PLAIN-MARKER-7f3a9c';

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function occurrences(files: string[], text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return files.filter((file) => fs.readFileSync(file).includes(needle));
}

async function pushPersonal(store: CentralStore, kioskId: string): Promise<void> {
  const app = await buildCentralServer({ store });
  try {
    const token = crypto.randomBytes(24).toString('base64url');
    await store.createEnrollment(
      kioskId,
      sha256(token),
      new Date(Date.now() + 3_600_000).toISOString(),
      'hall-1',
    );
    const registered = await app.inject({
      method: 'POST',
      url: '/v1/register',
      payload: { kioskId, enrollmentToken: token },
    });
    const auth = `Bearer ${kioskId}.${registered.json().credential}`;
    const records: EventRecord[] = Array.from({ length: 20 }, (_, index) => ({
      seq: index + 1,
      key: crypto.randomUUID(),
      type: 'prereview',
      occurredAt: new Date().toISOString(),
      payload: { reference: `${marker}-${index}`, item: 'residence-permit' },
      personal: { name, idNumber, phone: '13800138000' },
    }));
    const pushed = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: auth },
      payload: { records },
    });
    expect(pushed.statusCode).toBe(200);
    // The store still gives them back, opened.
    const held = await store.events(kioskId);
    expect(held).toHaveLength(20);
    expect(held[0]!.personal).toEqual({ name, idNumber, phone: '13800138000' });
  } finally {
    await app.close();
  }
}

describe('central personal data at rest: SQLite', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'central-at-rest-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('seals personal fields, keeps the key outside the folder, and makes the folder 0700 and files 0600', async () => {
    const previous = process.umask(0o022);
    try {
      const folder = path.join(root, 'central-data');
      fs.mkdirSync(folder, { mode: 0o755 }); // as a normal umask leaves it
      const location = `sqlite:${path.join(folder, 'central.db')}`;
      const store = await openCentralStore(location);
      try {
        await pushPersonal(store, 'K-REST');
        const files = filesUnder(folder);
        expect(files.some((file) => file.endsWith('-wal'))).toBe(true);
        expect(occurrences(files, marker).length).toBeGreaterThan(0);
        expect(occurrences(files, idNumber)).toEqual([]);
        expect(occurrences(files, name)).toEqual([]);
        expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
        for (const file of files) expect([file, fs.statSync(file).mode & 0o777]).toEqual([file, 0o600]);
      } finally {
        await store.close();
      }
      // The key the store made for itself lives beside the folder, not in it, owner-only.
      const keyFile = defaultKeyFileOf(location)!;
      expect(path.dirname(keyFile).startsWith(folder + path.sep)).toBe(false);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
      expect(occurrences(filesUnder(folder), fs.readFileSync(keyFile, 'utf8').trim())).toEqual([]);
      // A key file inside the database folder, or readable by others, is refused.
      const inside = path.join(folder, 'data.key');
      fs.writeFileSync(inside, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
      expect(() => dataKeysFromEnvironment({ keyFile: inside, databaseDir: folder, env: {} })).toThrow(
        /inside the database folder/,
      );
      const loose = path.join(root, 'loose.key');
      fs.writeFileSync(loose, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o644 });
      expect(() => dataKeysFromEnvironment({ keyFile: loose, databaseDir: folder, env: {} })).toThrow(
        /readable by others/,
      );
      // Without the key the sealed fields cannot be opened.
      const wrongKey = await openCentralStore(location, { keys: staticKeys([crypto.randomBytes(32)]) });
      try {
        await expect(wrongKey.events('K-REST')).rejects.toThrow(/not configured/);
      } finally {
        await wrongKey.close();
      }
    } finally {
      process.umask(previous);
    }
  });
});

const pgBin = findPostgresBin();
describe.skipIf(!pgBin)('central personal data at rest: PostgreSQL', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('stores only sealed personal fields: no name or ID number in the cluster files', async () => {
    const keys = staticKeys([crypto.randomBytes(32)]);
    const store = await openCentralStore(cluster.url, { keys });
    try {
      await pushPersonal(store, 'K-PGREST');
    } finally {
      await store.close();
    }
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ personal: unknown; personal_sealed: string }>(
        "SELECT personal, personal_sealed FROM events WHERE kiosk_id = 'K-PGREST'",
      );
      expect(rows).toHaveLength(20);
      for (const row of rows) {
        expect(row.personal).toBeNull();
        expect(row.personal_sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
      }
      // Everything onto disk: tables and WAL.
      await client.query('CHECKPOINT');
    } finally {
      await client.end();
    }
    const files = filesUnder(cluster.dataDir);
    expect(occurrences(files, marker).length).toBeGreaterThan(0);
    expect(occurrences(files, idNumber)).toEqual([]);
    expect(occurrences(files, name)).toEqual([]);
  });

  it('refuses to start on PostgreSQL without a data key', async () => {
    const saved = { key: process.env.CENTRAL_DATA_KEY, file: process.env.CENTRAL_DATA_KEY_FILE };
    delete process.env.CENTRAL_DATA_KEY;
    delete process.env.CENTRAL_DATA_KEY_FILE;
    try {
      await expect(openCentralStore(cluster.url)).rejects.toThrow(/needs a data key/);
    } finally {
      if (saved.key !== undefined) process.env.CENTRAL_DATA_KEY = saved.key;
      if (saved.file !== undefined) process.env.CENTRAL_DATA_KEY_FILE = saved.file;
    }
  });
});
