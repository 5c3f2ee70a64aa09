// Finding 9 of issue #14: three parallel confirmations of one session printed three notices and
// wrote three pre-review records with one reference. Confirmation is single-flight per session:
// whatever arrives in parallel, one document and one record. Through the real dispatch, with the
// emulated printer (whose paper the kiosk reports) and the real store.
import { afterEach, expect, it } from 'vitest';
import { citizenTo, outboxCount, receipts, startFaultKiosk, type FaultKiosk } from '../faults/helpers.ts';

const running: FaultKiosk[] = [];
afterEach(async () => {
  for (const fk of running.splice(0)) await fk.stop();
});

it('three parallel confirmations of one case: one notice printed, one record written', async () => {
  const fk = await startFaultKiosk();
  running.push(fk);
  // One material missing: the outcome is a notice slip, printed whatever the hall's hours.
  await citizenTo(fk, 'outcome', { missing: true });
  const recordsBefore = outboxCount(fk.kiosk);
  const paperBefore = (await receipts(fk)).length;

  const replies = await Promise.all([
    fk.call('flow:confirm', {}),
    fk.call('flow:confirm', {}),
    fk.call('flow:confirm', {}),
  ]);
  for (const reply of replies) {
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    if (reply.ok) expect(reply.value.stage).toBe('done');
  }
  const paper = (await receipts(fk)).slice(paperBefore);
  expect(paper.filter((receipt) => receipt.lines.join('\n').includes('一次性告知单'))).toHaveLength(1);
  expect(outboxCount(fk.kiosk) - recordsBefore, 'pre-review records written').toBe(1);

  // And a late fourth one, after the first finished, changes nothing either.
  const late = await fk.call('flow:confirm', {});
  expect(late.ok).toBe(true);
  expect((await receipts(fk)).length - paperBefore).toBe(1);
  expect(outboxCount(fk.kiosk) - recordsBefore).toBe(1);
});
