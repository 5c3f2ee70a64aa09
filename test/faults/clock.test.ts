// The wall clock jumps (a dead RTC battery, NTP correcting a wrong time, a technician setting the
// date). Queue numbers must never repeat within a business day, whichever way the clock goes; the
// health records to the centre keep their pace (timed on the monotonic clock) and carry the new
// time; a required device going down still ends a session after its grace, not an hour later.
import { afterEach, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../common/health.ts';
import { silentLogger } from '../../common/log.ts';
import { HealthReporter } from '../../main/maintenance/health-reporter.ts';
import { ServiceGate } from '../../main/maintenance/service-gate.ts';
import { EventBus } from '../../main/services/event-bus.ts';
import { SessionService } from '../../main/services/session.ts';
import type { OutboxEvent } from '../../main/sync/outbox.ts';
import { manualClock, queueOn, sh, tempStore, type TestStore } from '../integration/queue/helpers.ts';

let store: TestStore | undefined;
afterEach(() => store?.close());

it('queue numbers never repeat within a business day when the clock jumps back, forward a day, and back again', () => {
  store = tempStore('clock');
  const clock = manualClock(sh('2025-06-10T10:00:00'));
  const queue = queueOn(store, { now: clock.now });
  const issued: Array<{ number: string; day: string }> = [];
  const issue = () => {
    const outcome = queue.issue({ line: 'A', source: 'staff' });
    if (outcome.outcome !== 'issued') throw new Error(`not issued: ${outcome.outcome}`);
    issued.push({ number: outcome.ticket.number, day: outcome.ticket.businessDay });
  };
  issue();
  issue();
  clock.set(sh('2025-06-10T08:30:00')); // NTP pulls the clock back 90 minutes
  issue();
  clock.set(sh('2025-06-11T10:00:00')); // a bad RTC jumps a day ahead
  issue();
  clock.set(sh('2025-06-10T11:00:00')); // corrected back to the real day
  issue();
  issue();
  const byDay = new Map<string, string[]>();
  for (const ticket of issued) byDay.set(ticket.day, [...(byDay.get(ticket.day) ?? []), ticket.number]);
  for (const numbers of byDay.values()) expect(new Set(numbers).size).toBe(numbers.length);
  expect(byDay.get('2025-06-10')).toEqual(['A1-001', 'A1-002', 'A1-003', 'A1-004', 'A1-005']);
});

function snapshot(printerKey: string, level: 'ok' | 'warning' | 'fault'): HealthSnapshot {
  return {
    at: new Date().toISOString(),
    sequence: 1,
    overall: level,
    devices: [{ id: 'printer', level, key: printerKey, emulated: true }],
    store: { level: 'ok', key: 'health.store.ok', sizeBytes: 1, journalMode: 'wal' },
    sync: {
      level: 'disabled',
      key: 'health.sync.notConfigured',
      backlog: 0,
      lastSuccessAt: null,
      lastError: null,
    },
  };
}

it('health records keep their pace and carry the new time when the wall clock jumps', async () => {
  const bus = new EventBus();
  const records: OutboxEvent[] = [];
  let monotonic = 0;
  let wall = new Date('2025-06-10T02:00:00Z');
  const reporter = new HealthReporter({
    bus,
    enqueue: (event) => records.push(event),
    kioskId: 'K',
    version: '1',
    minIntervalMs: 60_000,
    disk: () => ({ path: '/', freeBytes: 1e9, totalBytes: 2e9, level: 'ok' }),
    logger: silentLogger,
    monotonic: () => monotonic,
    now: () => wall,
  });
  reporter.start();
  bus.emit('system:health', snapshot('health.printer.ok', 'ok'));
  expect(records).toHaveLength(1);

  // The wall clock falls back a whole day; 61 s of real time pass; the paper runs low.
  wall = new Date('2025-06-09T02:00:00Z');
  monotonic += 61_000;
  bus.emit('system:health', snapshot('health.printer.paperNearEnd', 'warning'));
  expect(records).toHaveLength(2);
  expect(records[1]!.payload.at).toBe('2025-06-09T02:00:00.000Z');
  expect(records[1]!.payload.paperNearEnd).toBe(true);

  // The wall clock leaps a year ahead but only 1 s of real time passed: no flood of records.
  wall = new Date('2026-06-10T02:00:00Z');
  monotonic += 1000;
  bus.emit('system:health', snapshot('health.printer.paperOut', 'fault'));
  bus.emit('system:health', snapshot('health.printer.ok', 'ok'));
  bus.emit('system:health', snapshot('health.printer.paperOut', 'fault'));
  expect(records).toHaveLength(2);
  reporter.stop();
});

it('a required device down ends a session after its grace, measured on the monotonic clock', async () => {
  const bus = new EventBus();
  const session = new SessionService(bus, silentLogger);
  let monotonic = 0;
  let current = snapshot('health.printer.ok', 'ok');
  const gate = new ServiceGate({
    bus,
    session,
    snapshot: () => current,
    required: ['printer'],
    graceMs: 5000,
    logger: silentLogger,
    monotonic: () => monotonic,
  });
  gate.start();
  session.beginWithCard({
    kind: 'resident',
    name: 'X',
    maskedIdNumber: '110***********0017',
    expired: false,
  });
  current = snapshot('health.printer.paperOut', 'fault');
  bus.emit('system:health', current);
  expect(session.current().id).not.toBeNull();
  // However the wall clock moves, only 5 s of monotonic time end the session.
  monotonic += 4000;
  bus.emit('system:health', current);
  expect(session.current().id).not.toBeNull();
  monotonic += 1500;
  bus.emit('system:health', current);
  await Promise.resolve();
  expect(session.current().id).toBeNull();
  gate.stop();
  session.stop();
});
