import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withGb11643CheckCharacter } from '../../../domain/identity/id-number.ts';
import { KioskError } from '../../../main/errors.ts';
import { staffAuthenticator } from '../../../main/staff/auth.ts';
import { StaffService } from '../../../main/staff/staff-service.ts';
import { hashPin } from '../../../main/staff/pin.ts';
import type { StaffAccount } from '../../../main/staff/accounts.ts';
import { enqueueEvent } from '../../../main/sync/outbox.ts';
import { RecordingPrinter, manualClock, queueOn, sh, tempStore, type TestStore } from './helpers.ts';

let accounts: StaffAccount[];
beforeAll(async () => {
  // Cheap parameters for speed here; the shipped accounts use N=2^15 (see the unit test).
  const fast = { N: 1024, r: 8, p: 1 };
  accounts = [
    { staffId: '1001', pinHash: await hashPin('246810', fast), roles: ['desk'], active: true },
    { staffId: '1002', pinHash: await hashPin('135790', fast), roles: ['desk'], active: false },
  ];
});

let stores: TestStore[] = [];
const authenticators: Array<{ stop(): void }> = [];
afterEach(() => {
  for (const auth of authenticators.splice(0)) auth.stop();
  for (const s of stores) s.close();
  stores = [];
});

function desk(options: { store?: TestStore; clock?: ReturnType<typeof manualClock> } = {}) {
  const store = options.store ?? tempStore('staff');
  if (!options.store) stores.push(store);
  const clock = options.clock ?? manualClock(sh('2025-06-10T09:00:00'));
  const printer = new RecordingPrinter();
  const queue = queueOn(store, { now: clock.now, printer });
  const staff = new StaffService({
    db: store.db,
    queue,
    printer,
    kioskId: 'kiosk-01',
    hallName: () => '测试大厅',
    personKey: Buffer.alloc(32, 1),
    events: (event) => enqueueEvent(store.db, event),
    now: clock.now,
  });
  staff.seedIfEmpty(accounts);
  const auth = staffAuthenticator({
    db: store.db,
    staff,
    kioskId: 'kiosk-01',
    maxFailures: 5,
    lockoutMs: 300_000,
    idleLogoutMs: 120_000,
    now: () => clock.now().getTime(),
  });
  authenticators.push(auth);
  return { store, clock, printer, queue, staff, auth };
}

async function refused(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KioskError) return error.key;
    throw error;
  }
  return undefined;
}

const audit = (store: TestStore) =>
  store.db
    .prepare<[], { action: string; staff_id: string | null }>(
      'SELECT action, staff_id FROM staff_audit ORDER BY id',
    )
    .all();

describe('staff desk', () => {
  it('logs in with the right PIN only; an inactive account is refused like a wrong PIN', async () => {
    const { auth, store } = desk();
    expect(await refused(auth.login('1001', '246811'))).toBe('staff.error.badPin');
    expect(await refused(auth.login('1002', '135790'))).toBe('staff.error.badPin');
    expect(await refused(auth.login('9999', '246810'))).toBe('staff.error.badPin');
    const session = await auth.login('1001', '246810');
    expect(session.accountId).toBe('1001');
    expect(session.roles).toEqual(['desk']);
    // The login cleared 1001's own count; the terminal's three failures stay (10 allowed).
    expect(auth.state()).toEqual({ locked: false, lockedUntil: null, failuresLeft: 7 });
    expect(auth.state('1001')).toEqual({ locked: false, lockedUntil: null, failuresLeft: 5 });
    expect(audit(store).map((row) => row.action)).toEqual([
      'login-failed',
      'login-failed',
      'login-failed',
      'login',
    ]);
    expect(JSON.stringify(store.db.prepare('SELECT * FROM staff_audit').all())).not.toContain('246810');
  });

  it('five wrong PINs lock the account for the lock-out time, across a restart, then it opens again', async () => {
    const first = desk();
    for (let i = 0; i < 4; i++)
      expect(await refused(first.auth.login('1001', '000000'))).toBe('staff.error.badPin');
    expect(first.auth.state('1001').failuresLeft).toBe(1);
    expect(await refused(first.auth.login('1001', '000000'))).toBe('staff.error.locked');
    expect(await refused(first.auth.login('1001', '246810'))).toBe('staff.error.locked');
    // A restart (a new authenticator on the same store) does not unlock it.
    const again = desk({ store: first.store, clock: first.clock });
    expect(again.auth.state('1001').locked).toBe(true);
    expect(await refused(again.auth.login('1001', '246810'))).toBe('staff.error.locked');
    first.clock.advance(300_001);
    expect((await again.auth.login('1001', '246810')).accountId).toBe('1001');
    expect(audit(first.store).map((row) => row.action)).toContain('desk-locked');
  });

  it('logs out by itself when idle', async () => {
    const { auth, clock, store } = desk();
    const session = await auth.login('1001', '246810');
    clock.advance(119_000);
    expect(auth.touch(session.token).expiresAt).toBe(clock.now().getTime() + 120_000);
    clock.advance(120_000);
    expect(() => auth.authenticate(session.token)).toThrow(
      expect.objectContaining({ key: 'staff.error.loggedOut' }),
    );
    expect(audit(store).at(-1)).toEqual({ action: 'logout-idle', staff_id: '1001' });
    expect(() => auth.authenticate('x'.repeat(32))).toThrow(KioskError);
  });

  it('issues in a priority lane, reprints, voids with a reason: each audited and sent in the same transaction', async () => {
    const { staff, auth, store, printer } = desk();
    const { accountId: staffId } = await auth.login('1001', '246810');
    const idNumber = withGb11643CheckCharacter('11010519491231002');
    const green = await staff.issue(staffId, { line: 'A', lane: 'elderly', idNumber });
    expect(green.result).toMatchObject({
      outcome: 'issued',
      ticket: { number: 'A1-001', lane: 'elderly', source: 'staff' },
    });
    expect(green.print?.printed).toBe(true);
    expect(printer.texts(0)).toContain('【绿色通道】');
    // The same person again in the same line: the open ticket comes back, for a reprint.
    expect((await staff.issue(staffId, { line: 'A', lane: 'ordinary', idNumber })).result.outcome).toBe(
      'already-open',
    );
    expect(
      await refused(staff.issue(staffId, { line: 'A', lane: 'ordinary', idNumber: '110105194912310021' })),
    ).toBe('staff.error.badIdNumber');
    const plain = await staff.issue(staffId, { line: 'A', lane: 'ordinary' });
    const ticketId = (green.result as { ticket: { id: number } }).ticket.id;
    const reprint = await staff.reprint(staffId, ticketId);
    expect(reprint).toMatchObject({ printed: true, ticket: { printState: 'reprinted', printAttempts: 2 } });
    expect(printer.texts(2)[0]).toMatch(/^【补打】第 2 次打印/);
    const plainId = (plain.result as { ticket: { id: number } }).ticket.id;
    expect(() => staff.voidTicket(staffId, plainId, ' ')).toThrow(
      expect.objectContaining({ key: 'staff.error.reasonNeeded' }),
    );
    expect(staff.voidTicket(staffId, plainId, '重复取号')).toMatchObject({
      status: 'voided',
      voidReason: '重复取号',
    });
    expect(() => staff.voidTicket(staffId, plainId, '再次')).toThrow(
      expect.objectContaining({ key: 'queue.error.notOpen' }),
    );
    await expect(staff.reprint(staffId, plainId)).rejects.toMatchObject({ key: 'queue.error.notOpen' });
    expect(staff.counts().lines[0]).toMatchObject({ issued: 2, waiting: 1, voided: 1 });

    // Every desk action is audited locally and the same sequence goes to central.
    const actions = ['login', 'issue', 'issue', 'issue', 'reprint', 'void'];
    expect(audit(store).map((row) => row.action)).toEqual(actions);
    const records = store.outbox.nextBatch(100, 10_000_000);
    expect(records.filter((r) => r.type === 'audit').map((r) => r.payload.action)).toEqual(actions);
    expect(records.filter((r) => r.type === 'ticket').map((r) => r.payload.action)).toEqual([
      'issued',
      'issued',
      'voided',
    ]);
    expect(JSON.stringify(records)).not.toContain(idNumber);
  });

  it('prints the daily summary with today’s counts and the staff id', async () => {
    const { staff, auth, printer } = desk();
    const { accountId: staffId } = await auth.login('1001', '246810');
    await staff.issue(staffId, { line: 'C', lane: 'ordinary' });
    expect(await staff.printDailySummary(staffId)).toEqual({ printed: true });
    const text = printer.texts(1).join('\n');
    expect(text).toContain('当日业务汇总');
    // The hall's name as the getter gives it when printing (central may rename the hall).
    expect(text).toContain('测试大厅');
    expect(text).toMatch(/C 社保医保\s+1\s+0\s+1\s+0/);
    expect(text).toContain('工号 1001');
  });

  it('counts night vouchers, and voided ones, on the night that handed them out: desk and summary', async () => {
    // 21:30: the hall is closed, the vouchers are for tomorrow morning.
    const { staff, auth, printer } = desk({ clock: manualClock(sh('2025-06-10T21:30:00')) });
    const { accountId: token } = await auth.login('1001', '246810');
    await staff.issue(token, { line: 'C', lane: 'ordinary' });
    const second = await staff.issue(token, { line: 'C', lane: 'ordinary' });
    expect(second.result.outcome).toBe('voucher');
    const voided = 'ticket' in second.result ? second.result.ticket : null;
    staff.voidTicket(token, voided!.id, '重复领取');
    const line = staff.counts().lines.find((l) => l.lineId === 'C')!;
    expect(line).toMatchObject({ issued: 0, vouchers: 2, vouchersVoided: 1, voided: 1 });
    expect(await staff.printDailySummary(token)).toEqual({ printed: true });
    const text = printer.texts(printer.documents.length - 1).join('\n');
    expect(text).toMatch(/C 社保医保\s+0\s+0\s+0\s+1\s+2/);
    expect(text).toMatch(/次日预约凭条\s+2 张（其中作废 1 张）/);
  });
});
