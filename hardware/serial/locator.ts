import { SerialPort } from 'serialport';

/** Hex ids as serialport reports them ("1a86", "7523"); compared case-insensitively. */
export interface UsbMatch {
  vendorId: string;
  productId: string;
  serialNumber?: string;
}

/** Where to find a device: a fixed path, or a USB adapter by its ids. `path` wins when both are given. */
export interface PortLocator {
  path?: string;
  usb?: UsbMatch;
}

/** One entry of the OS port enumeration, as serialport's `SerialPort.list()` returns it. */
export interface PortListing {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  pnpId?: string | undefined;
}

export type ListPorts = () => Promise<PortListing[]>;

export interface SerialPortSummary {
  path: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  manufacturer?: string;
  /** Stable Linux name under /dev/serial/by-id, which survives re-enumeration as ttyUSB0/ttyUSB1. */
  byId?: string;
}

export type LocateResult =
  { found: true; path: string; matchingPorts: number } | { found: false; reason: string };

const listWithSerialport: ListPorts = () => SerialPort.list();

// Windows drivers report "1A86", some tools "0x1a86"; Linux reports "1a86".
function normalizeUsbId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const bare = id.trim().toLowerCase().replace(/^0x/, '');
  return bare.padStart(4, '0');
}

export function describeLocator(locator: PortLocator): string {
  if (locator.path !== undefined) return locator.path;
  if (locator.usb) {
    const { vendorId, productId, serialNumber } = locator.usb;
    const serial = serialNumber === undefined ? '' : ` with serial number ${serialNumber}`;
    return `USB device ${normalizeUsbId(vendorId)}:${normalizeUsbId(productId)}${serial}`;
  }
  return 'an unconfigured port';
}

export function matchesUsb(port: PortListing, usb: UsbMatch): boolean {
  if (normalizeUsbId(port.vendorId) !== normalizeUsbId(usb.vendorId)) return false;
  if (normalizeUsbId(port.productId) !== normalizeUsbId(usb.productId)) return false;
  if (usb.serialNumber !== undefined && port.serialNumber?.trim() !== usb.serialNumber.trim()) return false;
  return true;
}

/**
 * Resolves a locator to the path to open now. USB locators are resolved again at every open attempt,
 * because an adapter that is plugged back may come back under a different ttyUSBn name.
 */
export async function locatePort(
  locator: PortLocator,
  listPorts: ListPorts = listWithSerialport,
): Promise<LocateResult> {
  if (locator.path !== undefined) return { found: true, path: locator.path, matchingPorts: 1 };
  const usb = locator.usb;
  if (!usb) return { found: false, reason: 'No serial port is configured (neither a path nor USB ids)' };
  let ports: PortListing[];
  try {
    ports = await listPorts();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { found: false, reason: `Could not list the serial ports of this computer: ${detail}` };
  }
  // Sorted so that the choice among identical adapters without serial numbers is at least stable.
  const matching = ports.filter((port) => matchesUsb(port, usb)).sort((a, b) => a.path.localeCompare(b.path));
  const first = matching[0];
  if (!first) return { found: false, reason: `${describeLocator(locator)} is not connected` };
  return { found: true, path: first.path, matchingPorts: matching.length };
}

function byIdPath(port: PortListing): string | undefined {
  if (process.platform !== 'linux' || !port.pnpId || port.pnpId.includes('\\')) return undefined;
  return `/dev/serial/by-id/${port.pnpId}`;
}

/** Lists serial ports with USB ids (serialport's SerialPort.list()), for the maintenance screen. */
export async function listSerialPorts(
  listPorts: ListPorts = listWithSerialport,
): Promise<SerialPortSummary[]> {
  const ports = await listPorts();
  return ports.map((port) => {
    const summary: SerialPortSummary = { path: port.path };
    if (port.vendorId !== undefined) summary.vendorId = port.vendorId;
    if (port.productId !== undefined) summary.productId = port.productId;
    if (port.serialNumber !== undefined) summary.serialNumber = port.serialNumber;
    if (port.manufacturer !== undefined) summary.manufacturer = port.manufacturer;
    const byId = byIdPath(port);
    if (byId !== undefined) summary.byId = byId;
    return summary;
  });
}
