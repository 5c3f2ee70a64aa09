// Encryption at rest for personal fields (PIPL): AES-256-GCM with a per-installation key kept in
// the data folder's keys/ directory, owner-readable only.
import { AppError } from '../../common/errors.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const personalKeyFile = 'personal-data.key';
const formatVersion = 1;
const ivBytes = 12;
const tagBytes = 16;

export class KeyFileError extends AppError {
  override name = 'KeyFileError';
}

/** Reads the 32-byte key, creating it on first use. Creation goes through a temporary file and a
 *  hard link, so two processes starting together agree on one key and a crash never leaves a short
 *  key file behind. */
export function loadOrCreateKey(keysDir: string, name: string = personalKeyFile): Buffer {
  const file = path.join(keysDir, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const temporary = path.join(keysDir, `.${name}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
    const fd = fs.openSync(temporary, 'wx', 0o600);
    try {
      fs.writeSync(fd, crypto.randomBytes(32));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  }
  const key = fs.readFileSync(file);
  if (key.length !== 32)
    throw new KeyFileError(
      `The key file ${file} is damaged (${key.length} bytes instead of 32). Personal fields written with it cannot be read; restore the file from a backup.`,
    );
  return key;
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
