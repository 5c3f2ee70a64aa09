// The life of a signed document (catalog, staff list, hall configuration, and any further kind the
// protocol names): the sync service verifies its signature and that it is newer than the one in
// force; then its content is checked here BEFORE it is stored (a document the kiosk cannot use is
// refused whole and never becomes "the version in force"), stored in sync_documents, and applied
// at once. At start, before anything is served, the stored document of each kind is verified again
// and applied again, so a restart never falls back to what shipped with the software. What shipped
// (the bundled catalog, resources/hall/*) is only the factory default, in force while nothing newer
// has been verified.
import type { DocumentKind } from '../../protocol/contract.ts';
import { documentKinds } from '../../protocol/contract.ts';
import type { DocumentStatusView } from '../../common/maintenance.ts';
import type { Logger } from '../log/logger.ts';
import type { VerifiedDocument } from './sync-service.ts';

/** How one kind is understood and put in force. `parse` throws an Error naming the problem. */
export interface DocumentHandler<T = unknown> {
  parse(content: unknown): T;
  apply(value: T, document: VerifiedDocument): void;
  /** The version of the factory default in force before any document (e.g. the bundled catalog's). */
  factoryVersion(): string | null;
}

/** Keeps a handler's own value type inside it (the lifecycle only passes parse's result to apply). */
export function documentHandler<T>(handler: DocumentHandler<T>): DocumentHandler {
  return handler as unknown as DocumentHandler;
}

export interface DocumentSource {
  /** The stored document of a kind, its signature verified again (null when none, or tampered). */
  currentDocument(kind: DocumentKind): VerifiedDocument | null;
  /** When the stored document of a kind was first applied (ISO), or null. */
  documentAppliedAt(kind: DocumentKind): string | null;
}

export class DocumentLifecycle {
  private readonly state = new Map<DocumentKind, DocumentStatusView>();
  private source: DocumentSource | null = null;

  constructor(
    private readonly handlers: Partial<Record<DocumentKind, DocumentHandler>>,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    /** This kiosk's hall (its hall configuration's id), or null when it has none. The central
     *  system already serves each kiosk only its hall's documents; this is the kiosk's own check,
     *  against a central (or a database) that hands it another hall's staff list anyway. */
    private readonly ownHall: () => string | null = () => null,
  ) {
    for (const kind of documentKinds) this.state.set(kind, this.factory(kind));
  }

  /** The sync service's content check, before a verified document is stored: a sentence naming
   *  the problem, or null when this kiosk can put it in force. */
  check(document: VerifiedDocument): string | null {
    const own = this.ownHall();
    if (document.hall !== null && own !== null && document.hall !== own)
      return `it is signed for hall ${document.hall}, and this kiosk belongs to hall ${own}.`;
    if (document.kind === 'hall-config' && document.hall !== null) {
      const configures = (document.content as { hallId?: unknown } | null)?.hallId;
      if (configures !== document.hall)
        return `it is signed for hall ${document.hall} but configures hall ${String(configures)}.`;
    }
    const handler = this.handlers[document.kind];
    if (!handler) return null;
    try {
      handler.parse(document.content);
      return null;
    } catch (error) {
      return `its content is not usable here: ${(error as Error).message}`;
    }
  }

  /** A newly stored document: in force at once. */
  applied(document: VerifiedDocument): void {
    // The time the store recorded, so the screen shows the same moment before and after a restart.
    this.put(document, this.source?.documentAppliedAt(document.kind) ?? this.now().toISOString());
  }

  /** At start, before anything is served: each stored document, verified again, in force again. */
  applyStored(source: DocumentSource): void {
    this.source = source;
    for (const kind of documentKinds) {
      const document = source.currentDocument(kind);
      if (!document) continue;
      // Stored under an earlier configuration (the kiosk was moved to another hall since): it
      // stays stored, but the factory default is in force, and the technician sees why.
      const problem = this.check(document);
      if (problem) {
        this.logger.warn('stored signed document not applied', { kind, version: document.version });
        this.state.set(kind, { ...this.factory(kind), problem });
        continue;
      }
      const appliedAt = source.documentAppliedAt(kind) ?? this.now().toISOString();
      this.put(document, appliedAt);
    }
  }

  /** Whether a document of this kind from the central system is in force. */
  fromCentral(kind: DocumentKind): boolean {
    return this.state.get(kind)?.source === 'central';
  }

  status(): DocumentStatusView[] {
    return documentKinds.map((kind) => this.state.get(kind) ?? this.factory(kind));
  }

  private put(document: VerifiedDocument, appliedAt: string): void {
    const handler = this.handlers[document.kind];
    try {
      if (handler) handler.apply(handler.parse(document.content), document);
    } catch (error) {
      // Checked before it was stored, so this means the code changed under a stored document:
      // the factory default (or the earlier state) stays, and the technician sees why.
      this.logger.error('signed document not applied', {
        kind: document.kind,
        version: document.version,
        error,
      });
      const previous = this.state.get(document.kind) ?? this.factory(document.kind);
      this.state.set(document.kind, { ...previous, problem: (error as Error).message });
      return;
    }
    this.state.set(document.kind, {
      kind: document.kind,
      version: String(document.version),
      source: 'central',
      appliedAt,
      issuedAt: document.issuedAt,
      problem: null,
    });
    this.logger.info('signed document in force', { kind: document.kind, version: document.version });
  }

  private factory(kind: DocumentKind): DocumentStatusView {
    const version = this.handlers[kind]?.factoryVersion() ?? null;
    return {
      kind,
      version,
      source: version === null ? 'none' : 'factory',
      appliedAt: null,
      issuedAt: null,
      problem: null,
    };
  }
}
