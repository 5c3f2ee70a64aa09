// The store as a technician sees it: its size, an integrity check, backups, and what a storage
// failure (full disk, locked or damaged file) means in plain words. Also the guard that turns such
// a failure, wherever a request meets it, into a sentence instead of "something went wrong".
import fs from 'node:fs';
import path from 'node:path';
import type { HealthLevel } from '../../common/health.ts';
import type { DiskView } from '../../common/maintenance.ts';
import { KioskError } from '../errors.ts';
import type { StorageTranslator } from '../host/dispatch.ts';
import type { Db } from '../store/database.ts';

export type StorageProblem = 'full' | 'locked' | 'corrupt' | 'io' | 'readonly';

const problemByCode: Record<string, StorageProblem> = {
  SQLITE_FULL: 'full',
  SQLITE_BUSY: 'locked',
  SQLITE_LOCKED: 'locked',
  SQLITE_CORRUPT: 'corrupt',
  SQLITE_NOTADB: 'corrupt',
  SQLITE_IOERR: 'io',
  SQLITE_READONLY: 'readonly',
  SQLITE_CANTOPEN: 'io',
  ENOSPC: 'full',
  EDQUOT: 'full',
  EFBIG: 'full',
};

/** What kind of storage failure an error is, or undefined for anything else. */
export function storageProblemOf(error: unknown): StorageProblem | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  // Extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…) share their primary code's meaning.
  const primary = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
  return problemByCode[primary];
}

export const storageSentences: Record<StorageProblem, { key: string; message: string }> = {
  full: {
    key: 'maint.storage.full',
    message: 'The kiosk has run out of storage space; nothing was saved. Please use a staffed window.',
  },
  locked: {
    key: 'maint.storage.locked',
    message: 'The kiosk database is busy (locked by another program); nothing was saved. Please try again.',
  },
  corrupt: {
    key: 'maint.storage.corrupt',
    message: 'The kiosk database is damaged; nothing was saved. Please use a staffed window.',
  },
  io: {
    key: 'maint.storage.io',
    message: 'The kiosk could not write to its storage; nothing was saved. Please use a staffed window.',
  },
  readonly: {
    key: 'maint.storage.readonly',
    message: 'The kiosk storage is read-only; nothing was saved. Please use a staffed window.',
  },
};

/** Remembers the last storage failure so the health line and the self-test can say what it was. */
export class StorageMonitor {
  private last: { problem: StorageProblem; at: number; detail: string; channel: string } | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  note(problem: StorageProblem, detail: string, channel = ''): void {
    this.last = { problem, at: this.now(), detail, channel };
    for (const listener of this.listeners) listener();
  }

  /** The request that failed has now succeeded: the problem is over. */
  succeeded(channel: string): void {
    if (this.last?.channel === channel) this.clear();
  }

  clear(): void {
    if (!this.last) return;
    this.last = null;
    for (const listener of this.listeners) listener();
  }

  current(): { problem: StorageProblem; at: number; detail: string; channel: string } | null {
    return this.last;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Wraps every handler: a storage failure becomes a KioskError with a plain sentence (the
 *  transaction that met it rolled back, so nothing half-written remains) and is noted for health. */
/** The dispatcher's storage middleware: a storage failure, wherever a request meets it, becomes a
 *  sentence (and is noted for the health line); any other error passes through. */
export function storageTranslator(monitor: StorageMonitor): StorageTranslator {
  return {
    translate(channel, error) {
      const problem = storageProblemOf(error);
      if (!problem) return null;
      monitor.note(problem, (error as Error).message, channel);
      const sentence = storageSentences[problem];
      return new KioskError('unavailable', sentence.message, sentence.key);
    },
    succeeded: (channel) => monitor.succeeded(channel),
  };
}

export interface IntegrityResult {
  ok: boolean;
  /** The first problems SQLite reported (at most 10), or ["ok"]. */
  messages: string[];
  ms: number;
}

/** `quick_check` (seconds on a large file) or the full `integrity_check` (also indexes' contents). */
export function checkIntegrity(db: Db, full: boolean): IntegrityResult {
  const started = performance.now();
  try {
    const rows = db.pragma(`${full ? 'integrity_check' : 'quick_check'}(10)`) as Array<
      Record<string, string>
    >;
    const messages = rows.map((row) => String(Object.values(row)[0]));
    return {
      ok: messages.length === 1 && messages[0] === 'ok',
      messages,
      ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    return { ok: false, messages: [(error as Error).message], ms: Math.round(performance.now() - started) };
  }
}

const backupPattern = /^kiosk-\d{8}T\d{6}Z?\.db$/;

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** An online backup (SQLite's backup API: consistent while the kiosk keeps writing) into `dir`,
 *  keeping the newest `keep` files there. The personal fields stay encrypted in the copy; the key
 *  is not copied with it. */
export async function backupStore(
  db: Db,
  dir: string,
  options: { keep?: number; now?: Date } = {},
): Promise<{ file: string; bytes: number }> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `kiosk-${stamp(options.now ?? new Date())}.db`);
  await db.backup(file);
  fs.chmodSync(file, 0o600);
  const keep = options.keep ?? 5;
  const old = fs
    .readdirSync(dir)
    .filter((name) => backupPattern.test(name))
    .sort()
    .reverse()
    .slice(keep);
  for (const name of old) fs.rmSync(path.join(dir, name), { force: true });
  return { file, bytes: fs.statSync(file).size };
}

/** The newest backup in `dir`, if any. */
export function latestBackup(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  const newest = fs
    .readdirSync(dir)
    .filter((name) => backupPattern.test(name))
    .sort()
    .pop();
  return newest ? path.join(dir, newest) : null;
}

/** Puts a backup in place of a damaged database (the kiosk must be stopped). The damaged file and
 *  its WAL are kept beside it, renamed, for whoever wants to look at them. */
export function restoreBackup(databaseFile: string, backupFile: string, now = new Date()): string | null {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(backupFile, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') !== 'SQLite format 3\0')
    throw new Error(`${backupFile} is not an SQLite database.`);
  let kept: string | null = null;
  if (fs.existsSync(databaseFile)) {
    kept = `${databaseFile}.damaged-${stamp(now)}`;
    fs.renameSync(databaseFile, kept);
  }
  for (const suffix of ['-wal', '-shm']) {
    const side = `${databaseFile}${suffix}`;
    if (fs.existsSync(side)) fs.renameSync(side, `${kept ?? databaseFile}${suffix}.old`);
  }
  fs.copyFileSync(backupFile, databaseFile);
  fs.chmodSync(databaseFile, 0o600);
  return kept;
}

/** Free space where the data folder lives: warning under 500 MB, fault under 100 MB. */
export function diskSpace(dir: string, thresholds = { warnBytes: 500e6, faultBytes: 100e6 }): DiskView {
  try {
    const stats = fs.statfsSync(dir);
    const freeBytes = stats.bavail * stats.bsize;
    const totalBytes = stats.blocks * stats.bsize;
    const level: HealthLevel =
      freeBytes < thresholds.faultBytes ? 'fault' : freeBytes < thresholds.warnBytes ? 'warning' : 'ok';
    return { path: dir, freeBytes, totalBytes, level };
  } catch {
    // A data folder whose space cannot be read is reported as a fault to the technician, which is the point.
    return { path: dir, freeBytes: 0, totalBytes: 0, level: 'fault' };
  }
}

/** Bytes of the WAL beside the database (grows between checkpoints). */
export function walSize(databaseFile: string): number {
  try {
    return fs.statSync(`${databaseFile}-wal`).size;
  } catch {
    // No WAL file (checkpointed or not yet created) means a WAL of 0 bytes.
    return 0;
  }
}
