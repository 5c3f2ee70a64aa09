import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore, StoreError, storeFacts } from '../../../main/store/database.ts';
import { migrations } from '../../../main/store/migrations/index.ts';

const tempDb = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-store-')), 'kiosk.db');

describe('store', () => {
  it('migrates an empty database to the latest schema, with WAL and synchronous=FULL', () => {
    const file = tempDb();
    const db = openStore(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['kiosk_meta', 'health_events']));
    expect(storeFacts(db)).toMatchObject({
      journalMode: 'wal',
      synchronous: 2,
      schemaVersion: migrations.length,
    });
    db.close();
  });

  it('reopens an up-to-date database without re-running steps', () => {
    const file = tempDb();
    openStore(file).close();
    const db = openStore(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('applies only pending steps, all in one transaction: a failing step leaves the old version', () => {
    const file = tempDb();
    openStore(file).close();
    const broken = [
      ...migrations,
      { version: migrations.length + 1, name: 'good', sql: 'CREATE TABLE t1 (x INTEGER);' },
      {
        version: migrations.length + 2,
        name: 'bad',
        sql: 'CREATE TABLE t2 (x INTEGER); SELECT * FROM no_such_table;',
      },
    ];
    expect(() => openStore(file, { migrations: broken })).toThrow(StoreError);
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(raw.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('t1','t2')").pluck().get()).toBe(0);
    raw.close();
  });

  it('refuses a database from a newer version with a clear message and leaves it unchanged', () => {
    const file = tempDb();
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x INTEGER)');
    raw.pragma('user_version = 99');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openStore(file)).toThrow(
      /was written by a newer version of the kiosk software \(schema 99; this version knows up to \d+\)/,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database with a sentence', () => {
    const file = tempDb();
    fs.writeFileSync(file, 'this is not sqlite '.repeat(100));
    expect(() => openStore(file)).toThrow(/The kiosk database .* cannot be used: file is not a database/);
  });
});
