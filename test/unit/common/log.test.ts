import { describe, expect, it } from 'vitest';
import {
  badEventId,
  createLogger,
  eventIdPattern,
  isPersonalKey,
  memoryLogger,
  redactFields,
  redactText,
  silentLogger,
  type LogRecord,
} from '../../../common/log.ts';

describe('log redaction', () => {
  it('masks ID numbers and mobile numbers inside free text', () => {
    const text = redactText('card 11010519491231002X read, phone 13812345678, order 2024');
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('order 2024');
  });

  it('drops personal keys wherever they are nested', () => {
    const fields = redactFields({
      card: { name: '张三' },
      person: { name: '李四', idNumber: '110105194912310021' },
      step: 3,
    });
    expect(JSON.stringify(fields)).not.toMatch(/张三|李四|110105194912310021/);
    expect(fields).toMatchObject({ step: 3 });
  });

  it('knows personal keys however they are spelt', () => {
    for (const key of [
      'name',
      'Name',
      'idNumber',
      'id_number',
      'ID-NUMBER',
      'idNo',
      'fullName',
      'holder_name',
    ])
      expect(isPersonalKey(key), key).toBe(true);
    for (const key of ['kind', 'cardKind', 'file', 'channel', 'device', 'count'])
      expect(isPersonalKey(key), key).toBe(false);
  });
});

describe('the logger port', () => {
  it('strips personal fields and masks ID numbers before any sink sees the record', () => {
    const seen: LogRecord[] = [];
    const logger = createLogger((record) => seen.push(record));
    logger.child('flow').warn('flow.identity-typed', {
      idNumber: '110105194912310021',
      holderName: '王五',
      note: 'typed 110105194912310021',
      kind: 'resident',
    });
    expect(seen).toHaveLength(1);
    expect(JSON.stringify(seen)).not.toMatch(/王五|110105194912310021/);
    expect(seen[0]).toMatchObject({
      level: 'warn',
      component: 'flow',
      event: 'flow.identity-typed',
      idNumber: '[redacted]',
      holderName: '[redacted]',
      kind: 'resident',
    });
  });

  it('keeps a line whose event is not an id, under the bad-id event, with its text redacted', () => {
    const logger = memoryLogger();
    logger.info('card 110105194912310021 read' as never, { step: 1 });
    expect(logger.records).toHaveLength(1);
    const [record] = logger.records;
    expect(record).toMatchObject({ event: badEventId, step: 1 });
    expect(record!.given).toMatch(/^card 110\*\*\* \[redacted id\] read$/);
    expect(JSON.stringify(record)).not.toContain('110105194912310021');
  });

  it('lets no field pose as the time, level, component or event', () => {
    const logger = memoryLogger({ now: () => new Date('2026-01-02T03:04:05Z') });
    logger.child('queue').error('queue.print-failed', {
      t: 'forged',
      level: 'debug',
      component: 'forged',
      event: 'forged',
    });
    expect(logger.records[0]).toEqual({
      t: '2026-01-02T03:04:05.000Z',
      level: 'error',
      component: 'queue',
      event: 'queue.print-failed',
    });
  });

  it('drops records below its level, names children by path, and survives a sink that throws', () => {
    const logger = memoryLogger({ level: 'warn' });
    logger.info('queue.resumed');
    logger.child('devices').child('printer').warn('printer.job-failed');
    expect(logger.records.map((record) => [record.event, record.component])).toEqual([
      ['printer.job-failed', 'devices.printer'],
    ]);
    const broken = createLogger(() => {
      throw new Error('disk full');
    });
    expect(() => broken.error('store.backup-failed')).not.toThrow();
    expect(() => silentLogger.child('x').error('store.backup-failed')).not.toThrow();
  });

  it('accepts dotted lower-case ids and refuses prose', () => {
    for (const id of [
      'queue.ticket.issued',
      'serial.open-failed',
      'maintenance.login-failed',
      'web.socket-2',
    ])
      expect(id).toMatch(eventIdPattern);
    for (const id of [
      'card read',
      'queue',
      'Queue.printed',
      'queue.',
      '.queue',
      'queue..printed',
      'sync.failed; again',
    ])
      expect(id).not.toMatch(eventIdPattern);
  });
});
