// Encryption at rest of the personal fields central receives (PIPL; #14 finding 5). AES-256-GCM,
// one random IV per value, the row's identity (kiosk and idempotency key) bound as associated
// data so a sealed value copied onto another row does not open. The key never lives in the
// database or its folder: it comes from a key file, an environment variable, or a KMS hook.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the data key comes from. A KMS integration implements this: at start it unwraps the
 *  data key(s) with the KMS (or fetches them from a secrets manager) and keeps them in memory. */
export interface DataKeyProvider {
  /** The key new values are sealed with, and its id (stored beside each value). */
  current(): { id: string; key: Buffer };
  /** Any key that sealed existing values (rotation: old ids stay readable). Null if unknown. */
  byId(id: string): Buffer | null;
}

export class DataKeyError extends Error {
  override name = 'DataKeyError';
}

const keyIdOf = (key: Buffer): string =>
  crypto.createHash('sha256').update('central-data-key:').update(key).digest('hex').slice(0, 8);

function parseKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32)
    throw new DataKeyError(
      `${where} must hold a 32-byte key (64 hex digits or base64), got ${key.length} bytes.`,
    );
  return key;
}

/** A provider over fixed keys: the first is current, all are readable (for rotation, list the new
 *  key first and the old ones after it). */
export function staticKeys(keys: readonly Buffer[]): DataKeyProvider {
  if (keys.length === 0) throw new DataKeyError('At least one data key is needed.');
  const byId = new Map(keys.map((key) => [keyIdOf(key), key]));
  const first = keys[0]!;
  return { current: () => ({ id: keyIdOf(first), key: first }), byId: (id) => byId.get(id) ?? null };
}

/** Creates a new key file (0600, in a 0700 folder) and returns its path; refuses to overwrite. */
export function createKeyFile(file: string): string {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}

/** The key from, in order: `CENTRAL_DATA_KEY` (hex/base64; comma-separated, newest first, for
 *  rotation), the file named by `keyFile` or `CENTRAL_DATA_KEY_FILE` (one key per line, newest
 *  first). A key file inside the database folder is refused: a copy of that folder must not carry
 *  its own key. */
export function dataKeysFromEnvironment(
  options: { keyFile?: string; databaseDir?: string | null; env?: NodeJS.ProcessEnv } = {},
): DataKeyProvider {
  const env = options.env ?? process.env;
  if (env.CENTRAL_DATA_KEY)
    return staticKeys(env.CENTRAL_DATA_KEY.split(',').map((part) => parseKey(part, 'CENTRAL_DATA_KEY')));
  const file = options.keyFile ?? env.CENTRAL_DATA_KEY_FILE;
  if (!file)
    throw new DataKeyError(
      'No data key for personal fields: set CENTRAL_DATA_KEY, CENTRAL_DATA_KEY_FILE or --key-file (create one with `central:admin -- gen-data-key --out FILE`). Keep it outside the database folder.',
    );
  const resolved = path.resolve(file);
  if (options.databaseDir) {
    const dir = path.resolve(options.databaseDir) + path.sep;
    if (resolved.startsWith(dir))
      throw new DataKeyError(
        `The data key file ${file} lies inside the database folder; keep it elsewhere (a copy of the folder must not carry its key).`,
      );
  }
  const mode = fs.statSync(resolved).mode & 0o077;
  if (mode !== 0) throw new DataKeyError(`The data key file ${file} is readable by others; chmod 600 it.`);
  const lines = fs
    .readFileSync(resolved, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return staticKeys(lines.map((line) => parseKey(line, `The data key file ${file}`)));
}

const prefix = 'v1';

/** `v1.<keyId>.<base64 iv|tag|ciphertext>` */
export function seal(keys: DataKeyProvider, plaintext: string, context: string): string {
  const { id, key } = keys.current();
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${prefix}.${id}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function open(keys: DataKeyProvider, sealed: string, context: string): string {
  const [version, id, data] = sealed.split('.');
  if (version !== prefix || !id || !data) throw new DataKeyError('A sealed value has an unknown format.');
  const key = keys.byId(id);
  if (!key)
    throw new DataKeyError(
      `A personal field was sealed with data key ${id}, which is not configured; add the old key after the new one.`,
    );
  const raw = Buffer.from(data, 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** The data folder: 0700, even when it existed with looser modes (umask 022 made it 0755). */
export function secureDirectory(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}
