import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { Logger } from '../../../common/log.ts';
import { PtyLink, wireTimeMs, writePaced } from '../../serial/index.ts';
import { EscPosParser, type EscPosCommand } from './escpos-decoder.ts';
import { ReceiptModel, type Receipt } from './receipt-model.ts';

// A thermal ticket printer on a pseudo-terminal: it takes bytes in no faster than its baud rate,
// interprets them as ESC/POS, answers DLE EOT and GS r like a printer, collects what it printed as
// receipts, and can be made to fail on demand. Tests, the command line, demos and the web host's
// developer panel all use it; nothing on the host side can tell it from a printer on a USB-serial cable.

export type PrinterFaultName =
  /** Paper sensor reports near end; printing continues. */
  | 'paper-near-end'
  /** No paper: the printer is offline and prints nothing. */
  | 'paper-out'
  /** The paper runs out after a few lines of the next receipt (then the fault becomes 'paper-out'). */
  | 'paper-out-mid-job'
  | 'cover-open'
  /** The cutter is jammed now. */
  | 'cutter-jam'
  /** The next cut jams the cutter (then the fault becomes 'cutter-jam'). */
  | 'cutter-jam-on-cut'
  /** Offline for another reason (e.g. the feed button held); answers status, prints nothing. */
  | 'offline'
  /** Print head too hot: an auto-recoverable error. */
  | 'head-hot'
  | 'unrecoverable'
  /** Answers nothing at all (wrong baud rate, dead controller). */
  | 'no-answer'
  /** The mechanism takes bytes in more slowly than the line delivers them. */
  | 'slow';

export const PRINTER_FAULT_NAMES: readonly PrinterFaultName[] = [
  'paper-near-end',
  'paper-out',
  'paper-out-mid-job',
  'cover-open',
  'cutter-jam',
  'cutter-jam-on-cut',
  'offline',
  'head-hot',
  'unrecoverable',
  'no-answer',
  'slow',
];

/** One line per fault, for the developer panel and the emulator's command line. */
export const PRINTER_FAULT_DESCRIPTIONS: Readonly<Record<PrinterFaultName, string>> = {
  'paper-near-end': 'the paper roll is nearly used up (status says so; printing still works)',
  'paper-out': 'no paper: status says paper out and nothing is printed',
  'paper-out-mid-job': 'the paper runs out partway through the next receipt',
  'cover-open': 'the cover is open',
  'cutter-jam': 'the cutter is jammed',
  'cutter-jam-on-cut': 'the next cut jams the cutter',
  offline: 'offline (e.g. the feed button held): answers status, prints nothing',
  'head-hot': 'the print head is too hot (recovers by itself)',
  unrecoverable: 'an unrecoverable error: only a power cycle helps',
  'no-answer': 'answers nothing at all (wrong baud rate, dead controller)',
  slow: 'takes bytes in more slowly than the line delivers them',
};

export type PrinterFaultInjection =
  PrinterFaultName | { name: 'paper-out-mid-job'; afterLines: number } | { name: 'slow'; factor: number };

export interface PrinterEmulatorOptions {
  /** Folder for the pty links (`printer-host`, `printer-device`). */
  dir: string;
  baudRate: number;
  logger?: Logger;
  /** Link name; default 'printer'. */
  name?: string;
  /** Font has 4-byte GB18030 characters; default false (matches the default printer profile). */
  fourByteFont?: boolean;
  /** How many receipts to keep; default 50. */
  keepReceipts?: number;
  /** Answer GS r 1 at once even while stopped (how printers of the 'gs-r' status dialect report "no
   *  paper"); default false: like Epson, GS r is processed in sequence and waits while stopped. */
  answersGsRWhenStopped?: boolean;
  /** A receipt without a cut is closed after this much input silence; default 400 ms. */
  idleCloseMs?: number;
}

const DEFAULT_MID_JOB_LINES = 3;
const DEFAULT_SLOW_FACTOR = 4;
const BASE_DLE_EOT = 0x12;
/** Like a printer's receive buffer: beyond this the emulator stops reading (the OS buffer and then the
 *  host's write fill up), which is how a busy printer holds the host back. */
const RECEIVE_BUFFER_BYTES = 4096;

export interface EmulatedFaultState {
  has(name: PrinterFaultName): boolean;
}

/** The reply byte a printer with these faults gives to DLE EOT n (n = 1–4), per the ESC/POS bit layout. */
export function dleEotReply(n: number, faults: EmulatedFaultState): number | undefined {
  const paperOut = faults.has('paper-out');
  const cover = faults.has('cover-open');
  const cutter = faults.has('cutter-jam');
  const unrecoverable = faults.has('unrecoverable');
  const hot = faults.has('head-hot');
  const error = cutter || unrecoverable || hot;
  const offline = paperOut || cover || error || faults.has('offline');
  switch (n) {
    case 1:
      return BASE_DLE_EOT | (offline ? 0x08 : 0) | (hot ? 0x20 : 0);
    case 2:
      return BASE_DLE_EOT | (cover ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (error ? 0x40 : 0);
    case 3:
      return BASE_DLE_EOT | (cutter ? 0x08 : 0) | (unrecoverable ? 0x20 : 0) | (hot ? 0x40 : 0);
    case 4:
      return BASE_DLE_EOT | (faults.has('paper-near-end') || paperOut ? 0x0c : 0) | (paperOut ? 0x60 : 0);
    default:
      return undefined;
  }
}

/** The reply to GS r 1 (paper sensor): 00 with paper, 03 near end, 0F none. */
export function gsRPaperReply(faults: EmulatedFaultState): number {
  if (faults.has('paper-out')) return 0x0f;
  return faults.has('paper-near-end') ? 0x03 : 0x00;
}

function mechanismStopReason(faults: EmulatedFaultState): string | undefined {
  if (faults.has('unrecoverable')) return 'unrecoverable error';
  if (faults.has('cover-open')) return 'cover open';
  if (faults.has('cutter-jam')) return 'cutter jammed';
  if (faults.has('paper-out')) return 'paper ran out';
  if (faults.has('head-hot')) return 'print head too hot';
  if (faults.has('offline')) return 'printer offline';
  return undefined;
}

function openSerial(path: string, baudRate: number): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  return new Promise((resolve, reject) => port.open((error) => (error ? reject(error) : resolve(port))));
}

export class PrinterEmulator extends EventEmitter {
  readonly hostPath: string;
  readonly devicePath: string;
  readonly baudRate: number;
  private readonly link: PtyLink;
  private port: SerialPort | undefined;
  private readonly parser = new EscPosParser();
  private readonly model: ReceiptModel;
  private readonly active = new Map<PrinterFaultName, { afterLines?: number; factor?: number }>();
  private readonly history: Receipt[] = [];
  private inbox: Buffer[] = [];
  private inboxBytes = 0;
  private paused = false;
  /** Line time (performance.now) at which the last byte taken in finished arriving. */
  private lineClock = 0;
  private pumpTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private pendingSequencedReplies = 0;
  private stopped = false;
  private readonly options: PrinterEmulatorOptions;

  constructor(options: PrinterEmulatorOptions) {
    super();
    this.options = options;
    this.baudRate = options.baudRate;
    this.link = new PtyLink({
      dir: options.dir,
      name: options.name ?? 'printer',
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.hostPath = this.link.hostPath;
    this.devicePath = this.link.devicePath;
    const faults = { has: (name: PrinterFaultName) => this.active.has(name) };
    this.model = new ReceiptModel(
      {
        canPrint: () => mechanismStopReason(faults) === undefined,
        whyNot: () => mechanismStopReason(faults) ?? 'stopped',
        linePrinted: (linesInReceipt) => {
          const midJob = this.active.get('paper-out-mid-job');
          if (midJob && linesInReceipt >= (midJob.afterLines ?? DEFAULT_MID_JOB_LINES)) {
            this.active.delete('paper-out-mid-job');
            this.active.set('paper-out', {});
            this.options.logger?.info('printer-emulator.paper-ran-out', { afterLines: linesInReceipt });
            this.emit('faults', this.faults());
          }
        },
        cut: () => {
          if (!this.active.has('cutter-jam-on-cut')) return true;
          this.active.delete('cutter-jam-on-cut');
          this.active.set('cutter-jam', {});
          this.emit('faults', this.faults());
          return false;
        },
      },
      (receipt) => this.keep(receipt),
      { fourByteFont: options.fourByteFont ?? false },
    );
  }

  /** Plugs the link and opens the device end. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.link.plug();
    await this.openDevice();
  }

  get plugged(): boolean {
    return this.link.plugged;
  }

  receipts(): readonly Receipt[] {
    return [...this.history];
  }

  clearReceipts(): void {
    this.history.length = 0;
  }

  faults(): PrinterFaultName[] {
    return [...this.active.keys()];
  }

  /** Sets the fault, replacing any other (what a developer panel's single choice means); null clears all,
   *  as if the technician fixed everything. */
  setFault(fault: PrinterFaultInjection | null): void {
    this.active.clear();
    if (fault !== null) this.addFault(fault);
    else this.faultsChanged();
  }

  /** Adds a fault to those already active (e.g. paper near end and a slow mechanism). */
  addFault(fault: PrinterFaultInjection): void {
    if (typeof fault === 'string') this.active.set(fault, {});
    else if (fault.name === 'paper-out-mid-job')
      this.active.set(fault.name, { afterLines: fault.afterLines });
    else this.active.set(fault.name, { factor: fault.factor });
    this.faultsChanged();
  }

  private faultsChanged(): void {
    this.answerPendingSequenced();
    this.options.logger?.info('printer-emulator.faults', { faults: this.faults() });
    this.emit('faults', this.faults());
  }

  clearFault(name: PrinterFaultName): void {
    this.active.delete(name);
    this.faultsChanged();
  }

  /** Pulls the cable: both ends of the link hang up and the paths disappear. */
  async unplug(): Promise<void> {
    this.resetIntake();
    if (this.model.hasOpenReceipt) this.model.close(false, 'printer unplugged');
    await this.closeDevice();
    await this.link.unplug();
  }

  async replug(): Promise<void> {
    if (this.link.plugged) return;
    await this.link.plug();
    await this.openDevice();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.resetIntake();
    clearTimeout(this.idleTimer);
    if (this.model.hasOpenReceipt) this.model.close(true);
    await this.closeDevice();
    await this.link.unplug();
  }

  private keep(receipt: Receipt): void {
    this.history.push(receipt);
    const keep = this.options.keepReceipts ?? 50;
    if (this.history.length > keep) this.history.splice(0, this.history.length - keep);
    this.options.logger?.info('printer-emulator.receipt', {
      id: receipt.id,
      lines: receipt.lines.length,
      qr: receipt.qrPayloads.length,
      cut: receipt.cut,
      complete: receipt.complete,
    });
    this.emit('receipt', receipt);
  }

  private async openDevice(): Promise<void> {
    const port = await openSerial(this.devicePath, this.baudRate);
    this.port = port;
    port.on('data', (chunk: Buffer) => this.onData(port, chunk));
    port.on('error', (error: Error) =>
      this.options.logger?.warn('printer-emulator.port-error', { message: error.message }),
    );
    port.on('close', () => {
      if (this.port === port) this.port = undefined;
    });
  }

  private closeDevice(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }

  private resetIntake(): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    this.inbox = [];
    this.inboxBytes = 0;
    this.paused = false;
    this.parser.reset();
    this.pendingSequencedReplies = 0;
  }

  private byteTimeMs(): number {
    const slow = this.active.get('slow');
    return wireTimeMs(1, this.baudRate) * (slow ? (slow.factor ?? DEFAULT_SLOW_FACTOR) : 1);
  }

  private onData(port: SerialPort, chunk: Buffer): void {
    if (port !== this.port) return;
    const now = performance.now();
    // A line that was idle starts delivering now; a busy line continues from where it was.
    if (this.inbox.length === 0) this.lineClock = Math.max(this.lineClock, now);
    this.inbox.push(chunk);
    this.inboxBytes += chunk.length;
    if (this.inboxBytes >= RECEIVE_BUFFER_BYTES && !this.paused) {
      // Buffer full: leave further bytes in the OS until these have been taken in at line speed.
      this.paused = true;
      port.pause();
    }
    clearTimeout(this.idleTimer);
    this.schedulePump(0);
  }

  private schedulePump(delayMs: number): void {
    if (this.pumpTimer) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = undefined;
      this.pump();
    }, delayMs);
  }

  /** Takes in the bytes whose wire time has elapsed, and processes them. */
  private pump(): void {
    const byteMs = this.byteTimeMs();
    const now = performance.now();
    let due = Math.floor((now - this.lineClock) / byteMs);
    while (due > 0 && this.inbox.length > 0) {
      const head = this.inbox[0] as Buffer;
      const take = Math.min(due, head.length);
      const slice = head.subarray(0, take);
      if (take === head.length) this.inbox.shift();
      else this.inbox[0] = head.subarray(take);
      this.inboxBytes -= take;
      due -= take;
      this.lineClock += take * byteMs;
      for (const command of this.parser.push(slice)) this.execute(command);
    }
    if (this.paused && this.inboxBytes < RECEIVE_BUFFER_BYTES / 2) {
      this.paused = false;
      this.port?.resume();
    }
    if (this.inbox.length > 0) {
      const nextDue = this.lineClock + byteMs - performance.now();
      this.schedulePump(Math.max(0, nextDue));
      return;
    }
    this.idleTimer = setTimeout(() => {
      if (this.inbox.length === 0 && this.model.hasOpenReceipt) this.model.close(true);
    }, this.options.idleCloseMs ?? 400);
  }

  private execute(command: EscPosCommand): void {
    const faults = { has: (name: PrinterFaultName) => this.active.has(name) };
    if (command.kind === 'realtime-status') {
      if (this.active.has('no-answer')) return;
      const reply = dleEotReply(command.n, faults);
      if (reply !== undefined) this.reply(reply);
      return;
    }
    if (command.kind === 'sequenced-status') {
      if (this.active.has('no-answer') || command.n !== 1) return;
      // In sequence: a printer that has stopped has not processed it yet, and answers once it resumes.
      if (mechanismStopReason(faults) !== undefined && !this.options.answersGsRWhenStopped) {
        this.pendingSequencedReplies += 1;
        return;
      }
      this.reply(gsRPaperReply(faults));
      return;
    }
    this.model.touch();
    this.model.apply(command);
  }

  /** A printer that resumes (paper loaded, cover closed) answers the GS r it had not processed yet. */
  private answerPendingSequenced(): void {
    const faults = { has: (name: PrinterFaultName) => this.active.has(name) };
    if (mechanismStopReason(faults) !== undefined || this.active.has('no-answer')) return;
    for (; this.pendingSequencedReplies > 0; this.pendingSequencedReplies--)
      this.reply(gsRPaperReply(faults));
  }

  private reply(byte: number): void {
    const port = this.port;
    if (!port || this.stopped) return;
    writePaced(port, Buffer.of(byte), this.baudRate).catch((error: unknown) =>
      this.options.logger?.warn('printer-emulator.reply-failed', {
        message: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}

/** Starts an emulated printer on a fresh pseudo-terminal pair; the driver opens `hostPath`. */
export async function startPrinterEmulator(options: PrinterEmulatorOptions): Promise<PrinterEmulator> {
  const emulator = new PrinterEmulator(options);
  await emulator.start();
  return emulator;
}
