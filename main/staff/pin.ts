// Staff PINs are kept only as salted scrypt hashes, so a copied database does not give the PINs
// away: a 6-digit PIN space is small, and only a slow hash with a per-PIN salt makes trying it all
// expensive. The format names its parameters so they can be raised later without breaking old hashes.
import crypto from 'node:crypto';

export const pinPattern = /^\d{6,12}$/;

const defaults = { N: 1 << 15, r: 8, p: 1, keyLength: 32 };

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

function scrypt(pin: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(
      pin,
      salt,
      keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** "scrypt$N=32768,r=8,p=1$<salt base64>$<hash base64>" */
export async function hashPin(pin: string, params: ScryptParams = defaults): Promise<string> {
  if (!pinPattern.test(pin)) throw new RangeError('A PIN is 6 to 12 digits.');
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(pin, salt, params, defaults.keyLength);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function parsePinHash(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const match = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return null;
  const params = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  // Powers of two only, and bounded, so a tampered hash cannot make verification eat the machine.
  if (params.N < 2 || params.N > 1 << 20 || (params.N & (params.N - 1)) !== 0) return null;
  if (params.r < 1 || params.r > 32 || params.p < 1 || params.p > 4) return null;
  const salt = Buffer.from(match[4]!, 'base64');
  const hash = Buffer.from(match[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) return null;
  return { params, salt, hash };
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parsed = parsePinHash(stored);
  if (!parsed || !pinPattern.test(pin)) return false;
  const candidate = await scrypt(pin, parsed.salt, parsed.params, parsed.hash.length);
  return crypto.timingSafeEqual(candidate, parsed.hash);
}

/** A hash no PIN matches, verified for unknown staff ids so that their answer takes as long. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPin('000000');
  return decoy;
}
