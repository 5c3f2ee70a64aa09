import type { Db } from '../store/database.ts';
import { enqueueEvent } from '../sync/outbox.ts';
import type { PreReviewRecorder } from './citizen-flow.ts';

/** A pre-review is recorded as an outbox event: the non-personal verdict (item, catalog version,
 *  outcome, reasons) in clear for the central system; name, ID number and form values encrypted at
 *  rest and purged after sync plus the retention period. A commitment adds its own event, in the
 *  same transaction, so the central system never sees one without the other. */
export function outboxPreReviewRecorder(db: Db): PreReviewRecorder {
  const write = db.transaction((entry: Parameters<PreReviewRecorder['record']>[0]) => {
    const { result, reference, card, form, kioskId, identity } = entry;
    enqueueEvent(db, {
      type: 'prereview',
      payload: {
        reference,
        kioskId,
        itemCode: result.itemCode,
        line: result.line,
        catalogVersion: result.catalogVersion,
        catalogHash: result.catalogHash,
        outcome: result.outcome,
        agent: result.agent,
        identity,
        problems: [
          ...result.refusals.map((refusal) => ({
            kind: 'refusal',
            id: refusal.ruleId,
            message: refusal.reason['zh-CN'],
          })),
          ...result.problems.map((problem) => ({
            kind: problem.kind,
            id:
              problem.kind === 'bring'
                ? problem.materialId
                : problem.kind === 'fix'
                  ? problem.fieldId
                  : 'credit',
            message: problem.kind === 'bring' ? problem.name['zh-CN'] : problem.message['zh-CN'],
          })),
        ],
        materials: result.materials.map((material) => ({ id: material.materialId, status: material.status })),
        evaluatedAt: result.evaluatedAt,
      },
      personal: { name: card.displayName, idNumber: card.idNumber, cardKind: card.kind, form },
    });
    if (result.outcome === 'commitment') {
      enqueueEvent(db, {
        type: 'commitment',
        payload: {
          reference,
          kioskId,
          itemCode: result.itemCode,
          promised: result.promised.map((promise) => ({
            materialId: promise.materialId,
            deadline: promise.deadline,
          })),
        },
        personal: { name: card.displayName, idNumber: card.idNumber },
      });
    }
  });
  // IMMEDIATE: take the write lock before reading, so a short lock by another program is waited
  // out (busy timeout) instead of failing the transaction halfway as a deferred one would.
  return { record: (entry) => write.immediate(entry) };
}
