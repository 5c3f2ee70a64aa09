// The ID card reader as the kiosk uses it: the driver's events become a session and screen events.
// The full card (with the unmasked number) stays here, in main; the screen gets a CardView.
import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../../common/health.ts';
import type { CardView } from '../../common/session.ts';
import {
  cardValidity,
  IdCardReader,
  maskIdNumber,
  type CardRemoval,
  type CardTiming,
  type IdCard,
  type ReaderFault,
  type ReaderStatus,
} from '../../hardware/idcard/index.ts';
import { describeLocator, type PortLocator } from '../../hardware/serial/index.ts';
import type { Logger } from '../log/logger.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { HealthSource } from '../services/health.ts';
import type { SessionService } from '../services/session.ts';

export interface IdCardDeviceOptions {
  locator: PortLocator;
  baudRate: number;
  pollIntervalMs: number;
  emulated: boolean;
  bus: EventBus;
  session: SessionService;
  logger: Logger;
  now?: () => Date;
}

export function cardView(card: IdCard, now: Date): CardView {
  return {
    kind: card.kind,
    name: card.displayName,
    maskedIdNumber: maskIdNumber(card.idNumber),
    expired: cardValidity(card, now).expired,
  };
}

/** Bytes on the reader's line, for the maintenance screen's byte log. */
export type ByteListener = (direction: 'rx' | 'tx', chunk: Buffer) => void;

export class IdCardDevice implements HealthSource<DeviceHealth> {
  private current: IdCardReader;
  private locator: PortLocator;
  private baudRate: number;
  private running = false;
  private card: IdCard | null = null;
  private readonly changes = new EventEmitter();
  private readonly byteListeners = new Set<ByteListener>();

  constructor(private readonly options: IdCardDeviceOptions) {
    this.locator = options.locator;
    this.baudRate = options.baudRate;
    this.current = this.build();
  }

  get reader(): IdCardReader {
    return this.current;
  }

  /** Where the reader is looked for now, as a technician reads it (path or USB ids). */
  get portDescription(): string {
    return describeLocator(this.locator);
  }

  get configuredLocator(): PortLocator {
    return this.locator;
  }

  private build(): IdCardReader {
    const reader = new IdCardReader({
      locator: this.locator,
      baudRate: this.baudRate,
      pollIntervalMs: this.options.pollIntervalMs,
      logger: this.options.logger,
    });
    reader.on('card', (card: IdCard, timing: CardTiming) => this.onCard(card, timing));
    reader.on('removed', (removal: CardRemoval) => this.onRemoved(removal));
    reader.on('fault', (fault: ReaderFault) => this.onFault(fault));
    reader.on('status', () => this.changes.emit('change'));
    reader.serialPort.on('state', () => this.changes.emit('change'));
    reader.serialPort.on('rx', (chunk: Buffer) => this.emitBytes('rx', chunk));
    reader.serialPort.on('tx', (chunk: Buffer) => this.emitBytes('tx', chunk));
    return reader;
  }

  start(): void {
    this.running = true;
    this.current.start();
  }

  stop(): Promise<void> {
    this.running = false;
    return this.current.stop();
  }

  /** Another port or speed without restarting the kiosk: the old driver is stopped and a new one
   *  built, so nothing of the old connection (queued jobs, back-off) leaks into the new one. */
  async reconfigure(locator: PortLocator, baudRate: number): Promise<void> {
    const old = this.current;
    const wasRunning = this.running;
    await old.stop();
    old.removeAllListeners();
    old.serialPort.removeAllListeners('rx');
    old.serialPort.removeAllListeners('tx');
    this.locator = locator;
    this.baudRate = baudRate;
    this.current = this.build();
    this.options.logger.info('reader reconfigured', { port: describeLocator(locator), baudRate });
    if (wasRunning) this.current.start();
    this.changes.emit('change');
  }

  onBytes(listener: ByteListener): () => void {
    this.byteListeners.add(listener);
    return () => this.byteListeners.delete(listener);
  }

  private emitBytes(direction: 'rx' | 'tx', chunk: Buffer): void {
    for (const listener of this.byteListeners) listener(direction, chunk);
  }

  /** The card of the current session, for the services that need the full record (form prefill,
   *  pre-review). Never sent to the renderer. */
  currentCard(): IdCard | null {
    return this.options.session.current().id ? this.card : null;
  }

  status(): ReaderStatus {
    return this.reader.status();
  }

  read(): DeviceHealth {
    const status = this.reader.status();
    const base = {
      id: 'idcard' as const,
      port: status.path,
      baudRate: status.baudRate,
      emulated: this.options.emulated,
    };
    const detail = status.lastError;
    if (status.activeFaults.includes('sam-unauthorised') || status.activeFaults.includes('sam-fault')) {
      return { ...base, level: 'fault', key: 'health.idcard.samFault', detail };
    }
    if (status.portState === 'open' && !status.activeFaults.includes('device-unreachable')) {
      return { ...base, level: 'ok', key: 'health.idcard.ok' };
    }
    if (status.portState === 'opening' && !detail)
      return { ...base, level: 'connecting', key: 'health.idcard.connecting' };
    return { ...base, level: 'fault', key: 'health.idcard.unreachable', detail };
  }

  onChange(listener: () => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  private onCard(card: IdCard, timing: CardTiming): void {
    const now = this.options.now?.() ?? new Date();
    this.card = card;
    const view = cardView(card, now);
    this.options.logger.info('card read', {
      kind: card.kind,
      checkDigitValid: card.checkDigitValid,
      ms: Math.round(timing.parsedAt - timing.placedDetectedAt),
    });
    this.options.session.beginWithCard(view);
    this.options.bus.emit('idcard:read', { card: view, readAt: performance.timeOrigin + performance.now() });
  }

  private onRemoved(removal: CardRemoval): void {
    // A lost reader is a device problem shown on the health line, not a card taken away.
    if (removal.reason !== 'taken-away') return;
    this.options.bus.emit('idcard:removed', { at: new Date().toISOString() });
  }

  private onFault(fault: ReaderFault): void {
    this.options.bus.emit('idcard:fault', { code: fault.code, key: `idcard.fault.${fault.code}` });
    this.changes.emit('change');
  }

  /** Forgets the card when its session ends, so nothing personal outlives the person at the kiosk. */
  forgetCard(): void {
    this.card = null;
  }
}
