// What the reader and the printer have in common as kiosk devices: one driver at a time on a port
// that a technician can change without a restart, a byte log for the maintenance screen, and a
// change signal for the health line. The devices add what is their own (card events, printing).
import { EventEmitter } from 'node:events';
import { describeLocator, type PortLocator } from '../../hardware/serial/index.ts';
import type { Logger } from '../../common/log.ts';

/** Bytes on a device's line, for the maintenance screen's byte log. */
export type ByteListener = (direction: 'rx' | 'tx', chunk: Buffer) => void;

/** The part of a driver (IdCardReader, TicketPrinter) the slot relies on. */
export interface SlotDriver extends EventEmitter {
  start(): void;
  stop(): Promise<void>;
  readonly serialPort: EventEmitter;
}

export class DriverSlot<D extends SlotDriver> {
  private current: D;
  private running = false;
  private readonly changes = new EventEmitter();
  private readonly byteListeners = new Set<ByteListener>();

  /** `create` builds a driver for a port and wires the device's own events to it. */
  constructor(
    private readonly create: (locator: PortLocator, baudRate: number) => D,
    private locator: PortLocator,
    private baudRate: number,
    private readonly logger: Logger,
  ) {
    this.current = this.attach(create(locator, baudRate));
  }

  get driver(): D {
    return this.current;
  }

  /** Where the device is looked for now, as a technician reads it (path or USB ids). */
  get portDescription(): string {
    return describeLocator(this.locator);
  }

  get configuredLocator(): PortLocator {
    return this.locator;
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
    old.serialPort.removeAllListeners('state');
    this.locator = locator;
    this.baudRate = baudRate;
    this.current = this.attach(this.create(locator, baudRate));
    this.logger.info('device.reconfigured', { port: describeLocator(locator), baudRate });
    if (wasRunning) this.current.start();
    this.changed();
  }

  onBytes(listener: ByteListener): () => void {
    this.byteListeners.add(listener);
    return () => this.byteListeners.delete(listener);
  }

  onChange(listener: () => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  changed(): void {
    this.changes.emit('change');
  }

  private attach(driver: D): D {
    driver.on('status', () => this.changed());
    driver.serialPort.on('state', () => this.changed());
    driver.serialPort.on('rx', (chunk: Buffer) => this.emitBytes('rx', chunk));
    driver.serialPort.on('tx', (chunk: Buffer) => this.emitBytes('tx', chunk));
    return driver;
  }

  private emitBytes(direction: 'rx' | 'tx', chunk: Buffer): void {
    for (const listener of this.byteListeners) listener(direction, chunk);
  }
}
