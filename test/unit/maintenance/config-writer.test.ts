import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../main/config/config.ts';
import { savePortSetting } from '../../../main/maintenance/config-writer.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'maint-unit-'));

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
