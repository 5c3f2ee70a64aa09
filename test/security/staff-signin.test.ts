// Issue #14, findings 2, 3 and 8, through the real dispatch of a real kiosk (emulated hardware,
// its dev staff accounts: 1001 and 1002 desk, 9001 desk + supervisor).
//  2. A successful login by anyone used to reset the desk-wide failure count: a clerk guessed a
//     colleague's PIN 16 times, logging in as themself after every 4, and was never locked out.
//  3. The supervisor role was checked nowhere: a desk-only account voided a citizen's ticket.
//  8. Each login refused while locked wrote an audit row and an outbox record (3,000 in 9 s).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKiosk, type Kiosk } from '../../main/kiosk.ts';

const kiosks: Kiosk[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const kiosk of kiosks.splice(0)) await kiosk.shutdown();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(dataRoot?: string): Promise<{ kiosk: Kiosk; dataRoot: string }> {
  const root = dataRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-signin-'));
  if (!dataRoot) dirs.push(root);
  const kiosk = await createKiosk({
    host: 'web',
    version: '0.0.0-test',
    resourcesDir: path.resolve('resources'),
    dataRoot: root,
    env: { KIOSK_HARDWARE: 'emulated', KIOSK_ID: 'K-SEC' },
  });
  kiosks.push(kiosk);
  return { kiosk, dataRoot: root };
}

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; key?: string } };
const call = (kiosk: Kiosk, channel: string, args: unknown) =>
  kiosk.dispatch(channel, args) as Promise<Reply>;
const keyOf = (reply: Reply): string | undefined => (reply.ok ? 'ok' : reply.error.key);

async function login(kiosk: Kiosk, staffId: string, pin: string): Promise<string> {
  const reply = await call(kiosk, 'staff:login', { staffId, pin });
  if (!reply.ok) throw new Error(`login ${staffId}: ${reply.error.key}`);
  return (reply.value as { token: string }).token;
}

const rows = (kiosk: Kiosk) => ({
  audit: (kiosk.db.prepare('SELECT count(*) AS n FROM staff_audit').get() as { n: number }).n,
  outbox: (
    kiosk.db.prepare("SELECT count(*) AS n FROM sync_outbox WHERE type = 'audit'").get() as { n: number }
  ).n,
});

describe('#14 finding 2: PIN lock-out per account, whoever logs in between', () => {
  it('a clerk guessing a colleague’s PIN, logging in as themself after every 4, is locked out of that account', async () => {
    const { kiosk, dataRoot } = await start();
    const answers: Array<string | undefined> = [];
    for (let round = 0; round < 4; round++) {
      for (let guess = 0; guess < 4; guess++)
        answers.push(
          keyOf(
            await call(kiosk, 'staff:login', { staffId: '1002', pin: `00000${round * 4 + guess}`.slice(-6) }),
          ),
        );
      // The clerk's own login in between resets nothing of the colleague's count.
      await call(kiosk, 'staff:logout', { token: await login(kiosk, '1001', '246810') });
    }
    // Five wrong PINs for 1002, then every further guess is refused unchecked.
    expect(answers.slice(0, 4)).toEqual(Array(4).fill('staff.error.badPin'));
    expect(answers[4]).toBe('staff.error.locked');
    expect(answers.slice(5)).toEqual(Array(11).fill('staff.error.locked'));
    // Even the right PIN is refused while the account is locked…
    expect(keyOf(await call(kiosk, 'staff:login', { staffId: '1002', pin: '135790' }))).toBe(
      'staff.error.locked',
    );
    // …and across a restart on the same data folder.
    await kiosk.shutdown();
    kiosks.splice(kiosks.indexOf(kiosk), 1);
    const again = await start(dataRoot);
    expect(keyOf(await call(again.kiosk, 'staff:login', { staffId: '1002', pin: '135790' }))).toBe(
      'staff.error.locked',
    );
    // The clerk's own account is not locked by it.
    expect(await login(again.kiosk, '1001', '246810')).toMatch(/.{16,}/);
  }, 90_000);

  it('guesses spread over many accounts lock the terminal', async () => {
    const { kiosk } = await start();
    const answers: Array<string | undefined> = [];
    for (let i = 0; i < 12; i++)
      answers.push(keyOf(await call(kiosk, 'staff:login', { staffId: `x${i}`, pin: '000000' })));
    expect(answers.slice(0, 9)).toEqual(Array(9).fill('staff.error.badPin'));
    expect(answers.slice(9)).toEqual(Array(3).fill('staff.error.locked'));
    expect(keyOf(await call(kiosk, 'staff:login', { staffId: '1001', pin: '246810' }))).toBe(
      'staff.error.locked',
    );
    const desk = await call(kiosk, 'staff:getDesk', {});
    expect(desk.ok && (desk.value as { locked: boolean }).locked).toBe(true);
  }, 90_000);
});

describe('#14 finding 3: roles checked before the handler', () => {
  it('a desk-only account cannot void a ticket; a supervisor can', async () => {
    const { kiosk } = await start();
    const clerk = await login(kiosk, '1001', '246810');
    const issued = await call(kiosk, 'staff:issue', { token: clerk, line: 'A', lane: 'ordinary' });
    expect(issued.ok).toBe(true);
    const ticketId = (issued as { value: { result: { ticket: { id: number } } } }).value.result.ticket.id;
    const refused = await call(kiosk, 'staff:void', { token: clerk, ticketId, reason: '重复取号' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'forbidden', key: 'staff.error.supervisorOnly' },
    });
    const tickets = await call(kiosk, 'staff:listTickets', { token: clerk });
    expect(
      tickets.ok &&
        (tickets.value as Array<{ id: number; status: string }>).find((t) => t.id === ticketId)?.status,
    ).toBe('waiting');
    await call(kiosk, 'staff:logout', { token: clerk });
    const supervisor = await login(kiosk, '9001', '112233');
    const voided = await call(kiosk, 'staff:void', { token: supervisor, ticketId, reason: '重复取号' });
    expect(voided).toMatchObject({ ok: true, value: { status: 'voided' } });
  }, 60_000);

  it('a forged or ended session reaches no staff handler', async () => {
    const { kiosk } = await start();
    const token = await login(kiosk, '9001', '112233');
    await call(kiosk, 'staff:logout', { token });
    for (const [channel, args] of [
      ['staff:void', { token, ticketId: 1, reason: '重复取号' }],
      ['staff:issue', { token: 'f'.repeat(32), line: 'A', lane: 'ordinary' }],
      ['staff:getCounts', { token }],
    ] as const)
      expect(await call(kiosk, channel, args)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 60_000);
});

describe('#14 finding 8: refused logins while locked do not flood the store', () => {
  it('3,000 refusals on a locked account write at most a couple of audit rows and outbox records', async () => {
    const { kiosk } = await start();
    for (let i = 0; i < 5; i++) await call(kiosk, 'staff:login', { staffId: '1002', pin: '000000' });
    const before = rows(kiosk);
    const started = performance.now();
    for (let i = 0; i < 3000; i++) {
      const reply = await call(kiosk, 'staff:login', { staffId: '1002', pin: '000000' });
      expect(keyOf(reply)).toBe('staff.error.locked');
    }
    const after = rows(kiosk);
    expect(after.audit - before.audit).toBeLessThanOrEqual(2);
    expect(after.outbox - before.outbox).toBeLessThanOrEqual(2);
    // The refusals are still counted: the audit record says how many there were.
    const last = kiosk.db
      .prepare(
        "SELECT detail FROM staff_audit WHERE action = 'login-refused-locked' ORDER BY id DESC LIMIT 1",
      )
      .get() as { detail: string };
    expect(JSON.parse(last.detail)).toMatchObject({ attempted: '1002', scope: 'account' });
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
