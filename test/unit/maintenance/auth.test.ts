import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/log.ts';
import { devMaintenanceAccount, maintenanceAuthenticator } from '../../../main/maintenance/auth.ts';
import { openStore } from '../../../main/store/database.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'maint-unit-'));

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
