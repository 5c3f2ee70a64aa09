// The credit restrictions (失信) the kiosk applies offline: the newest signed `credit-restrictions`
// document the sync service verified. Subjects are SHA-256 hashes (see /work/coord/credit.md and
// central's creditSubject), so the kiosk never holds a plain list of ID numbers. Each entry carries
// its own end date: Tongliang's two years is one local rule; nationally (国办发〔2020〕42号) a
// restriction lasts until credit is repaired (until: null), and court entries can be extended or
// deleted early — so no term is a constant here.
//
// A restricted applicant is never offered a commitment (容缺/告知承诺) but is not refused either:
// the engine turns what would have been a commitment into a notice of what to bring.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../common/log.ts';

export const CREDIT_DOCUMENT_KIND = 'credit-restrictions';
const SUBJECT_PREFIX = 'gov-kiosk-credit-v1:';

const contentSchema = z.object({
  entries: z.array(
    z.object({
      subject: z.string().regex(/^[0-9a-f]{64}$/),
      until: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .nullable(),
      basis: z.string().max(200).optional(),
    }),
  ),
});

/** The hashed subject of an ID number or unified social credit code (upper-cased first, so a
 *  trailing x of an ID number matches its X). */
export function creditSubjectHash(id: string): string {
  return createHash('sha256')
    .update(SUBJECT_PREFIX + id.trim().toUpperCase(), 'utf8')
    .digest('hex');
}

export interface CreditDocument {
  kind: string;
  version: number;
  content: unknown;
}

/** The source of verified documents: the sync service (currentDocument/onDocument). */
export interface CreditDocumentSource {
  currentDocument(kind: never): CreditDocument | null;
  onDocument(listener: (document: CreditDocument) => void): () => void;
}

export class CreditRestrictions {
  /** subject hash → last restricted day (YYYY-MM-DD, inclusive), or null: until repaired. */
  private entries = new Map<string, string | null>();
  private appliedVersion: number | null = null;

  constructor(private readonly logger: Logger) {}

  /** Applies the newest verified list; an older or malformed one leaves the one in force. */
  apply(document: CreditDocument): boolean {
    if (document.kind !== CREDIT_DOCUMENT_KIND) return false;
    if (this.appliedVersion !== null && document.version <= this.appliedVersion) return false;
    const parsed = contentSchema.safeParse(document.content);
    if (!parsed.success) {
      this.logger.warn('credit.restrictions-refused', { version: document.version });
      return false;
    }
    const next = new Map<string, string | null>();
    for (const entry of parsed.data.entries) {
      const previous = next.get(entry.subject);
      // Two entries for one subject: the longer restriction holds (null = open-ended).
      if (previous === null) continue;
      if (entry.until === null || previous === undefined || entry.until > previous)
        next.set(entry.subject, entry.until);
    }
    this.entries = next;
    this.appliedVersion = document.version;
    // The count is not personal; the subjects never reach the log.
    this.logger.info('credit.restrictions-applied', { version: document.version, entries: next.size });
    return true;
  }

  /** Subscribes to the sync service and applies the list already in force. */
  attach(source: CreditDocumentSource): () => void {
    const current = source.currentDocument(CREDIT_DOCUMENT_KIND as never);
    if (current) this.apply(current);
    return source.onDocument((document) => {
      if (document.kind === CREDIT_DOCUMENT_KIND) this.apply(document);
    });
  }

  /** Is this ID number / credit code restricted on `today` (YYYY-MM-DD, the hall's date)? */
  isRestricted(id: string, today: string): boolean {
    const hash = creditSubjectHash(id);
    if (!this.entries.has(hash)) return false;
    const until = this.entries.get(hash) ?? null;
    return until === null || today <= until;
  }

  version(): number | null {
    return this.appliedVersion;
  }
}
