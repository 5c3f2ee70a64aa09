import { AppError } from '../../common/errors.ts';
import type { DocumentKind, EventRecord, Receipt, SignedDocument } from '../../protocol/contract.ts';

/** A record as the central system holds it; `arrival` orders records by when they were applied. */
export interface StoredEvent {
  arrival: number;
  kioskId: string;
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
  registeredAt: string | null;
  revokedAt: string | null;
  lastSeq: number;
  lastSeenAt: string | null;
  enrollmentPending: boolean;
}

export type ApplyOutcome =
  | { kind: 'applied'; receipts: Receipt[]; lastSeq: number }
  /** Nothing applied: the first new record does not continue the kiosk's sequence. */
  | { kind: 'gap'; expectedSeq: number; lastSeq: number }
  /** Nothing applied: a sequence number or key is already held with different content. */
  | { kind: 'conflict'; message: string; lastSeq: number }
  | { kind: 'unknown-kiosk' };

export type RedeemOutcome =
  { ok: true; lastSeq: number } | { ok: false; reason: 'no-enrollment' | 'expired' | 'mismatch' };

/** Where the central server keeps kiosks, receipts, records and published documents. Every
 *  implementation applies a batch in one transaction, serialised per kiosk, so a key is applied
 *  once and a kiosk's records land in its own sequence order whatever the concurrency. */
export interface CentralStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates the kiosk if new and arms a one-time enrollment (replacing any earlier one). */
  createEnrollment(kioskId: string, tokenHash: string, expiresAt: string): Promise<void>;
  /** Stores a new credential hash for a valid enrollment. The enrollment stays redeemable until
   *  the kiosk first authenticates with the credential (confirmEnrollment): an answer lost on the
   *  way must not leave the kiosk with a spent token and no credential. */
  redeemEnrollment(
    kioskId: string,
    tokenHash: string,
    credentialHash: string,
    now: string,
  ): Promise<RedeemOutcome>;
  /** The kiosk proved it holds its credential: the enrollment token is spent. */
  confirmEnrollment(kioskId: string): Promise<void>;
  /** Credential hash of an active kiosk (null when unknown, unregistered or revoked). */
  authInfo(kioskId: string): Promise<{ credentialHash: string; enrollmentPending: boolean } | null>;
  revokeKiosk(kioskId: string, now: string): Promise<boolean>;
  listKiosks(): Promise<KioskRow[]>;
  applyBatch(kioskId: string, records: readonly EventRecord[], now: string): Promise<ApplyOutcome>;
  /** Throws when a document of that kind with the same or a newer version is already published. */
  publishDocument(document: SignedDocument): Promise<void>;
  latestDocument(kind: DocumentKind): Promise<SignedDocument | null>;
  /** Records in arrival order (for the admin export and the tests). */
  events(kioskId?: string): Promise<StoredEvent[]>;
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
