// Finding 6 of issue #14: the retention purge did not erase. It set the column to NULL with
// secure_delete off, and a purged record was recovered from the file's free pages (and decrypted
// with the key beside the database); and it ran only after a successful sync, so a kiosk with no
// central system kept every record for ever. Here: a real kiosk with no central system, a real
// case with personal data; the purge must run on its own clock, and afterwards neither the
// ciphertext nor any personal plaintext may be anywhere in the database file or its WAL.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Reply, RequestArgs, RequestChannel } from '../../common/contract.ts';
import type { Result } from '../../common/result.ts';
import { createKiosk, type Kiosk } from '../../main/kiosk.ts';
import { outboxOf } from '../../main/sync/outbox.ts';
import { citizenTo, makeDataRoot, type FaultKiosk } from '../faults/helpers.ts';

const running: Kiosk[] = [];
afterEach(async () => {
  for (const kiosk of running.splice(0)) await kiosk.shutdown().catch(() => {});
});

async function kioskWithoutCentral(purgeIntervalMs: number): Promise<{ fk: FaultKiosk; dataRoot: string }> {
  const dataRoot = makeDataRoot();
  const kiosk = await createKiosk({
    host: 'web',
    version: '0.0.0-security',
    resourcesDir: path.resolve('resources'),
    dataRoot,
    env: { KIOSK_HARDWARE: 'emulated' },
    healthIntervalMs: 250,
    purgeIntervalMs,
  });
  running.push(kiosk);
  const call = <C extends RequestChannel>(channel: C, args: RequestArgs<C>) =>
    kiosk.dispatch(channel, args) as Promise<Result<Reply<C>>>;
  const fk = {
    kiosk,
    dataRoot,
    host: null,
    call,
    async must<C extends RequestChannel>(channel: C, args: RequestArgs<C>) {
      const reply = await call(channel, args);
      if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.message}`);
      return reply.value;
    },
    stop: () => kiosk.shutdown(),
  } as unknown as FaultKiosk;
  return { fk, dataRoot };
}

interface Row {
  seq: number;
  personal: Buffer | null;
}

/** The database as a thief reads it: every byte of the file and its WAL. */
function rawDatabase(dataRoot: string): Buffer {
  const dir = path.join(dataRoot, 'db');
  return Buffer.concat(
    fs
      .readdirSync(dir)
      .filter((name) => name.startsWith('kiosk.db'))
      .map((name) => fs.readFileSync(path.join(dir, name))),
  );
}

const person = { name: '张三', idNumber: '110101198503120017' };

function expectErased(raw: Buffer, blobs: Buffer[]): void {
  for (const blob of blobs) {
    expect(raw.includes(blob), 'the whole ciphertext').toBe(false);
    // Any 24-byte stretch of it: a partly overwritten cell must not survive either.
    for (let at = 0; at + 24 <= blob.length; at += 24)
      expect(raw.includes(blob.subarray(at, at + 24)), `ciphertext bytes ${at}..${at + 24}`).toBe(false);
  }
  for (const value of Object.values(person)) {
    expect(raw.includes(Buffer.from(value, 'utf8'))).toBe(false);
    expect(raw.includes(Buffer.from(value, 'utf16le'))).toBe(false);
  }
}

it('with no central system, the purge runs on its own clock and leaves no byte of the record', async () => {
  const { fk, dataRoot } = await kioskWithoutCentral(300);
  const { kiosk } = fk;
  await citizenTo(fk, 'outcome', { missing: true });
  await fk.must('flow:confirm', {});
  const rows = kiosk.db
    .prepare<[], Row>('SELECT seq, personal FROM sync_outbox WHERE personal IS NOT NULL')
    .all();
  expect(rows.length).toBeGreaterThan(0);
  const blobs = rows.map((row) => Buffer.from(row.personal!));
  // Before: the ciphertext is in the files (so the scan below can find it).
  kiosk.db.pragma('wal_checkpoint(PASSIVE)');
  expect(rawDatabase(dataRoot).includes(blobs[0]!)).toBe(true);

  // Thirty-one days later (retention is 30), and no central system ever acknowledged anything.
  kiosk.db
    .prepare('UPDATE sync_outbox SET occurred_at = ? WHERE personal IS NOT NULL')
    .run(new Date(Date.now() - 31 * 86_400_000).toISOString());
  const until = Date.now() + 10_000;
  const left = () =>
    (
      kiosk.db.prepare('SELECT count(*) AS n FROM sync_outbox WHERE personal IS NOT NULL').get() as {
        n: number;
      }
    ).n;
  while (left() > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(left(), 'records still holding personal fields').toBe(0);

  await kiosk.shutdown();
  running.splice(0);
  expectErased(rawDatabase(dataRoot), blobs);
});

it('a purge of acknowledged records overwrites the freed space (secure_delete) and empties the WAL', async () => {
  const { fk, dataRoot } = await kioskWithoutCentral(3_600_000);
  const { kiosk } = fk;
  // Several cases, so that cells move around and pages are freed.
  for (let i = 0; i < 3; i++) {
    await citizenTo(fk, 'outcome', { missing: true });
    await fk.must('flow:confirm', {});
    await fk.must('dev:removeCard', {});
    await fk.must('session:end', { reason: 'user' });
  }
  const rows = kiosk.db
    .prepare<[], Row>('SELECT seq, personal FROM sync_outbox WHERE personal IS NOT NULL')
    .all();
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const blobs = rows.map((row) => Buffer.from(row.personal!));
  // The central system acknowledged them 31 days ago.
  kiosk.db
    .prepare('UPDATE sync_outbox SET acked_at = ? WHERE personal IS NOT NULL')
    .run(new Date(Date.now() - 31 * 86_400_000).toISOString());
  kiosk.db.pragma('wal_checkpoint(PASSIVE)');
  expect(outboxOf(kiosk.db).purgePersonal(30)).toBe(rows.length);
  expectErased(rawDatabase(dataRoot), blobs);
  await kiosk.shutdown();
  running.splice(0);
  expectErased(rawDatabase(dataRoot), blobs);
});
