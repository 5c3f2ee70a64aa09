// A person is recognised across requests (one open ticket per line) by a keyed hash of their ID
// number. The key stays on the kiosk, so the hash cannot be reversed by trying all ID numbers
// without it; the ID number itself is never stored.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const personKeyFile = 'person-key.key';

export function loadOrCreatePersonKey(keysDir: string): Buffer {
  const file = path.join(keysDir, personKeyFile);
  try {
    const existing = fs.readFileSync(file);
    if (existing.length === 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  // 'wx': two processes starting at once must not overwrite each other's key.
  try {
    fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file);
    throw error;
  }
}

/** HMAC-SHA256 of the normalised ID number, hex. */
export function personKeyFor(key: Buffer, idNumber: string): string {
  const normalised = idNumber.replace(/\s+/g, '').toUpperCase();
  return crypto.createHmac('sha256', key).update(`id:${normalised}`).digest('hex');
}
