// A person is recognised across requests (one open ticket per line) by a keyed hash of their ID
// number. The key stays on the kiosk, so the hash cannot be reversed by trying all ID numbers
// without it; the ID number itself is never stored.
import crypto from 'node:crypto';
import { loadOrCreateKey } from '../store/key-store.ts';

export const personKeyFile = 'person-key.key';

/** The person key, from the kiosk's one key store: a damaged (e.g. truncated) key file is refused
 *  with a clear error, never used as the HMAC key. */
export function loadOrCreatePersonKey(keysDir: string): Buffer {
  return loadOrCreateKey(keysDir, personKeyFile, 'person key for ID-number hashes');
}

/** HMAC-SHA256 of the normalised ID number, hex. */
export function personKeyFor(key: Buffer, idNumber: string): string {
  const normalised = idNumber.replace(/\s+/g, '').toUpperCase();
  return crypto.createHmac('sha256', key).update(`id:${normalised}`).digest('hex');
}
