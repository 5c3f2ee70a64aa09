// The slips the citizen flow prints (notice, not-accepted notice, commitment, blank form), kept for
// the desk to reprint: a person whose paper ran out mid-slip, or who lost it, gets a copy marked 补打
// from the staff desk, in the language the original was printed in (the stored document says which).
// Queue tickets and vouchers are not kept here: the queue rebuilds them from
// their rows, which hold nothing personal.
//
// A slip carries a name and a masked ID number, so the document is stored encrypted like the
// outbox's personal fields (AES-256-GCM, the same key, the row id as associated data) and the row is
// deleted after `keepHours` (default 24: the desk reprints the same day or the next morning; far
// inside the outbox's retention).
import { doc, type DocumentKind, type PrintDocument } from '../../hardware/printer/document.ts';
import type { PrintOutcome } from '../../hardware/printer/driver.ts';
import type { HelpCallReply } from '../../common/help.ts';
import type { ArchivedPaperView, PaperReprintResult } from '../../common/queue.ts';
import { KioskError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { decryptPersonal, encryptPersonal } from '../sync/crypto.ts';
import type { HallConfig } from './hall-config.ts';
import { businessDay } from './hall-time.ts';
import { reprintMarkText } from './slips/documents.ts';

export type ArchivedKind = Extract<DocumentKind, 'notice' | 'not-accepted' | 'commitment' | 'blank-form'>;
const archivedKinds: readonly ArchivedKind[] = ['notice', 'not-accepted', 'commitment', 'blank-form'];

export type { ArchivedPaperView, PaperReprintResult };

/** What the help service answered when the kiosk called staff for a slip cut short: whether a desk
 *  has the call, else why not (no desk signed in, or the hall is closed), with the hotline and the
 *  next opening. The person is told exactly this, never more. */
export type CutShortHelp = Pick<HelpCallReply, 'reached' | 'reason' | 'hotline' | 'nextOpening'>;

/** A print's outcome; a slip cut short also carries what the help call answered. */
export type ArchivedPrintOutcome = PrintOutcome & { help?: CutShortHelp };

interface Row {
  id: number;
  kind: string;
  reference: string | null;
  business_day: string;
  created_at: string;
  print_state: 'printing' | 'printed' | 'failed';
  failure_code: string | null;
  reprints: number;
  document: Buffer;
  purge_after: string;
}

export interface PaperArchiveOptions {
  db: Db;
  /** The outbox's 32-byte personal-data key. */
  personalKey: Buffer;
  hall: Pick<HallConfig, 'timeZone' | 'dailyResetAt'>;
  print: (document: PrintDocument) => Promise<PrintOutcome>;
  now?: () => Date;
  keepHours?: number;
  /** Desk copies of one slip; default 3. */
  maxReprints?: number;
  /** A slip was cut short (it started and did not finish): call staff (the help service). Returns
   *  whether a desk has the call, and if not why, which decides what the person is told. */
  onCutShort?: (kind: ArchivedKind, paperId: number, reference: string | null) => CutShortHelp;
}

/** The sentence (i18n key and its values) for a print that failed: for a slip cut short, what the
 *  help call really achieved — staff called; nobody at the desk (go there, or the hotline); or the
 *  hall closed (no staff: the hotline and the next opening, the slip kept for the desk's reprint). */
export function printFailureMessage(
  outcome: Extract<ArchivedPrintOutcome, { ok: false }>,
  fallbackKey: (code: Extract<PrintOutcome, { ok: false }>['code']) => string,
): { key: string; params?: Record<string, string> } {
  const help = outcome.help;
  if (!help || help.reached) return { key: fallbackKey(outcome.code) };
  if (help.reason === 'after-hours')
    return help.nextOpening
      ? {
          key: 'print.cutShortAfterHours',
          params: { hotline: help.hotline, day: help.nextOpening.day, from: help.nextOpening.from },
        }
      : { key: 'print.cutShortAfterHoursNoNext', params: { hotline: help.hotline } };
  return { key: 'print.cutShortNoDesk', params: { hotline: help.hotline } };
}

/** The kind of a document the citizen flow prints: its `kind`, else read from its title. */
export function archivedKindOf(document: PrintDocument): ArchivedKind | null {
  if (document.kind)
    return (archivedKinds as readonly string[]).includes(document.kind)
      ? (document.kind as ArchivedKind)
      : null;
  const title = document.title.toLowerCase();
  if (title.startsWith('not-accepted') || title.startsWith('not accepted')) return 'not-accepted';
  if (title.startsWith('notice') || title.startsWith('correction notice')) return 'notice';
  if (title.startsWith('commitment')) return 'commitment';
  if (title.startsWith('blank form')) return 'blank-form';
  return null;
}

const context = (id: number) => `paper-archive:${id}`;

export class PaperArchive {
  private readonly now: () => Date;
  private readonly keepMs: number;
  private readonly maxReprints: number;
  private readonly sql;

  constructor(private readonly options: PaperArchiveOptions) {
    this.now = options.now ?? (() => new Date());
    this.keepMs = (options.keepHours ?? 24) * 3_600_000;
    this.maxReprints = options.maxReprints ?? 3;
    const { db } = options;
    this.sql = {
      insert: db.prepare<[string, string | null, string, string, string], { id: number }>(
        `INSERT INTO paper_archive (kind, reference, business_day, created_at, print_state, document, purge_after)
         VALUES (?, ?, ?, ?, 'printing', x'', ?) RETURNING id`,
      ),
      setDocument: db.prepare<[Buffer, number]>('UPDATE paper_archive SET document = ? WHERE id = ?'),
      setState: db.prepare<[string, string | null, number]>(
        'UPDATE paper_archive SET print_state = ?, failure_code = ? WHERE id = ?',
      ),
      bumpReprints: db.prepare<[number]>('UPDATE paper_archive SET reprints = reprints + 1 WHERE id = ?'),
      byId: db.prepare<[number], Row>('SELECT * FROM paper_archive WHERE id = ?'),
      recent: db.prepare<[string, number], Row>(
        'SELECT * FROM paper_archive WHERE purge_after > ? ORDER BY id DESC LIMIT ?',
      ),
      purge: db.prepare<[string]>('DELETE FROM paper_archive WHERE purge_after <= ?'),
    };
  }

  /** Prints a document of the citizen flow, keeping it first when it is a kind the desk may reprint
   *  (so a slip cut short by the paper is there to reprint). Other documents just print. */
  async print(document: PrintDocument): Promise<ArchivedPrintOutcome> {
    const kind = archivedKindOf(document);
    if (!kind) return this.options.print(document);
    const id = this.keep(kind, document);
    let outcome: PrintOutcome;
    try {
      outcome = await this.printSafely(document);
    } catch (error) {
      this.sql.setState.run('failed', 'no-printer', id);
      throw error;
    }
    this.sql.setState.run(outcome.ok ? 'printed' : 'failed', outcome.ok ? null : outcome.code, id);
    if (outcome.ok || !outcome.started) return outcome;
    let help: CutShortHelp | undefined;
    try {
      help = this.options.onCutShort?.(kind, id, this.sql.byId.get(id)?.reference ?? null);
    } catch {
      // A failing help hook must not cost the print result: the person is then told to go to the
      // desk (the slip waits there for reprint), which is true without the call.
      help = undefined;
    }
    return {
      ...outcome,
      code: help?.reached ? 'cut-short-staff-called' : 'cut-short',
      ...(help && { help }),
    };
  }

  /** The slips the desk may reprint, newest first. */
  list(limit = 50): ArchivedPaperView[] {
    this.purge();
    return this.sql.recent.all(this.now().toISOString(), limit).map((row) => this.view(row));
  }

  /** Prints a copy marked 补打, limited to `maxReprints` per slip; the caller records who asked. */
  async reprint(id: number): Promise<PaperReprintResult> {
    this.purge();
    const row = this.sql.byId.get(id);
    if (!row) throw new KioskError('not-found', `There is no kept slip ${id}.`, 'staff.error.noSuchPaper');
    if (row.reprints >= this.maxReprints)
      throw new KioskError(
        'conflict',
        `Slip ${id} has been reprinted ${row.reprints} times already.`,
        'staff.error.reprintLimit',
      );
    const original = JSON.parse(
      decryptPersonal(this.options.personalKey, row.document, context(id)),
    ) as PrintDocument;
    this.sql.bumpReprints.run(id);
    const attempt = row.reprints + 2;
    // The copy speaks the original's language (the document records it): a slip printed in English
    // for a foreign resident is reprinted in English, its mark too.
    const mark = doc.center(
      reprintMarkText(attempt, this.now(), this.options.hall.timeZone, original.locale ?? 'zh-CN'),
      { bold: true, size: { width: 1, height: 2 } },
    );
    const copy: PrintDocument = {
      ...original,
      title: `${original.title} (reprint ${attempt})`,
      blocks: [mark, ...original.blocks],
    };
    const outcome = await this.printSafely(copy);
    if (outcome.ok) this.sql.setState.run('printed', null, id);
    const paper = this.view(this.sql.byId.get(id)!);
    return outcome.ok
      ? { paper, printed: true }
      : {
          paper,
          printed: false,
          failureKey: outcome.code === 'unfinished' ? 'print.unfinished' : 'health.printer.error',
        };
  }

  /** Deletes slips past their keeping time; returns how many. */
  purge(): number {
    return this.sql.purge.run(this.now().toISOString()).changes;
  }

  private keep(kind: ArchivedKind, document: PrintDocument): number {
    const now = this.now();
    const reference = document.title.split(' ').at(-1) ?? null;
    return this.options.db
      .transaction(() => {
        const { id } = this.sql.insert.get(
          kind,
          reference && /^[A-Za-z0-9-]+$/.test(reference) ? reference : null,
          businessDay(now, this.options.hall as HallConfig),
          now.toISOString(),
          new Date(now.getTime() + this.keepMs).toISOString(),
        )!;
        this.sql.setDocument.run(
          encryptPersonal(this.options.personalKey, JSON.stringify(document), context(id)),
          id,
        );
        return id;
      })
      .immediate();
  }

  private async printSafely(document: PrintDocument): Promise<PrintOutcome> {
    try {
      return await this.options.print(document);
    } catch (error) {
      if (error instanceof KioskError) throw error;
      return { ok: false, code: 'unfinished', message: (error as Error).message, started: true };
    }
  }

  private view(row: Row): ArchivedPaperView {
    return {
      id: row.id,
      kind: row.kind as ArchivedKind,
      reference: row.reference,
      createdAt: row.created_at,
      printState: row.print_state,
      reprints: row.reprints,
      reprintsLeft: Math.max(0, this.maxReprints - row.reprints),
    };
  }
}
