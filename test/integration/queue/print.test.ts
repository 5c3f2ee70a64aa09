// Print states against the printer emulator over a real pseudo-terminal and the real driver.
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, queueOn, sh, tempStore, type TestStore, usePrinterRig } from './helpers.ts';

const rig = usePrinterRig('queue-print', { idleCloseMs: 150 });
let store: TestStore;
afterEach(() => store?.close());

const text = (index: number) => rig.emulator.receipts()[index]?.lines.join('\n') ?? '';

describe('printing a ticket', () => {
  it('prints the number, the line, people ahead, the estimate marked as such, and the pre-review QR', async () => {
    store = tempStore('print');
    const queue = queueOn(store, { now: () => sh('2025-06-10T09:00:00'), printer: rig.printer });
    queue.issue({ line: 'C', source: 'citizen' });
    const { result, print } = await queue.issueAndPrint({
      line: 'C',
      source: 'citizen',
      prereviewRef: 'PR20250610-0001',
    });
    expect(result.outcome).toBe('issued');
    expect(print).toMatchObject({ printed: true, ticket: { printState: 'printed', printAttempts: 1 } });
    const paper = text(0);
    expect(paper).toContain('C1-002');
    expect(paper).toContain('社保医保');
    expect(paper).toContain('前面还有 1 人等候');
    expect(paper).toMatch(/预计等候约 3 分钟（仅供参考）/);
    expect(rig.emulator.receipts()[0]?.qrPayloads).toEqual(['PR20250610-0001']);
    expect(paper).not.toContain('补打');
    // A repeated request to print the same ticket does not print it again.
    expect((await queue.printTicket(print!.ticket.id)).printed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rig.emulator.receipts()).toHaveLength(1);
  });

  it('paper out before the job: nothing on paper, marked failed, and the next copy is still the original', async () => {
    store = tempStore('print');
    const clock = manualClock(sh('2025-06-10T09:00:00'));
    const queue = queueOn(store, { now: clock.now, printer: rig.printer });
    rig.emulator.setFault('paper-out');
    const { print } = await queue.issueAndPrint({ line: 'A', source: 'citizen' });
    expect(print).toMatchObject({
      printed: false,
      failureKey: 'health.printer.paperOut',
      ticket: { printState: 'failed' },
    });
    rig.emulator.setFault(null);
    const again = await queue.reprint(print!.ticket.id, { reason: 'retry' });
    expect(again).toMatchObject({ printed: true, ticket: { printState: 'printed' } });
    expect(rig.emulator.receipts()).toHaveLength(1);
    expect(text(0)).not.toContain('补打');
  });

  it('paper runs out mid-ticket: the copy printed after the fix is marked 补打', async () => {
    store = tempStore('print');
    const queue = queueOn(store, { now: () => sh('2025-06-10T09:00:00'), printer: rig.printer });
    rig.emulator.setFault({ name: 'paper-out-mid-job', afterLines: 3 });
    const { print } = await queue.issueAndPrint({ line: 'A', source: 'citizen' });
    expect(print?.printed).toBe(false);
    expect(print?.ticket.printState).toBe('failed');
    rig.emulator.setFault(null);
    const again = await queue.reprint(print!.ticket.id, { reason: 'staff', staffId: '1001' });
    expect(again).toMatchObject({ printed: true, ticket: { printState: 'reprinted', printAttempts: 2 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const receipts = rig.emulator.receipts();
    expect(receipts.at(-1)?.lines.join('\n')).toMatch(/【补打】第 2 次打印[\s\S]*A1-001/);
    const attempts = store.db
      .prepare('SELECT kind, outcome, failure_code FROM queue_prints ORDER BY attempt')
      .all();
    expect(attempts).toEqual([
      { kind: 'original', outcome: 'failed', failure_code: expect.any(String) },
      { kind: 'reprint', outcome: 'printed', failure_code: null },
    ]);
  });
});
