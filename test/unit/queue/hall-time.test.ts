import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  loadHallConfig,
  parseHallConfig,
  kioskQuotaOf,
  type HallConfig,
} from '../../../main/queue/hall-config.ts';
import { addDays, businessDay, isIssuingLive, nextOpening, wallTime } from '../../../main/queue/hall-time.ts';

const hall = loadHallConfig(path.resolve('resources/hall/hall.json'));
const lineA = hall.lines.find((line) => line.prefix === 'A')!;
const lineD = hall.lines.find((line) => line.prefix === 'D')!;
/** Shanghai wall time → instant (the zone has no daylight saving). */
const sh = (text: string) => new Date(`${text}+08:00`);

describe('business day and daily reset', () => {
  it('numbers before the reset time still belong to the previous day', () => {
    expect(businessDay(sh('2025-06-10T02:59:00'), hall)).toBe('2025-06-09');
    expect(businessDay(sh('2025-06-10T03:00:00'), hall)).toBe('2025-06-10');
    expect(businessDay(sh('2025-06-10T23:59:00'), hall)).toBe('2025-06-10');
  });

  it('follows the hall time zone, not the machine', () => {
    // 19:30 UTC is 03:30 the next day in Shanghai.
    expect(businessDay(new Date('2025-06-09T19:30:00Z'), hall)).toBe('2025-06-10');
    expect(wallTime(new Date('2025-06-09T19:30:00Z'), hall.timeZone)).toEqual({
      date: '2025-06-10',
      minute: 210,
      weekday: 1,
    });
  });

  it('a reset at midnight makes the business day the calendar day', () => {
    const midnight: HallConfig = { ...hall, dailyResetAt: '00:00' };
    fc.assert(
      fc.property(fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }), (ms) => {
        const at = new Date(ms);
        expect(businessDay(at, midnight)).toBe(wallTime(at, hall.timeZone).date);
      }),
    );
  });
});

describe('hours', () => {
  it('issues live from the first opening to the last closing less the margin, through the noon break', () => {
    // 2025-06-10 is a Tuesday.
    expect(isIssuingLive(hall, lineA, sh('2025-06-10T08:29:00'))).toBe(false);
    expect(isIssuingLive(hall, lineA, sh('2025-06-10T08:30:00'))).toBe(true);
    expect(isIssuingLive(hall, lineA, sh('2025-06-10T12:30:00'))).toBe(true);
    expect(isIssuingLive(hall, lineA, sh('2025-06-10T17:14:00'))).toBe(true);
    expect(isIssuingLive(hall, lineA, sh('2025-06-10T17:15:00'))).toBe(false);
  });

  it('a line may keep its own hours; Sunday and holidays are closed', () => {
    expect(isIssuingLive(hall, lineA, sh('2025-06-14T10:00:00'))).toBe(true); // Saturday
    expect(isIssuingLive(hall, lineD, sh('2025-06-14T10:00:00'))).toBe(false);
    expect(isIssuingLive(hall, lineA, sh('2025-06-15T10:00:00'))).toBe(false); // Sunday
    expect(isIssuingLive(hall, lineA, sh('2025-10-01T10:00:00'))).toBe(false); // National Day
  });

  it('next opening: later today before opening, else the next open day', () => {
    expect(nextOpening(hall, lineA, sh('2025-06-10T06:00:00'))).toEqual({ day: '2025-06-10', from: '08:30' });
    expect(nextOpening(hall, lineA, sh('2025-06-10T19:00:00'))).toEqual({ day: '2025-06-11', from: '08:30' });
    expect(nextOpening(hall, lineA, sh('2025-06-13T19:00:00'))).toEqual({ day: '2025-06-14', from: '09:00' });
    expect(nextOpening(hall, lineD, sh('2025-06-13T19:00:00'))).toEqual({ day: '2025-06-16', from: '08:30' });
    expect(nextOpening(hall, lineA, sh('2025-09-30T19:00:00'))).toEqual({ day: '2025-10-04', from: '09:00' });
    expect(nextOpening(hall, lineA, sh('2025-06-10T10:00:00'), { notBefore: '2025-06-11' })).toEqual({
      day: '2025-06-11',
      from: '08:30',
    });
  });

  it('addDays crosses months and years', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('hall configuration', () => {
  const raw = () =>
    JSON.parse(JSON.stringify(hall)) as Record<string, unknown> & {
      kiosks: unknown[];
      lines: Array<Record<string, unknown>>;
    };

  it('the shipped file is valid and its kiosk shares never exceed a cap', () => {
    for (const line of hall.lines)
      expect(kioskQuotaOf(hall, line) * hall.kiosks.length).toBeLessThanOrEqual(line.dailyCap);
  });

  it('refuses two kiosks with one mark, naming the place', () => {
    const bad = raw();
    bad.kiosks = [
      { kioskId: 'k1', index: 1 },
      { kioskId: 'k2', index: 1 },
    ];
    expect(() => parseHallConfig(bad, 'test')).toThrow('kiosks.1: kiosk index 1 appears twice');
  });

  it('refuses an unknown lane, a bad span and a bad zone', () => {
    const lane = raw();
    lane.lines[0]!.lanes = ['ordinary', 'vip'];
    expect(() => parseHallConfig(lane, 'test')).toThrow(/lines\.0\.lanes/);
    const span = raw();
    (span.hours as Record<string, string[]>).mon = ['12:00-08:00'];
    expect(() => parseHallConfig(span, 'test')).toThrow(/hours\.mon\.0/);
    const zone = raw();
    zone.timeZone = 'Mars/Olympus';
    expect(() => parseHallConfig(zone, 'test')).toThrow(/timeZone/);
  });
});
