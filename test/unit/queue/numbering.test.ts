import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateWaitMinutes, minimumSamples, minutesPerPerson } from '../../../main/queue/estimate.ts';
import {
  formatTicketNumber,
  formatVoucherReference,
  parseTicketNumber,
} from '../../../main/queue/numbering.ts';
import { personKeyFor } from '../../../main/queue/person-key.ts';

describe('numbers', () => {
  it('read as line, kiosk mark, three digits', () => {
    expect(formatTicketNumber('A', 3, 17)).toBe('A3-017');
    expect(formatTicketNumber('C', 12, 999)).toBe('C12-999');
    expect(formatVoucherReference('B', 2, '2025-06-07', 12)).toBe('N0607-B2-012');
  });

  it('two kiosks never share a number: distinct (kiosk, seq) give distinct numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 999 }),
        (k1, s1, k2, s2) => {
          const same = formatTicketNumber('A', k1, s1) === formatTicketNumber('A', k2, s2);
          expect(same).toBe(k1 === k2 && s1 === s2);
          expect(parseTicketNumber(formatTicketNumber('A', k1, s1))).toEqual({
            prefix: 'A',
            kioskIndex: k1,
            seq: s1,
          });
        },
      ),
    );
  });
});

describe('waiting estimate', () => {
  const base = { now: 10 * 3_600_000, windowMinutes: 60, counters: 4, defaultServiceMinutes: 12 };

  it('uses the planning figure until there are enough completions', () => {
    expect(minutesPerPerson({ ...base, servedAt: [] })).toBe(3);
    const few = Array.from({ length: minimumSamples - 1 }, (_, i) => base.now - i * 60_000);
    expect(minutesPerPerson({ ...base, servedAt: few })).toBe(3);
  });

  it('follows the observed pace within bounds', () => {
    // 20 people served in the last 40 minutes: 2 minutes each.
    const steady = Array.from({ length: 20 }, (_, i) => base.now - (i + 1) * 2 * 60_000);
    expect(minutesPerPerson({ ...base, servedAt: steady })).toBeCloseTo(2, 5);
    // An implausibly fast burst is bounded at a quarter of the plan.
    const burst = Array.from({ length: 50 }, (_, i) => base.now - i * 1000);
    expect(minutesPerPerson({ ...base, servedAt: burst })).toBe(0.75);
    expect(estimateWaitMinutes(7, 2.5)).toBe(18);
    expect(estimateWaitMinutes(0, 5)).toBe(0);
  });
});

describe('person key', () => {
  it('is a keyed hash: same person same key, other key other hash, no digits of the number', () => {
    const key = Buffer.alloc(32, 7);
    const id = '11010519491231002X';
    const hash = personKeyFor(key, id);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(personKeyFor(key, '11010519491231002x ')).toBe(hash);
    expect(personKeyFor(Buffer.alloc(32, 8), id)).not.toBe(hash);
    expect(hash).not.toContain('1949');
  });
});
