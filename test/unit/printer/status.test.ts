import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PRINTER_PROBLEM_MESSAGES,
  canPrint,
  decodeErrorCause,
  decodeGsRPaperStatus,
  decodeOfflineCause,
  decodePaperSensor,
  decodePrinterStatus,
  decodeStatusReplies,
  dleEot,
  type PrinterStatus,
} from '../../../hardware/printer/status.ts';

const BASE = 0x12; // 0xx1xx10 with every variable bit clear

const okStatus: PrinterStatus = {
  online: true,
  coverOpen: false,
  paperEnd: false,
  paperNearEnd: false,
  cutterError: false,
  mechanicalError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
  stoppedByPaperEnd: false,
  waitingForOnlineRecovery: false,
  feedButtonPressed: false,
  checkedAt: 0,
};

function value<T>(decoded: { ok: true; value: T } | { ok: false }): T {
  if (!decoded.ok) throw new Error('expected a decoded value');
  return decoded.value;
}

describe('DLE EOT requests', () => {
  it('are DLE EOT n', () => {
    expect([...dleEot(1)]).toEqual([0x10, 0x04, 0x01]);
    expect([...dleEot(4)]).toEqual([0x10, 0x04, 0x04]);
  });
});

describe('DLE EOT 1 (printer status)', () => {
  it('reads every bit', () => {
    expect(value(decodePrinterStatus(BASE))).toEqual({
      drawerPin3: false,
      offline: false,
      waitingForOnlineRecovery: false,
      feedButtonPressed: false,
    });
    expect(value(decodePrinterStatus(BASE | 0x04)).drawerPin3).toBe(true);
    expect(value(decodePrinterStatus(BASE | 0x08)).offline).toBe(true);
    expect(value(decodePrinterStatus(BASE | 0x20)).waitingForOnlineRecovery).toBe(true);
    expect(value(decodePrinterStatus(BASE | 0x40)).feedButtonPressed).toBe(true);
    expect(value(decodePrinterStatus(BASE | 0x08)).feedButtonPressed).toBe(false);
  });
});

describe('DLE EOT 2 (offline cause)', () => {
  it('reads every bit', () => {
    expect(value(decodeOfflineCause(BASE))).toEqual({
      coverOpen: false,
      feedingByButton: false,
      stoppedByPaperEnd: false,
      errorOccurred: false,
    });
    expect(value(decodeOfflineCause(BASE | 0x04)).coverOpen).toBe(true);
    expect(value(decodeOfflineCause(BASE | 0x08)).feedingByButton).toBe(true);
    expect(value(decodeOfflineCause(BASE | 0x20)).stoppedByPaperEnd).toBe(true);
    expect(value(decodeOfflineCause(BASE | 0x40)).errorOccurred).toBe(true);
    expect(value(decodeOfflineCause(BASE | 0x40)).coverOpen).toBe(false);
  });
});

describe('DLE EOT 3 (error cause)', () => {
  it('reads every bit', () => {
    expect(value(decodeErrorCause(BASE))).toEqual({
      mechanicalError: false,
      autocutterError: false,
      unrecoverableError: false,
      autoRecoverableError: false,
    });
    expect(value(decodeErrorCause(BASE | 0x04)).mechanicalError).toBe(true);
    expect(value(decodeErrorCause(BASE | 0x08)).autocutterError).toBe(true);
    expect(value(decodeErrorCause(BASE | 0x20)).unrecoverableError).toBe(true);
    expect(value(decodeErrorCause(BASE | 0x40)).autoRecoverableError).toBe(true);
  });
});

describe('DLE EOT 4 (paper sensor)', () => {
  it('reads near end from bits 2-3 and end from bits 5-6, either bit of the pair', () => {
    expect(value(decodePaperSensor(BASE))).toEqual({ paperNearEnd: false, paperEnd: false });
    for (const near of [0x04, 0x08, 0x0c])
      expect(value(decodePaperSensor(BASE | near))).toEqual({ paperNearEnd: true, paperEnd: false });
    for (const end of [0x20, 0x40, 0x60])
      expect(value(decodePaperSensor(BASE | end))).toEqual({ paperNearEnd: false, paperEnd: true });
    expect(value(decodePaperSensor(0x7e))).toEqual({ paperNearEnd: true, paperEnd: true });
  });
});

describe('GS r 1 (paper sensor, Chinese dialect)', () => {
  it('answers 00 with paper and 0F without', () => {
    expect(value(decodeGsRPaperStatus(0x00))).toEqual({ paperNearEnd: false, paperEnd: false });
    expect(value(decodeGsRPaperStatus(0x03))).toEqual({ paperNearEnd: true, paperEnd: false });
    expect(value(decodeGsRPaperStatus(0x0c))).toEqual({ paperNearEnd: false, paperEnd: true });
    expect(value(decodeGsRPaperStatus(0x0f))).toEqual({ paperNearEnd: true, paperEnd: true });
  });
  it('rejects bytes with bit 4 or 7 set', () => {
    expect(decodeGsRPaperStatus(0x10).ok).toBe(false);
    expect(decodeGsRPaperStatus(0x80).ok).toBe(false);
  });
});

describe('reply pattern checks', () => {
  it('rejects bytes that do not have the 0xx1xx10 pattern', () => {
    for (const bad of [0x00, 0x0f, 0x10, 0x02, 0x13, 0x92, 0xff]) {
      expect(decodePrinterStatus(bad)).toEqual({
        ok: false,
        error: { kind: 'bad-pattern', query: 'DLE EOT 1', byte: bad },
      });
      expect(decodeOfflineCause(bad).ok).toBe(false);
      expect(decodeErrorCause(bad).ok).toBe(false);
      expect(decodePaperSensor(bad).ok).toBe(false);
    }
  });
  it('never throws on any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), (n) => {
        for (const decode of [
          decodePrinterStatus,
          decodeOfflineCause,
          decodeErrorCause,
          decodePaperSensor,
          decodeGsRPaperStatus,
        ]) {
          const result = decode(n);
          expect(typeof result.ok).toBe('boolean');
        }
      }),
    );
  });
  it('accepts exactly the 16 bytes of the pattern', () => {
    const accepted = Array.from({ length: 256 }, (_, b) => b).filter((b) => decodePrinterStatus(b).ok);
    expect(accepted).toHaveLength(16);
    for (const b of accepted) expect(b & 0x93).toBe(0x12);
  });
});

describe('decodeStatusReplies', () => {
  it('combines the four replies', () => {
    const status = value(
      decodeStatusReplies(
        { printer: BASE | 0x08, offlineCause: BASE | 0x20, errorCause: BASE, paper: BASE | 0x60 },
        'dle-eot',
        42,
      ),
    );
    expect(status).toMatchObject({
      online: false,
      paperEnd: true,
      stoppedByPaperEnd: true,
      coverOpen: false,
      checkedAt: 42,
    });
  });
  it('uses GS r 1 for paper in the gs-r dialect', () => {
    const status = value(
      decodeStatusReplies({ printer: BASE, offlineCause: BASE, errorCause: BASE, paper: 0x03 }, 'gs-r', 0),
    );
    expect(status).toMatchObject({ online: true, paperNearEnd: true, paperEnd: false });
  });
  it('reports which reply was garbled', () => {
    const result = decodeStatusReplies(
      { printer: BASE, offlineCause: 0xff, errorCause: BASE, paper: BASE },
      'dle-eot',
      0,
    );
    expect(result).toEqual({ ok: false, error: { kind: 'bad-pattern', query: 'DLE EOT 2', byte: 0xff } });
  });
});

describe('canPrint', () => {
  it('accepts a ready printer, also with paper near end', () => {
    expect(canPrint(okStatus)).toEqual({ ok: true });
    expect(canPrint({ ...okStatus, paperNearEnd: true })).toEqual({ ok: true });
  });
  it.each([
    [{ paperEnd: true, online: false }, 'paper-out'],
    [{ stoppedByPaperEnd: true, online: false }, 'paper-out'],
    [{ coverOpen: true, online: false, paperEnd: true }, 'cover-open'],
    [{ cutterError: true, online: false }, 'cutter-jam'],
    [{ mechanicalError: true, online: false }, 'mechanical-error'],
    [{ unrecoverableError: true, online: false, coverOpen: true }, 'unrecoverable'],
    [{ autoRecoverableError: true, online: false }, 'recovering'],
    [{ online: false }, 'offline'],
  ] as const)('refuses %o as %s', (change, code) => {
    const verdict = canPrint({ ...okStatus, ...change });
    expect(verdict).toEqual({ ok: false, reason: { code, message: PRINTER_PROBLEM_MESSAGES[code] } });
  });
  it('has a one-line English sentence for every code', () => {
    for (const message of Object.values(PRINTER_PROBLEM_MESSAGES)) {
      expect(message).toMatch(/^[A-Z].*\.$/);
      expect(message).not.toContain('\n');
    }
  });
});
