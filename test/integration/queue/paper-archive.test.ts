// Every slip the citizen flow prints can be reprinted at the desk: kept encrypted, for a day, with a
// limit; a slip cut short by the paper says what happens next. Real driver, printer emulator over a
// real pseudo-terminal, paper read back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrintDocument } from '../../../hardware/printer/document.ts';
import { renderCommitmentSlip } from '../../../main/prereview/slips/commitment-slip.ts';
import { renderNoticeSlip } from '../../../main/prereview/slips/notice-slip.ts';
import { printFailureKey } from '../../../main/devices/printer-device.ts';
import { KioskError } from '../../../main/errors.ts';
import { silentLogger } from '../../../common/log.ts';
import { HelpService } from '../../../main/help/help-service.ts';
import { PaperArchive, printFailureMessage } from '../../../main/queue/paper-archive.ts';
import { maxCitizenReprints } from '../../../main/queue/queue-service.ts';
import {
  hall,
  manualClock,
  personA,
  queueOn,
  sh,
  tempStore,
  type TestStore,
  usePrinterRig,
} from './helpers.ts';

const rig = usePrinterRig('paper-archive', { idleCloseMs: 150 });
let store: TestStore;
afterEach(() => store?.close());

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const lastPaper = () => rig.emulator.receipts().at(-1)?.lines.join('\n') ?? '';

function notice(): PrintDocument {
  return renderNoticeSlip({
    itemName: '社会保障卡补领',
    reference: 'PR-20250610-0007',
    date: '2025-06-10',
    hallName: '测试大厅',
    hallPhone: '12345',
    applicantName: '王芳',
    maskedIdNumber: '410***********0021',
    problems: [{ title: '缺少近期免冠照片', whatToBring: '一寸白底免冠照片一张', whereToGet: '照相馆' }],
  });
}

function commitment(): PrintDocument {
  return renderCommitmentSlip({
    itemName: '公共场所卫生许可',
    reference: 'PR-20250610-0008',
    promised: [{ material: '从业人员健康合格证明', deadline: '2025-06-24' }],
    signedAt: sh('2025-06-10T10:00:00'),
    applicantName: '王芳',
    maskedIdNumber: '410***********0021',
  });
}

/** A 不予受理告知书 as the flow names it (its template is the flow's): kind by title. */
function notAccepted(): PrintDocument {
  return {
    title: 'not-accepted notice PR-20250610-0009',
    blocks: [
      { kind: 'text', text: '不予受理告知书', align: 'center', bold: true },
      { kind: 'pair', label: '申请人', value: '王芳' },
      { kind: 'text', text: '本事项不属于本大厅受理范围，请到区不动产登记中心办理。' },
      { kind: 'cut' },
    ],
  };
}

function archiveOn(
  s: TestStore,
  clock = manualClock(sh('2025-06-10T10:00:00')),
  onCutShort?: ConstructorParameters<typeof PaperArchive>[0]['onCutShort'],
) {
  const key = crypto.randomBytes(32);
  const archive = new PaperArchive({
    db: s.db,
    personalKey: key,
    hall,
    print: (document) => rig.printer.print(document),
    now: clock.now,
    ...(onCutShort ? { onCutShort } : {}),
  });
  return { archive, clock, key };
}

describe('slips kept for the desk to reprint', () => {
  it('reprints each kind — notice, not-accepted notice, commitment — marked 补打, read back from the paper', async () => {
    store = tempStore('paper');
    const { archive } = archiveOn(store);
    for (const document of [notice(), notAccepted(), commitment()]) {
      expect((await archive.print(document)).ok).toBe(true);
    }
    const kept = archive.list();
    expect(kept.map((paper) => paper.kind)).toEqual(['commitment', 'not-accepted', 'notice']);
    expect(kept.map((paper) => paper.reference)).toEqual([
      'PR-20250610-0008',
      'PR-20250610-0009',
      'PR-20250610-0007',
    ]);
    for (const paper of kept) {
      await settle();
      rig.emulator.clearReceipts();
      const result = await archive.reprint(paper.id);
      expect(result).toMatchObject({ printed: true, paper: { reprints: 1, reprintsLeft: 2 } });
      await settle();
      const text = lastPaper();
      expect(text).toMatch(/【补打】第 2 次打印/);
      expect(text).toContain('王芳');
      expect(text).toContain(
        {
          notice: '一寸白底免冠照片一张',
          'not-accepted': '区不动产登记中心',
          commitment: '从业人员健康合格证明',
        }[paper.kind as 'notice'],
      );
    }
  });

  it('keeps nothing personal in the clear, and forgets the slip after a day', async () => {
    store = tempStore('paper');
    const { archive, clock } = archiveOn(store);
    await archive.print(notice());
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.readFileSync(store.file);
    expect(bytes.includes(Buffer.from('王芳'))).toBe(false);
    expect(bytes.includes(Buffer.from('缺少近期免冠照片'))).toBe(false);
    expect(archive.list()).toHaveLength(1);
    clock.advance(25 * 3_600_000);
    expect(archive.list()).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM paper_archive').get()).toEqual({ n: 0 });
  });

  it('limits the copies of one slip', async () => {
    store = tempStore('paper');
    const { archive } = archiveOn(store);
    await archive.print(notice());
    const [paper] = archive.list();
    for (let copy = 0; copy < 3; copy += 1) await archive.reprint(paper!.id);
    const refused = await archive.reprint(paper!.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KioskError);
    expect((refused as KioskError).key).toBe('staff.error.reprintLimit');
  });

  it('a slip cut short by the paper: kept for the reprint, staff called through the help service, and the person told what happens next', async () => {
    store = tempStore('paper');
    // The real help service: a desk that polls is listening; the hall is open or closed as set.
    let openNow = true;
    const emitted: string[] = [];
    const help = new HelpService({
      kioskId: 'K-1',
      hotline: () => '12345',
      hall: () => ({ openNow, nextOpening: openNow ? null : { day: '2025-06-11', from: '08:30' } }),
      sessionId: () => 'session-1',
      staffOf: (token) => (token === 'desk' ? '1001' : null),
      record: () => {},
      emit: (channel) => emitted.push(channel),
      logger: silentLogger,
    });
    const { archive } = archiveOn(store, undefined, (kind, id, reference) =>
      help.slipCutShort(kind, id, reference),
    );
    help.list('desk');
    rig.emulator.setFault({ name: 'paper-out-mid-job', afterLines: 4 });
    const outcome = await archive.print(notice());
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.code).toBe('cut-short-staff-called');
    expect(printFailureMessage(outcome, printFailureKey)).toEqual({ key: 'print.cutShortStaffCalled' });
    const [paper] = archive.list();
    expect(paper).toMatchObject({ kind: 'notice', printState: 'failed' });
    // The desk sees the call, naming the slip that waits.
    const [call] = help.list('desk');
    expect(call).toMatchObject({
      status: 'open',
      screen: 'outcome',
      about: {
        reason: 'slip-cut-short',
        paperId: paper!.id,
        paperKind: 'notice',
        reference: paper!.reference,
      },
    });
    expect(emitted).toEqual(['help:called']);

    // After hours nobody is at the desk: no claim that staff were called; the hotline and the next
    // opening instead (the slip still waits).
    openNow = false;
    const night = new HelpService({
      kioskId: 'K-1',
      hotline: () => '12345',
      hall: () => ({ openNow: false, nextOpening: { day: '2025-06-11', from: '08:30' } }),
      sessionId: () => 'session-1',
      staffOf: () => null,
      record: () => {},
      emit: () => {},
      logger: silentLogger,
    });
    rig.emulator.setFault(null);
    rig.emulator.setFault({ name: 'paper-out-mid-job', afterLines: 4 });
    const { archive: unheard } = archiveOn(store, undefined, (kind, id, reference) =>
      night.slipCutShort(kind, id, reference),
    );
    const second = await unheard.print(notice());
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.code).toBe('cut-short');
    expect(printFailureMessage(second, printFailureKey)).toEqual({
      key: 'print.cutShortAfterHours',
      params: { hotline: '12345', day: '2025-06-11', from: '08:30' },
    });
    expect(night.recent()).toHaveLength(1);

    rig.emulator.setFault(null);
    await settle();
    rig.emulator.clearReceipts();
    expect(await archive.reprint(paper!.id)).toMatchObject({
      printed: true,
      paper: { printState: 'printed' },
    });
    await settle();
    expect(lastPaper()).toMatch(/【补打】[\s\S]*一寸白底免冠照片一张/);
  });
});

describe('reprints of the open ticket at the kiosk', () => {
  it('are limited, and each one is recorded', async () => {
    store = tempStore('paper');
    const queue = queueOn(store, { now: () => sh('2025-06-10T09:00:00') });
    const { print } = await queue.issueAndPrint({ line: 'A', source: 'citizen', personKey: personA });
    const id = print!.ticket.id;
    for (let copy = 0; copy < maxCitizenReprints; copy += 1)
      expect((await queue.reprint(id, { reason: 'citizen' })).printed).toBe(true);
    // reprint() refuses before it returns its promise.
    const refused = await Promise.resolve()
      .then(() => queue.reprint(id, { reason: 'citizen' }))
      .catch((error: unknown) => error);
    expect((refused as KioskError).key).toBe('queue.error.reprintLimit');
    // The desk still can.
    expect((await queue.reprint(id, { reason: 'staff', staffId: '1001' })).printed).toBe(true);
    const reasons = store.db
      .prepare<[number], { reason: string }>(
        'SELECT reason FROM queue_prints WHERE ticket_id = ? ORDER BY attempt',
      )
      .all(id)
      .map((row) => row.reason);
    expect(reasons).toEqual(['issue', ...Array<string>(maxCitizenReprints).fill('citizen'), 'staff']);
  });
});
