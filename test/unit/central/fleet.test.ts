// The fleet's pure parts: calendar-month deadlines at month ends, calling order, one-visit share,
// tidal alerts on both sides of the factor, and follow-up states on both sides of each date.
import { describe, expect, it } from 'vitest';
import { figuresCsv, hallFigures } from '../../../central/fleet/figures.ts';
import { addMonths, followUps, overdueRestrictions } from '../../../central/fleet/followups.ts';
import type { CallEvent, FleetRecord } from '../../../central/fleet/model.ts';
import {
  businessDayOfCall,
  currentBusinessDay,
  hallQueueState,
  nextToCall,
} from '../../../central/fleet/queue-state.ts';
import { creditSubject } from '../../../protocol/contract.ts';

const issued = (number: string, minute: number, lanePriority = 0, hallId = 'H1'): FleetRecord => ({
  kioskId: 'K1',
  hallId,
  type: 'ticket',
  occurredAt: new Date(Date.UTC(2026, 2, 10, 1, minute)).toISOString(),
  payload: {
    action: 'issued',
    kind: 'ticket',
    number,
    line: number[0],
    lanePriority,
    businessDay: '2026-03-10',
    issuedAt: new Date(Date.UTC(2026, 2, 10, 1, minute)).toISOString(),
  },
});
const call = (number: string, minute: number, action: CallEvent['action'] = 'called'): CallEvent => ({
  hallId: 'H1',
  businessDay: '2026-03-10',
  number,
  line: number[0]!,
  action,
  window: 'w1',
  at: new Date(Date.UTC(2026, 2, 10, 1, minute)).toISOString(),
});

describe('calendar months', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2025-12-31', 2, '2026-02-28'],
    ['2026-03-15', 2, '2026-05-15'],
    ['2026-12-01', 1, '2027-01-01'],
    ['2026-08-31', 24, '2028-08-31'],
  ])('%s + %i months = %s', (day, months, expected) => expect(addMonths(day, months)).toBe(expected));
});

describe('hall queue', () => {
  it('orders by lane priority, then issue time, never by the digits', () => {
    const state = hallQueueState(
      'H1',
      '2026-03-10',
      [issued('A2-001', 0), issued('A1-005', 1), issued('A3-001', 2, 10), issued('A1-001', 0, 0, 'H2')],
      [],
    );
    expect(state.waiting.map((ticket) => ticket.number)).toEqual(['A3-001', 'A2-001', 'A1-005']);
    expect(nextToCall(state, 'A')?.number).toBe('A3-001');
    const after = hallQueueState(
      'H1',
      '2026-03-10',
      [issued('A2-001', 0), issued('A1-005', 1)],
      [call('A2-001', 3)],
    );
    expect(after.lines).toEqual([
      {
        line: 'A',
        waiting: 1,
        waitingByPriority: [{ priority: 0, waiting: 1 }],
        called: 1,
        served: 0,
        noShow: 0,
        lastCalled: 'A2-001',
      },
    ]);
  });

  it('counts the waiting by lane priority, highest first, for a ticket in a priority lane', () => {
    const state = hallQueueState(
      'H1',
      '2026-03-10',
      [
        issued('A1-001', 0),
        issued('A2-001', 1, 2),
        issued('A1-002', 2),
        issued('A3-001', 3, 2),
        issued('A1-003', 4, 1),
      ],
      [call('A2-001', 5)],
    );
    expect(state.lines[0]!.waitingByPriority).toEqual([
      { priority: 2, waiting: 1 },
      { priority: 1, waiting: 1 },
      { priority: 0, waiting: 2 },
    ]);
  });

  it('takes the business day from the tickets, so the hours before the hall’s reset count for the day before', () => {
    // Issued at 01:30 hall time on 11 March, before a 03:00 reset: the kiosk says business day 10 March.
    const night = { ...issued('A1-009', 0), occurredAt: '2026-03-10T17:30:00.000Z' };
    expect(currentBusinessDay([issued('A1-001', 0), night], '2026-03-11')).toBe('2026-03-10');
    expect(currentBusinessDay([], '2026-03-11')).toBe('2026-03-11');
    const nextDay = {
      ...issued('A1-001', 0),
      occurredAt: '2026-03-11T01:00:00.000Z',
      payload: { ...issued('A1-001', 0).payload, businessDay: '2026-03-11' },
    };
    expect(currentBusinessDay([night, nextDay], '2026-03-11')).toBe('2026-03-11');
    // A call belongs to the day of the ticket with its number, the latest one if numbers repeat.
    expect(businessDayOfCall([night, nextDay], 'A1-009', '2026-03-11')).toBe('2026-03-10');
    expect(businessDayOfCall([night, nextDay], 'A1-001', '2026-03-09')).toBe('2026-03-11');
    expect(businessDayOfCall([night], 'B1-001', '2026-03-11')).toBe('2026-03-11');
  });
});

describe('hall figures', () => {
  const prereview = (itemCode: string, outcome: string, minute = 0): FleetRecord => ({
    kioskId: 'K1',
    hallId: 'H1',
    type: 'prereview',
    occurredAt: new Date(Date.UTC(2026, 2, 10, 1, minute)).toISOString(),
    payload: { itemCode, outcome },
  });

  it('counts outcomes per item and the one-visit share without the refused', () => {
    const [day] = hallFigures(
      [
        prereview('X', 'ticket'),
        prereview('X', 'notice'),
        prereview('Y', 'commitment'),
        prereview('Y', 'not-accepted'),
      ],
      [],
      { by: 'day' },
    );
    expect(day!.prereviews).toBe(4);
    expect(day!.oneVisitShare).toBe(0.6667);
    expect(day!.items.find((item) => item.itemCode === 'Y')!.counts).toEqual({
      ticket: 0,
      notice: 0,
      commitment: 1,
      'not-accepted': 1,
    });
  });

  it('raises a tidal alert only when a line runs over the hall average by more than the factor', () => {
    // Line A waits 10 min three times, line B 2 min three times: hall 6 min; A is 1.67× → alert at 1.5, not at 1.7.
    const records = ['A1-001', 'A1-002', 'A1-003', 'B1-001', 'B1-002', 'B1-003'].map((n) => issued(n, 0));
    const calls = ['A1-001', 'A1-002', 'A1-003']
      .map((n) => call(n, 10))
      .concat(['B1-001', 'B1-002', 'B1-003'].map((n) => call(n, 2)));
    const at15 = hallFigures(records, calls, { by: 'day', tidalFactor: 1.5 })[0]!;
    expect(at15.hallAverageWaitMinutes).toBe(6);
    expect(at15.lines).toEqual([
      { line: 'A', called: 3, averageWaitMinutes: 10, tidal: true },
      { line: 'B', called: 3, averageWaitMinutes: 2, tidal: false },
    ]);
    expect(hallFigures(records, calls, { by: 'day', tidalFactor: 1.7 })[0]!.lines[0]!.tidal).toBe(false);
    // Too few calls behind an average: no alert.
    expect(
      hallFigures(records, calls, { by: 'day', tidalFactor: 1.5, tidalMinimum: 4 })[0]!.lines[0]!.tidal,
    ).toBe(false);
  });

  it('writes CSV a spreadsheet cannot mistake for a formula', () => {
    const csv = figuresCsv(hallFigures([prereview('=HYPERLINK("x")', 'ticket')], [], { by: 'week' }));
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.split('\n')[1]).toMatch(/^2026-03-09,/);
  });
});

describe('commitment follow-ups', () => {
  const commitment = (due: string | null, id = '110105194912310029'): FleetRecord => ({
    kioskId: 'K1',
    hallId: 'H1',
    type: 'commitment',
    occurredAt: '2026-01-05T02:00:00.000Z',
    payload: { reference: `P-${due}`, itemCode: 'HYGIENE', promised: [{ materialId: 'm', deadline: due }] },
    personal: { applicant: { kind: 'person', idNumber: id }, agent: null },
  });
  const stateOn = (due: string, today: string) =>
    followUps([commitment(due)], [], new Date(`${today}T02:00:00.000Z`))[0]!.state;

  it('is due soon a week ahead, overdue the day after, restricted the day after the grace', () => {
    expect(stateOn('2026-03-20', '2026-03-12')).toBe('open');
    expect(stateOn('2026-03-20', '2026-03-13')).toBe('due-soon');
    expect(stateOn('2026-03-20', '2026-03-20')).toBe('due-soon');
    expect(stateOn('2026-03-20', '2026-03-21')).toBe('overdue');
    expect(stateOn('2026-03-20', '2026-04-04')).toBe('overdue');
    expect(stateOn('2026-03-20', '2026-04-05')).toBe('restricted');
  });

  it('owes nothing on a full-trust commitment, and materials received end it', () => {
    expect(followUps([commitment(null)], [], new Date('2027-01-01T00:00:00Z'))).toEqual([]);
    const closed = followUps(
      [commitment('2026-03-20')],
      [{ followUpId: 'commitment:P-2026-03-20', closedAt: 'x', closedBy: 'y', note: '已收', received: true }],
      new Date('2026-06-01T00:00:00Z'),
    );
    expect(closed[0]!.state).toBe('received');
    expect(
      overdueRestrictions(
        [commitment('2026-03-20')],
        [
          {
            followUpId: 'commitment:P-2026-03-20',
            closedAt: 'x',
            closedBy: 'y',
            note: '已收',
            received: true,
          },
        ],
        new Date('2026-06-01T00:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('restricts the applicant as the kiosk records it — a company by its credit code — never the agent', () => {
    const companyCase: FleetRecord = {
      ...commitment('2026-03-20'),
      personal: {
        applicant: { kind: 'company', name: '某某宾馆有限公司', creditCode: '91110105MA01ABCD1X' },
        agent: { relation: 'entrusted', name: '马秀兰', idNumber: '640104195507080023' },
      },
    };
    const entries = overdueRestrictions([companyCase], [], new Date('2026-06-01T00:00:00Z'));
    expect(entries.map((entry) => entry.subject)).toEqual([creditSubject('91110105MA01ABCD1X')]);
    expect(entries.map((entry) => entry.subject)).not.toContain(creditSubject('640104195507080023'));
    // A record without the applicant (an older or foreign shape) restricts nobody rather than guessing.
    const shapeless: FleetRecord = {
      ...commitment('2026-03-20'),
      personal: { idNumber: '110105194912310029' },
    };
    expect(overdueRestrictions([shapeless], [], new Date('2026-06-01T00:00:00Z'))).toEqual([]);
  });
});
