import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../../main/log/logger.ts';

describe('file logger', () => {
  it('writes JSON lines that a field cannot forge, and keeps personal data out', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-log-'));
    const logger = createFileLogger({ folder, level: 'info', maxBytes: 1_000_000, keep: 2 });
    logger
      .child('session')
      .info('idcard.card-read', { level: 'error', name: '王五', idNumber: '110105194912310021' });
    logger.debug('test.below-level');
    const lines = fs.readFileSync(path.join(folder, 'kiosk.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'info',
      component: 'session',
      event: 'idcard.card-read',
      name: '[redacted]',
    });
    expect(lines[0]).not.toMatch(/王五|110105194912310021/);
  });

  it('rotates by size and keeps only the configured number of old files', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-log-'));
    const logger = createFileLogger({ folder, level: 'info', maxBytes: 10_000, keep: 2 });
    for (let index = 0; index < 600; index += 1) logger.info('test.tick', { index, padding: 'x'.repeat(40) });
    const files = fs.readdirSync(folder).sort();
    expect(files).toEqual(['kiosk.1.log', 'kiosk.2.log', 'kiosk.log']);
    for (const file of files) expect(fs.statSync(path.join(folder, file)).size).toBeLessThanOrEqual(10_000);
    const last = fs.readFileSync(path.join(folder, 'kiosk.log'), 'utf8').trim().split('\n').pop()!;
    expect(JSON.parse(last)).toMatchObject({ index: 599 });
  });
});
