// People ahead on paper (issue 16, item 4), through the real queue, driver and printer emulator
// over a pseudo-terminal: the hall's figure while central's snapshot is fresh, this kiosk's own
// count marked 「约」 with why when it is not, and a 补打 copy saying exactly what the original
// said even after the queue moved on.
import { afterEach, describe, expect, it } from 'vitest';
import { choosePeopleAhead, type HallQueueSnapshot } from '../../../main/queue/estimate.ts';
import { manualClock, queueOn, sh, tempStore, type TestStore, usePrinterRig } from './helpers.ts';

const rig = usePrinterRig('queue-ahead', { idleCloseMs: 150 });
let store: TestStore;
afterEach(() => store?.close());

const paper = (index: number) => rig.emulator.receipts()[index]?.lines ?? [];

describe('people ahead on the ticket', () => {
  it('hall figure when fresh, own estimate when not, and a reprint repeats the original', async () => {
    store = tempStore('ahead');
    const clock = manualClock(sh('2025-06-10T09:00:00'));
    let snapshot: HallQueueSnapshot | null = {
      businessDay: '2025-06-10',
      asOf: sh('2025-06-10T08:59:58').toISOString(),
      receivedAtMs: clock.now().getTime(),
      localPendingFrom: clock.now().toISOString(),
      // Other kiosks' five people wait in line C.
      waiting: { C: 5 },
    };
    const queue = queueOn(store, {
      now: clock.now,
      printer: rig.printer,
      peopleAhead: (input) =>
        choosePeopleAhead({ ...input, snapshot, nowMs: input.now.getTime(), maxAgeMs: 60_000 }),
    });

    // Fresh: the hall's five, not this kiosk's nobody.
    clock.advance(5_000);
    const first = await queue.issueAndPrint({ line: 'C', source: 'citizen', prereviewRef: 'PR1' });
    expect(paper(0)).toContain('前面还有 5 人等候');
    expect(paper(0).join('\n')).not.toContain('本机估算');
    expect(first.result.outcome === 'issued' && first.result.ticket.printedPeopleAhead).toEqual({
      count: 5,
      basis: 'hall',
    });

    // Fresh, and this kiosk's first ticket was issued after the snapshot was asked for: added once.
    const second = await queue.issueAndPrint({ line: 'C', source: 'citizen', prereviewRef: 'PR2' });
    expect(paper(1)).toContain('前面还有 6 人等候');

    // Central silent for over a minute: the own count (C1-001 and C1-002 wait here), said so.
    clock.advance(61_000);
    const third = await queue.issueAndPrint({ line: 'C', source: 'citizen', prereviewRef: 'PR3' });
    expect(paper(2)).toContain('前面约有 2 人等候');
    expect(paper(2)).toContain('（未连接中心，为本机估算）');

    // The queue moves on: the first two are served, and central comes back with a new figure.
    for (const ticket of [first, second])
      if (ticket.result.outcome === 'issued')
        queue.recordServed({ lineId: 'C', servedAt: clock.now(), number: ticket.result.ticket.number });
    snapshot = { ...snapshot, receivedAtMs: clock.now().getTime(), waiting: { C: 1 } };

    // A copy of the third says what its original said, marked 补打 — not today's figure.
    if (third.result.outcome !== 'issued') throw new Error('expected a number');
    const copy = await queue.reprint(third.result.ticket.id, { reason: 'citizen' });
    expect(copy.printed).toBe(true);
    expect(paper(3).join('\n')).toContain('补打');
    expect(paper(3)).toContain('前面约有 2 人等候');
    expect(paper(3)).toContain('（未连接中心，为本机估算）');
  });

  it('a priority lane prints the own count as an estimate, saying why', async () => {
    store = tempStore('ahead');
    const clock = manualClock(sh('2025-06-10T09:00:00'));
    const snapshot: HallQueueSnapshot = {
      businessDay: '2025-06-10',
      asOf: clock.now().toISOString(),
      receivedAtMs: clock.now().getTime(),
      localPendingFrom: clock.now().toISOString(),
      waiting: { A: 9 },
    };
    const queue = queueOn(store, {
      now: clock.now,
      printer: rig.printer,
      peopleAhead: (input) =>
        choosePeopleAhead({ ...input, snapshot, nowMs: input.now.getTime(), maxAgeMs: 60_000 }),
    });
    await queue.issueAndPrint({ line: 'A', lane: 'elderly', source: 'staff' });
    expect(paper(0)).toContain('前面约无人等候');
    expect(paper(0)).toContain('（优先通道人数为本机估算）');
  });
});
