import { describe, expect, it } from 'vitest';
import {
  dleEotReply,
  gsRPaperReply,
  type PrinterFaultName,
} from '../../../../hardware/emulators/printer/emulator.ts';
import { canPrint, decodeGsRPaperStatus, decodeStatusReplies } from '../../../../hardware/printer/status.ts';

function statusWith(...faults: PrinterFaultName[]) {
  const state = { has: (name: PrinterFaultName) => faults.includes(name) };
  const decoded = decodeStatusReplies(
    {
      printer: dleEotReply(1, state) ?? -1,
      offlineCause: dleEotReply(2, state) ?? -1,
      errorCause: dleEotReply(3, state) ?? -1,
      paper: dleEotReply(4, state) ?? -1,
    },
    'dle-eot',
    0,
  );
  if (!decoded.ok) throw new Error('emulator produced a reply the decoder rejects');
  return { status: decoded.value, gsR: decodeGsRPaperStatus(gsRPaperReply(state)) };
}

describe('emulated status replies', () => {
  it('are valid replies the driver decodes into the injected fault', () => {
    expect(canPrint(statusWith().status)).toEqual({ ok: true });
    expect(statusWith('paper-near-end').status).toMatchObject({
      online: true,
      paperNearEnd: true,
      paperEnd: false,
    });
    const cases: [PrinterFaultName, string][] = [
      ['paper-out', 'paper-out'],
      ['cover-open', 'cover-open'],
      ['cutter-jam', 'cutter-jam'],
      ['offline', 'offline'],
      ['head-hot', 'recovering'],
      ['unrecoverable', 'unrecoverable'],
    ];
    for (const [fault, code] of cases) {
      const verdict = canPrint(statusWith(fault).status);
      expect(verdict.ok ? 'ok' : verdict.reason.code).toBe(code);
    }
  });
  it('answer GS r 1 with 00 / 03 / 0F', () => {
    expect(statusWith().gsR).toEqual({ ok: true, value: { paperNearEnd: false, paperEnd: false } });
    expect(statusWith('paper-near-end').gsR).toEqual({
      ok: true,
      value: { paperNearEnd: true, paperEnd: false },
    });
    expect(statusWith('paper-out').gsR).toEqual({ ok: true, value: { paperNearEnd: true, paperEnd: true } });
  });
  it('has no reply for an unknown DLE EOT n', () => {
    expect(dleEotReply(7, { has: () => false })).toBeUndefined();
  });
});
