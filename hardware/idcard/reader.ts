// The ID card reader driver: a supervised serial device running find → select → read at an interval,
// one event per card placement, faults as stable codes, and SAM diagnostics for maintenance staff.
import { AppError } from '../../common/errors.ts';
import { EventEmitter } from 'node:events';
import type { Logger } from '../../common/log.ts';
import {
  type BackoffOptions,
  type ListPorts,
  type PortIo,
  type PortLocator,
  type PortState,
  PortClosedError,
  PortTimeoutError,
  SupervisedPort,
  wireTimeMs,
} from '../serial/index.ts';
import { type IdCard } from '../../domain/identity/card.ts';
import { PHOTO_LENGTH, TEXT_BLOCK_LENGTH, parseCardText } from './card.ts';
import { DEVICE_FAULT_CODES, type ReaderFault, type ReaderFaultCode } from './faults.ts';
import { FrameDecoder, type FrameError } from './frame-decoder.ts';
import {
  type CommandName,
  type ResponseFrame,
  SUPPORTED_BAUD_RATES,
  Sw3,
  describeSw3,
  encodeNamedCommand,
  frameLength,
  responseFromBody,
} from './protocol.ts';
import { LATEST_ADDRESS_MAX_BYTES, parseLatestAddress, parseReadData } from './read-reply.ts';

export interface IdCardReaderOptions {
  locator: PortLocator;
  /** 9600–115200; must match the reader's setting. */
  baudRate: number;
  /** Time from the start of one find to the next; default 50 ms. A person waits, on average, half of it
   *  before the find that sees their card: at 50 ms the poll costs ~25 ms of the greeting (at 500 ms it
   *  was ~250) and about 400 bytes/s of idle traffic (a find is 10 bytes out and 15 back: 4% of a
   *  115200-baud line), which the reader does not notice. */
  pollIntervalMs?: number;
  /** Allowance for the reader to think, on top of the wire time of each exchange; default 1000 ms. */
  commandTimeoutMs?: number;
  /** SAM status check while idle; default 5000 ms. */
  heartbeatMs?: number;
  logger?: Logger;
  /** Consecutive "no card" answers before a removal is reported; default 3 (one flaky find is not a
   *  removal; at 50 ms a card lifted for under 150 ms is a swap, caught by its serial instead). */
  absentPollsBeforeRemoval?: number;
  /** Run the find → select → read loop; default true. Diagnostics (status, test read) work either way. */
  polling?: boolean;
  backoff?: BackoffOptions;
  /** Port enumeration for USB locators; default serialport's list. Lets a test name a pty by USB ids. */
  listPorts?: ListPorts;
}

export interface ReaderStatus {
  portState: PortState;
  path: string | undefined;
  baudRate: number;
  /** SAM id as vendor tools print it, e.g. 05.01-20105244-0000011119-0502349249. */
  samId?: string;
  /** 'ok' or the plain English meaning of the SAM's SW3. */
  samStatus?: string;
  cardPresent: boolean;
  /** Plain English: why the port is not open, or the last thing that went wrong talking to the reader. */
  lastError?: string;
  lastFault?: ReaderFault;
  /** Faults not yet cleared by a good exchange or by the card's removal. */
  activeFaults: ReaderFaultCode[];
}

export interface CardTiming {
  /** Epoch ms (sub-ms precision) when the find that saw the card was sent. */
  placedDetectedAt: number;
  /** Epoch ms when the card had been parsed. */
  parsedAt: number;
  /** Bytes both ways for find, select and read. */
  bytesExchanged: number;
  /** The time those bytes take on the wire at this baud rate: the floor for parsedAt − placedDetectedAt. */
  wireMs: number;
}

export interface CardRemoval {
  /** 'swapped': another card is on the reader (it follows as a 'card' event right after this one). */
  reason: 'taken-away' | 'reader-lost' | 'swapped';
}

export interface SamStatusResult {
  ok: boolean;
  sw3: number;
  description: string;
}

export type TestReadResult =
  | { ok: true; card: IdCard; timing: CardTiming }
  | { ok: false; noCard: true; message: string }
  | { ok: false; noCard: false; fault: ReaderFault };

/** A command that could not be carried out; `code` is one of the reader fault codes. */
export class ReaderCommandError extends AppError {
  override name = 'ReaderCommandError';
  constructor(
    readonly code: ReaderFaultCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const nowEpochMs = (): number => performance.timeOrigin + performance.now();

/** Largest reply per command, to give each exchange its wire time on top of the thinking allowance. */
const MAX_REPLY_BYTES: Readonly<Record<CommandName, number>> = {
  resetSam: frameLength(3),
  samStatus: frameLength(3),
  readSamId: frameLength(3 + 16),
  findCard: frameLength(3 + 4),
  selectCard: frameLength(3 + 8),
  readTextAndPhoto: frameLength(3 + 4 + TEXT_BLOCK_LENGTH + PHOTO_LENGTH),
  readTextPhotoAndFingerprint: frameLength(3 + 6 + TEXT_BLOCK_LENGTH + PHOTO_LENGTH + 1024),
  readLatestAddress: frameLength(3 + LATEST_ADDRESS_MAX_BYTES),
  setBaudRate: frameLength(3),
};
const COMMAND_FRAME_BYTES = frameLength(2);
/** Card serial from select (8 bytes): tells one card from another without reading either. */
const CARD_SERIAL_LENGTH = 8;
const JOB_MARGIN_MS = 250;
/** Faults of the line or the device's protocol handling, cleared by the next well-formed exchange. */
const LINK_FAULT_CODES: ReadonlySet<ReaderFaultCode> = new Set([
  'device-unreachable',
  'garbled',
  'reader-rejected-command',
]);

type Exchange =
  | { kind: 'reply'; response: ResponseFrame; bytes: number }
  | { kind: 'garbled'; error: FrameError | { code: 'short-body'; message: string }; bytes: number }
  | { kind: 'timeout'; receivedBytes: number; bytes: number };

interface CycleResult {
  card?: IdCard;
  timing?: CardTiming;
  fault?: Omit<ReaderFault, 'at'>;
  /** Whether a card answered find (undefined when the exchange failed before knowing). */
  present?: boolean;
  /** The card read in this cycle replaced another that had been read in this placement. */
  swapped?: boolean;
  /** Select's serial of the card read in this cycle. */
  serial?: string;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function formatSamId(bytes: Uint8Array): string {
  if (bytes.length < 16) return Buffer.from(bytes).toString('hex');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return [
    `${pad(view.getUint16(0, true), 2)}.${pad(view.getUint16(2, true), 2)}`,
    pad(view.getUint32(4, true), 8),
    pad(view.getUint32(8, true), 10),
    pad(view.getUint32(12, true), 10),
  ].join('-');
}

/** The fault a SW3 stands for when a card command fails. */
export function faultForSw3(sw3: number, during: 'find' | 'select' | 'read'): ReaderFaultCode {
  switch (sw3) {
    case Sw3.samNotAuthorised:
    case Sw3.unauthorised:
      return 'sam-unauthorised';
    case Sw3.samSelfTestFailed:
      return 'sam-fault';
    case Sw3.checksumError:
    case Sw3.lengthError:
    case Sw3.commandError:
    case Sw3.unknownError:
      return 'reader-rejected-command';
    case Sw3.cardFailedToAuthenticateSam:
    case Sw3.samFailedToAuthenticateCard:
    case Sw3.verificationError:
    case Sw3.randomNumberFailed:
      return 'card-authentication-failed';
    case Sw3.unknownCardType:
      return 'unknown-card-type';
    case Sw3.selectCardFailed:
      return 'unstable-card';
    default:
      return during === 'select' ? 'unstable-card' : 'read-failed';
  }
}

/**
 * Events:
 * - 'card' (card: IdCard, timing: CardTiming) — once per placement;
 * - 'removed' (removal: CardRemoval) — the card placed earlier is gone ('taken-away'), or the reader was lost
 *   with a card on it ('reader-lost': after the reconnect a card still there is reported again as a new 'card');
 * - 'fault' (fault: ReaderFault) — once per placement (card faults) or per episode (device faults);
 * - 'status' (status: ReaderStatus) — whenever anything in status() changes.
 */
export class IdCardReader extends EventEmitter {
  private readonly port: SupervisedPort;
  private readonly options: Required<Omit<IdCardReaderOptions, 'logger' | 'backoff' | 'listPorts'>> &
    Pick<IdCardReaderOptions, 'logger' | 'backoff' | 'listPorts'>;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private stopSignal = new AbortController();
  private presence: 'absent' | 'present-unread' | 'present-read' = 'absent';
  /** Select's serial of the card read in this placement: a different one means the card was swapped. */
  private readSerial: string | undefined;
  private absentStreak = 0;
  private readonly raised = new Set<ReaderFaultCode>();
  private lastFault: ReaderFault | undefined;
  private lastReaderError: string | undefined;
  private samId: string | undefined;
  private samStatus: string | undefined;
  private samCheckedForConnection = false;

  constructor(options: IdCardReaderOptions) {
    super();
    if (!SUPPORTED_BAUD_RATES.includes(options.baudRate)) {
      throw new RangeError(
        `ID card readers run at ${SUPPORTED_BAUD_RATES.join(', ')} baud, not ${options.baudRate}`,
      );
    }
    this.options = {
      pollIntervalMs: 50,
      commandTimeoutMs: 1000,
      heartbeatMs: 5000,
      absentPollsBeforeRemoval: 3,
      polling: true,
      ...options,
    };
    this.port = new SupervisedPort({
      name: 'idcard',
      locator: options.locator,
      baudRate: options.baudRate,
      ...(options.backoff && { backoff: options.backoff }),
      ...(options.listPorts && { listPorts: options.listPorts }),
      ...(options.logger && { logger: options.logger }),
      heartbeat: {
        intervalMs: this.options.heartbeatMs,
        timeoutMs: this.timeoutFor('samStatus', options.baudRate) + JOB_MARGIN_MS,
        probe: (io) => this.heartbeatProbe(io),
      },
    });
    this.port.on('state', (state: PortState) => this.onPortState(state));
  }

  get logger(): Logger | undefined {
    return this.options.logger;
  }

  /** The underlying port, for the byte log of the maintenance screen ('rx' / 'tx' events). */
  get serialPort(): SupervisedPort {
    return this.port;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopSignal = new AbortController();
    this.port.start();
    if (this.options.polling) this.loopDone = this.pollLoop();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopSignal.abort();
    await this.port.stop();
    await this.loopDone;
  }

  status(): ReaderStatus {
    const lastError =
      this.port.state === 'open' ? this.lastReaderError : (this.port.lastError ?? this.lastReaderError);
    return {
      portState: this.port.state,
      path: this.port.path,
      baudRate: this.port.baudRate,
      ...(this.samId !== undefined && { samId: this.samId }),
      ...(this.samStatus !== undefined && { samStatus: this.samStatus }),
      cardPresent: this.presence !== 'absent',
      ...(lastError !== undefined && { lastError }),
      ...(this.lastFault && { lastFault: this.lastFault }),
      activeFaults: [...this.raised],
    };
  }

  /** Resolves once the port is open; rejects with the port's last error after timeoutMs. */
  whenOpen(timeoutMs: number): Promise<void> {
    if (this.port.state === 'open') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onState = (state: PortState) => {
        if (state !== 'open') return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new ReaderCommandError(
            'device-unreachable',
            this.port.lastError ?? `The ID card reader port did not open within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.port.off('state', onState);
      };
      this.port.on('state', onState);
    });
  }

  async readSamStatus(): Promise<SamStatusResult> {
    const exchange = await this.port.run(
      (io) => this.exchange(io, 'samStatus'),
      this.jobTimeout('samStatus'),
    );
    const response = this.expectReply(exchange, 'SAM status');
    return this.recordSamStatus(response.sw3);
  }

  async readSamId(): Promise<string> {
    const exchange = await this.port.run(
      (io) => this.exchange(io, 'readSamId'),
      this.jobTimeout('readSamId'),
    );
    const response = this.expectReply(exchange, 'SAM id');
    if (response.sw3 !== Sw3.ok) {
      throw new ReaderCommandError(
        faultForSw3(response.sw3, 'find'),
        `Reading the SAM id failed: ${describeSw3(response.sw3)}`,
      );
    }
    this.samId = formatSamId(response.data);
    this.emitStatus();
    return this.samId;
  }

  /** One find → select → read, whatever happened before: for the maintenance screen and the command line. */
  async testRead(): Promise<TestReadResult> {
    try {
      const result = await this.port.run((io) => this.cycle(io, true), this.cycleTimeout());
      if (result.card && result.timing) return { ok: true, card: result.card, timing: result.timing };
      if (result.fault) return { ok: false, noCard: false, fault: { ...result.fault, at: Date.now() } };
      return { ok: false, noCard: true, message: 'No card on the reader' };
    } catch (error) {
      return { ok: false, noCard: false, fault: { ...this.transportFault(error), at: Date.now() } };
    }
  }

  private timeoutFor(command: CommandName, baudRate = this.port.baudRate): number {
    return (
      this.options.commandTimeoutMs + wireTimeMs(COMMAND_FRAME_BYTES + MAX_REPLY_BYTES[command], baudRate)
    );
  }

  /** A job outlives its reads by a margin, so that a silent reader is reported by the read that went unanswered. */
  private jobTimeout(command: CommandName): number {
    return this.timeoutFor(command) + JOB_MARGIN_MS;
  }

  private cycleTimeout(): number {
    return (
      this.timeoutFor('findCard') +
      this.timeoutFor('selectCard') +
      this.timeoutFor('readTextAndPhoto') +
      this.timeoutFor('readLatestAddress') +
      JOB_MARGIN_MS
    );
  }

  /** Sends one command and waits for the one frame that answers it; never throws on what the reader sends. */
  private async exchange(io: PortIo, command: Exclude<CommandName, 'setBaudRate'>): Promise<Exchange> {
    const bytes = encodeNamedCommand(command);
    const decoder = new FrameDecoder();
    let receivedBytes = 0;
    await io.write(bytes);
    try {
      const outcome = await io.read<{ frame: Uint8Array } | { error: FrameError }>((chunk) => {
        receivedBytes += chunk.length;
        for (const event of decoder.push(chunk)) {
          if (event.type === 'frame') return { frame: event.body };
          if (event.type === 'error') return { error: event.error };
        }
        return undefined;
      }, this.timeoutFor(command));
      const total = bytes.length + receivedBytes;
      if ('error' in outcome) {
        // The rest of a damaged frame may still be arriving; the next command's decoder skips it as noise.
        io.discardInput();
        return { kind: 'garbled', error: outcome.error, bytes: total };
      }
      const response = responseFromBody(outcome.frame);
      if (!response) {
        return {
          kind: 'garbled',
          error: { code: 'short-body', message: 'reply without a status word' },
          bytes: total,
        };
      }
      return { kind: 'reply', response, bytes: total };
    } catch (error) {
      if (!(error instanceof PortTimeoutError)) throw error;
      io.discardInput();
      return { kind: 'timeout', receivedBytes, bytes: bytes.length + receivedBytes };
    }
  }

  private expectReply(exchange: Exchange, what: string): ResponseFrame {
    if (exchange.kind === 'reply') {
      this.clearLinkFaults();
      return exchange.response;
    }
    const fault = this.exchangeFault(exchange, what);
    throw new ReaderCommandError(fault.code, fault.message);
  }

  private exchangeFault(
    exchange: Exclude<Exchange, { kind: 'reply' }>,
    what: string,
  ): Omit<ReaderFault, 'at'> {
    if (exchange.kind === 'garbled') {
      return { code: 'garbled', message: `The reply to ${what} was damaged: ${exchange.error.message}` };
    }
    if (exchange.receivedBytes > 0) {
      return {
        code: 'garbled',
        message: `The reply to ${what} stopped after ${exchange.receivedBytes} bytes`,
      };
    }
    return { code: 'device-unreachable', message: `The ID card reader did not answer ${what}` };
  }

  private transportFault(error: unknown): Omit<ReaderFault, 'at'> {
    if (error instanceof ReaderCommandError) return { code: error.code, message: error.message };
    if (error instanceof PortClosedError || error instanceof PortTimeoutError) {
      return { code: 'device-unreachable', message: error.message };
    }
    return { code: 'device-unreachable', message: error instanceof Error ? error.message : String(error) };
  }

  /** find → select → read. `force` reads even a card that was already read in this placement. */
  private async cycle(io: PortIo, force: boolean): Promise<CycleResult> {
    const detectedAt = nowEpochMs();
    let bytesExchanged = 0;

    const find = await this.exchange(io, 'findCard');
    bytesExchanged += find.bytes;
    if (find.kind !== 'reply') return { fault: this.exchangeFault(find, 'find card') };
    const found = find.response.sw3;
    if (found === Sw3.findCardFailed) return { present: false };
    if (found !== Sw3.findOk) {
      return {
        fault: { code: faultForSw3(found, 'find'), message: `Find card: ${describeSw3(found)}`, sw3: found },
      };
    }

    const select = await this.exchange(io, 'selectCard');
    bytesExchanged += select.bytes;
    if (select.kind !== 'reply') return { present: true, fault: this.exchangeFault(select, 'select card') };
    if (select.response.sw3 !== Sw3.ok) {
      const sw3 = select.response.sw3;
      // A card already read that fails to select while it lies there is not news: it is leaving.
      if (!force && this.presence === 'present-read') return { present: true };
      return {
        present: true,
        fault: { code: faultForSw3(sw3, 'select'), message: `Select card: ${describeSw3(sw3)}`, sw3 },
      };
    }
    const serial = Buffer.from(select.response.data.subarray(0, CARD_SERIAL_LENGTH)).toString('hex');
    // The same card still lying there: nothing to read. Another one (swapped faster than the removal
    // count, or faster than one poll): read it. Costs 29 bytes a poll, and only while a card is there.
    if (!force && this.presence === 'present-read' && serial === this.readSerial) return { present: true };
    const swapped = !force && this.presence === 'present-read';

    const read = await this.exchange(io, 'readTextAndPhoto');
    bytesExchanged += read.bytes;
    if (read.kind !== 'reply') return { present: true, fault: this.exchangeFault(read, 'read card') };
    if (read.response.sw3 !== Sw3.ok) {
      const sw3 = read.response.sw3;
      return {
        present: true,
        fault: { code: faultForSw3(sw3, 'read'), message: `Read card: ${describeSw3(sw3)}`, sw3 },
      };
    }
    const data = parseReadData(read.response.data);
    if (!data.ok) return { present: true, fault: { code: 'garbled', message: `Read card: ${data.message}` } };
    const parsed = parseCardText(data.value.text);
    if (!parsed.ok) {
      const code: ReaderFaultCode =
        parsed.error.code === 'unknown-card-type' ? 'unknown-card-type' : 'card-data-invalid';
      return { present: true, fault: { code, message: `Read card: ${parsed.error.message}` } };
    }
    // The chip's latest appended address, on every placement; a card without one answers "item not on
    // card" (SW3 91). Any failure here leaves it unknown (null) rather than failing a good read.
    const address = await this.exchange(io, 'readLatestAddress');
    bytesExchanged += address.bytes;
    const latestAddress =
      address.kind === 'reply' && address.response.sw3 === Sw3.ok
        ? parseLatestAddress(address.response.data)
        : null;
    const parsedAt = nowEpochMs();
    return {
      present: true,
      serial,
      ...(swapped && { swapped }),
      card: { ...parsed.card, latestAddress },
      timing: {
        placedDetectedAt: detectedAt,
        parsedAt,
        bytesExchanged,
        wireMs: wireTimeMs(bytesExchanged, this.port.baudRate),
      },
    };
  }

  private async pollLoop(): Promise<void> {
    const signal = this.stopSignal.signal;
    while (this.running) {
      if (this.port.state !== 'open') {
        await this.nextPortState(signal);
        continue;
      }
      const started = performance.now();
      await this.pollOnce();
      await sleep(this.options.pollIntervalMs - (performance.now() - started), signal);
    }
  }

  private nextPortState(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.port.off('state', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.port.on('state', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private async pollOnce(): Promise<void> {
    if (!this.samCheckedForConnection) {
      this.samCheckedForConnection = true;
      await this.checkSam();
    }
    let result: CycleResult;
    try {
      result = await this.port.run((io) => this.cycle(io, false), this.cycleTimeout());
    } catch (error) {
      // A closed port is reported through its state; anything else means the reader did not answer.
      if (!(error instanceof PortClosedError) && this.running) this.raise(this.transportFault(error));
      return;
    }
    if (!this.running) return;
    const firstSight = result.present === true && this.presence === 'absent';
    if (result.card && result.timing) {
      if (result.swapped) this.cardRemoved('swapped');
      // A person is waiting for this: the card goes out before the bookkeeping (logs, status) that follows.
      this.presence = 'present-read';
      this.readSerial = result.serial;
      for (const code of [...this.raised]) if (!DEVICE_FAULT_CODES.has(code)) this.raised.delete(code);
      this.emit('card', result.card, result.timing);
    }
    if (result.present === true) {
      this.absentStreak = 0;
      if (firstSight) {
        this.logger?.info('idcard.placed');
        // Placed and read in one cycle: the card went out above, and the status after the read says it all.
        if (!result.card) {
          this.presence = 'present-unread';
          this.emitStatus();
        }
      }
    } else if (result.present === false) {
      this.absentStreak += 1;
      if (this.presence !== 'absent' && this.absentStreak >= this.options.absentPollsBeforeRemoval) {
        this.cardRemoved('taken-away');
      }
    }
    // A well-formed answer to find proves the line works, unless what followed was itself a line fault.
    const lineFault =
      result.fault && (LINK_FAULT_CODES.has(result.fault.code) || DEVICE_FAULT_CODES.has(result.fault.code));
    if (result.present !== undefined && !lineFault) this.clearLinkFaults();
    if (result.card && result.timing) {
      this.logger?.info('idcard.read', {
        kind: result.card.kind,
        ms: Math.round(result.timing.parsedAt - result.timing.placedDetectedAt),
        wireMs: Math.round(result.timing.wireMs),
      });
      this.emitStatus();
    }
    if (result.fault) this.raise(result.fault);
  }

  private cardRemoved(reason: CardRemoval['reason']): void {
    this.presence = 'absent';
    this.readSerial = undefined;
    // Card faults belong to a placement: the next card starts with a clean slate.
    for (const code of [...this.raised])
      if (!DEVICE_FAULT_CODES.has(code) && code !== 'garbled') this.raised.delete(code);
    this.logger?.info('idcard.removed', { reason });
    this.emit('removed', { reason } satisfies CardRemoval);
    this.emitStatus();
  }

  private async checkSam(): Promise<void> {
    try {
      await this.readSamStatus();
      await this.readSamId();
    } catch (error) {
      if (error instanceof PortClosedError) return;
      this.raise(this.transportFault(error));
    }
  }

  private recordSamStatus(sw3: number): SamStatusResult {
    const ok = sw3 === Sw3.ok;
    const description = ok ? 'ok' : describeSw3(sw3);
    if (this.samStatus !== description) {
      this.samStatus = description;
      this.emitStatus();
    }
    if (ok) {
      this.clear(['sam-unauthorised', 'sam-fault']);
    } else {
      const code = faultForSw3(sw3, 'find');
      this.raise({
        code: code === 'sam-unauthorised' ? code : 'sam-fault',
        message: `SAM status: ${description}`,
        sw3,
      });
    }
    return { ok, sw3, description };
  }

  /** Runs only while the port is idle; a throw counts towards the supervisor's reconnect. */
  private async heartbeatProbe(io: PortIo): Promise<void> {
    const exchange = await this.exchange(io, 'samStatus');
    if (exchange.kind !== 'reply') {
      const fault = this.exchangeFault(exchange, 'SAM status');
      throw new ReaderCommandError(fault.code, fault.message);
    }
    this.clearLinkFaults();
    this.recordSamStatus(exchange.response.sw3);
  }

  private onPortState(state: PortState): void {
    if (state === 'open') {
      this.samCheckedForConnection = false;
    } else if (state === 'backoff' && this.running) {
      this.raise({
        code: 'device-unreachable',
        message: this.port.lastError ?? 'The ID card reader port closed',
      });
      if (this.presence !== 'absent') this.cardRemoved('reader-lost');
    }
    this.emitStatus();
  }

  private raise(fault: Omit<ReaderFault, 'at'>): void {
    this.lastReaderError = fault.message;
    if (this.raised.has(fault.code)) return;
    // One sentence per placement: a card that failed to read and then fails to select as it is
    // lifted away (a select racing the removal) must not show the person a second message.
    const cardFault = (code: ReaderFaultCode) => !DEVICE_FAULT_CODES.has(code) && !LINK_FAULT_CODES.has(code);
    const placementAlreadyFaulted = cardFault(fault.code) && [...this.raised].some(cardFault);
    this.raised.add(fault.code);
    if (placementAlreadyFaulted) return;
    this.lastFault = { ...fault, at: Date.now() };
    this.logger?.warn('idcard.fault', { code: fault.code, sw3: fault.sw3, reason: fault.message });
    this.emit('fault', this.lastFault);
    this.emitStatus();
  }

  private clear(codes: ReaderFaultCode[]): void {
    let changed = false;
    for (const code of codes) changed = this.raised.delete(code) || changed;
    if (changed) this.emitStatus();
  }

  /** A well-formed reply proves the line and the device work. */
  private clearLinkFaults(): void {
    this.lastReaderError = undefined;
    this.clear([...LINK_FAULT_CODES]);
  }

  private emitStatus(): void {
    this.emit('status', this.status());
  }
}
