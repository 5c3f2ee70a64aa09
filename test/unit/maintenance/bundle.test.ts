import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../main/config/config.ts';
import { devMaintenanceAccount } from '../../../main/maintenance/auth.ts';
import { buildBundle, configWithoutSecrets } from '../../../main/maintenance/bundle.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'maint-unit-'));

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
