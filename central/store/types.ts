import { AppError } from '../../common/errors.ts';
import type { DocumentKind, EventRecord, Receipt, SignedDocument } from '../../protocol/contract.ts';

/** A record as the central system holds it; `arrival` orders records by when they were applied. */
export interface StoredEvent {
  arrival: number;
  kioskId: string;
  /** The hall of the kiosk when it sent the record (null for a kiosk enrolled before halls). */
  hallId: string | null;
  seq: number;
  key: string;
  type: string;
  occurredAt: string;
  receivedAt: string;
  payload: Record<string, unknown>;
  personal: Record<string, unknown> | null;
}

export interface KioskRow {
  kioskId: string;
  hallId: string | null;
  registeredAt: string | null;
  revokedAt: string | null;
  lastSeq: number;
  lastSeenAt: string | null;
  enrollmentPending: boolean;
}

/** A kiosk id alone, or kiosk and/or hall. */
export interface EventFilter {
  kioskId?: string;
  hallId?: string;
  type?: string;
  /** Only records that occurred at or after this ISO time (the kiosks' ISO UTC text compares in order). */
  occurredSince?: string;
  /** false: leave personal fields sealed (null) — a view that needs none must not decrypt them. */
  withPersonal?: boolean;
}
export const eventFilter = (filter: string | EventFilter | undefined): EventFilter =>
  typeof filter === 'string' ? { kioskId: filter } : (filter ?? {});

export type ApplyOutcome =
  | { kind: 'applied'; receipts: Receipt[]; lastSeq: number }
  /** Nothing applied: the first new record does not continue the kiosk's sequence. */
  | { kind: 'gap'; expectedSeq: number; lastSeq: number }
  /** Nothing applied: a sequence number or key is already held with different content. */
  | { kind: 'conflict'; message: string; lastSeq: number }
  | { kind: 'unknown-kiosk' };

export type RedeemOutcome =
  | { ok: true; lastSeq: number; hallId: string | null }
  | { ok: false; reason: 'no-enrollment' | 'expired' | 'mismatch' | 'spent' };

export interface AuthInfo {
  credentialHash: string;
  hallId: string | null;
  enrollmentPending: boolean;
}

/** Where the central server keeps kiosks, receipts, records and published documents. Every
 *  implementation applies a batch in one transaction, serialised per kiosk, so a key is applied
 *  once and a kiosk's records land in its own sequence order whatever the concurrency. */
export interface CentralStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates the kiosk if new and arms a one-time enrollment into `hallId` (replacing any earlier
   *  one). The kiosk moves to that hall when the token is redeemed. */
  createEnrollment(
    kioskId: string,
    tokenHash: string,
    expiresAt: string,
    hallId?: string | null,
  ): Promise<void>;
  /** Stores a new credential hash for a valid enrollment. The first redemption spends the token
   *  and binds it to `attemptHash`; until the kiosk first authenticates (confirmEnrollment) only a
   *  repeat with the same attempt hash succeeds (the kiosk lost the answer), anything else is
   *  'spent'. Without an attempt hash the token is strictly single-use. */
  redeemEnrollment(
    kioskId: string,
    tokenHash: string,
    attemptHash: string | null,
    credentialHash: string,
    now: string,
  ): Promise<RedeemOutcome>;
  /** The kiosk proved it holds its credential: the enrollment is over for good. */
  confirmEnrollment(kioskId: string): Promise<void>;
  /** Credential hash and hall of an active kiosk (null when unknown, unregistered or revoked). */
  authInfo(kioskId: string): Promise<AuthInfo | null>;
  revokeKiosk(kioskId: string, now: string): Promise<boolean>;
  listKiosks(): Promise<KioskRow[]>;
  applyBatch(kioskId: string, records: readonly EventRecord[], now: string): Promise<ApplyOutcome>;
  /** Throws when a document of that kind with the same or a newer version is already published
   *  in a scope that overlaps (city-wide overlaps every hall): versions of a kind rise across the
   *  city-wide and hall scopes, so a kiosk never sees one go back. `document.hall` is the scope. */
  publishDocument(document: SignedDocument): Promise<void>;
  /** The newest document of `kind` for a kiosk of `hallId`: its hall's or a city-wide one. */
  latestDocument(kind: DocumentKind, hallId: string | null): Promise<SignedDocument | null>;
  /** Records in arrival order (for the admin export and the tests), personal fields opened. */
  events(filter?: string | EventFilter): Promise<StoredEvent[]>;
  /** The number of the newest schema migration the database has. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}

export class PublishError extends AppError {
  override name = 'PublishError';
}

/** Decides a batch against what the store holds: shared by every implementation so they cannot
 *  disagree. `known` maps the batch's already-applied keys to their sequence numbers. */
export function planBatch(
  records: readonly EventRecord[],
  lastSeq: number,
  known: ReadonlyMap<string, number>,
):
  | { kind: 'plan'; fresh: EventRecord[]; receipts: Receipt[]; lastSeq: number }
  | { kind: 'gap'; expectedSeq: number }
  | { kind: 'conflict'; message: string } {
  const fresh: EventRecord[] = [];
  const receipts: Receipt[] = [];
  const seenInBatch = new Set<string>();
  let next = lastSeq + 1;
  for (const record of records) {
    if (seenInBatch.has(record.key))
      return { kind: 'conflict', message: `Key ${record.key} appears twice in one batch.` };
    seenInBatch.add(record.key);
    const heldSeq = known.get(record.key);
    if (heldSeq !== undefined) {
      if (heldSeq !== record.seq)
        return {
          kind: 'conflict',
          message: `Key ${record.key} was applied as record ${heldSeq}, now offered as record ${record.seq}.`,
        };
      receipts.push({ key: record.key, seq: record.seq, status: 'duplicate' });
      continue;
    }
    if (record.seq < next)
      return {
        kind: 'conflict',
        message: `Record ${record.seq} is already held with a different key: this kiosk's database may have been replaced.`,
      };
    if (record.seq > next) return { kind: 'gap', expectedSeq: next };
    fresh.push(record);
    receipts.push({ key: record.key, seq: record.seq, status: 'applied' });
    next += 1;
  }
  return { kind: 'plan', fresh, receipts, lastSeq: next - 1 };
}

/** Associated data of a sealed personal field: the row it belongs to. */
export const personalContext = (kioskId: string, key: string): string => `${kioskId}/${key}`;

/** The redemption rules, shared by both stores (see CentralStore.redeemEnrollment). */
export function judgeRedemption(
  kiosk:
    | {
        enrollment_hash: string | null;
        enrollment_expires: string | Date | null;
        enrollment_attempt: string | null;
        enrollment_redeemed_at: string | Date | null;
      }
    | undefined,
  tokenHash: string,
  attemptHash: string | null,
  now: string,
): { ok: true } | { ok: false; reason: 'no-enrollment' | 'expired' | 'mismatch' | 'spent' } {
  if (!kiosk?.enrollment_hash || !kiosk.enrollment_expires) return { ok: false, reason: 'no-enrollment' };
  if (kiosk.enrollment_hash !== tokenHash) return { ok: false, reason: 'mismatch' };
  if (new Date(kiosk.enrollment_expires).getTime() < Date.parse(now)) return { ok: false, reason: 'expired' };
  if (kiosk.enrollment_redeemed_at !== null) {
    // Spent. Only the same installation repeating its own attempt (its answer was lost) gets in.
    if (attemptHash === null || kiosk.enrollment_attempt === null || kiosk.enrollment_attempt !== attemptHash)
      return { ok: false, reason: 'spent' };
  }
  return { ok: true };
}
