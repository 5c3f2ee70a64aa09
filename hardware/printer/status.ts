// Real-time status of an ESC/POS printer: the request bytes, pure decoders for each reply, and the
// judgement "can a job go to this printer now?". Decoders never throw: a byte that does not carry the
// fixed bits of its reply pattern is reported as a typed error, because on a serial line a stray byte
// (noise, a reply to an earlier timed-out query) must not be mistaken for a status.

export const DLE = 0x10;
export const EOT = 0x04;
export const GS = 0x1d;

/** `DLE EOT n`: n=1 printer, 2 offline cause, 3 error cause, 4 continuous paper sensor. */
export type DleEotQuery = 1 | 2 | 3 | 4;
export function dleEot(n: DleEotQuery): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}
/** `GS r 1`: transmit paper sensor status. Not a real-time command: it is answered in sequence, after
 *  every byte sent before it has been processed, which makes it a "job finished" marker too. */
export const GS_R_PAPER = Uint8Array.of(GS, 0x72, 0x01);

// Every DLE EOT reply has the pattern 0xx1xx10: bit 1 and bit 4 set, bits 0 and 7 clear.
const DLE_EOT_FIXED_MASK = 0b1001_0011;
const DLE_EOT_FIXED_VALUE = 0b0001_0010;
// GS r 1 replies have bits 4 and 7 clear (Epson: 0xx0xxxx); many Chinese printers answer 00 / 0F.
const GS_R_FIXED_MASK = 0b1001_0000;

const bit = (byte: number, n: number): boolean => (byte & (1 << n)) !== 0;

export interface PrinterStatusReply {
  printer: {
    offline: boolean;
    waitingForOnlineRecovery: boolean;
    feedButtonPressed: boolean;
    drawerPin3: boolean;
  };
  offlineCause: {
    coverOpen: boolean;
    feedingByButton: boolean;
    stoppedByPaperEnd: boolean;
    errorOccurred: boolean;
  };
  errorCause: {
    mechanicalError: boolean;
    autocutterError: boolean;
    unrecoverableError: boolean;
    autoRecoverableError: boolean;
  };
  paperSensor: { paperNearEnd: boolean; paperEnd: boolean };
}

export type StatusDecodeError = { kind: 'bad-pattern'; query: string; byte: number };
export type Decoded<T> = { ok: true; value: T } | { ok: false; error: StatusDecodeError };

function checkDleEotPattern(query: DleEotQuery, byte: number): StatusDecodeError | undefined {
  if (
    !Number.isInteger(byte) ||
    byte < 0 ||
    byte > 0xff ||
    (byte & DLE_EOT_FIXED_MASK) !== DLE_EOT_FIXED_VALUE
  ) {
    return { kind: 'bad-pattern', query: `DLE EOT ${query}`, byte };
  }
  return undefined;
}

export function decodePrinterStatus(byte: number): Decoded<PrinterStatusReply['printer']> {
  const error = checkDleEotPattern(1, byte);
  if (error) return { ok: false, error };
  return {
    ok: true,
    value: {
      drawerPin3: bit(byte, 2),
      offline: bit(byte, 3),
      waitingForOnlineRecovery: bit(byte, 5),
      feedButtonPressed: bit(byte, 6),
    },
  };
}

export function decodeOfflineCause(byte: number): Decoded<PrinterStatusReply['offlineCause']> {
  const error = checkDleEotPattern(2, byte);
  if (error) return { ok: false, error };
  return {
    ok: true,
    value: {
      coverOpen: bit(byte, 2),
      feedingByButton: bit(byte, 3),
      stoppedByPaperEnd: bit(byte, 5),
      errorOccurred: bit(byte, 6),
    },
  };
}

export function decodeErrorCause(byte: number): Decoded<PrinterStatusReply['errorCause']> {
  const error = checkDleEotPattern(3, byte);
  if (error) return { ok: false, error };
  return {
    ok: true,
    value: {
      mechanicalError: bit(byte, 2),
      autocutterError: bit(byte, 3),
      unrecoverableError: bit(byte, 5),
      autoRecoverableError: bit(byte, 6),
    },
  };
}

/** DLE EOT 4: bits 2–3 paper near end, bits 5–6 paper end. Either bit of a pair counts: printers differ
 *  in whether they set one or both. */
export function decodePaperSensor(byte: number): Decoded<PrinterStatusReply['paperSensor']> {
  const error = checkDleEotPattern(4, byte);
  if (error) return { ok: false, error };
  return { ok: true, value: { paperNearEnd: (byte & 0x0c) !== 0, paperEnd: (byte & 0x60) !== 0 } };
}

/** GS r 1: bits 0–1 paper near end, bits 2–3 paper end (00 = paper present, 0F = no paper). */
export function decodeGsRPaperStatus(byte: number): Decoded<PrinterStatusReply['paperSensor']> {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff || (byte & GS_R_FIXED_MASK) !== 0) {
    return { ok: false, error: { kind: 'bad-pattern', query: 'GS r 1', byte } };
  }
  return { ok: true, value: { paperNearEnd: (byte & 0x03) !== 0, paperEnd: (byte & 0x0c) !== 0 } };
}

/** The printer's state as the kiosk needs it. `online` is the printer's own judgement (DLE EOT 1 bit 3). */
export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  cutterError: boolean;
  mechanicalError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  /** Printing has stopped because the paper ran out (DLE EOT 2 bit 5): data sent since is not printed. */
  stoppedByPaperEnd: boolean;
  waitingForOnlineRecovery: boolean;
  feedButtonPressed: boolean;
  /** When the status was read (ms since epoch). */
  checkedAt: number;
}

/** Combines the four replies into one status. */
export function combineStatus(reply: PrinterStatusReply, checkedAt: number): PrinterStatus {
  return {
    online: !reply.printer.offline,
    coverOpen: reply.offlineCause.coverOpen,
    paperEnd: reply.paperSensor.paperEnd,
    paperNearEnd: reply.paperSensor.paperNearEnd,
    cutterError: reply.errorCause.autocutterError,
    mechanicalError: reply.errorCause.mechanicalError,
    unrecoverableError: reply.errorCause.unrecoverableError,
    autoRecoverableError: reply.errorCause.autoRecoverableError,
    stoppedByPaperEnd: reply.offlineCause.stoppedByPaperEnd,
    waitingForOnlineRecovery: reply.printer.waitingForOnlineRecovery,
    feedButtonPressed: reply.printer.feedButtonPressed,
    checkedAt,
  };
}

/** Decodes the four bytes answered to `DLE EOT 1, 2, 3` and the paper query (DLE EOT 4 or GS r 1). */
export function decodeStatusReplies(
  bytes: { printer: number; offlineCause: number; errorCause: number; paper: number },
  paperDialect: 'dle-eot' | 'gs-r',
  checkedAt: number,
): Decoded<PrinterStatus> {
  const printer = decodePrinterStatus(bytes.printer);
  if (!printer.ok) return printer;
  const offlineCause = decodeOfflineCause(bytes.offlineCause);
  if (!offlineCause.ok) return offlineCause;
  const errorCause = decodeErrorCause(bytes.errorCause);
  if (!errorCause.ok) return errorCause;
  const paperSensor =
    paperDialect === 'gs-r' ? decodeGsRPaperStatus(bytes.paper) : decodePaperSensor(bytes.paper);
  if (!paperSensor.ok) return paperSensor;
  return {
    ok: true,
    value: combineStatus(
      {
        printer: printer.value,
        offlineCause: offlineCause.value,
        errorCause: errorCause.value,
        paperSensor: paperSensor.value,
      },
      checkedAt,
    ),
  };
}

/** Why a printer cannot take a job (or why a job did not finish). Stable codes for the UI and logs. */
export type PrinterProblemCode =
  | 'paper-out'
  | 'cover-open'
  | 'cutter-jam'
  | 'mechanical-error'
  | 'unrecoverable'
  | 'recovering'
  | 'offline'
  | 'no-answer'
  | 'disconnected'
  | 'garbled-reply';

export interface PrinterProblem {
  code: PrinterProblemCode;
  /** Plain English, one line; the UI maps `code` to its own zh-CN / en sentences. */
  message: string;
}

export const PRINTER_PROBLEM_MESSAGES: Readonly<Record<PrinterProblemCode, string>> = {
  'paper-out': 'The printer is out of paper; load a new roll.',
  'cover-open': 'The printer cover is open; close it.',
  'cutter-jam': 'The paper cutter is jammed; open the cover and clear the paper.',
  'mechanical-error': 'The printer reports a mechanical error; open the cover and check the paper path.',
  unrecoverable: 'The printer has a fault it cannot recover from; it needs service.',
  recovering:
    'The printer is recovering from a temporary error (for example an overheated head); try again shortly.',
  offline: 'The printer is offline.',
  'no-answer': 'The printer does not answer; check its power and cable.',
  disconnected: 'The printer is not connected.',
  'garbled-reply': 'The printer answered with unexpected bytes; check the baud rate.',
};

export function printerProblem(code: PrinterProblemCode): PrinterProblem {
  return { code, message: PRINTER_PROBLEM_MESSAGES[code] };
}

/** Decides whether a job may be sent. Order matters: the most specific, most actionable cause first
 *  (a cover open also reads "offline" and often "paper end": tell the person to close the cover). */
export function canPrint(status: PrinterStatus): { ok: true } | { ok: false; reason: PrinterProblem } {
  if (status.unrecoverableError) return { ok: false, reason: printerProblem('unrecoverable') };
  if (status.coverOpen) return { ok: false, reason: printerProblem('cover-open') };
  if (status.cutterError) return { ok: false, reason: printerProblem('cutter-jam') };
  if (status.mechanicalError) return { ok: false, reason: printerProblem('mechanical-error') };
  if (status.paperEnd || status.stoppedByPaperEnd) return { ok: false, reason: printerProblem('paper-out') };
  if (status.autoRecoverableError) return { ok: false, reason: printerProblem('recovering') };
  if (!status.online) return { ok: false, reason: printerProblem('offline') };
  return { ok: true };
}

/** Short words for a status, for logs and the maintenance screen (no personal data here by construction). */
export function describeStatus(status: PrinterStatus): string {
  const verdict = canPrint(status);
  const parts = [verdict.ok ? 'ready' : verdict.reason.code];
  if (status.paperNearEnd && !status.paperEnd) parts.push('paper near end');
  return parts.join(', ');
}
