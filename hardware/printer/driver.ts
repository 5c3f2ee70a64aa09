import { AppError } from '../../common/errors.ts';
import { EventEmitter } from 'node:events';
import {
  PortClosedError,
  PortTimeoutError,
  SupervisedPort,
  wireTimeMs,
  type DeviceLogger,
  type PortIo,
  type PortLocator,
  type PortState,
} from '../serial/index.ts';
import type { PrintDocument } from './document.ts';
import { encodeDocumentDetailed, type EncodeOptions } from './encode.ts';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from './profile.ts';
import { fontGlyphSource } from './rare-fonts.ts';
import {
  GS_R_PAPER,
  canPrint,
  decodeGsRPaperStatus,
  decodePaperSensor,
  decodePrinterStatus,
  decodeStatusReplies,
  dleEot,
  printerProblem,
  type PrinterProblem,
  type PrinterProblemCode,
  type PrinterStatus,
} from './status.ts';

// The ticket printer driver: one supervised serial port, status checked before every job (nothing is
// sent to a printer that cannot print but status queries) and after it (a job counts as printed only
// when the printer has processed its last byte and still reports no fault).

export interface TicketPrinterOptions {
  locator: PortLocator;
  baudRate: number;
  profile?: PrinterProfile;
  /** Upper bound for one print job, status checks included; default 20 s. */
  jobTimeoutMs?: number;
  /** Status polling interval while idle (also detects a silent unplug); default 2000 ms, 0 = off. */
  heartbeatMs?: number;
  /** Time allowed for the status replies; default 500 ms. */
  statusTimeoutMs?: number;
  logger?: DeviceLogger;
  /** Encoding options; unless `glyphs` is given, characters the printer's font lacks are drawn from
   *  the rare-character fonts (rare-fonts.ts), loaded the first time one is needed. */
  encode?: EncodeOptions;
  /** Port name in logs; default 'printer'. */
  name?: string;
}

/** 'cut-short' / 'cut-short-staff-called': not from the driver, but from the kiosk's slip archive,
 *  for a slip that started and did not finish: it is kept for a reprint at the desk, and staff were
 *  (or could not be) called. */
export type PrintFailureCode = PrinterProblemCode | 'unfinished' | 'cut-short' | 'cut-short-staff-called';

export type PrintOutcome =
  | {
      ok: true;
      /** Bytes of the document sent. */
      bytes: number;
      /** Epoch ms (fractional) when the document's first byte was handed to the port. */
      firstByteAt: number;
      /** Epoch ms when the printer confirmed it had processed the last byte. */
      finishedAt: number;
      /** Status read after the job (e.g. paper near end: worth telling the staff). */
      status: PrinterStatus;
      /** Characters replaced by a visible substitute because the printer's font lacks them. */
      substitutedCharacters: number;
    }
  | {
      ok: false;
      code: PrintFailureCode;
      /** Plain English, one line. */
      message: string;
      /** Whether any byte of the document was sent: if so, part of it may be on paper. */
      started: boolean;
      status?: PrinterStatus;
    };

export interface PrinterDeviceStatus {
  port: PortState;
  path: string | undefined;
  baudRate: number;
  profile: string;
  /** Last status read from the printer (undefined until one was read on this connection). */
  printer: PrinterStatus | undefined;
  /** Why it cannot print now, from the last status or the port state; undefined when ready. */
  problem: PrinterProblem | undefined;
  /** Plain English, the last thing that went wrong (port or printer). */
  lastError: string | undefined;
}

/** A status query that could not be answered. */
export class PrinterQueryError extends AppError {
  override name = 'PrinterQueryError';
  constructor(
    readonly code: 'disconnected' | 'no-answer' | 'garbled-reply',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const now = (): number => performance.timeOrigin + performance.now();
/** DLE EOT replies have bit 4 set; GS r 1 replies have it clear: a late GS r answer is told apart. */
const isDleEotShaped = (byte: number): boolean => (byte & 0x10) !== 0;
/** Allowance for the mechanism to print after the bytes are in (a long slip at 150 mm/s). */
const PRINT_ALLOWANCE_MS = 4000;
/** How often a running job's printer is asked whether it is still online. */
const COMPLETION_POLL_MS = 250;

function sameStatus(a: PrinterStatus | undefined, b: PrinterStatus): boolean {
  if (!a) return false;
  return (Object.keys(b) as (keyof PrinterStatus)[]).every((key) => key === 'checkedAt' || a[key] === b[key]);
}

/** Reads `count` reply bytes for DLE EOT queries, skipping late GS r answers from an earlier job. */
function collectDleEot(count: number, trailing: 'dle-eot' | 'gs-r'): (chunk: Buffer) => number[] | undefined {
  const replies: number[] = [];
  return (chunk) => {
    for (const byte of chunk) {
      const expectingGsR = trailing === 'gs-r' && replies.length === count - 1;
      if (!expectingGsR && !isDleEotShaped(byte) && (byte & 0x80) === 0) continue;
      replies.push(byte);
      if (replies.length === count) return replies;
    }
    return undefined;
  };
}

export class TicketPrinter extends EventEmitter {
  readonly profile: PrinterProfile;
  private readonly port: SupervisedPort;
  private readonly options: TicketPrinterOptions;
  private readonly encodeOptions: EncodeOptions;
  private lastStatus: PrinterStatus | undefined;
  private lastFailure: string | undefined;

  constructor(options: TicketPrinterOptions) {
    super();
    this.options = options;
    this.profile = options.profile ?? DEFAULT_PRINTER_PROFILE;
    this.encodeOptions = {
      glyphs: fontGlyphSource(options.logger ? { logger: options.logger } : {}),
      ...options.encode,
    };
    const heartbeatMs = options.heartbeatMs ?? 2000;
    this.port = new SupervisedPort({
      name: options.name ?? 'printer',
      locator: options.locator,
      baudRate: options.baudRate,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(heartbeatMs > 0
        ? {
            heartbeat: {
              intervalMs: heartbeatMs,
              timeoutMs: Math.min(heartbeatMs, this.statusTimeoutMs() + 200),
              probe: async (io: PortIo) => {
                this.noteStatus(await this.readFullStatus(io));
              },
            },
          }
        : {}),
    });
    this.port.on('state', (state: PortState) => {
      if (state !== 'open') this.lastStatus = undefined;
      this.emit('status', this.status());
    });
  }

  start(): void {
    this.port.start();
  }

  stop(): Promise<void> {
    return this.port.stop();
  }

  /** The underlying port, for the byte log of the maintenance screen ('rx' / 'tx' events). */
  get serialPort(): SupervisedPort {
    return this.port;
  }

  status(): PrinterDeviceStatus {
    const state = this.port.state;
    let problem: PrinterProblem | undefined;
    if (state !== 'open')
      problem = { code: 'disconnected', message: this.port.lastError ?? 'The printer port is not open.' };
    else if (this.lastStatus) {
      const verdict = canPrint(this.lastStatus);
      problem = verdict.ok ? undefined : verdict.reason;
    }
    return {
      port: state,
      path: this.port.path,
      baudRate: this.port.baudRate,
      profile: this.profile.name,
      printer: this.lastStatus,
      problem,
      lastError: this.port.lastError ?? this.lastFailure,
    };
  }

  /** Reads the full status now (through the job queue, so never in the middle of a job). */
  async queryStatus(): Promise<PrinterStatus> {
    if (this.port.state !== 'open') {
      throw new PrinterQueryError('disconnected', this.port.lastError ?? 'The printer port is not open.');
    }
    try {
      const status = await this.port.run((io) => this.readFullStatus(io), this.statusTimeoutMs() + 500);
      this.noteStatus(status);
      return status;
    } catch (error) {
      throw this.queryError(error);
    }
  }

  /** Prints a document. Never throws for device conditions: every outcome is a value. */
  async print(document: PrintDocument): Promise<PrintOutcome> {
    const encoded = encodeDocumentDetailed(document, this.profile, this.encodeOptions);
    if (encoded.drawnCharacters > 0 || encoded.substitutions.length > 0) {
      // Counts only: which characters they were would be a piece of somebody's name.
      this.options.logger?.info('printer.rare-characters', {
        title: document.title,
        drawn: encoded.drawnCharacters,
        substituted: encoded.substitutions.length,
      });
    }
    const result = await this.printBytes(encoded.bytes, document.title);
    if (result.ok) return { ...result, substitutedCharacters: encoded.substitutions.length };
    return result;
  }

  /** Prints bytes already in ESC/POS (e.g. a file from the command line), with the same checks. */
  async printBytes(bytes: Buffer, title: string): Promise<PrintOutcome> {
    const logger = this.options.logger;
    if (this.port.state !== 'open') {
      const message = this.port.lastError ?? 'The printer is not connected.';
      logger?.warn('printer.job-refused', { title, code: 'disconnected' });
      return this.finishOutcome({ ok: false, code: 'disconnected', message, started: false }, title);
    }
    let started = false;
    let firstByteAt = 0;
    const jobTimeoutMs = this.options.jobTimeoutMs ?? 20_000;
    const jobStartedAt = performance.now();
    try {
      const outcome = await this.port.run(async (io): Promise<PrintOutcome> => {
        const before = await this.readPrecheckStatus(io);
        this.noteStatus(before);
        const verdict = canPrint(before);
        if (!verdict.ok) {
          return {
            ok: false,
            code: verdict.reason.code,
            message: verdict.reason.message,
            started: false,
            status: before,
          };
        }
        started = true;
        firstByteAt = now();
        await io.write(bytes);
        const remaining = jobTimeoutMs - (performance.now() - jobStartedAt) - this.statusTimeoutMs() - 200;
        const completed = this.profile.confirmCompletion
          ? await this.awaitCompletion(io, bytes.length, remaining)
          : true;
        if (!this.profile.confirmCompletion) {
          await new Promise((resolve) => setTimeout(resolve, wireTimeMs(bytes.length, this.port.baudRate)));
        }
        const finishedAt = now();
        io.discardInput();
        const after = await this.readFullStatus(io);
        this.noteStatus(after);
        const afterVerdict = canPrint(after);
        if (!afterVerdict.ok) {
          return {
            ok: false,
            code: afterVerdict.reason.code,
            message: `The job did not finish: ${afterVerdict.reason.message}`,
            started: true,
            status: after,
          };
        }
        if (!completed) {
          return {
            ok: false,
            code: 'unfinished',
            message: 'The printer did not confirm that it printed the whole job.',
            started: true,
            status: after,
          };
        }
        return {
          ok: true,
          bytes: bytes.length,
          firstByteAt,
          finishedAt,
          status: after,
          substitutedCharacters: 0,
        };
      }, jobTimeoutMs);
      return this.finishOutcome(outcome, title);
    } catch (error) {
      const failure = this.queryError(error);
      const message = started ? `The job did not finish: ${failure.message}` : failure.message;
      return this.finishOutcome({ ok: false, code: failure.code, message, started }, title);
    }
  }

  private finishOutcome(outcome: PrintOutcome, title: string): PrintOutcome {
    if (outcome.ok) {
      this.options.logger?.info('printer.job-done', {
        title,
        bytes: outcome.bytes,
        ms: Math.round(outcome.finishedAt - outcome.firstByteAt),
      });
    } else {
      this.lastFailure = outcome.message;
      this.options.logger?.warn('printer.job-failed', {
        title,
        code: outcome.code,
        started: outcome.started,
      });
    }
    this.emit('status', this.status());
    return outcome;
  }

  private statusTimeoutMs(): number {
    return this.options.statusTimeoutMs ?? 500;
  }

  private queryError(error: unknown): PrinterQueryError {
    if (error instanceof PrinterQueryError) return error;
    if (error instanceof PortTimeoutError) {
      return new PrinterQueryError('no-answer', printerProblem('no-answer').message);
    }
    if (error instanceof PortClosedError) return new PrinterQueryError('disconnected', error.message);
    return new PrinterQueryError('disconnected', error instanceof Error ? error.message : String(error));
  }

  private noteStatus(status: PrinterStatus): void {
    const changed = !sameStatus(this.lastStatus, status);
    this.lastStatus = status;
    if (changed) this.emit('status', this.status());
  }

  private async readReplies(
    io: PortIo,
    request: Uint8Array,
    count: number,
    trailing: 'dle-eot' | 'gs-r',
  ): Promise<number[]> {
    await io.write(request);
    try {
      return await io.read(collectDleEot(count, trailing), this.statusTimeoutMs());
    } catch (error) {
      if (error instanceof PortTimeoutError)
        throw new PrinterQueryError('no-answer', printerProblem('no-answer').message);
      throw error;
    }
  }

  /** DLE EOT 1, 2, 3 and the paper query of the profile's dialect, sent back to back. */
  private async readFullStatus(io: PortIo): Promise<PrinterStatus> {
    const gsR = this.profile.statusDialect === 'gs-r';
    const request = Buffer.concat([dleEot(1), dleEot(2), dleEot(3), gsR ? GS_R_PAPER : dleEot(4)]);
    const [printer, offlineCause, errorCause, paper] = await this.readReplies(
      io,
      request,
      4,
      gsR ? 'gs-r' : 'dle-eot',
    );
    const decoded = decodeStatusReplies(
      {
        printer: printer ?? -1,
        offlineCause: offlineCause ?? -1,
        errorCause: errorCause ?? -1,
        paper: paper ?? -1,
      },
      this.profile.statusDialect,
      now(),
    );
    if (!decoded.ok) {
      throw new PrinterQueryError(
        'garbled-reply',
        `${printerProblem('garbled-reply').message} (${decoded.error.query})`,
      );
    }
    return decoded.value;
  }

  /** The quick check before a job: DLE EOT 1 and the paper sensor. An online printer has no cover,
   *  cutter or head error by definition (each makes it go offline), so only an offline one costs the
   *  extra round trip for the cause. Keeps "print" to first byte short at 9600 baud. */
  private async readPrecheckStatus(io: PortIo): Promise<PrinterStatus> {
    const gsR = this.profile.statusDialect === 'gs-r';
    const [printerByte, paperByte] = await this.readReplies(
      io,
      Buffer.concat([dleEot(1), gsR ? GS_R_PAPER : dleEot(4)]),
      2,
      gsR ? 'gs-r' : 'dle-eot',
    );
    const printer = decodePrinterStatus(printerByte ?? -1);
    const paper = gsR ? decodeGsRPaperStatus(paperByte ?? -1) : decodePaperSensor(paperByte ?? -1);
    if (!printer.ok || !paper.ok) {
      const query = !printer.ok ? printer.error.query : !paper.ok ? paper.error.query : '';
      throw new PrinterQueryError('garbled-reply', `${printerProblem('garbled-reply').message} (${query})`);
    }
    if (printer.value.offline || paper.value.paperEnd) return this.readFullStatus(io);
    return {
      online: true,
      coverOpen: false,
      paperEnd: false,
      paperNearEnd: paper.value.paperNearEnd,
      cutterError: false,
      mechanicalError: false,
      unrecoverableError: false,
      autoRecoverableError: false,
      stoppedByPaperEnd: false,
      waitingForOnlineRecovery: printer.value.waitingForOnlineRecovery,
      feedButtonPressed: printer.value.feedButtonPressed,
      checkedAt: now(),
    };
  }

  /** Sends GS r 1 after the job and waits for its answer: the printer answers it only once it has
   *  processed every byte before it, and not at all while stopped (paper out, cover open, cutter jam).
   *  Meanwhile DLE EOT 1 is polled, so a printer that stopped mid-job is noticed at once rather than
   *  at the end of the time allowance. */
  private async awaitCompletion(io: PortIo, jobBytes: number, budgetMs: number): Promise<boolean> {
    await io.write(GS_R_PAPER);
    const expectedMs = wireTimeMs(jobBytes + GS_R_PAPER.length + 1, this.port.baudRate);
    const deadline =
      performance.now() + Math.max(200, Math.min(budgetMs, expectedMs * 2 + PRINT_ALLOWANCE_MS));
    let outstandingPolls = 0;
    let verdict: 'done' | 'stopped' | undefined;
    const accept = (chunk: Buffer): true | undefined => {
      for (const byte of chunk) {
        // A GS r answer: printed through to the marker, unless it says the paper has run out.
        if (!isDleEotShaped(byte)) verdict ??= byte & 0x0c ? 'stopped' : 'done';
        else {
          outstandingPolls = Math.max(0, outstandingPolls - 1);
          if (byte & 0x08) verdict ??= 'stopped';
        }
      }
      return verdict !== undefined && outstandingPolls === 0 ? true : undefined;
    };
    while (verdict === undefined || outstandingPolls > 0) {
      const left = deadline - performance.now();
      if (left <= 0 && verdict === undefined) return false;
      try {
        await io.read(
          accept,
          Math.max(1, verdict === undefined ? Math.min(COMPLETION_POLL_MS, left) : this.statusTimeoutMs()),
        );
      } catch (error) {
        if (!(error instanceof PortTimeoutError)) throw error;
        if (verdict !== undefined) break; // a poll went unanswered; the full status read follows anyway
        outstandingPolls += 1;
        await io.write(dleEot(1));
      }
    }
    return verdict === 'done';
  }
}
