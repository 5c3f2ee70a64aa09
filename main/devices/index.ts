// The kiosk's devices, real or emulated, built from configuration.
import type { DeviceHealth } from '../../common/health.ts';
import type { KioskConfig } from '../config/config.ts';
import type { DataFolder } from '../data-folder.ts';
import type { Logger } from '../../common/log.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { HealthSource } from '../services/health.ts';
import type { SessionService } from '../services/session.ts';
import { DevPanelService } from './dev-panel.ts';
import { startEmulatedDevices, type EmulatedDevices } from './emulated-devices.ts';
import { IdCardDevice } from './idcard-device.ts';
import { PrinterDevice } from './printer-device.ts';

export interface Devices {
  idcard: IdCardDevice | null;
  printer: PrinterDevice | null;
  emulated: EmulatedDevices | null;
  dev: DevPanelService;
  health: Array<HealthSource<DeviceHealth>>;
  stop(): Promise<void>;
}

/** A device that is enabled but has no port configured in real mode cannot be found: say so at start. */
function requirePort(name: string, port: { path?: string; usb?: unknown }): void {
  if (!port.path && !port.usb) {
    throw new Error(
      `hardware.${name}.port: no path or USB ids configured for the ${name} device (hardware.mode is "real").`,
    );
  }
}

export async function createDevices(options: {
  config: KioskConfig;
  folder: DataFolder;
  logger: Logger;
  bus: EventBus;
  session: SessionService;
}): Promise<Devices> {
  const { config, logger } = options;
  const hardware = config.hardware;
  const emulatedMode = hardware.mode === 'emulated';
  const emulated = emulatedMode
    ? await startEmulatedDevices({
        dir: options.folder.run,
        idcard: hardware.idcard,
        printer: hardware.printer,
        logger,
      })
    : null;
  if (!emulatedMode) {
    if (hardware.idcard.enabled) requirePort('idcard', hardware.idcard.port);
    if (hardware.printer.enabled) requirePort('printer', hardware.printer.port);
  }

  const idcard = hardware.idcard.enabled
    ? new IdCardDevice({
        locator: emulated?.idcard ? { path: emulated.idcard.hostPath } : hardware.idcard.port,
        baudRate: hardware.idcard.baudRate,
        pollIntervalMs: hardware.idcard.pollIntervalMs,
        emulated: emulatedMode,
        bus: options.bus,
        session: options.session,
        logger: logger.child('idcard'),
      })
    : null;
  const printer = hardware.printer.enabled
    ? new PrinterDevice({
        locator: emulated?.printer ? { path: emulated.printer.hostPath } : hardware.printer.port,
        baudRate: hardware.printer.baudRate,
        emulated: emulatedMode,
        logger: logger.child('printer'),
      })
    : null;
  idcard?.start();
  printer?.start();

  // Nothing personal outlives the session: when it ends, the full card is dropped.
  const stopForgetting = options.bus.on('session:changed', (view) => {
    if (!view.id) idcard?.forgetCard();
  });

  return {
    idcard,
    printer,
    emulated,
    dev: new DevPanelService(emulated, printer, options.bus, config.kioskId),
    health: [idcard, printer].filter((device): device is IdCardDevice | PrinterDevice => device !== null),
    async stop() {
      stopForgetting();
      await Promise.all([idcard?.stop(), printer?.stop()]);
      await emulated?.stop();
    },
  };
}
