// 好差评: the five-level rating a person gives after a session. One rating per case, kept in the
// store with its outbox record in one transaction, so it reaches the central system exactly once
// whenever the network is there, and a second tap (or a replayed request) cannot rate twice.
import { evaluationNeedsReason, evaluationReasons, type EvaluationReason } from '../../common/hall.ts';
import type { SessionView } from '../../common/session.ts';
import { KioskError } from '../errors.ts';
import type { Logger } from '../../common/log.ts';
import type { Db } from '../store/database.ts';
import { enqueueEvent } from '../sync/outbox.ts';

export interface EvaluationInput {
  /** The pre-review reference of the case, or `S-<session id>` for a session without one. */
  caseRef: string;
  itemCode: string | null;
  outcome: string | null;
  rating: number;
  reasons: readonly string[];
}

export interface StoredEvaluation {
  caseRef: string;
  rating: number;
  reasons: EvaluationReason[];
  outboxSeq: number;
}

export class EvaluationService {
  private readonly insert;
  private readonly find;
  private readonly write;
  private readonly now: () => Date;

  constructor(private readonly options: { db: Db; kioskId: string; logger: Logger; now?: () => Date }) {
    const { db } = options;
    this.now = options.now ?? (() => new Date());
    this.insert = db.prepare(
      `INSERT INTO citizen_evaluations (case_ref, rating, reasons, item_code, outcome, outbox_seq, rated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.find = db.prepare<[string], { case_ref: string }>(
      'SELECT case_ref FROM citizen_evaluations WHERE case_ref = ?',
    );
    this.write = db.transaction((input: EvaluationInput, reasons: EvaluationReason[]): StoredEvaluation => {
      if (this.find.get(input.caseRef))
        throw new KioskError('conflict', 'This case has already been rated.', 'evaluation.already');
      const ratedAt = this.now();
      // No personal data: the case reference links the rating to the pre-review record centrally.
      const { seq } = enqueueEvent(db, {
        type: 'evaluation',
        payload: {
          caseRef: input.caseRef,
          kioskId: options.kioskId,
          itemCode: input.itemCode,
          outcome: input.outcome,
          rating: input.rating,
          reasons,
          ratedAt: ratedAt.toISOString(),
        },
        occurredAt: ratedAt,
      });
      this.insert.run(
        input.caseRef,
        input.rating,
        JSON.stringify(reasons),
        input.itemCode,
        input.outcome,
        seq,
        ratedAt.toISOString(),
      );
      return { caseRef: input.caseRef, rating: input.rating, reasons, outboxSeq: seq };
    });
  }

  submit(input: EvaluationInput): StoredEvaluation {
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
      throw new KioskError('bad-request', 'A rating is a whole number from 1 to 5.');
    const known = new Set<string>(evaluationReasons);
    const reasons = [...new Set(input.reasons)].filter((reason): reason is EvaluationReason =>
      known.has(reason),
    );
    if (reasons.length !== new Set(input.reasons).size)
      throw new KioskError('bad-request', 'Unknown evaluation reason.');
    if (evaluationNeedsReason(input.rating) && reasons.length === 0)
      throw new KioskError('bad-request', 'Please say what went wrong.', 'evaluation.reasonNeeded');
    // Reasons are only asked for the lowest levels; a stray one on a good rating is not kept.
    // IMMEDIATE: wait out a short lock by another program instead of failing after the first read.
    const stored = this.write.immediate(input, evaluationNeedsReason(input.rating) ? reasons : []);
    this.options.logger.info('evaluation.recorded', {
      rating: stored.rating,
      reasons: stored.reasons.length,
      seq: stored.outboxSeq,
    });
    return stored;
  }

  hasRated(caseRef: string): boolean {
    return this.find.get(caseRef) !== undefined;
  }
}

/** The case a session's rating belongs to: its pre-review reference once there is one. */
export function caseRefOf(view: SessionView): string | null {
  if (!view.id) return null;
  return view.flow?.result?.reference ?? `S-${view.id}`;
}
