import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterFaultName } from '../../../hardware/emulators/printer/emulator.ts';
import type { PrintDocument } from '../../../hardware/printer/document.ts';
import { PrinterQueryError } from '../../../hardware/printer/driver.ts';
import { canPrint, type PrinterProblemCode } from '../../../hardware/printer/status.ts';
import { renderTicket } from '../../../main/queue/slips/ticket.ts';
import { makePrinterRig, waitForPort, type PrinterRig } from './helpers.ts';

const ticket = (number: string): PrintDocument =>
  renderTicket({
    number,
    lineName: '社会保障业务',
    peopleAhead: 2,
    estimatedWaitMinutes: 10,
    issuedAt: new Date(),
    hallName: '某某区政务服务中心',
    reference: `PR-${number}`,
    kioskId: 'K-03',
  });

/** Only DLE EOT n and GS r 1 — the status queries — may be sent to a printer that cannot print. */
function isStatusQueryOnly(bytes: Buffer): boolean {
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] === 0x10 && bytes[i + 1] === 0x04) i += 3;
    else if (bytes[i] === 0x1d && bytes[i + 1] === 0x72 && bytes[i + 2] === 0x01) i += 3;
    else return false;
  }
  return true;
}

let rig: PrinterRig;
beforeAll(async () => {
  rig = await makePrinterRig(115200, { statusTimeoutMs: 300 });
});
afterAll(async () => {
  await rig.cleanup();
});
afterEach(() => {
  rig.emulator.setFault(null);
});

describe('status of each fault', () => {
  it.each([
    ['paper-out', 'paper-out', { paperEnd: true, online: false, stoppedByPaperEnd: true }],
    ['cover-open', 'cover-open', { coverOpen: true, online: false }],
    ['cutter-jam', 'cutter-jam', { cutterError: true, online: false }],
    ['offline', 'offline', { online: false, coverOpen: false, paperEnd: false }],
    ['head-hot', 'recovering', { autoRecoverableError: true, online: false }],
    ['unrecoverable', 'unrecoverable', { unrecoverableError: true }],
  ] as [PrinterFaultName, PrinterProblemCode, object][])('%s reads as %s', async (fault, code, fields) => {
    rig.emulator.setFault(fault);
    const status = await rig.printer.queryStatus();
    expect(status).toMatchObject(fields);
    expect(canPrint(status)).toMatchObject({ ok: false, reason: { code } });
    expect(rig.printer.status().problem?.code).toBe(code);
  });

  it('paper near end is reported but does not stop printing', async () => {
    rig.emulator.setFault('paper-near-end');
    const status = await rig.printer.queryStatus();
    expect(status).toMatchObject({ paperNearEnd: true, paperEnd: false, online: true });
    const outcome = await rig.printer.print(ticket('A001'));
    expect(outcome).toMatchObject({ ok: true, status: { paperNearEnd: true } });
  });

  it('a printer that does not answer is reported as no answer', async () => {
    rig.emulator.setFault('no-answer');
    await expect(rig.printer.queryStatus()).rejects.toMatchObject({ code: 'no-answer' });
    await expect(rig.printer.queryStatus()).rejects.toBeInstanceOf(PrinterQueryError);
    const outcome = await rig.printer.print(ticket('A002'));
    expect(outcome).toMatchObject({ ok: false, code: 'no-answer', started: false });
  });
});

describe('jobs and faults', () => {
  it('refuses a job into a printer without paper, with a sentence, sending nothing but status queries', async () => {
    rig.emulator.setFault('paper-out');
    const sent: Buffer[] = [];
    const onTx = (chunk: Buffer): void => {
      sent.push(Buffer.from(chunk));
    };
    rig.printer.serialPort.on('tx', onTx);
    const before = rig.emulator.receipts().length;
    try {
      const outcome = await rig.printer.print(ticket('A003'));
      expect(outcome).toEqual({
        ok: false,
        code: 'paper-out',
        message: 'The printer is out of paper; load a new roll.',
        started: false,
        status: expect.objectContaining({ paperEnd: true }),
      });
    } finally {
      rig.printer.serialPort.off('tx', onTx);
    }
    expect(isStatusQueryOnly(Buffer.concat(sent))).toBe(true);
    expect(rig.emulator.receipts()).toHaveLength(before);
  });

  it('refuses a job into an open printer', async () => {
    rig.emulator.setFault('cover-open');
    const outcome = await rig.printer.print(ticket('A004'));
    expect(outcome).toMatchObject({ ok: false, code: 'cover-open', started: false });
  });

  it('reports paper out in the middle of a job as unfinished, never as success', async () => {
    rig.emulator.setFault({ name: 'paper-out-mid-job', afterLines: 4 });
    const outcome = await rig.printer.print(ticket('A005'));
    expect(outcome).toMatchObject({ ok: false, code: 'paper-out', started: true });
    expect(!outcome.ok && outcome.message).toMatch(/^The job did not finish: The printer is out of paper/);
    const receipt = rig.emulator.receipts().at(-1);
    expect(receipt).toMatchObject({ cut: false, complete: false, interruption: 'paper ran out' });
    expect(receipt?.lines).toHaveLength(4);
    expect(rig.emulator.faults()).toEqual(['paper-out']);
  });

  it('prints again once the paper is loaded', async () => {
    rig.emulator.setFault('paper-out');
    expect(await rig.printer.print(ticket('A006'))).toMatchObject({ ok: false, started: false });
    rig.emulator.setFault(null);
    expect(await rig.printer.print(ticket('A006'))).toMatchObject({ ok: true });
    expect(rig.emulator.receipts().at(-1)?.lines).toContain('A006');
  });

  it('reports a cutter jam at the cut as unfinished', async () => {
    rig.emulator.setFault('cutter-jam-on-cut');
    const outcome = await rig.printer.print(ticket('A007'));
    expect(outcome).toMatchObject({ ok: false, code: 'cutter-jam', started: true });
    expect(rig.emulator.receipts().at(-1)).toMatchObject({ cut: false, complete: false });
  });

  it('completes a job on a slow mechanism, taking longer than the wire time', async () => {
    rig.emulator.setFault({ name: 'slow', factor: 4 });
    const outcome = await rig.printer.print(ticket('A008'));
    if (!outcome.ok) throw new Error(outcome.message);
    const wire = (outcome.bytes * 10 * 1000) / 115200;
    expect(outcome.finishedAt - outcome.firstByteAt).toBeGreaterThan(wire * 3);
  });
});

describe('unplug', () => {
  it('reports a disconnected printer and prints again after replug', async () => {
    const own = await makePrinterRig(115200, { heartbeatMs: 150, statusTimeoutMs: 100 });
    try {
      await own.emulator.unplug();
      await waitForPort(own.printer, 'backoff');
      const outcome = await own.printer.print(ticket('B001'));
      expect(outcome).toMatchObject({ ok: false, code: 'disconnected', started: false });
      expect(!outcome.ok && outcome.message).toMatch(/^Port .* (does not exist|was disconnected|was closed)/);
      await own.emulator.replug();
      await waitForPort(own.printer, 'open', 8000);
      expect(await own.printer.print(ticket('B002'))).toMatchObject({ ok: true });
      expect(own.emulator.receipts().at(-1)?.lines).toContain('B002');
    } finally {
      await own.cleanup();
    }
  });

  it('the heartbeat notices a fault while idle', async () => {
    const own = await makePrinterRig(115200, { heartbeatMs: 100 });
    try {
      const seen = new Promise<string | undefined>((resolve) => {
        own.printer.on('status', () => {
          const problem = own.printer.status().problem?.code;
          if (problem) resolve(problem);
        });
      });
      own.emulator.setFault('cover-open');
      expect(await seen).toBe('cover-open');
    } finally {
      await own.cleanup();
    }
  });
});

describe('GS r dialect', () => {
  it('reads paper status with GS r 1', async () => {
    const own = await makePrinterRig(
      115200,
      { profile: { ...rig.printer.profile, statusDialect: 'gs-r' } },
      { answersGsRWhenStopped: true },
    );
    try {
      own.emulator.setFault('paper-near-end');
      expect(await own.printer.queryStatus()).toMatchObject({ paperNearEnd: true, paperEnd: false });
      own.emulator.setFault('paper-out');
      expect(await own.printer.print(ticket('C001'))).toMatchObject({
        ok: false,
        code: 'paper-out',
        started: false,
      });
      own.emulator.setFault(null);
      expect(await own.printer.print(ticket('C002'))).toMatchObject({ ok: true });
      own.emulator.setFault({ name: 'paper-out-mid-job', afterLines: 2 });
      expect(await own.printer.print(ticket('C003'))).toMatchObject({
        ok: false,
        code: 'paper-out',
        started: true,
      });
    } finally {
      await own.cleanup();
    }
  });
});
