import type { DeviceHealth } from '../../common/health.ts';
import type { PrintDocument } from '../../hardware/printer/document.ts';
import { TicketPrinter, type PrintFailureCode, type PrintOutcome } from '../../hardware/printer/driver.ts';
import type { PrinterProblemCode } from '../../hardware/printer/status.ts';
import type { PortLocator } from '../../hardware/serial/index.ts';
import type { Logger } from '../../common/log.ts';
import type { HealthSource } from '../services/health.ts';
import { DriverSlot, type ByteListener } from './driver-slot.ts';

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
  if (code === 'unfinished') return 'print.unfinished';
  // A slip cut short mid-page (paper out) is not "缺纸" to the person holding half of it: they are
  // told it is kept and reprinted, and whether staff have been called.
  if (code === 'cut-short') return 'print.cutShort';
  if (code === 'cut-short-staff-called') return 'print.cutShortStaffCalled';
  return problemKeys[code].key;
}

/** The ticket printer as the kiosk uses it: one place that prints and says how the printer is. */
export class PrinterDevice implements HealthSource<DeviceHealth> {
  private readonly slot: DriverSlot<TicketPrinter>;

  constructor(
    private readonly options: { locator: PortLocator; baudRate: number; emulated: boolean; logger: Logger },
  ) {
    this.slot = new DriverSlot(
      (locator, baudRate) => new TicketPrinter({ locator, baudRate, logger: options.logger }),
      options.locator,
      options.baudRate,
      options.logger,
    );
  }

  get printer(): TicketPrinter {
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

  async print(document: PrintDocument): Promise<PrintOutcome> {
    const outcome = await this.printer.print(document);
    this.slot.changed();
    if (!outcome.ok)
      this.options.logger.warn('printer.print-failed', { code: outcome.code, started: outcome.started });
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
}
