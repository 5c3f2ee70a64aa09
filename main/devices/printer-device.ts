import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../../common/health.ts';
import type { PrintDocument } from '../../hardware/printer/document.ts';
import { TicketPrinter, type PrintFailureCode, type PrintOutcome } from '../../hardware/printer/driver.ts';
import type { PrinterProblemCode } from '../../hardware/printer/status.ts';
import { describeLocator, type PortLocator } from '../../hardware/serial/index.ts';
import type { Logger } from '../log/logger.ts';
import type { HealthSource } from '../services/health.ts';
import type { ByteListener } from './idcard-device.ts';

const problemKeys: Record<PrinterProblemCode, { key: string; level: DeviceHealth['level'] }> = {
  'paper-out': { key: 'health.printer.paperOut', level: 'fault' },
  'cover-open': { key: 'health.printer.coverOpen', level: 'fault' },
  'cutter-jam': { key: 'health.printer.cutterJam', level: 'fault' },
  'mechanical-error': { key: 'health.printer.error', level: 'fault' },
  unrecoverable: { key: 'health.printer.error', level: 'fault' },
  recovering: { key: 'health.printer.error', level: 'warning' },
  offline: { key: 'health.printer.offline', level: 'fault' },
  'no-answer': { key: 'health.printer.unreachable', level: 'fault' },
  disconnected: { key: 'health.printer.unreachable', level: 'fault' },
  'garbled-reply': { key: 'health.printer.unreachable', level: 'fault' },
};

/** The i18n key of the sentence for a print that did not happen or did not finish. */
export function printFailureKey(code: PrintFailureCode): string {
  return code === 'unfinished' ? 'print.unfinished' : problemKeys[code].key;
}

/** The ticket printer as the kiosk uses it: one place that prints and says how the printer is. */
export class PrinterDevice implements HealthSource<DeviceHealth> {
  private current: TicketPrinter;
  private locator: PortLocator;
  private baudRate: number;
  private running = false;
  private readonly changes = new EventEmitter();
  private readonly byteListeners = new Set<ByteListener>();

  constructor(
    private readonly options: { locator: PortLocator; baudRate: number; emulated: boolean; logger: Logger },
  ) {
    this.locator = options.locator;
    this.baudRate = options.baudRate;
    this.current = this.build();
  }

  get printer(): TicketPrinter {
    return this.current;
  }

  /** Where the printer is looked for now, as a technician reads it (path or USB ids). */
  get portDescription(): string {
    return describeLocator(this.locator);
  }

  get configuredLocator(): PortLocator {
    return this.locator;
  }

  private build(): TicketPrinter {
    const printer = new TicketPrinter({
      locator: this.locator,
      baudRate: this.baudRate,
      logger: this.options.logger,
    });
    printer.on('status', () => this.changes.emit('change'));
    printer.serialPort.on('rx', (chunk: Buffer) => this.emitBytes('rx', chunk));
    printer.serialPort.on('tx', (chunk: Buffer) => this.emitBytes('tx', chunk));
    return printer;
  }

  start(): void {
    this.running = true;
    this.current.start();
  }

  stop(): Promise<void> {
    this.running = false;
    return this.current.stop();
  }

  /** Another port or speed without restarting the kiosk (see IdCardDevice.reconfigure). */
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
    this.options.logger.info('printer reconfigured', { port: describeLocator(locator), baudRate });
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

  async print(document: PrintDocument): Promise<PrintOutcome> {
    const outcome = await this.printer.print(document);
    this.changes.emit('change');
    if (!outcome.ok)
      this.options.logger.warn('print failed', { code: outcome.code, started: outcome.started });
    return outcome;
  }

  read(): DeviceHealth {
    const status = this.printer.status();
    const base = {
      id: 'printer' as const,
      port: status.path,
      baudRate: status.baudRate,
      emulated: this.options.emulated,
    };
    if (status.port === 'opening' && !status.lastError)
      return { ...base, level: 'connecting', key: 'health.printer.connecting' };
    if (status.problem) {
      const mapped = problemKeys[status.problem.code];
      return { ...base, level: mapped.level, key: mapped.key, detail: status.problem.message };
    }
    if (status.port !== 'open')
      return { ...base, level: 'fault', key: 'health.printer.unreachable', detail: status.lastError };
    if (!status.printer) return { ...base, level: 'connecting', key: 'health.printer.connecting' };
    if (status.printer.paperNearEnd) return { ...base, level: 'warning', key: 'health.printer.paperNearEnd' };
    return { ...base, level: 'ok', key: 'health.printer.ok' };
  }

  onChange(listener: () => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }
}
