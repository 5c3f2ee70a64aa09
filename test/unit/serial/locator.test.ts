import { describe, expect, it } from 'vitest';
import {
  describeLocator,
  listSerialPorts,
  locatePort,
  matchesUsb,
  type PortListing,
} from '../../../hardware/serial/index.ts';

// Shaped like SerialPort.list() output on Linux (lower-case hex) and Windows (upper-case hex).
const PORTS: PortListing[] = [
  { path: '/dev/ttyS0' },
  {
    path: '/dev/ttyUSB1',
    vendorId: '1a86',
    productId: '7523',
    serialNumber: undefined,
    manufacturer: '1a86',
    pnpId: 'usb-1a86_USB2.0-Serial-if00-port0',
  },
  {
    path: '/dev/ttyUSB0',
    vendorId: '0403',
    productId: '6001',
    serialNumber: 'A50285BI',
    manufacturer: 'FTDI',
    pnpId: 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0',
  },
  {
    path: 'COM7',
    vendorId: '0403',
    productId: '6001',
    serialNumber: 'B7777777',
    pnpId: 'FTDIBUS\\VID_0403+PID_6001',
  },
];
const listPorts = async (): Promise<PortListing[]> => PORTS;

describe('matchesUsb', () => {
  it('compares hex ids case-insensitively and ignores a 0x prefix', () => {
    const ch340 = PORTS[1]!;
    expect(matchesUsb(ch340, { vendorId: '1A86', productId: '7523' })).toBe(true);
    expect(matchesUsb(ch340, { vendorId: '0x1a86', productId: '0X7523' })).toBe(true);
    expect(matchesUsb(ch340, { vendorId: '1a86', productId: '7524' })).toBe(false);
    expect(matchesUsb(PORTS[0]!, { vendorId: '1a86', productId: '7523' })).toBe(false);
  });

  it('treats leading zeros as insignificant', () => {
    expect(matchesUsb(PORTS[2]!, { vendorId: '403', productId: '6001' })).toBe(true);
  });

  it('requires the serial number when one is given', () => {
    const ftdi = PORTS[2]!;
    expect(matchesUsb(ftdi, { vendorId: '0403', productId: '6001', serialNumber: 'A50285BI' })).toBe(true);
    expect(matchesUsb(ftdi, { vendorId: '0403', productId: '6001', serialNumber: 'B7777777' })).toBe(false);
    expect(matchesUsb(PORTS[1]!, { vendorId: '1a86', productId: '7523', serialNumber: 'X' })).toBe(false);
  });
});

describe('locatePort', () => {
  it('uses the path as given when there is one, even next to USB ids', async () => {
    const unlisted = async (): Promise<PortListing[]> => {
      throw new Error('must not enumerate');
    };
    const result = await locatePort(
      { path: '/dev/ttyACM3', usb: { vendorId: '1a86', productId: '7523' } },
      unlisted,
    );
    expect(result).toEqual({ found: true, path: '/dev/ttyACM3', matchingPorts: 1 });
  });

  it('finds a USB adapter by vendor and product id', async () => {
    expect(await locatePort({ usb: { vendorId: '1a86', productId: '7523' } }, listPorts)).toEqual({
      found: true,
      path: '/dev/ttyUSB1',
      matchingPorts: 1,
    });
  });

  it('tells identical adapters apart by serial number', async () => {
    const result = await locatePort(
      { usb: { vendorId: '0403', productId: '6001', serialNumber: 'B7777777' } },
      listPorts,
    );
    expect(result).toEqual({ found: true, path: 'COM7', matchingPorts: 1 });
  });

  it('picks the same port every time when several match, and says how many did', async () => {
    const shuffled = async (): Promise<PortListing[]> => [...PORTS].reverse();
    const result = await locatePort({ usb: { vendorId: '0403', productId: '6001' } }, shuffled);
    expect(result).toEqual({ found: true, path: '/dev/ttyUSB0', matchingPorts: 2 });
  });

  it('explains in a sentence when the adapter is not connected', async () => {
    const result = await locatePort(
      { usb: { vendorId: '067b', productId: '2303', serialNumber: 'Z1' } },
      listPorts,
    );
    expect(result).toEqual({
      found: false,
      reason: 'USB device 067b:2303 with serial number Z1 is not connected',
    });
  });

  it('explains when the ports cannot be listed, or nothing is configured', async () => {
    const broken = async (): Promise<PortListing[]> => {
      throw new Error('udev unavailable');
    };
    expect(await locatePort({ usb: { vendorId: '1a86', productId: '7523' } }, broken)).toEqual({
      found: false,
      reason: 'Could not list the serial ports of this computer: udev unavailable',
    });
    expect(await locatePort({}, listPorts)).toEqual({
      found: false,
      reason: 'No serial port is configured (neither a path nor USB ids)',
    });
  });

  it('re-reads the enumeration on every call, so a re-plugged adapter is found under its new name', async () => {
    let current: PortListing[] = [{ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' }];
    const changing = async (): Promise<PortListing[]> => current;
    const locator = { usb: { vendorId: '1a86', productId: '7523' } };
    expect(await locatePort(locator, changing)).toMatchObject({ path: '/dev/ttyUSB0' });
    current = [];
    expect(await locatePort(locator, changing)).toMatchObject({ found: false });
    current = [{ path: '/dev/ttyUSB1', vendorId: '1a86', productId: '7523' }];
    expect(await locatePort(locator, changing)).toMatchObject({ path: '/dev/ttyUSB1' });
  });
});

describe('describeLocator', () => {
  it('names a port the way a technician reads it', () => {
    expect(describeLocator({ path: '/dev/ttyUSB0' })).toBe('/dev/ttyUSB0');
    expect(describeLocator({ usb: { vendorId: '1A86', productId: '7523' } })).toBe('USB device 1a86:7523');
  });
});

describe('listSerialPorts', () => {
  it('keeps USB details and adds the stable by-id path on Linux', async () => {
    const ports = await listSerialPorts(listPorts);
    expect(ports[0]).toEqual({ path: '/dev/ttyS0' });
    expect(ports[2]).toMatchObject({
      path: '/dev/ttyUSB0',
      vendorId: '0403',
      productId: '6001',
      serialNumber: 'A50285BI',
    });
    if (process.platform === 'linux') {
      expect(ports[2]?.byId).toBe('/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0');
    }
    expect(ports[3]?.byId).toBeUndefined();
  });

  it('lists the real ports of this machine through serialport', async () => {
    const ports = await listSerialPorts();
    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) expect(typeof port.path).toBe('string');
  });
});
