// With `hardware.mode = emulated`, the kiosk starts its own reader and printer emulators on
// pseudo-terminal pairs under the data folder's run/ and opens their host ends like real ttys.
import { startIdCardEmulator, type IdCardEmulator } from '../../hardware/emulators/idcard/emulator.ts';
import { startPrinterEmulator, type PrinterEmulator } from '../../hardware/emulators/printer/emulator.ts';
import type { Logger } from '../../common/log.ts';

export interface EmulatedDevices {
  idcard: IdCardEmulator | null;
  printer: PrinterEmulator | null;
  stop(): Promise<void>;
}

export async function startEmulatedDevices(options: {
  dir: string;
  idcard: { enabled: boolean; baudRate: number };
  printer: { enabled: boolean; baudRate: number };
  logger: Logger;
}): Promise<EmulatedDevices> {
  const idcard = options.idcard.enabled
    ? await startIdCardEmulator({
        dir: options.dir,
        baudRate: options.idcard.baudRate,
        logger: options.logger.child('idcard-emulator'),
      })
    : null;
  const printer = options.printer.enabled
    ? await startPrinterEmulator({
        dir: options.dir,
        baudRate: options.printer.baudRate,
        logger: options.logger.child('printer-emulator'),
      })
    : null;
  return {
    idcard,
    printer,
    async stop() {
      await Promise.all([idcard?.stop(), printer?.stop()]);
    },
  };
}
