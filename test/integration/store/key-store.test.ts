// One key store, one atomic writer (#13 "one of each"). The queue's person key used to be loaded on
// a weaker path: a truncated key file was used as the HMAC key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKiosk, StartupError } from '../../../main/kiosk.ts';
import { loadOrCreatePersonKey, personKeyFile } from '../../../main/queue/person-key.ts';
import { writeFileAtomic } from '../../../main/store/atomic-file.ts';
import { KeyFileError } from '../../../main/store/key-store.ts';
import { loadOrCreateKey, personalKeyFile } from '../../../main/sync/crypto.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'key-store-'));

describe('key store', () => {
  it('creates each key once (32 bytes, owner only) and returns the same key after', () => {
    const dir = tmp();
    const person = loadOrCreatePersonKey(dir);
    const personal = loadOrCreateKey(dir);
    expect(person).toHaveLength(32);
    expect(personal).toHaveLength(32);
    expect(person.equals(personal)).toBe(false);
    expect(loadOrCreatePersonKey(dir).equals(person)).toBe(true);
    if (process.platform !== 'win32')
      expect(fs.statSync(path.join(dir, personKeyFile)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual([personalKeyFile, personKeyFile].sort());
  });

  it('refuses a truncated person key with a clear error instead of hashing ID numbers with it', () => {
    const dir = tmp();
    const key = loadOrCreatePersonKey(dir);
    fs.writeFileSync(path.join(dir, personKeyFile), key.subarray(0, 7));
    expect(() => loadOrCreatePersonKey(dir)).toThrow(KeyFileError);
    expect(() => loadOrCreatePersonKey(dir)).toThrow(/person key.*damaged: 7 bytes instead of 32/);
    // Not replaced either: the damaged file stays for the technician to restore.
    expect(fs.readFileSync(path.join(dir, personKeyFile))).toHaveLength(7);
    fs.writeFileSync(path.join(dir, personalKeyFile), Buffer.alloc(0));
    expect(() => loadOrCreateKey(dir)).toThrow(/personal-data encryption key.*0 bytes/);
  });

  it('a kiosk with a truncated person key does not start, and says which file', async () => {
    const root = tmp();
    const keys = path.join(root, 'keys');
    fs.mkdirSync(keys, { recursive: true });
    fs.writeFileSync(path.join(keys, personKeyFile), Buffer.alloc(16, 1));
    const started = createKiosk({
      host: 'web',
      version: '0.0.0-test',
      resourcesDir: path.resolve('resources'),
      dataRoot: root,
      env: { KIOSK_HARDWARE: 'emulated' },
    });
    await expect(started).rejects.toThrow(StartupError);
    await expect(started).rejects.toThrow(/person-key\.key.*16 bytes instead of 32/);
  });
});

describe('atomic file writer', () => {
  it('replaces whole, leaves no temporary files, and an exclusive create keeps the first', () => {
    const dir = tmp();
    const file = path.join(dir, 'state', 'thing.json');
    expect(writeFileAtomic(file, '{"a":1}')).toBe(true);
    expect(writeFileAtomic(file, '{"a":2}')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":2}');
    expect(writeFileAtomic(file, '{"a":3}', { exclusive: true })).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":2}');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['thing.json']);
  });
});
