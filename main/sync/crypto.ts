// Encryption at rest for personal fields (PIPL): AES-256-GCM with a per-installation key kept in
// the data folder's keys/ directory, owner-readable only.
import crypto from 'node:crypto';
import { KeyFileError, loadOrCreateKey as loadKey } from '../store/key-store.ts';

export const personalKeyFile = 'personal-data.key';
const formatVersion = 1;
const ivBytes = 12;
const tagBytes = 16;

export { KeyFileError };

/** The personal-data key, from the kiosk's one key store (main/store/key-store.ts). */
export function loadOrCreateKey(keysDir: string, name: string = personalKeyFile): Buffer {
  return loadKey(keysDir, name, 'personal-data encryption key');
}

/** version(1) | iv(12) | tag(16) | ciphertext. `context` (the record's idempotency key) is bound as
 *  associated data, so a ciphertext copied onto another record fails to decrypt. */
export function encryptPersonal(key: Buffer, plaintext: string, context: string): Buffer {
  const iv = crypto.randomBytes(ivBytes);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([formatVersion]), iv, cipher.getAuthTag(), body]);
}

export function decryptPersonal(key: Buffer, sealed: Buffer, context: string): string {
  if (sealed.length < 1 + ivBytes + tagBytes || sealed[0] !== formatVersion)
    throw new KeyFileError('Encrypted personal fields have an unknown format.');
  const iv = sealed.subarray(1, 1 + ivBytes);
  const tag = sealed.subarray(1 + ivBytes, 1 + ivBytes + tagBytes);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + ivBytes + tagBytes)), decipher.final()]).toString(
    'utf8',
  );
}
