import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStaffFile } from '../../../main/staff/accounts.ts';
import { hashPin, parsePinHash, verifyPin } from '../../../main/staff/pin.ts';

const fast = { N: 1024, r: 8, p: 1 };

describe('PIN hashes', () => {
  it('salted: the same PIN hashes differently each time, and verifies', async () => {
    const a = await hashPin('246810', fast);
    const b = await hashPin('246810', fast);
    expect(a).not.toBe(b);
    expect(a).not.toContain('246810');
    expect(await verifyPin('246810', a)).toBe(true);
    expect(await verifyPin('246811', a)).toBe(false);
  });

  it('refuses malformed and hostile hashes without trying them', async () => {
    expect(parsePinHash('plain-246810')).toBeNull();
    expect(parsePinHash('scrypt$N=3000,r=8,p=1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==')).toBeNull();
    expect(parsePinHash(`scrypt$N=${1 << 24},r=8,p=1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==`)).toBeNull();
    expect(await verifyPin('246810', 'nonsense')).toBe(false);
    await expect(hashPin('12ab56')).rejects.toThrow(RangeError);
  });

  it('the dev accounts use slow hashes and the documented PINs', async () => {
    const accounts = loadStaffFile(path.resolve('resources/hall/staff.json'));
    expect(accounts.map((a) => a.staffId)).toEqual(['1001', '1002', '9001']);
    for (const account of accounts)
      expect(parsePinHash(account.pinHash)?.params.N).toBeGreaterThanOrEqual(1 << 15);
    expect(await verifyPin('246810', accounts[0]!.pinHash)).toBe(true);
  });
});
