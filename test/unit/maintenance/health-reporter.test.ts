import { describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../../common/health.ts';
import { silentLogger } from '../../../common/log.ts';
import { HealthReporter, healthSignature } from '../../../main/maintenance/health-reporter.ts';
import { EventBus } from '../../../main/services/event-bus.ts';
import type { OutboxEvent } from '../../../main/sync/outbox.ts';

function snapshot(level: 'ok' | 'fault', key: string, backlog = 0): HealthSnapshot {
  return {
    at: new Date().toISOString(),
    sequence: backlog,
    overall: level,
    devices: [
      { id: 'printer', level, key, emulated: true, detail: level === 'fault' ? 'no paper' : undefined },
    ],
    store: { level: 'ok', key: 'health.store.ok', sizeBytes: 1, journalMode: 'wal' },
    sync: { level: 'ok', key: 'health.sync.ok', backlog, lastSuccessAt: null, lastError: null },
  };
}

describe('health to the central system', () => {
  it('writes one record per change of level, not per snapshot, and coalesces a flapping device', async () => {
    const bus = new EventBus();
    const records: OutboxEvent[] = [];
    let clock = 0;
    const reporter = new HealthReporter({
      bus,
      enqueue: (event) => records.push(event),
      kioskId: 'K01',
      version: '1.2.3',
      minIntervalMs: 30,
      disk: () => ({ path: '/', freeBytes: 5e9, totalBytes: 1e10, level: 'ok' }),
      logger: silentLogger,
      monotonic: () => clock,
    });
    reporter.start();
    bus.emit('system:health', snapshot('ok', 'health.printer.ok'));
    bus.emit('system:health', snapshot('ok', 'health.printer.ok', 5)); // backlog only: not a change of level
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      type: 'device-health',
      payload: { kioskId: 'K01', version: '1.2.3' },
    });
    clock = 10;
    for (let i = 0; i < 10; i++) {
      bus.emit('system:health', snapshot('fault', 'health.printer.paperOut'));
      bus.emit('system:health', snapshot('ok', 'health.printer.ok'));
    }
    bus.emit('system:health', snapshot('fault', 'health.printer.paperOut'));
    expect(records).toHaveLength(1);
    clock = 40;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(records).toHaveLength(2);
    expect(records[1]!.payload).toMatchObject({
      overall: 'fault',
      devices: [{ id: 'printer', level: 'fault', key: 'health.printer.paperOut', detail: 'no paper' }],
    });
    reporter.stop();
  });

  it('keeps a record the store could not take and writes it at the next chance', () => {
    const bus = new EventBus();
    let full = true;
    const records: OutboxEvent[] = [];
    const reporter = new HealthReporter({
      bus,
      enqueue: (event) => {
        if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        records.push(event);
      },
      kioskId: 'K01',
      version: '1',
      minIntervalMs: 0,
      disk: () => ({ path: '/', freeBytes: 0, totalBytes: 1, level: 'fault' }),
      logger: silentLogger,
    });
    reporter.start();
    bus.emit('system:health', snapshot('fault', 'health.printer.paperOut'));
    expect(records).toHaveLength(0);
    full = false;
    bus.emit('system:health', snapshot('fault', 'health.printer.paperOut'));
    expect(records).toHaveLength(1);
    expect(healthSignature(snapshot('ok', 'a', 1))).toBe(healthSignature(snapshot('ok', 'a', 99)));
  });
});
