import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../../common/health.ts';
import { encodeCommand, encodeResponse, Command } from '../../../hardware/idcard/protocol.ts';
import { configSchema } from '../../../main/config/config.ts';
import { silentLogger } from '../../../common/log.ts';
import { devMaintenanceAccount, maintenanceAuthenticator } from '../../../main/maintenance/auth.ts';
import { openStore } from '../../../main/store/database.ts';
import { buildBundle, configWithoutSecrets } from '../../../main/maintenance/bundle.ts';
import { ByteLog, PrinterByteDecoder, ReaderByteDecoder } from '../../../main/maintenance/byte-log.ts';
import { savePortSetting } from '../../../main/maintenance/config-writer.ts';
import { HealthReporter, healthSignature } from '../../../main/maintenance/health-reporter.ts';
import { storageProblemOf } from '../../../main/maintenance/store-tools.ts';
import { EventBus } from '../../../main/services/event-bus.ts';
import type { OutboxEvent } from '../../../main/sync/outbox.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'maint-unit-'));

describe('byte log', () => {
  it('shows reader commands and short replies in hex and words, and withholds card data however it arrives', () => {
    const log = new ByteLog('idcard', new ReaderByteDecoder());
    log.record('tx', Buffer.from(encodeCommand(Command.samStatus.cmd, Command.samStatus.para)));
    log.record('rx', Buffer.from(encodeResponse(0x90)));
    const cardText = Buffer.from('张三 110101198503120017', 'utf16le');
    const reply = Buffer.from(
      encodeResponse(0x90, Buffer.concat([Buffer.from([0x01, 0x00, 0x04, 0x00]), cardText])),
    );
    log.record('tx', Buffer.from(encodeCommand(Command.readTextAndPhoto.cmd, Command.readTextAndPhoto.para)));
    // The line delivers the reply in three pieces.
    log.record('rx', reply.subarray(0, 12));
    log.record('rx', reply.subarray(12, 30));
    log.record('rx', reply.subarray(30));
    log.record('tx', Buffer.from(encodeCommand(Command.findCard.cmd, Command.findCard.para)));
    const entries = log.view().entries;
    expect(entries[0]).toMatchObject({ direction: 'tx', decoded: 'SAM status', redacted: false });
    expect(entries[0]!.hex).toMatch(/^aa aa aa 96 69 00 03 11 ff/);
    expect(entries[1]!.decoded).toMatch(/SW3=90/);
    expect(entries.slice(3, 6).every((entry) => entry.redacted && entry.hex === '')).toBe(true);
    expect(entries[6]!.decoded).toBe('find card');
    const everything = JSON.stringify(entries);
    expect(everything).not.toContain(cardText.toString('hex').slice(0, 8).match(/../g)!.join(' '));
    expect(everything).not.toContain('110101198503120017');
  });

  it('names printer status queries and answers, and keeps only the size of print data', () => {
    const log = new ByteLog('printer', new PrinterByteDecoder());
    log.record('tx', Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x04]));
    log.record('rx', Buffer.from([0x12, 0x7e]));
    log.record('tx', Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from('姓名 张三', 'utf8')]));
    const [query, answer, job] = log.view().entries;
    expect(query!.decoded).toBe('DLE EOT 1 (printer status), DLE EOT 4 (paper sensor)');
    expect(answer!.hex).toBe('12 7e');
    expect(job).toMatchObject({ redacted: true, hex: '' });
    expect(job!.decoded).toMatch(/print data, \d+ bytes; content withheld/);
  });

  it('keeps a bounded number of entries and returns only newer ones', () => {
    const log = new ByteLog('printer', new PrinterByteDecoder(), 10);
    for (let i = 0; i < 25; i++) log.record('rx', Buffer.from([0x12]));
    const view = log.view();
    expect(view.entries).toHaveLength(10);
    expect(view.lastSeq).toBe(25);
    expect(log.view(23).entries.map((entry) => entry.seq)).toEqual([24, 25]);
  });
});

describe('maintenance login', () => {
  const make = (dbFile: string, now: () => number) =>
    maintenanceAuthenticator({
      db: openStore(dbFile),
      kioskId: 'K01',
      accounts: [devMaintenanceAccount],
      maxFailures: 3,
      lockoutMs: 60_000,
      idleLogoutMs: 1000,
      logger: silentLogger,
      now,
    });

  it('logs in with the right PIN, locks after repeated failures, and the lock survives a restart', async () => {
    const dir = tmp();
    let now = 1_000_000;
    const auth = make(path.join(dir, 'kiosk.db'), () => now);
    const session = await auth.login('8001', '246810');
    expect(auth.authenticate(session.token)).toMatchObject({ id: '8001', roles: ['technician'] });
    await expect(auth.login('8001', '111111')).rejects.toMatchObject({ key: 'maint.login.wrong' });
    await expect(auth.login('9999', '246810')).rejects.toMatchObject({ key: 'maint.login.wrong' });
    // Three wrong PINs for the same account lock it (the unknown id counted for the terminal only).
    await expect(auth.login('8001', '333333')).rejects.toMatchObject({ key: 'maint.login.wrong' });
    await expect(auth.login('8001', '222222')).rejects.toMatchObject({ key: 'maint.login.locked' });
    // A restart does not open the door again.
    const again = make(path.join(dir, 'kiosk.db'), () => now);
    await expect(again.login('8001', '246810')).rejects.toMatchObject({ key: 'maint.login.locked' });
    now += 61_000;
    expect((await again.login('8001', '246810')).accountId).toBe('8001');
  }, 20_000);

  it('ends an idle session', async () => {
    let now = 0;
    const auth = make(path.join(tmp(), 'kiosk.db'), () => now);
    const session = await auth.login('8001', '246810');
    now += 900;
    auth.authenticate(session.token);
    now += 1001;
    expect(() => auth.authenticate(session.token)).toThrow(/ended/);
  });
});

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

describe('storage failures', () => {
  it('classifies SQLite and file system errors', () => {
    expect(storageProblemOf({ code: 'SQLITE_FULL' })).toBe('full');
    expect(storageProblemOf({ code: 'SQLITE_IOERR_WRITE' })).toBe('io');
    expect(storageProblemOf({ code: 'SQLITE_BUSY' })).toBe('locked');
    expect(storageProblemOf({ code: 'SQLITE_CORRUPT_INDEX' })).toBe('corrupt');
    expect(storageProblemOf({ code: 'ENOSPC' })).toBe('full');
    expect(storageProblemOf({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBeUndefined();
    expect(storageProblemOf(new Error('x'))).toBeUndefined();
  });
});

describe('port configuration', () => {
  it('saves the port and speed into the file, keeps the rest, refuses invalid values, names overriding variables', () => {
    const file = path.join(tmp(), 'kiosk.config.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ kioskId: 'K9', hardware: { mode: 'real', idcard: { pollIntervalMs: 300 } } }),
    );
    const overridden = savePortSetting(
      file,
      { device: 'idcard', port: { usb: { vendorId: '10c4', productId: 'ea60' } }, baudRate: 57600 },
      { KIOSK_IDCARD_BAUD: '9600' },
    );
    expect(overridden).toEqual(['KIOSK_IDCARD_BAUD']);
    const saved = configSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect(saved.kioskId).toBe('K9');
    expect(saved.hardware.idcard).toMatchObject({
      pollIntervalMs: 300,
      baudRate: 57600,
      port: { usb: { vendorId: '10c4' } },
    });
    expect(() =>
      savePortSetting(file, { device: 'printer', port: { path: '/dev/ttyUSB1' }, baudRate: 12345 }, {}),
    ).toThrow(/hardware\.printer\.baudRate/);
    expect(configSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).hardware.printer.baudRate).toBe(
      115200,
    );
  });
});

describe('diagnostic bundle', () => {
  it('holds logs and sections, no secrets, and no ID number even if one slipped into a log line', () => {
    const logs = tmp();
    fs.writeFileSync(
      path.join(logs, 'kiosk.1.log'),
      `${JSON.stringify({ t: '2025-01-01T00:00:00Z', level: 'info', event: 'older' })}\n`,
    );
    fs.writeFileSync(
      path.join(logs, 'kiosk.log'),
      [
        JSON.stringify({ t: '2025-01-01T00:00:01Z', level: 'info', event: 'card read', kind: 'resident' }),
        JSON.stringify({
          t: '2025-01-01T00:00:02Z',
          level: 'warn',
          event: 'oops 110101198503120017 seen',
          idNumber: 'x',
        }),
        'not json 110101198503120017',
      ].join('\n'),
    );
    const config = configSchema.parse({
      sync: { centralUrl: 'https://central.example', enrollmentToken: 'secret-token-123' },
      maintenance: { accounts: [devMaintenanceAccount] },
    });
    const bundle = buildBundle({
      kioskId: 'K01',
      version: '1',
      config,
      logsDir: logs,
      sections: { ports: [{ path: '/dev/ttyUSB0' }], note: { text: 'ID 110101198503120017' } },
    });
    const text = zlib.gunzipSync(bundle.gzip).toString('utf8');
    const document = JSON.parse(text) as { logs: Array<{ file: string; lines: unknown[] }>; config: unknown };
    expect(document.logs.map((log) => log.file)).toEqual(['kiosk.1.log', 'kiosk.log']);
    expect(text).toContain('card read');
    expect(text).not.toContain('110101198503120017');
    expect(text).not.toContain('secret-token-123');
    expect(text).not.toContain(devMaintenanceAccount.pinHash);
    expect(configWithoutSecrets(config)).toMatchObject({ sync: { enrollmentToken: '[set]' } });
    expect(bundle.parts).toEqual(['config', 'ports', 'note', 'logs']);
  });
});
