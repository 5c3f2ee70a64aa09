import { describe, expect, it } from 'vitest';
import { PortClosedError, PortTimeoutError, describePortError } from '../../../hardware/serial/index.ts';

const PATH = '/dev/ttyUSB0';

describe('describePortError', () => {
  // Messages exactly as @serialport/bindings-cpp and @serialport/stream produce them on Linux.
  it.each([
    [
      'Error: No such file or directory, cannot open /dev/ttyUSB0',
      'Port /dev/ttyUSB0 does not exist (unplugged?)',
    ],
    [
      'Error Resource temporarily unavailable Cannot lock port',
      'Port /dev/ttyUSB0 is in use by another program',
    ],
    [
      'Error: Permission denied, cannot open /dev/ttyUSB0',
      'No permission to open port /dev/ttyUSB0 (is the kiosk user a member of the "dialout" group?)',
    ],
    ['bad file descriptor', 'Port /dev/ttyUSB0 was disconnected (cable unplugged or device switched off?)'],
    ['EIO: i/o error, write', 'Port /dev/ttyUSB0 was disconnected (cable unplugged or device switched off?)'],
    [
      'First argument must be an int',
      'Port /dev/ttyUSB0 was disconnected (cable unplugged or device switched off?)',
    ],
    [
      'Error: Inappropriate ioctl for device, cannot get',
      'Port /dev/ttyUSB0 does not support this setting (it is not a hardware serial port)',
    ],
    [
      'Error: Invalid argument setting custom baud rate of 12345',
      'Port /dev/ttyUSB0 does not support the requested baud rate',
    ],
  ])('turns %j into a sentence', (raw, sentence) => {
    expect(describePortError(new Error(raw), PATH)).toBe(sentence);
  });

  it('recognises serialport’s DisconnectedError by its flag', () => {
    const disconnected = Object.assign(new Error('something odd'), { disconnected: true });
    expect(describePortError(disconnected, PATH)).toMatch(/was disconnected/);
  });

  it('keeps the original text of unknown errors after the port name', () => {
    expect(describePortError(new Error('Error: Frobnication failed'), PATH)).toBe(
      'Port /dev/ttyUSB0 failed: Frobnication failed',
    );
    expect(describePortError('weird', PATH)).toBe('Port /dev/ttyUSB0 failed: weird');
  });

  it('passes our own sentences through unchanged', () => {
    expect(
      describePortError(new PortTimeoutError('The printer device did not answer within 500 ms'), PATH),
    ).toBe('The printer device did not answer within 500 ms');
    expect(describePortError(new PortClosedError('The idcard port was stopped'), PATH)).toBe(
      'The idcard port was stopped',
    );
  });
});
