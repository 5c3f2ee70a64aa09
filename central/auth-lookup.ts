// How a request's kiosk credential is looked up, kept cheap under a burst.
//
// Every request is authenticated before it may take an in-flight place (#14 finding 4), so the
// lookup runs for requests that will be answered 429 too. With 500 kiosks pushing at once and
// retrying after 429, one database read per request queued thousands of reads in front of the
// admitted pushes: the p99 of an accepted push was seconds (bench/central-scale). Two bounds fix
// it without giving a place to an unauthenticated request:
//   - a short-lived cache of positive answers, so a kiosk that pushes again within a few seconds
//     costs no read (only what the store already said; a wrong credential is still refused,
//     because the presented credential's hash is compared against the cached hash each time);
//   - a cap on lookups waiting for the database at once; beyond it the caller answers 429
//     (busy), so the database queue stays short instead of growing with the crowd.
// Revocation: the cache is per instance and the admin tool revokes in the database, so another
// instance may honour a revoked credential for reads for at most `ttlMs`. Pushes are not affected:
// the write re-reads the kiosk row under lock and refuses a revoked kiosk at once.
import type { AuthInfo } from './store/types.ts';

export interface AuthLookupOptions {
  /** How long a positive answer is reused; 0 turns the cache off. */
  ttlMs: number;
  /** Database lookups waiting at once; beyond it `lookup` answers 'busy'. */
  maxPending: number;
  /** Kiosks remembered at most (a city has hundreds; the bound only guards memory). */
  maxEntries?: number;
  now?: () => number;
}

export type LookupResult =
  { kind: 'found'; info: AuthInfo; cached: boolean } | { kind: 'unknown' } | { kind: 'busy' };

export interface AuthLookup {
  /** `fresh`: skip the cache (a credential that does not match a cached hash may be a new one,
   *  issued by re-enrollment through another instance). */
  lookup(kioskId: string, fresh?: boolean): Promise<LookupResult>;
  /** After this instance changed what the store would say (e.g. enrollment confirmed). */
  update(kioskId: string, info: AuthInfo): void;
}

export function createAuthLookup(
  read: (kioskId: string) => Promise<AuthInfo | null>,
  options: AuthLookupOptions,
): AuthLookup {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 20_000;
  const cache = new Map<string, { info: AuthInfo; until: number }>();
  let pending = 0;

  function remember(kioskId: string, info: AuthInfo): void {
    if (options.ttlMs <= 0) return;
    cache.delete(kioskId);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(kioskId, { info, until: now() + options.ttlMs });
  }

  return {
    async lookup(kioskId, fresh = false) {
      const hit = cache.get(kioskId);
      if (!fresh && hit && hit.until > now()) return { kind: 'found', info: hit.info, cached: true };
      if (hit) cache.delete(kioskId);
      if (pending >= options.maxPending) return { kind: 'busy' };
      pending += 1;
      try {
        const info = await read(kioskId);
        if (!info) {
          cache.delete(kioskId);
          return { kind: 'unknown' };
        }
        remember(kioskId, info);
        return { kind: 'found', info, cached: false };
      } finally {
        pending -= 1;
      }
    },
    update(kioskId, info) {
      if (cache.has(kioskId)) remember(kioskId, info);
    },
  };
}
