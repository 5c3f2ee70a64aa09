// One-time launch codes for the web host (issue #14, finding 10). The per-launch secret used to ride
// in the address given to Chromium, so it stood on Chromium's command line (readable by any local
// user in `ps`) and was printed by `npm start`. Now the address carries a code that the host
// exchanges once for an HttpOnly, SameSite=Strict session cookie; the code is dead after that, and
// after a short time even if nobody used it. The secret itself never leaves the host process.
//
// A code is `<expiry, base36 ms>.<nonce>.<HMAC-SHA256(secret, expiry.nonce)>`: whoever holds the
// secret (the host, or a test that started the host and chose the secret) can mint one without a
// round trip; the host remembers the nonces it has accepted until they expire, so each works once.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function mintLaunchCode(secret: string, ttlMs: number, now = Date.now()): string {
  const body = `${(now + ttlMs).toString(36)}.${randomBytes(12).toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export type LaunchCodeVerdict = 'ok' | 'malformed' | 'forged' | 'expired' | 'used';

/** Remembers the codes already redeemed, until they would have expired anyway. */
export class LaunchCodes {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly maxOutstanding = 1000,
  ) {}

  mint(ttlMs: number): string {
    return mintLaunchCode(this.secret, ttlMs);
  }

  redeem(code: string, now = Date.now()): LaunchCodeVerdict {
    const parts = code.split('.');
    if (parts.length !== 3 || code.length > 200) return 'malformed';
    const [expiry, nonce, mac] = parts as [string, string, string];
    const expected = Buffer.from(sign(this.secret, `${expiry}.${nonce}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    const expiresAt = parseInt(expiry, 36);
    if (!Number.isFinite(expiresAt) || expiresAt <= now) return 'expired';
    for (const [seen, until] of this.used) if (until <= now) this.used.delete(seen);
    if (this.used.has(nonce)) return 'used';
    // Only genuine codes get here, so this bound is against a bug, not an attacker.
    if (this.used.size >= this.maxOutstanding) return 'expired';
    this.used.set(nonce, expiresAt);
    return 'ok';
  }
}
