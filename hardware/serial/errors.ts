import { AppError } from '../../common/errors.ts';
/** A job, a read or a heartbeat probe took longer than its time limit. */
export class PortTimeoutError extends AppError {
  override name = 'PortTimeoutError';
}

/** The port is not open, or closed (unplugged, stopped, reconnecting) while the operation was under way. */
export class PortClosedError extends AppError {
  override name = 'PortClosedError';
}

interface ErrorRule {
  matches: RegExp;
  sentence: (path: string) => string;
}

// serialport reports failures as "Error: <strerror>, cannot open <path>" and similar; a technician at the
// kiosk needs to know what to do, so each known cause becomes a sentence naming the port.
const ERROR_RULES: ErrorRule[] = [
  {
    matches: /No such file or directory|ENOENT/i,
    sentence: (path) => `Port ${path} does not exist (unplugged?)`,
  },
  {
    matches: /Cannot lock port|Resource temporarily unavailable|Device or resource busy|EBUSY|EAGAIN/i,
    sentence: (path) => `Port ${path} is in use by another program`,
  },
  {
    matches: /Permission denied|EACCES|Access is denied/i,
    sentence: (path) =>
      `No permission to open port ${path} (is the kiosk user a member of the "dialout" group?)`,
  },
  {
    // "First argument must be an int": the native binding asked to read or write on the descriptor it
    // has just dropped after a hangup, i.e. the device went away mid-operation.
    matches:
      /bad file descriptor|Input\/output error|EIO|EBADF|disconnected|No such device|ENXIO|ENODEV|First argument must be an int/i,
    sentence: (path) => `Port ${path} was disconnected (cable unplugged or device switched off?)`,
  },
  {
    matches: /Inappropriate ioctl|ENOTTY/i,
    sentence: (path) => `Port ${path} does not support this setting (it is not a hardware serial port)`,
  },
  {
    matches: /baud rate/i,
    sentence: (path) => `Port ${path} does not support the requested baud rate`,
  },
];

/**
 * Turns an error from serialport or the OS into a plain English sentence for the maintenance screen and
 * logs. Unknown errors keep their original text after the port name, so nothing is lost for support.
 */
export function describePortError(error: unknown, path: string): string {
  if (error instanceof PortTimeoutError || error instanceof PortClosedError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const disconnected = typeof error === 'object' && error !== null && 'disconnected' in error;
  if (disconnected) return `Port ${path} was disconnected (cable unplugged or device switched off?)`;
  const rule = ERROR_RULES.find((candidate) => candidate.matches.test(message));
  if (rule) return rule.sentence(path);
  const detail = message.replace(/^Error:?\s*/i, '').trim();
  return `Port ${path} failed: ${detail || 'unknown error'}`;
}
