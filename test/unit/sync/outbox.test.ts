import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../../main/store/database.ts';
import { decryptPersonal, loadOrCreateKey } from '../../../main/sync/crypto.ts';
import { enqueueEvent, openOutbox, OutboxError } from '../../../main/sync/outbox.ts';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setup(now: () => Date = () => new Date()) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
  dirs.push(dir);
  const db = openStore(path.join(dir, 'kiosk.db'));
  dbs.push(db);
  const key = loadOrCreateKey(path.join(dir, 'keys'));
  const outbox = openOutbox(db, { personalKey: key, now });
  return { dir, db, key, outbox };
}

describe('outbox', () => {
  it('numbers records 1, 2, 3… and rolls back with the business transaction', () => {
    const { db, outbox } = setup();
    db.exec('CREATE TABLE business (id INTEGER PRIMARY KEY, seq INTEGER)');
    const write = db.transaction((fail: boolean) => {
      const { seq } = enqueueEvent(db, { type: 'ticket', payload: { n: 1 } });
      db.prepare('INSERT INTO business (seq) VALUES (?)').run(seq);
      if (fail) throw new Error('printer on fire');
    });
    write(false);
    expect(() => write(true)).toThrow('printer on fire');
    write(false);
    const seqs = db.prepare('SELECT seq FROM sync_outbox ORDER BY seq').all() as Array<{ seq: number }>;
    expect(seqs.map((row) => row.seq)).toEqual([1, 2]);
    expect(db.prepare('SELECT count(*) AS n FROM business').get()).toEqual({ n: 2 });
    expect(outbox.backlog()).toBe(2);
  });

  it('keeps personal fields encrypted at rest, bound to their record', () => {
    const { db, key, outbox } = setup();
    const { key: idempotencyKey } = outbox.enqueue({
      type: 'prereview',
      payload: { item: 'hukou' },
      personal: { name: '张三', idNumber: '110101199003077777' },
    });
    const raw = db.prepare('SELECT personal FROM sync_outbox').get() as { personal: Buffer };
    expect(raw.personal.toString('latin1')).not.toContain('110101199003077777');
    expect(Buffer.from(raw.personal).includes(Buffer.from('张三'))).toBe(false);
    expect(JSON.parse(decryptPersonal(key, raw.personal, idempotencyKey)).name).toBe('张三');
    expect(() => decryptPersonal(key, raw.personal, crypto.randomUUID())).toThrow();
    expect(outbox.nextBatch(10, 1_000_000)[0]!.personal).toEqual({
      name: '张三',
      idNumber: '110101199003077777',
    });
  });

  it('purges personal fields only of acknowledged records older than the retention period', () => {
    let now = new Date('2025-03-01T08:00:00Z');
    const { db, outbox } = setup(() => now);
    const first = outbox.enqueue({ type: 'prereview', payload: { a: 1 }, personal: { name: 'x' } });
    outbox.enqueue({ type: 'prereview', payload: { a: 2 }, personal: { name: 'y' } });
    outbox.acknowledge([first]);
    now = new Date('2025-03-20T08:00:00Z');
    expect(outbox.purgePersonal(30)).toBe(0);
    now = new Date('2025-04-01T08:00:01Z');
    expect(outbox.purgePersonal(30)).toBe(1);
    const rows = db
      .prepare('SELECT seq, payload, personal IS NULL AS gone FROM sync_outbox ORDER BY seq')
      .all();
    expect(rows).toEqual([
      { seq: 1, payload: '{"a":1}', gone: 1 },
      { seq: 2, payload: '{"a":2}', gone: 0 },
    ]);
  });

  it('caps a batch by count and by bytes, always returning at least one record', () => {
    const { outbox } = setup();
    for (let index = 0; index < 10; index += 1)
      outbox.enqueue({ type: 'audit', payload: { blob: 'x'.repeat(1_000) } });
    expect(outbox.nextBatch(4, 1_000_000).map((record) => record.seq)).toEqual([1, 2, 3, 4]);
    expect(outbox.nextBatch(10, 2_500)).toHaveLength(2);
    expect(outbox.nextBatch(10, 10)).toHaveLength(1);
  });

  it('refuses unknown types and non-object payloads', () => {
    const { outbox } = setup();
    expect(() => outbox.enqueue({ type: 'lottery' as never, payload: {} })).toThrow(OutboxError);
    expect(() => outbox.enqueue({ type: 'audit', payload: [] as never })).toThrow(OutboxError);
  });

  it('creates the key file once, owner-only, and refuses a damaged one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
    dirs.push(dir);
    const key = loadOrCreateKey(dir);
    expect(loadOrCreateKey(dir).equals(key)).toBe(true);
    expect(fs.statSync(path.join(dir, 'personal-data.key')).mode & 0o777).toBe(0o600);
    fs.writeFileSync(path.join(dir, 'personal-data.key'), 'short');
    expect(() => loadOrCreateKey(dir)).toThrow(/damaged/);
  });
});
