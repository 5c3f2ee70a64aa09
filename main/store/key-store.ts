// The one key store: every secret key of the kiosk (the personal-data key of the outbox, the
// person key that hashes ID numbers for the queue) is a 32-byte file in the data folder's keys/
// directory, owner-readable only, created once with an atomic exclusive write (two processes
// starting together agree on one key; a crash never leaves a short file). A key file of any other
// length is refused with a clear error — never used, and never silently replaced, since records
// written with the old key would become unreadable or unmatched.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../common/errors.ts';
import { writeFileAtomic } from './atomic-file.ts';

export const keyBytes = 32;

export class KeyFileError extends AppError {
  override name = 'KeyFileError';
}

/** Reads the key `name` from `keysDir`, creating it on first use. */
export function loadOrCreateKey(keysDir: string, name: string, purpose: string): Buffer {
  const file = path.join(keysDir, name);
  if (!fs.existsSync(file)) writeFileAtomic(file, crypto.randomBytes(keyBytes), { exclusive: true });
  const key = fs.readFileSync(file);
  if (key.length !== keyBytes)
    throw new KeyFileError(
      `The key file ${file} (${purpose}) is damaged: ${key.length} bytes instead of ${keyBytes}. ` +
        'The kiosk will not use it; restore the file from a backup (records made with it need that key).',
    );
  return key;
}
