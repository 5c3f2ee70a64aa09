// The evaluation service on a real store and outbox: one rating per case, reasons for the two
// lowest levels, and the rating row and its outbox record written together or not at all.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors.ts';
import { silentLogger } from '../../../common/log.ts';
import { EventBus } from '../../../main/services/event-bus.ts';
import { EvaluationService } from '../../../main/services/evaluation.ts';
import { sessionHandlers } from '../../../main/services/session-handlers.ts';
import { SessionService } from '../../../main/services/session.ts';
import { openStore, type Db } from '../../../main/store/database.ts';
import { openOutbox } from '../../../main/sync/outbox.ts';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  dbs.splice(0).forEach((db) => db.close());
  dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
});

function world() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evaluation-'));
  dirs.push(dir);
  const db = openStore(path.join(dir, 'kiosk.db'));
  dbs.push(db);
  const outbox = openOutbox(db, { personalKey: crypto.randomBytes(32) });
  const evaluations = new EvaluationService({ db, kioskId: 'K01', logger: silentLogger });
  return { db, outbox, evaluations };
}

const base = { caseRef: 'YS20250606ABCDEF', itemCode: 'SOCIAL-SECURITY-CARD', outcome: 'pass' };

describe('EvaluationService', () => {
  it('keeps one rating per case, with one outbox record and nothing personal', () => {
    const { outbox, evaluations } = world();
    evaluations.submit({ ...base, rating: 5, reasons: [] });
    expect(() => evaluations.submit({ ...base, rating: 1, reasons: ['other'] })).toThrow(
      expect.objectContaining({ key: 'evaluation.already' }),
    );
    const batch = outbox.nextBatch(10, 1_000_000);
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({
      type: 'evaluation',
      payload: { caseRef: base.caseRef, kioskId: 'K01', rating: 5, reasons: [] },
    });
    expect(batch[0]!.personal).toBeUndefined();
    expect(evaluations.hasRated(base.caseRef)).toBe(true);
  });

  it('asks a reason for the two lowest levels only, and keeps none for the others', () => {
    const { outbox, evaluations } = world();
    for (const rating of [1, 2])
      expect(() => evaluations.submit({ ...base, caseRef: `C${rating}`, rating, reasons: [] })).toThrow(
        expect.objectContaining({ key: 'evaluation.reasonNeeded' }),
      );
    expect(() => evaluations.submit({ ...base, rating: 2, reasons: ['bogus'] })).toThrow(KioskError);
    evaluations.submit({ ...base, caseRef: 'C3', rating: 3, reasons: ['too-slow'] });
    evaluations.submit({ ...base, caseRef: 'C2', rating: 2, reasons: ['too-slow', 'too-slow', 'other'] });
    const payloads = outbox.nextBatch(10, 1_000_000).map((record) => record.payload);
    expect(payloads).toEqual([
      expect.objectContaining({ caseRef: 'C3', rating: 3, reasons: [] }),
      expect.objectContaining({ caseRef: 'C2', rating: 2, reasons: ['too-slow', 'other'] }),
    ]);
  });

  it('writes nothing when the outbox record cannot be written', () => {
    const { db, outbox, evaluations } = world();
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON sync_outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => evaluations.submit({ ...base, rating: 4, reasons: [] })).toThrow(/disk full/);
    expect(evaluations.hasRated(base.caseRef)).toBe(false);
    db.exec('DROP TRIGGER refuse');
    evaluations.submit({ ...base, rating: 4, reasons: [] });
    expect(outbox.backlog()).toBe(1);
  });

  it('rates the session’s case through the handlers, then ends the session', () => {
    const { evaluations } = world();
    const session = new SessionService(new EventBus(), silentLogger, { tickMs: 0 });
    const handlers = sessionHandlers({ session, evaluations });
    const none = { principal: null } as const;
    session.beginWithCard({ kind: 'resident', name: '张三', maskedIdNumber: '110***', expired: false });
    expect(handlers['session:finish']({}, none)).toMatchObject({ stage: 'evaluation' });
    expect(handlers['evaluation:submit']({ rating: 4, reasons: [] }, none)).toMatchObject({ id: null });
    expect(() => handlers['evaluation:submit']({ rating: 4, reasons: [] }, none)).toThrow(
      expect.objectContaining({ key: 'evaluation.noSession' }),
    );
    session.stop();
  });
});
