import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../main/config/config.ts';

function tempFile(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-config-'));
  const file = path.join(dir, 'kiosk.config.json');
  fs.writeFileSync(file, content);
  return file;
}

describe('configuration', () => {
  it('fills every setting from defaults when there is no file', () => {
    const config = loadConfig({ file: '/nonexistent/kiosk.config.json', env: {} });
    expect(config.hardware.mode).toBe('emulated');
    expect(config.hardware.idcard.baudRate).toBe(115200);
    expect(config.locale).toBe('zh-CN');
    expect(config.web.port).toBe(0);
  });

  it('lays environment variables over the file', () => {
    const file = tempFile(
      JSON.stringify({ hallName: '朝阳区政务服务中心', hardware: { idcard: { baudRate: 9600 } } }),
    );
    const config = loadConfig({
      file,
      env: { KIOSK_IDCARD_BAUD: '38400', KIOSK_PRINTER_PORT: '/dev/ttyUSB1' },
    });
    expect(config.hallName).toBe('朝阳区政务服务中心');
    expect(config.hardware.idcard.baudRate).toBe(38400);
    expect(config.hardware.printer.port.path).toBe('/dev/ttyUSB1');
  });

  it('names a bad value, what it got and where it came from, in one line', () => {
    const attempt = () => loadConfig({ file: undefined, env: { KIOSK_IDCARD_BAUD: '12345' } });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'Configuration error: hardware.idcard.baudRate: must be one of 9600, 19200, 38400, 57600, 115200 (got 12345) — from environment variable KIOSK_IDCARD_BAUD.',
    );
  });

  it('refuses unknown settings in the file, naming them', () => {
    const file = tempFile(JSON.stringify({ hardware: { mode: 'real', printr: {} } }));
    expect(() => loadConfig({ file, env: {} })).toThrow(/hardware: unknown setting "printr" .*from file/);
  });

  it('refuses a file that is not JSON with a sentence, not a stack', () => {
    const file = tempFile('{ "hallName": ');
    let message = '';
    try {
      loadConfig({ file, env: {} });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Configuration file .* is not valid JSON: /);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('checks USB ids and the hardware mode', () => {
    const file = tempFile(
      JSON.stringify({ hardware: { printer: { port: { usb: { vendorId: 'xyz', productId: '5740' } } } } }),
    );
    expect(() => loadConfig({ file, env: {} })).toThrow(
      /hardware\.printer\.port\.usb\.vendorId: must be 4 hex digits/,
    );
    expect(() => loadConfig({ env: { KIOSK_HARDWARE: 'fake' } })).toThrow(/hardware\.mode: .*got "fake"/);
  });
});
