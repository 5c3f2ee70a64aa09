import { afterEach, describe, expect, it } from 'vitest';
import type { IssueOutcome, TicketView } from '../../../common/queue.ts';
import { KioskError } from '../../../main/errors.ts';
import type { HallConfig } from '../../../main/queue/hall-config.ts';
import {
  RecordingPrinter,
  hall,
  manualClock,
  personA,
  personB,
  queueOn,
  sh,
  tempStore,
  type TestStore,
} from './helpers.ts';

let stores: TestStore[] = [];
const store = (): TestStore => {
  const created = tempStore();
  stores.push(created);
  return created;
};
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
});

function ticketOf(outcome: IssueOutcome): TicketView {
  if (!('ticket' in outcome)) throw new Error(`expected a ticket, got ${outcome.outcome}`);
  return outcome.ticket;
}

const tuesdayMorning = sh('2025-06-10T09:00:00');

describe('issuing', () => {
  it('commits the ticket and its outbox record together, numbered per line and kiosk', () => {
    const s = store();
    const queue = queueOn(s, { now: () => tuesdayMorning, kioskIndex: 3 });
    const first = queue.issue({ line: 'A', source: 'citizen', prereviewRef: 'PR-1' });
    const second = queue.issue({ line: 'A', source: 'citizen' });
    const other = queue.issue({ line: 'C', source: 'citizen' });
    expect(first.outcome).toBe('issued');
    expect([ticketOf(first).number, ticketOf(second).number, ticketOf(other).number]).toEqual([
      'A3-001',
      'A3-002',
      'C3-001',
    ]);
    expect(ticketOf(first)).toMatchObject({
      printState: 'pending',
      status: 'waiting',
      businessDay: '2025-06-10',
      prereviewRef: 'PR-1',
    });
    const records = s.outbox.nextBatch(10, 1_000_000);
    expect(records.map((r) => [r.type, r.payload.number])).toEqual([
      ['ticket', 'A3-001'],
      ['ticket', 'A3-002'],
      ['ticket', 'C3-001'],
    ]);
    expect(JSON.stringify(records)).not.toContain(personA);
  });

  it('a ticket whose outbox record cannot be written is not issued (one transaction)', () => {
    const s = store();
    const queue = queueOn(s, {
      now: () => tuesdayMorning,
      events: () => {
        throw new Error('disk full');
      },
    });
    expect(() => queue.issue({ line: 'A', source: 'citizen' })).toThrow('disk full');
    expect(s.db.prepare('SELECT count(*) AS n FROM queue_tickets').get()).toEqual({ n: 0 });
    expect(s.db.prepare('SELECT count(*) AS n FROM queue_counters').get()).toEqual({ n: 0 });
  });

  it('daily reset: numbers start again at the reset time; yesterday’s open tickets expire', () => {
    const s = store();
    const clock = manualClock(sh('2025-06-10T16:00:00'));
    const queue = queueOn(s, { now: clock.now });
    const yesterday = ticketOf(queue.issue({ line: 'A', source: 'citizen', personKey: personA }));
    queue.issue({ line: 'A', source: 'citizen' });
    clock.set(sh('2025-06-11T08:45:00'));
    const today = ticketOf(queue.issue({ line: 'A', source: 'citizen', personKey: personA }));
    expect(today.number).toBe('A1-001');
    expect(today.businessDay).toBe('2025-06-11');
    expect(queue.ticket(yesterday.id).status).toBe('expired');
    expect(queue.counts('2025-06-10').lines[0]).toMatchObject({ issued: 2, waiting: 0 });
  });

  it('daily cap: a clear "gone for today, come back at" answer; staff may still seat a green-channel person', () => {
    const s = store();
    const small: HallConfig = {
      ...hall,
      lines: hall.lines.map((line) => (line.prefix === 'E' ? { ...line, kioskQuota: 2 } : line)),
    };
    const queue = queueOn(s, { now: () => sh('2025-06-13T10:00:00'), hall: small });
    queue.issue({ line: 'E', source: 'citizen' });
    const second = ticketOf(queue.issue({ line: 'E', source: 'citizen' }));
    expect(queue.issue({ line: 'E', source: 'citizen' })).toEqual({
      outcome: 'sold-out',
      lineId: 'E',
      comeBackAt: { day: '2025-06-14', from: '09:00' },
    });
    expect(queue.lines().find((line) => line.id === 'E')?.remainingToday).toBe(0);
    // A voided number gives its place back.
    queue.voidTicket(second.id, 'duplicate', null);
    expect(ticketOf(queue.issue({ line: 'E', source: 'citizen' })).number).toBe('E1-003');
    expect(queue.issue({ line: 'E', source: 'citizen', lane: 'appointment' }).outcome).toBe('sold-out');
    expect(queue.issue({ line: 'E', source: 'staff', lane: 'appointment', staffId: '1001' }).outcome).toBe(
      'issued',
    );
  });

  it('one open ticket per person per line: a second request returns the open ticket for a reprint', () => {
    const s = store();
    const queue = queueOn(s, { now: () => tuesdayMorning });
    const first = ticketOf(queue.issue({ line: 'A', source: 'citizen', personKey: personA }));
    const again = queue.issue({ line: 'A', source: 'citizen', personKey: personA });
    expect(again).toEqual({
      outcome: 'already-open',
      ticket: expect.objectContaining({ id: first.id, number: 'A1-001' }),
    });
    // Another line, or another person, is a new ticket; once voided, a new one may be issued.
    expect(queue.issue({ line: 'C', source: 'citizen', personKey: personA }).outcome).toBe('issued');
    expect(queue.issue({ line: 'A', source: 'citizen', personKey: personB }).outcome).toBe('issued');
    queue.voidTicket(first.id, 'left the hall', null);
    expect(ticketOf(queue.issue({ line: 'A', source: 'citizen', personKey: personA })).number).toBe('A1-003');
    // The store refuses a second open ticket even if the service check were bypassed.
    expect(() =>
      s.db
        .prepare(
          `INSERT INTO queue_tickets (ticket_key, kind, number, business_day, line_id, lane, lane_priority, seq, kiosk_id,
             kiosk_index, source, person_key, issued_at, people_ahead, estimated_wait_minutes)
           VALUES ('x', 'ticket', 'A1-900', '2025-06-10', 'A', 'ordinary', 0, 900, 'k', 1, 'citizen', ?, '', 0, 0)`,
        )
        .run(personA),
    ).toThrow(/UNIQUE/);
  });

  it('priority lanes: called by priority then issue time, whatever the digits', () => {
    const s = store();
    const clock = manualClock(tuesdayMorning);
    const queue = queueOn(s, { now: clock.now });
    const tick = () => clock.advance(1000);
    const o1 = ticketOf(queue.issue({ line: 'A', source: 'citizen' }));
    tick();
    const o2 = ticketOf(queue.issue({ line: 'A', source: 'citizen' }));
    tick();
    const green = ticketOf(queue.issue({ line: 'A', source: 'staff', lane: 'elderly', staffId: '1001' }));
    tick();
    const appointment = ticketOf(queue.issue({ line: 'A', source: 'citizen', lane: 'appointment' }));
    tick();
    const o3 = ticketOf(queue.issue({ line: 'A', source: 'citizen' }));
    expect(green.peopleAhead).toBe(0);
    expect(appointment.peopleAhead).toBe(1);
    expect(o3.peopleAhead).toBe(4);
    const ahead = (t: TicketView) => queue.ticket(t.id).peopleAhead;
    expect([green, appointment, o1, o2, o3].map(ahead)).toEqual([0, 1, 2, 3, 4]);
    expect(() => queue.issue({ line: 'E', source: 'citizen', lane: 'elderly' })).toThrow(KioskError);
  });

  it('estimated wait: planning figure first, then the windows’ recent pace', () => {
    const s = store();
    const clock = manualClock(tuesdayMorning);
    const queue = queueOn(s, { now: clock.now });
    for (let i = 0; i < 8; i++) queue.issue({ line: 'A', source: 'citizen' });
    // 8 ahead × (12 min / 4 counters) = 24 min.
    expect(ticketOf(queue.issue({ line: 'A', source: 'citizen' })).estimatedWaitMinutes).toBe(24);
    // The windows now serve one person a minute.
    for (let i = 10; i >= 1; i--)
      queue.recordServed({ lineId: 'A', servedAt: new Date(clock.now().getTime() - i * 60_000) });
    const next = ticketOf(queue.issue({ line: 'A', source: 'citizen' }));
    expect(next.peopleAhead).toBe(9);
    expect(next.estimatedWaitMinutes).toBe(9);
    // A local ticket served by number leaves the queue.
    queue.recordServed({ lineId: 'A', servedAt: clock.now(), number: 'A1-001' });
    expect(queue.ticket(next.id).peopleAhead).toBe(8);
    expect(queue.counts().lines[0]).toMatchObject({ issued: 10, served: 1, waiting: 9 });
  });

  it('night mode: outside hours a next-day appointment voucher, unique, one per person and line', () => {
    const s = store();
    const queue = queueOn(s, { now: () => sh('2025-06-10T21:30:00'), kioskIndex: 2 });
    const voucher = queue.issue({ line: 'C', source: 'citizen', personKey: personA, prereviewRef: 'PR-9' });
    expect(voucher).toMatchObject({
      outcome: 'voucher',
      ticket: {
        kind: 'voucher',
        number: 'N0611-C2-001',
        appointment: { day: '2025-06-11', from: '08:30' },
        businessDay: '2025-06-11',
      },
    });
    expect(queue.issue({ line: 'C', source: 'citizen', personKey: personA }).outcome).toBe('already-open');
    expect(ticketOf(queue.issue({ line: 'C', source: 'citizen', personKey: personB })).number).toBe(
      'N0611-C2-002',
    );
    // Live numbers of the day it is for are a separate series.
    const morning = queueOn(s, { now: () => sh('2025-06-11T08:40:00'), kioskIndex: 2 });
    expect(ticketOf(morning.issue({ line: 'C', source: 'citizen', personKey: personA })).number).toBe(
      'C2-001',
    );
    const [record] = s.outbox.nextBatch(1, 1_000_000);
    expect(record?.payload).toMatchObject({
      action: 'voucher-issued',
      number: 'N0611-C2-001',
      appointment: { day: '2025-06-11' },
    });
  });

  it('the voucher paper says when to come and that it is not a number', async () => {
    const s = store();
    const printer = new RecordingPrinter();
    const queue = queueOn(s, { now: () => sh('2025-06-13T22:00:00'), printer });
    const { print } = await queue.issueAndPrint({ line: 'A', source: 'citizen' });
    expect(print?.printed).toBe(true);
    const text = printer.texts(0).join('\n');
    expect(text).toContain('次日预约凭条');
    expect(text).toContain('2025年06月14日 09:00 后');
    expect(text).toContain('预约编号 N0614-A1-001');
    expect(text).toContain('本凭条不是排队号');
  });

  it('two kiosks offline in the same line never issue the same number', () => {
    const one = store();
    const two = store();
    const clock = manualClock(tuesdayMorning);
    const k1 = queueOn(one, { now: clock.now, kioskId: 'kiosk-01', kioskIndex: 1 });
    const k2 = queueOn(two, { now: clock.now, kioskId: 'kiosk-02', kioskIndex: 2 });
    const numbers: string[] = [];
    for (let i = 0; i < 150; i++) {
      const kiosk = (i * 7919) % 3 === 0 ? k2 : k1;
      numbers.push(ticketOf(kiosk.issue({ line: 'B', source: 'citizen' })).number);
      clock.advance(500);
    }
    expect(new Set(numbers).size).toBe(numbers.length);
    // Each kiosk's own sequence has no gaps: nothing lost.
    for (const [s, mark] of [
      [one, 1],
      [two, 2],
    ] as const) {
      const seqs = s.db
        .prepare<[], { seq: number }>('SELECT seq FROM queue_tickets ORDER BY seq')
        .all()
        .map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(numbers.filter((n) => n.startsWith(`B${mark}-`))).toHaveLength(seqs.length);
    }
  });
});
