import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startPrinterEmulator,
  type PrinterEmulator,
  type PrinterEmulatorOptions,
} from '../../../hardware/emulators/printer/emulator.ts';
import type { Receipt } from '../../../hardware/emulators/printer/receipt-model.ts';
import { TicketPrinter, type TicketPrinterOptions } from '../../../hardware/printer/driver.ts';
import type { PortState } from '../../../hardware/serial/index.ts';

export interface PrinterRig {
  emulator: PrinterEmulator;
  printer: TicketPrinter;
  cleanup: () => Promise<void>;
}

export function waitForPort(printer: TicketPrinter, state: PortState, timeoutMs = 5000): Promise<void> {
  if (printer.status().port === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      printer.serialPort.off('state', onState);
      reject(new Error(`printer port stayed ${printer.status().port}, wanted ${state}`));
    }, timeoutMs);
    const onState = (next: PortState): void => {
      if (next !== state) return;
      clearTimeout(timer);
      printer.serialPort.off('state', onState);
      resolve();
    };
    printer.serialPort.on('state', onState);
  });
}

export function nextReceipt(emulator: PrinterEmulator, timeoutMs = 5000): Promise<Receipt> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no receipt came out')), timeoutMs);
    emulator.once('receipt', (receipt: Receipt) => {
      clearTimeout(timer);
      resolve(receipt);
    });
  });
}

export async function makePrinterRig(
  baudRate: number,
  options: Partial<TicketPrinterOptions> = {},
  emulatorOptions: Partial<PrinterEmulatorOptions> = {},
): Promise<PrinterRig> {
  const dir = mkdtempSync(join(tmpdir(), 'printer-test-'));
  const emulator = await startPrinterEmulator({ dir, baudRate, ...emulatorOptions });
  const printer = new TicketPrinter({
    locator: { path: emulator.hostPath },
    baudRate,
    heartbeatMs: 0,
    ...options,
  });
  printer.start();
  await waitForPort(printer, 'open');
  return {
    emulator,
    printer,
    cleanup: async () => {
      await printer.stop();
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
