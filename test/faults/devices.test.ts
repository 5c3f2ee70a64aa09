// Devices failing while a person is at the kiosk: each fault, then the recovery it must end in.
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  citizenTo,
  deviceLevel,
  receipts,
  startFaultKiosk,
  ticketCount,
  waitDevice,
  waitFor,
  type FaultKiosk,
} from './helpers.ts';

let fk: FaultKiosk;
beforeEach(async () => {
  fk = await startFaultKiosk({ config: { maintenance: { outOfServiceGraceSeconds: 1 } } });
});
afterEach(async () => {
  await fk.stop();
});

it('reader unplugged mid-session: the person still gets their paper; replugged, the next card is read', async () => {
  const { kiosk } = fk;
  await citizenTo(fk, 'materials');
  await fk.must('dev:unplugReader', {});
  await waitDevice(kiosk, 'idcard', 'fault');
  // The card was read already: losing the reader does not stop this person's case.
  await fk.must('flow:setMaterial', { materialId: null, answer: 'have' });
  await fk.must('flow:review', {});
  const done = await fk.must('flow:confirm', {});
  expect(done.stage).toBe('done');
  expect(done.flow?.printed?.ok).toBe(true);
  expect(ticketCount(kiosk)).toBe(1);

  await fk.must('dev:replugReader', {});
  await waitDevice(kiosk, 'idcard', 'ok');
  await fk.must('dev:removeCard', {});
  await fk.must('session:end', { reason: 'user' });
  const next = await citizenTo(fk, 'form', { cardId: 'resident-long-term' });
  expect(next.card?.maskedIdNumber).toMatch(/\*/);
});

it('printer unplugged mid-session: the session is ended before the person fills in more; replugged, paper again', async () => {
  const { kiosk } = fk;
  await citizenTo(fk, 'form');
  await fk.must('dev:unplugPrinter', {});
  await waitDevice(kiosk, 'printer', 'fault');
  // After the grace (1 s here) the gate ends the session: the screen shows "out of service".
  await waitFor(() => kiosk.session.current().id === null, 'the session to be ended', 5000);
  expect(kiosk.session.current().stage).toBe('attract');
  expect(ticketCount(kiosk)).toBe(0);

  // A card put down while the printer is gone does not start a flow that cannot finish.
  const views: Array<string | null> = [];
  const stopWatching = kiosk.bus.on('session:changed', (view) => views.push(view.id));
  await fk.must('dev:removeCard', {});
  // The reader must see the card gone, or the next one is the same placement to it.
  await waitFor(() => !kiosk.devices.idcard?.status().cardPresent, 'the card to be taken away');
  await fk.must('dev:placeCard', { cardId: 'resident-long-term' });
  await waitFor(() => views.some((id) => id !== null), 'the card to be read');
  await waitFor(() => kiosk.session.current().id === null, 'the new session to be refused', 5000);
  stopWatching();
  expect(views.at(-1)).toBeNull();

  await fk.must('dev:replugPrinter', {});
  await waitDevice(kiosk, 'printer', 'ok');
  await fk.must('dev:removeCard', {});
  await waitFor(() => !kiosk.devices.idcard?.status().cardPresent, 'the card to be taken away');
  await citizenTo(fk, 'outcome');
  const done = await fk.must('flow:confirm', {});
  expect(done.flow?.printed?.ok).toBe(true);
  const paper = await receipts(fk);
  expect(paper.at(-1)?.complete).toBe(true);
});

it('paper out mid-print: the number is kept, the person is told, and after new paper the copy prints (补打)', async () => {
  const { kiosk } = fk;
  await citizenTo(fk, 'outcome');
  await fk.must('dev:setPrinterFault', { fault: 'paper-out-mid-job' });
  const outcome = await fk.must('flow:confirm', {});
  expect(outcome.stage).toBe('outcome');
  expect(outcome.flow?.printed?.ok).toBe(false);
  expect(deviceLevel(kiosk, 'printer')).toBe('fault');
  expect(kiosk.health.publish().devices.find((device) => device.id === 'printer')?.key).toBe(
    'health.printer.paperOut',
  );
  // The ticket was committed before printing and is not lost; its print is marked unfinished.
  const ticket = kiosk.db.prepare('SELECT id, print_state, number FROM queue_tickets').get() as {
    id: number;
    print_state: string;
  };
  expect(ticket.print_state).toBe('failed');
  const cutOff = (await receipts(fk)).at(-1);
  expect(cutOff?.complete).toBe(false);

  // The technician loads paper; the person (card still on the reader) asks for their copy.
  await fk.must('dev:setPrinterFault', { fault: null });
  await waitDevice(kiosk, 'printer', 'ok');
  const reprint = await fk.must('queue:reprintOpen', { line: 'C' });
  expect(reprint.printed).toBe(true);
  expect(ticketCount(kiosk)).toBe(1);
  const copy = (await receipts(fk)).at(-1)!;
  expect(copy.complete).toBe(true);
  expect(copy.lines.join('\n')).toContain('补打');
  expect(
    (
      kiosk.db.prepare('SELECT print_state FROM queue_tickets WHERE id = ?').get(ticket.id) as {
        print_state: string;
      }
    ).print_state,
  ).toBe('reprinted');
});
