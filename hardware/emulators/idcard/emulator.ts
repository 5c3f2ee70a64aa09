// An ID card reader on the far end of a pseudo-terminal pair: the driver opens `hostPath` exactly as it
// would open /dev/ttyUSB0, and gets the bytes a reader would send, at the speed a wire would carry them.
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { CardKind } from '../../../domain/identity/card.ts';
import { SUPPORTED_BAUD_RATES } from '../../idcard/protocol.ts';
import type { Logger } from '../../../common/log.ts';
import { PtyLink, bytesAllowedAt, wireTimeMs } from '../../serial/index.ts';
import { type DeckCard, deckEntries, findDeckCard } from './deck.ts';
import {
  READER_FAULT_INJECTIONS,
  ReaderModel,
  type ReaderFaultInjection,
  type ReplyPlan,
} from './reader-model.ts';

export interface IdCardEmulatorOptions {
  /** Folder for the pseudo-terminal links (`idcard-host`, `idcard-device`). */
  dir: string;
  baudRate: number;
  logger?: Logger;
  /** Link name; default 'idcard'. */
  name?: string;
}

export interface IdCardEmulatorDeckEntry {
  id: string;
  label: string;
  kind: CardKind;
}

/**
 * Events: 'placed' (cardId, atEpochMs), 'removed' (atEpochMs), 'fault' (fault | null), 'plugged', 'unplugged',
 * 'command' (summary) — for developer panels and benchmarks; they carry no card contents.
 */
export interface IdCardEmulator extends EventEmitter {
  readonly hostPath: string;
  readonly currentCardId: string | undefined;
  readonly currentFault: ReaderFaultInjection | null;
  readonly baudRate: number;
  readonly plugged: boolean;
  /** Epoch milliseconds (sub-millisecond precision) of the last placeCard, for latency measurements. */
  readonly placedAt: number | undefined;
  deck(): readonly IdCardEmulatorDeckEntry[];
  placeCard(id: string): void;
  removeCard(): void;
  setFault(fault: ReaderFaultInjection | null): void;
  faults(): readonly ReaderFaultInjection[];
  unplug(): Promise<void>;
  replug(): Promise<void>;
  setBaudRate(baudRate: number): void;
  stop(): Promise<void>;
}

export const nowEpochMs = (): number => performance.timeOrigin + performance.now();

function delay(ms: number, signal: AbortSignal): Promise<void> {
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

class PtyIdCardEmulator extends EventEmitter implements IdCardEmulator {
  private readonly link: PtyLink;
  private readonly model = new ReaderModel();
  private port: SerialPort | undefined;
  /** Aborted on unplug/stop so that replies in flight stop where a pulled cable would stop them. */
  private session = new AbortController();
  /** Replies go out one after another, as from a single UART. */
  private sending: Promise<void> = Promise.resolve();
  private lineBaudRate: number;
  private lastPlacedAt: number | undefined;
  private stopped = false;

  constructor(private readonly options: IdCardEmulatorOptions) {
    super();
    this.lineBaudRate = options.baudRate;
    this.link = new PtyLink({
      dir: options.dir,
      name: options.name ?? 'idcard',
      ...(options.logger && { logger: options.logger }),
    });
  }

  get hostPath(): string {
    return this.link.hostPath;
  }

  get currentCardId(): string | undefined {
    return this.model.card?.id;
  }

  get currentFault(): ReaderFaultInjection | null {
    return this.model.currentFault;
  }

  get baudRate(): number {
    return this.lineBaudRate;
  }

  get plugged(): boolean {
    return this.port !== undefined;
  }

  get placedAt(): number | undefined {
    return this.lastPlacedAt;
  }

  deck(): readonly IdCardEmulatorDeckEntry[] {
    return deckEntries(new Date());
  }

  placeCard(id: string): void {
    const card: DeckCard | undefined = findDeckCard(id);
    if (!card) throw new RangeError(`No card "${id}" in the emulator's deck`);
    this.model.placeCard(card);
    this.lastPlacedAt = nowEpochMs();
    this.options.logger?.info('idcard-emulator.placed', { cardId: id, kind: card.fields.kind });
    this.emit('placed', id, this.lastPlacedAt);
  }

  removeCard(): void {
    if (!this.model.card) return;
    this.model.removeCard();
    this.options.logger?.info('idcard-emulator.removed');
    this.emit('removed', nowEpochMs());
  }

  setFault(fault: ReaderFaultInjection | null): void {
    if (fault !== null && !READER_FAULT_INJECTIONS.includes(fault))
      throw new RangeError(`Unknown fault "${String(fault)}"`);
    this.model.setFault(fault);
    this.options.logger?.info('idcard-emulator.fault', { fault });
    this.emit('fault', fault);
  }

  faults(): readonly ReaderFaultInjection[] {
    return READER_FAULT_INJECTIONS;
  }

  setBaudRate(baudRate: number): void {
    if (!SUPPORTED_BAUD_RATES.includes(baudRate)) {
      throw new RangeError(`A reader runs at ${SUPPORTED_BAUD_RATES.join(', ')} baud, not ${baudRate}`);
    }
    this.lineBaudRate = baudRate;
  }

  async plugIn(): Promise<void> {
    await this.link.plug();
    const port = new SerialPort({ path: this.link.devicePath, baudRate: this.lineBaudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on('error', (error: Error) =>
      this.options.logger?.warn('idcard-emulator.port-error', { reason: error.message }),
    );
    port.on('data', (chunk: Buffer) => this.onCommandBytes(chunk, nowEpochMs()));
    // The relay (socat or python3) may die on its own (killed, crashed): then the cable is out, and replug() must work.
    port.on('close', () => {
      if (this.port !== port) return;
      this.port = undefined;
      this.session.abort();
      void this.link.unplug().then(() => this.emit('unplugged'));
    });
    this.session = new AbortController();
    this.model.resetLine();
    this.port = port;
    this.emit('plugged');
  }

  async unplug(): Promise<void> {
    const port = this.port;
    if (!port) return;
    this.port = undefined;
    this.session.abort();
    await this.sending;
    port.removeAllListeners('data');
    port.removeAllListeners('close');
    await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
    await this.link.unplug();
    this.options.logger?.info('idcard-emulator.unplugged');
    this.emit('unplugged');
  }

  async replug(): Promise<void> {
    if (this.stopped || this.port) return;
    await this.plugIn();
    this.options.logger?.info('idcard-emulator.replugged');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.unplug();
    await this.link.unplug();
  }

  private onCommandBytes(chunk: Buffer, arrivedAt: number): void {
    for (const { frameLength, reply } of this.model.receive(chunk)) {
      if (!reply) continue;
      // On a wire the command's last byte lands a frame's travel time after its first: answer no sooner.
      const earliest = arrivedAt + wireTimeMs(frameLength, this.lineBaudRate) + reply.extraDelayMs;
      this.sending = this.sending.then(() => this.send(reply, earliest));
    }
  }

  private async send(reply: ReplyPlan, earliestEpochMs: number): Promise<void> {
    const port = this.port;
    const signal = this.session.signal;
    if (!port || signal.aborted) return;
    this.emit('command', reply.summary);
    try {
      await sendAtWireSpeed(port, reply.bytes, this.lineBaudRate, earliestEpochMs, signal);
    } catch {
      return; // unplugged mid-reply: the host sees a truncated frame, as with a real cable
    }
    if (reply.switchBaudRateTo !== undefined) this.lineBaudRate = reply.switchBaudRateTo;
  }
}

const SLICE_MS = 1.5;

/** Resolves at `dueEpochMs`: a timer for the bulk of the wait (timers are millisecond-grained and may run
 *  late), then yielding turns of the event loop for the last millisecond. */
async function waitUntil(dueEpochMs: number, signal: AbortSignal): Promise<void> {
  const coarse = dueEpochMs - nowEpochMs() - 1;
  if (coarse > 0) await delay(coarse, signal);
  while (!signal.aborted && nowEpochMs() < dueEpochMs) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Sends as a UART would: byte n leaves when the line has had time for n bytes since `startEpochMs`.
 * Unlike writePaced, the clock starts at a given moment (the end of the command's own wire time), and the
 * last slice is timed precisely, because a host waiting for the frame's last byte sees any lateness.
 */
async function sendAtWireSpeed(
  port: SerialPort,
  bytes: Uint8Array,
  baudRate: number,
  startEpochMs: number,
  signal: AbortSignal,
): Promise<void> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sliceBytes = Math.max(1, bytesAllowedAt(SLICE_MS, baudRate));
  let sent = 0;
  while (sent < view.length) {
    if (signal.aborted) throw new Error('unplugged');
    const allowed = Math.min(view.length, bytesAllowedAt(nowEpochMs() - startEpochMs, baudRate));
    if (allowed > sent) {
      port.write(view.subarray(sent, allowed));
      sent = allowed;
      continue;
    }
    const nextCount = Math.min(view.length, sent + sliceBytes);
    const due = startEpochMs + wireTimeMs(nextCount, baudRate);
    if (nextCount === view.length) await waitUntil(due, signal);
    else await delay(due - nowEpochMs(), signal);
  }
  await new Promise<void>((resolve) => port.drain(() => resolve()));
}

/** Plugs a pseudo-terminal pair and starts answering on it. */
export async function startIdCardEmulator(options: IdCardEmulatorOptions): Promise<IdCardEmulator> {
  const emulator = new PtyIdCardEmulator(options);
  emulator.setBaudRate(options.baudRate);
  await emulator.plugIn();
  return emulator;
}

export {
  READER_FAULT_INJECTIONS,
  READER_FAULT_INJECTION_DESCRIPTIONS,
  type ReaderFaultInjection,
} from './reader-model.ts';
export { DECK, deckEntries, type DeckCard } from './deck.ts';
