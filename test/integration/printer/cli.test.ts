import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EXIT_CANNOT_PRINT,
  EXIT_NO_CONNECTION,
  EXIT_OK,
  EXIT_USAGE,
  runPrinterCli,
} from '../../../hardware/printer/cli.ts';
import { startPrinterEmulator, type PrinterEmulator } from '../../../hardware/emulators/printer/emulator.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

let dir: string;
let emulator: PrinterEmulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'printer-cli-'));
  emulator = await startPrinterEmulator({ dir, baudRate: 115200 });
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => emulator.setFault(null));

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPrinterCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const port = (): string[] => ['--port', emulator.hostPath, '--baud', '115200'];

describe('kiosk-diag printer', () => {
  it('status of a ready printer', async () => {
    expect(await run('status', ...port())).toEqual({
      code: EXIT_OK,
      out: [`printer on ${emulator.hostPath}: ready`],
      err: [],
    });
  });

  it('status as JSON for scripts', async () => {
    emulator.setFault('paper-near-end');
    const result = await run('status', ...port(), '--json');
    expect(result.code).toBe(EXIT_OK);
    expect(JSON.parse(result.out[0] ?? '')).toMatchObject({
      ok: true,
      status: { paperNearEnd: true, online: true },
    });
  });

  it.each([
    ['paper-out', 'The printer is out of paper; load a new roll.'],
    ['cover-open', 'The printer cover is open; close it.'],
    ['offline', 'The printer is offline.'],
  ] as const)('%s: exit 1 with one line, and nothing printed by test', async (fault, sentence) => {
    emulator.setFault(fault);
    const before = emulator.receipts().length;
    expect(await run('status', ...port())).toEqual({
      code: EXIT_CANNOT_PRINT,
      out: [],
      err: [`printer on ${emulator.hostPath} cannot print: ${sentence}`],
    });
    expect(await run('test', ...port())).toEqual({
      code: EXIT_CANNOT_PRINT,
      out: [],
      err: [`test page not printed: ${sentence}`],
    });
    expect(emulator.receipts()).toHaveLength(before);
  });

  it('no answer: exit 3', async () => {
    emulator.setFault('no-answer');
    const result = await run('status', ...port());
    expect(result).toEqual({
      code: EXIT_NO_CONNECTION,
      out: [],
      err: ['The printer does not answer; check its power and cable.'],
    });
  });

  it('a missing port: exit 3 with the reason', async () => {
    const result = await run('status', '--port', join(dir, 'nothing-here'));
    expect(result.code).toBe(EXIT_NO_CONNECTION);
    expect(result.err).toEqual([`Port ${join(dir, 'nothing-here')} does not exist (unplugged?)`]);
  });

  it('prints the test page', async () => {
    const result = await run('test', ...port());
    expect(result.code).toBe(EXIT_OK);
    expect(result.out[0]).toMatch(/^printed test page: \d+ bytes in \d+ ms$/);
    expect(emulator.receipts().at(-1)?.lines).toContain('打印机测试页');
  });

  it('prints a text file and a JSON document', async () => {
    const text = join(dir, 'note.txt');
    writeFileSync(text, '第一行 line one\n第二行\n');
    expect((await run('print-file', text, ...port())).code).toBe(EXIT_OK);
    expect(emulator.receipts().at(-1)?.lines).toEqual(['第一行 line one', '第二行']);

    const json = join(dir, 'doc.json');
    writeFileSync(
      json,
      JSON.stringify({
        title: 'x',
        blocks: [
          { kind: 'text', text: '你好', align: 'center' },
          { kind: 'qr', data: 'Q1' },
          { kind: 'cut' },
        ],
      }),
    );
    expect((await run('print-file', json, ...port())).code).toBe(EXIT_OK);
    expect(emulator.receipts().at(-1)).toMatchObject({ lines: ['你好'], qrPayloads: ['Q1'], cut: true });
  });

  it('refuses a malformed document before opening the port', async () => {
    const json = join(dir, 'bad.json');
    writeFileSync(json, JSON.stringify({ title: 'x', blocks: [{ kind: 'barcode', data: '条码' }] }));
    const result = await run('print-file', json, ...port());
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err[0]).toMatch(/is not a print document: blocks.0.data/);
  });

  it('explains wrong usage', async () => {
    const result = await run('status');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err[0]).toMatch(/^--port PATH is required/);
  });
});
