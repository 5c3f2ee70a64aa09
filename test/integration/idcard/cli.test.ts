import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdCardEmulator, startIdCardEmulator } from '../../../hardware/emulators/idcard/emulator.ts';
import { runIdcardCli } from '../../../hardware/idcard/cli.ts';
import { IdCardReader } from '../../../hardware/idcard/reader.ts';
import { until } from './harness.ts';

function captured(signal?: AbortSignal) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    streams: {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      ...(signal && { signal }),
    },
  };
}

function run(command: string, args: string[], stdin?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('kiosk-diag idcard against the emulator', () => {
  let dir: string;
  let emulator: IdCardEmulator;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'idcard-cli-'));
    emulator = await startIdCardEmulator({ dir, baudRate: 115200 });
  });
  afterAll(async () => {
    await emulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('status --json prints SAM id and status', async () => {
    const { out, streams } = captured();
    expect(await runIdcardCli(['status', '--port', emulator.hostPath, '--json'], streams)).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      port: emulator.hostPath,
      baudRate: 115200,
      samId: '05.01-20105244-0000011119-0502349249',
      samStatus: { ok: true, sw3: 0x90, description: 'ok' },
    });
    expect(out.stderr).toBe('');
  });

  it('read prints the card as JSON with the ID number masked, or in full with --reveal', async () => {
    emulator.placeCard('resident-zhang-san');
    const masked = captured();
    expect(await runIdcardCli(['read', '--port', emulator.hostPath], masked.streams)).toBe(0);
    const { card, timing } = JSON.parse(masked.out.stdout);
    expect(card).toMatchObject({
      kind: 'resident',
      name: '张三',
      idNumber: '110***********0017',
      photo: 'encrypted-wlt',
    });
    expect(card.validity).toMatchObject({ expired: false });
    expect(timing.bytesExchanged).toBe(1380);
    expect(masked.out.stdout).not.toContain('110101198503120017');

    const revealed = captured();
    expect(await runIdcardCli(['read', '--port', emulator.hostPath, '--reveal'], revealed.streams)).toBe(0);
    expect(JSON.parse(revealed.out.stdout).card.idNumber).toBe('110101198503120017');
    emulator.removeCard();
  });

  it('read masks the pass number of a residence permit too', async () => {
    emulator.placeCard('hk-resident-permit');
    const { out, streams } = captured();
    expect(await runIdcardCli(['read', '--port', emulator.hostPath], streams)).toBe(0);
    expect(JSON.parse(out.stdout).card).toMatchObject({
      idNumber: '810***********006X',
      passNumber: 'H60**3456',
    });
    emulator.removeCard();
  });

  it('read --wait waits for a card to be placed', async () => {
    const { out, streams } = captured();
    const reading = runIdcardCli(['read', '--port', emulator.hostPath, '--wait', '3000', '--json'], streams);
    setTimeout(() => emulator.placeCard('foreign-2023'), 400);
    expect(await reading).toBe(0);
    expect(JSON.parse(out.stdout).card.kind).toBe('foreign-2023');
    emulator.removeCard();
  });

  it('read without a card: exit 1 and one line on stderr', async () => {
    const { out, streams } = captured();
    expect(await runIdcardCli(['read', '--port', emulator.hostPath], streams)).toBe(1);
    expect(out.stderr).toBe('kiosk-diag idcard: No card on the reader\n');
  });

  it('a silent reader: exit 1 with the reason', async () => {
    emulator.setFault('silence');
    try {
      const { out, streams } = captured();
      expect(await runIdcardCli(['status', '--port', emulator.hostPath], streams)).toBe(1);
      expect(out.stderr).toBe(
        'kiosk-diag idcard: The ID card reader did not answer SAM status at 115200 baud (is it switched on, and set to this baud rate?)\n',
      );
    } finally {
      emulator.setFault(null);
    }
  });

  it('a SAM that is not authorised: status printed, exit 1', async () => {
    emulator.setFault('sam-not-authorised');
    try {
      const { out, streams } = captured();
      expect(await runIdcardCli(['status', '--port', emulator.hostPath], streams)).toBe(1);
      expect(out.stdout).toContain('SAM status:  the SAM is not authorised (SW3 0x66)');
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      emulator.setFault(null);
    }
  });

  it('a missing port: exit 1 naming it', async () => {
    const { out, streams } = captured();
    const missing = join(dir, 'nothing-here');
    expect(await runIdcardCli(['status', '--port', missing, '--timeout', '300'], streams)).toBe(1);
    expect(out.stderr).toBe(`kiosk-diag idcard: Port ${missing} does not exist (unplugged?)\n`);
  });

  it('usage errors exit 2', async () => {
    for (const argv of [
      [],
      ['status'],
      ['frobnicate', '--port', 'x'],
      ['status', '--port', 'x', '--baud', '1200'],
    ]) {
      const { out, streams } = captured();
      expect(await runIdcardCli(argv, streams)).toBe(2);
      expect(out.stderr).toContain('usage: kiosk-diag idcard');
    }
  });

  it('watch prints placements, removals and faults until stopped', async () => {
    const stop = new AbortController();
    const { out, streams } = captured(stop.signal);
    const watching = runIdcardCli(['watch', '--port', emulator.hostPath, '--json'], streams);
    await until(() => out.stdout.includes('"portState":"open"'), 'watching');
    emulator.placeCard('resident-long-term');
    await until(() => out.stdout.includes('"event":"card"'), 'card line');
    emulator.removeCard();
    await until(() => out.stdout.includes('"event":"removed"'), 'removed line');
    stop.abort();
    expect(await watching).toBe(0);
    const events = out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).event);
    expect(events.filter((event) => event === 'card')).toHaveLength(1);
    expect(out.stdout).toContain('640***********0023');
    expect(out.stdout).not.toContain('640104195507080023');
  });

  it('runs as the real kiosk-diag binary', async () => {
    const result = await run(process.execPath, [
      'bin/kiosk-diag.mjs',
      'idcard',
      'status',
      '--port',
      emulator.hostPath,
    ]);
    expect(result.stderr.replace(/^npm warn.*\n/gm, '')).toBe('');
    expect(result.stdout).toContain('SAM status:  ok');
    expect(result.code).toBe(0);
  });
});

describe('emulator command line', () => {
  it('prints the host path and obeys commands on stdin', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'idcard-emucli-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'hardware/emulators/idcard/cli.ts', '--dir', dir],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await until(() => stdout.includes('host path:'), 'emulator start', 10_000);
      const hostPath = /host path: (\S+)/.exec(stdout)![1]!;
      child.stdin.write('deck\nplace foreign-old\n');
      await until(() => stdout.includes('card: foreign-old'), 'placed');
      expect(stdout).toContain('外国人永久居留身份证（旧版） · 史密斯');
      const reader = new IdCardReader({ locator: { path: hostPath }, baudRate: 115200, polling: false });
      reader.start();
      try {
        await reader.whenOpen(3000);
        const result = await reader.testRead();
        expect(result.ok && result.card.kind).toBe('foreign-old');
      } finally {
        await reader.stop();
      }
      child.stdin.write('quit\n');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(child.exitCode).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
