// Issue 16, item 4: which "people ahead" a ticket prints — the hall's figure from central while it
// is fresh, this kiosk's own count (said as an estimate) otherwise — and how the paper says it.
import { describe, expect, it } from 'vitest';
import { parseEscPos } from '../../../hardware/emulators/printer/escpos-decoder.ts';
import { receiptsFromCommands } from '../../../hardware/emulators/printer/receipt-model.ts';
import { encodeDocument } from '../../../hardware/printer/encode.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../../hardware/printer/profile.ts';
import {
  choosePeopleAhead,
  isEstimateBasis,
  type HallQueueSnapshot,
  type PeopleAheadInput,
} from '../../../main/queue/estimate.ts';
import { renderTicket, type TicketData } from '../../../main/queue/slips/ticket.ts';

const now = Date.parse('2026-11-30T02:00:00Z');
const snapshot: HallQueueSnapshot = {
  businessDay: '2026-11-30',
  asOf: '2026-11-30T01:59:50Z',
  receivedAtMs: now - 10_000,
  localPendingFrom: '2026-11-30T01:59:40Z',
  waiting: { A: 7, B: 0 },
};

function input(overrides: Partial<PeopleAheadInput> = {}): PeopleAheadInput {
  return {
    snapshot,
    nowMs: now,
    maxAgeMs: 60_000,
    line: 'A',
    businessDay: '2026-11-30',
    lanePriority: 0,
    localAhead: 2,
    // Two of this kiosk's waiting A tickets were issued after central's answer was asked for.
    localWaitingSince: (line, from) => (line === 'A' && from === snapshot.localPendingFrom ? 2 : 0),
    ...overrides,
  };
}

describe('choosePeopleAhead', () => {
  it('fresh: central’s waiting count on the line plus this kiosk’s tickets central has not seen yet', () => {
    expect(choosePeopleAhead(input())).toEqual({ peopleAhead: 9, basis: 'hall' });
  });

  it('fresh, and the hall is quieter than this kiosk thinks: the hall’s figure wins', () => {
    // The own count still holds tickets a window has long called; central knows they are gone.
    expect(choosePeopleAhead(input({ localAhead: 12, localWaitingSince: () => 0, line: 'B' }))).toEqual({
      peopleAhead: 0,
      basis: 'hall',
    });
  });

  it('just at the freshness limit is still fresh; a millisecond later it is stale', () => {
    const at = (ms: number) => choosePeopleAhead(input({ nowMs: snapshot.receivedAtMs + ms }));
    expect(at(60_000).basis).toBe('hall');
    expect(at(60_001)).toEqual({ peopleAhead: 2, basis: 'stale' });
  });

  it('stale: central’s last answer is too old, so the own count, as an estimate', () => {
    expect(choosePeopleAhead(input({ nowMs: now + 120_000 }))).toEqual({ peopleAhead: 2, basis: 'stale' });
  });

  it('a snapshot from the kiosk’s future (its clock was set back) is not trusted', () => {
    expect(choosePeopleAhead(input({ nowMs: now - 60_000 })).basis).toBe('stale');
  });

  it('a snapshot of another business day is stale, however recent', () => {
    expect(choosePeopleAhead(input({ businessDay: '2026-12-01' })).basis).toBe('stale');
  });

  it('missing: no answer from central since start, so the own count, as an estimate', () => {
    expect(choosePeopleAhead(input({ snapshot: null }))).toEqual({ peopleAhead: 2, basis: 'offline' });
  });

  it('a line central does not list has nobody waiting hall-wide: only this kiosk’s unsent tickets', () => {
    const since = (line: string) => (line === 'C' ? 1 : 0);
    expect(choosePeopleAhead(input({ line: 'C', localWaitingSince: since }))).toEqual({
      peopleAhead: 1,
      basis: 'hall',
    });
  });

  it('a priority lane with central’s count per priority: those waiting at its priority or higher', () => {
    const byPriority: HallQueueSnapshot = {
      ...snapshot,
      waitingByPriority: {
        A: [
          { priority: 2, waiting: 1 },
          { priority: 1, waiting: 2 },
          { priority: 0, waiting: 4 },
        ],
        B: [],
      },
    };
    // One of this kiosk's unsent A tickets is in a lane of priority ≥ 1.
    const since = (line: string, from: string, minPriority: number) =>
      line === 'A' && from === snapshot.localPendingFrom ? (minPriority >= 1 ? 1 : 2) : 0;
    expect(
      choosePeopleAhead(input({ snapshot: byPriority, lanePriority: 1, localWaitingSince: since })),
    ).toEqual({ peopleAhead: 4, basis: 'hall' });
    expect(
      choosePeopleAhead(input({ snapshot: byPriority, lanePriority: 2, localWaitingSince: since })),
    ).toEqual({ peopleAhead: 2, basis: 'hall' });
    // The ordinary lane still counts the whole line.
    expect(choosePeopleAhead(input({ snapshot: byPriority, localWaitingSince: since }))).toEqual({
      peopleAhead: 9,
      basis: 'hall',
    });
  });

  it('a priority lane, and central gives no count per priority: the own count, as an estimate', () => {
    expect(choosePeopleAhead(input({ lanePriority: 1, localAhead: 0 }))).toEqual({
      peopleAhead: 0,
      basis: 'lane',
    });
  });

  it('only the hall figure is not an estimate; no central at all makes no claim', () => {
    expect(isEstimateBasis('hall')).toBe(false);
    expect(isEstimateBasis(null)).toBe(false);
    expect(isEstimateBasis('offline')).toBe(true);
    expect(isEstimateBasis('stale')).toBe(true);
    expect(isEstimateBasis('lane')).toBe(true);
  });
});

const ticket: TicketData = {
  number: 'A3-012',
  lineName: '社会保障业务',
  peopleAhead: 4,
  estimatedWaitMinutes: 12,
  issuedAt: new Date('2026-11-30T02:00:00Z'),
  hallName: '某某区政务服务中心',
  reference: 'PR-20261130-0001',
  kioskId: 'K-03',
};

function paperLines(data: TicketData): string[] {
  const document = renderTicket(data);
  return receiptsFromCommands(parseEscPos(encodeDocument(document, DEFAULT_PRINTER_PROFILE)))[0]!.lines;
}

describe('the ticket says which figure it is', () => {
  it('the hall’s figure: 前面还有 N 人, no 约, no reason line', () => {
    const lines = paperLines({ ...ticket, peopleAheadBasis: 'hall' });
    expect(lines).toContain('前面还有 4 人等候');
    expect(lines.join('\n')).not.toContain('约有');
    expect(lines.join('\n')).not.toContain('本机估算');
  });

  it('offline or stale: 约, and a line saying why', () => {
    for (const basis of ['offline', 'stale'] as const) {
      const lines = paperLines({ ...ticket, peopleAheadBasis: basis });
      expect(lines).toContain('前面约有 4 人等候');
      expect(lines).toContain('（未连接中心，为本机估算）');
    }
    expect(paperLines({ ...ticket, peopleAhead: 0, peopleAheadBasis: 'offline' })).toContain(
      '前面约无人等候',
    );
  });

  it('a priority lane: 约, and why', () => {
    const lines = paperLines({ ...ticket, peopleAheadBasis: 'lane' });
    expect(lines).toContain('前面约有 4 人等候');
    expect(lines).toContain('（优先通道人数为本机估算）');
  });
});
