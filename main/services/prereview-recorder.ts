import type { Db } from '../store/database.ts';
import { enqueueEvent } from '../sync/outbox.ts';
import type { PreReviewRecorder } from './citizen-flow.ts';

/** A pre-review is recorded as an outbox event: the non-personal verdict (item, catalog version,
 *  outcome, reasons) in clear for the central system; name, ID number and form values encrypted at
 *  rest and purged after sync plus the retention period. The applicant and the agent are recorded
 *  apart: the agent's card is never stored as the applicant's. A commitment adds its own event, in the
 *  same transaction, so the central system never sees one without the other. */
export function outboxPreReviewRecorder(db: Db): PreReviewRecorder {
  const write = db.transaction((entry: Parameters<PreReviewRecorder['record']>[0]) => {
    const { result, reference, applicant, agent, form, kioskId } = entry;
    const applicantPersonal =
      applicant.kind === 'company'
        ? { kind: 'company', name: applicant.name, creditCode: applicant.creditCode }
        : {
            kind: 'person',
            name: applicant.card.displayName,
            idNumber: applicant.card.idNumber,
            cardKind: applicant.card.kind,
            identity: applicant.identity,
          };
    const agentPersonal = agent
      ? { relation: agent.relation, name: agent.card.displayName, idNumber: agent.card.idNumber }
      : null;
    const identity = applicant.kind === 'company' ? 'company' : applicant.identity;
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
        agentRelation: agent?.relation ?? null,
        refusals: result.refusals.map((refusal) => ({ id: refusal.ruleId, reason: refusal.reason['zh-CN'] })),
        problems: result.problems.map((line) => ({
          kind: line.kind,
          id: line.kind === 'bring' ? line.materialId : line.kind === 'fix' ? line.fieldId : 'credit',
          message: line.kind === 'bring' ? line.name['zh-CN'] : line.message['zh-CN'],
        })),
        materials: result.materials.map((material) => ({ id: material.materialId, status: material.status })),
        evaluatedAt: result.evaluatedAt,
      },
      personal: { applicant: applicantPersonal, agent: agentPersonal, form },
    });
    if (result.outcome === 'commitment') {
      enqueueEvent(db, {
        type: 'commitment',
        payload: {
          reference,
          kioskId,
          itemCode: result.itemCode,
          kinds: result.commitment?.kinds ?? [],
          promised: result.promised.map((promise) => ({
            materialId: promise.materialId,
            kind: promise.kind,
            deadline: promise.deadline,
          })),
        },
        personal: { applicant: applicantPersonal, agent: agentPersonal },
      });
    }
  });
  // IMMEDIATE: take the write lock before reading, so a short lock by another program is waited
  // out (busy timeout) instead of failing the transaction halfway as a deferred one would.
  return { record: (entry) => write.immediate(entry) };
}
