// The ID card reader as the kiosk uses it: the driver's events become a session and screen events.
// The full card (with the unmasked number) stays here, in main; the screen gets a CardView.
import type { DeviceHealth } from '../../common/health.ts';
import type { CardView } from '../../common/session.ts';
import { cardValidity, maskIdNumber, type IdCard } from '../../domain/identity/index.ts';
import {
  IdCardReader,
  type CardRemoval,
  type CardTiming,
  type ReaderFault,
  type ReaderStatus,
} from '../../hardware/idcard/index.ts';
import type { PortLocator } from '../../hardware/serial/index.ts';
import type { Logger } from '../../common/log.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { HealthSource } from '../services/health.ts';
import type { SessionService } from '../services/session.ts';
import { DriverSlot, type ByteListener } from './driver-slot.ts';

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

export type { ByteListener } from './driver-slot.ts';

export class IdCardDevice implements HealthSource<DeviceHealth> {
  private readonly slot: DriverSlot<IdCardReader>;
  private card: IdCard | null = null;
  private claimer: ((card: IdCard) => boolean) | null = null;

  constructor(private readonly options: IdCardDeviceOptions) {
    this.slot = new DriverSlot(
      (locator, baudRate) => {
        const reader = new IdCardReader({
          locator,
          baudRate,
          pollIntervalMs: options.pollIntervalMs,
          logger: options.logger,
        });
        reader.on('card', (card: IdCard, timing: CardTiming) => this.onCard(card, timing));
        reader.on('removed', (removal: CardRemoval) => this.onRemoved(removal));
        reader.on('fault', (fault: ReaderFault) => this.onFault(fault));
        return reader;
      },
      options.locator,
      options.baudRate,
      options.logger,
    );
  }

  get reader(): IdCardReader {
    return this.slot.driver;
  }

  get portDescription(): string {
    return this.slot.portDescription;
  }

  get configuredLocator(): PortLocator {
    return this.slot.configuredLocator;
  }

  start(): void {
    this.slot.start();
  }

  stop(): Promise<void> {
    return this.slot.stop();
  }

  reconfigure(locator: PortLocator, baudRate: number): Promise<void> {
    return this.slot.reconfigure(locator, baudRate);
  }

  onBytes(listener: ByteListener): () => void {
    return this.slot.onBytes(listener);
  }

  onChange(listener: () => void): () => void {
    return this.slot.onChange(listener);
  }

  /** The card of the current session, for the services that need the full record (form prefill,
   *  pre-review). Never sent to the renderer. */
  currentCard(): IdCard | null {
    return this.options.session.current().id ? this.card : null;
  }

  /** The card lying on the reader now, whether or not a citizen session holds it (the staff desk's
   *  "use the card on the reader"): the session's card while it is still there, else a fresh read of
   *  whatever lies there, handed to the caller and not kept. null when the reader sees no card. */
  async cardOnReader(): Promise<IdCard | null> {
    if (!this.reader.status().cardPresent) return null;
    const held = this.currentCard();
    if (held) return held;
    const result = await this.reader.testRead();
    return result.ok ? result.card : null;
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

  /** A card the citizen flow is waiting for (the applicant's, after the agent's) joins the session
   *  in progress instead of starting a new one. */
  setCardClaimer(claimer: (card: IdCard) => boolean): void {
    this.claimer = claimer;
  }

  private onCard(card: IdCard, timing: CardTiming): void {
    const now = this.options.now?.() ?? new Date();
    if (this.claimer?.(card)) {
      this.options.logger.info('idcard.card-read', { kind: card.kind, claimed: true });
      return;
    }
    this.card = card;
    const view = cardView(card, now);
    this.options.session.beginWithCard(view);
    this.options.bus.emit('idcard:read', { card: view, readAt: performance.timeOrigin + performance.now() });
    // Logged after the screen has the card: the log write is synchronous and the person is waiting.
    this.options.logger.info('idcard.card-read', {
      kind: card.kind,
      checkDigitValid: card.checkDigitValid,
      ms: Math.round(timing.parsedAt - timing.placedDetectedAt),
    });
  }

  private onRemoved(removal: CardRemoval): void {
    // A lost reader is a device problem shown on the health line, not a card taken away.
    if (removal.reason !== 'taken-away') return;
    this.options.bus.emit('idcard:removed', { at: new Date().toISOString() });
  }

  private onFault(fault: ReaderFault): void {
    this.options.bus.emit('idcard:fault', { code: fault.code, key: `idcard.fault.${fault.code}` });
    this.slot.changed();
  }

  /** Forgets the card when its session ends, so nothing personal outlives the person at the kiosk. */
  forgetCard(): void {
    this.card = null;
  }
}
