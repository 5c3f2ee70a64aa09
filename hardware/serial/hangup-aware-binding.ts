import { read } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';

type DetectedBinding = typeof SerialPort.binding;
type OpenedPort = Awaited<ReturnType<DetectedBinding['open']>>;

/** The parts of bindings-cpp's Linux/Darwin port binding that a read needs (public fields in its typings). */
interface UnixPortBinding {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
}

const readAsync = promisify(read);

function isUnixPortBinding(port: unknown): port is UnixPortBinding {
  return typeof port === 'object' && port !== null && 'fd' in port && 'poller' in port;
}

function waitReadable(port: UnixPortBinding): Promise<void> {
  return new Promise((resolve, reject) => {
    port.poller.once('readable', (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Like bindings-cpp's unixRead, except that a read of zero bytes ends the connection. A tty returns end
 * of file once it has hung up (USB adapter pulled, pty peer gone); bindings-cpp 13 retries such reads
 * forever (serialport/bindings-cpp#162), which spins a CPU core and never reports the unplug.
 */
async function readUntilDataOrHangup(
  port: UnixPortBinding,
  buffer: Buffer,
  offset: number,
  length: number,
): Promise<{ bytesRead: number; buffer: Buffer }> {
  for (;;) {
    if (!port.isOpen || port.fd === null) {
      throw Object.assign(new Error('Port is not open'), { canceled: true });
    }
    let bytesRead: number;
    try {
      ({ bytesRead } = await readAsync(port.fd, buffer, offset, length, null));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') {
        // The port may have been closed while the read was in the thread pool; its poller is destroyed
        // then, and polling a destroyed poller crashes the process.
        if (!port.isOpen) throw Object.assign(new Error('Port is not open'), { canceled: true });
        await waitReadable(port);
        continue;
      }
      throw error;
    }
    if (bytesRead === 0)
      throw Object.assign(new Error('Input/output error: the device hung up'), { disconnect: true });
    return { bytesRead, buffer };
  }
}

function withHangupDetection(opened: OpenedPort): OpenedPort {
  const port: unknown = opened;
  if (!isUnixPortBinding(port)) return opened; // Windows reports removal as an error already.
  opened.read = async (buffer: Buffer, offset: number, length: number) => {
    if (buffer.length < offset + length) throw new Error('buffer is too small');
    return readUntilDataOrHangup(port, buffer, offset, length);
  };
  return opened;
}

/** serialport's own binding for this platform, with end-of-file on a tty reported as a disconnect. */
export const hangupAwareBinding: DetectedBinding = {
  ...SerialPort.binding,
  list: () => SerialPort.binding.list(),
  open: async (options: Parameters<DetectedBinding['open']>[0]) =>
    withHangupDetection(await SerialPort.binding.open(options)),
} as DetectedBinding;

/** A SerialPort (not yet open) that reports a hang-up as a 'close' with a disconnect error. */
export function createSerialPort(path: string, baudRate: number): SerialPort {
  const options = { path, baudRate, autoOpen: false, binding: hangupAwareBinding };
  return new SerialPort(options as ConstructorParameters<typeof SerialPort>[0]);
}
