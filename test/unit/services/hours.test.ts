import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/log.ts';
import { loadHallConfig } from '../../../main/queue/hall-config.ts';
import { HallStatusService } from '../../../main/services/hours.ts';

const resources = path.resolve(import.meta.dirname, '../../../resources/hall');
const hall = loadHallConfig(path.join(resources, 'hall.json'));
const at = (iso: string) => () => new Date(iso);

describe('hall status', () => {
  it('open on a weekday morning, with each line’s hours today', () => {
    const status = new HallStatusService({
      hall: () => hall,
      noticesFile: null,
      logger: silentLogger,
      now: at('2025-06-06T02:00:00Z'), // Friday 10:00 in Shanghai
    }).status();
    expect(status).toMatchObject({ today: '2025-06-06', openNow: true, holiday: false, nextOpening: null });
    expect(status.lines.find((line) => line.prefix === 'A')).toMatchObject({
      today: ['08:30-12:00', '13:30-17:30'],
      openNow: true,
    });
    expect(status.lines.find((line) => line.prefix === 'D')!.today).toEqual(['08:30-12:00', '13:30-17:00']);
  });

  it('at night: closed, and the next opening is the next morning', () => {
    const status = new HallStatusService({
      hall: () => hall,
      noticesFile: null,
      logger: silentLogger,
      now: at('2025-06-05T14:00:00Z'), // Thursday 22:00
    }).status();
    expect(status.openNow).toBe(false);
    expect(status.nextOpening).toEqual({ day: '2025-06-06', from: '08:30' });
  });

  it('on a closed date: a holiday with no hours, opening after it', () => {
    const status = new HallStatusService({
      hall: () => hall,
      noticesFile: null,
      logger: silentLogger,
      now: at('2025-10-02T02:00:00Z'),
    }).status();
    expect(status).toMatchObject({ holiday: true, openNow: false });
    expect(status.lines.every((line) => line.today.length === 0)).toBe(true);
    expect(status.nextOpening!.day > '2025-10-03').toBe(true);
  });

  it('shows notices within their dates, re-reads a changed file and keeps the last good one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notices-'));
    const file = path.join(dir, 'notices.json');
    fs.copyFileSync(path.join(resources, 'notices.json'), file);
    const warnings: string[] = [];
    const service = new HallStatusService({
      hall: () => hall,
      noticesFile: file,
      logger: { ...silentLogger, warn: (event: string) => warnings.push(event) },
      now: at('2025-09-30T02:00:00Z'),
    });
    expect(service.status().notices.map((notice) => notice.id)).toEqual([
      'self-service-24h',
      'national-day-2025',
    ]);
    fs.writeFileSync(file, '{"schemaVersion": 1, "notices": [{"id": "x"}]}');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(service.status().notices).toHaveLength(2);
    expect(warnings).toEqual(['hours.notices-refused']);
    fs.writeFileSync(
      file,
      JSON.stringify({
        schemaVersion: 1,
        notices: [{ id: 'n', text: { 'zh-CN': '通知', en: 'Notice' }, until: '2025-09-01' }],
      }),
    );
    fs.utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    expect(service.status().notices).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
