export { createSerialPort, hangupAwareBinding } from './hangup-aware-binding.ts';
export { PortClosedError, PortTimeoutError, describePortError } from './errors.ts';
export {
  describeLocator,
  listSerialPorts,
  locatePort,
  matchesUsb,
  type ListPorts,
  type LocateResult,
  type PortListing,
  type PortLocator,
  type SerialPortSummary,
  type UsbMatch,
} from './locator.ts';
export { bytesAllowedAt, wireTimeMs, writePaced, type PacedWritable } from './pacing.ts';
export { PtyLink, ptyBackend, type PtyBackend, type PtyLinkOptions } from './pty-link.ts';
export {
  DEFAULT_BACKOFF,
  SupervisedPort,
  backoffDelayMs,
  type BackoffOptions,
  type HeartbeatOptions,
  type PortIo,
  type PortState,
  type SupervisedPortOptions,
} from './supervised-port.ts';
