// Finding 10 of issue #14, reprints: the open ticket could be reprinted at the screen without
// limit. Now three copies per ticket at the screen, each recorded (queue_prints, reason
// 'citizen'); the fourth is refused with a sentence pointing to the desk. Through the real dispatch.
import { afterEach, expect, it } from 'vitest';
import { citizenTo, receipts, startFaultKiosk, type FaultKiosk } from '../faults/helpers.ts';

const running: FaultKiosk[] = [];
afterEach(async () => {
  for (const fk of running.splice(0)) await fk.stop();
});

it('an open ticket can be reprinted three times at the screen, each recorded; the fourth is refused', async () => {
  const fk = await startFaultKiosk();
  running.push(fk);
  await citizenTo(fk, 'outcome');
  const done = await fk.must('flow:confirm', {});
  expect(done.flow?.printed?.ok).toBe(true);
  const paperBefore = (await receipts(fk)).length;

  for (let copy = 1; copy <= 3; copy++) {
    const reprint = await fk.must('queue:reprintOpen', { line: 'C' });
    expect(reprint.printed, `copy ${copy}`).toBe(true);
  }
  const refused = await fk.call('queue:reprintOpen', { line: 'C' });
  expect(refused.ok).toBe(false);
  if (!refused.ok) {
    expect(refused.error.code).toBe('conflict');
    expect(refused.error.key).toBe('queue.error.reprintLimit');
  }
  expect((await receipts(fk)).length - paperBefore).toBe(3);
  const recorded = fk.kiosk.db
    .prepare("SELECT count(*) AS n FROM queue_prints WHERE reason = 'citizen'")
    .get() as { n: number };
  expect(recorded.n).toBe(3);
});
