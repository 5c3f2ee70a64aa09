// The kiosk's real printer device (driver slot, driver, serial port) talking to the printer emulator
// over a real pseudo-terminal. Free of the test runner, so bench/queue.ts measures the same set-up the
// paper tests check (tests take it through usePrinterRig in helpers.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../common/log.ts';
import {
  startPrinterEmulator,
  type PrinterEmulator,
  type PrinterEmulatorOptions,
} from '../../../hardware/emulators/printer/emulator.ts';
import { PrinterDevice } from '../../../main/devices/printer-device.ts';
import { waitForPort } from '../printer/helpers.ts';

export interface EmulatedPrinter {
  emulator: PrinterEmulator;
  printer: PrinterDevice;
  /** Stops the device, then the emulator, and removes the pty folder. */
  stop(): Promise<void>;
}

export async function startEmulatedPrinter(
  name: string,
  emulatorOptions: Partial<Omit<PrinterEmulatorOptions, 'dir' | 'baudRate'>> = {},
): Promise<EmulatedPrinter> {
  const baudRate = 115200;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const emulator = await startPrinterEmulator({ dir, baudRate, ...emulatorOptions });
  const printer = new PrinterDevice({
    locator: { path: emulator.hostPath },
    baudRate,
    emulated: true,
    logger: silentLogger,
  });
  printer.start();
  await waitForPort(printer.printer, 'open');
  return {
    emulator,
    printer,
    async stop() {
      await printer.stop();
      await emulator.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
