// A WebSocket client on a bare socket, for the fuzzers: it writes any frame, valid or not (bad
// opcodes, lying lengths, unmasked, fragmented), and it can simply never read what comes back.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';

export interface FrameOptions {
  fin?: boolean;
  /** RSV bits (0-7): anything but 0 is a protocol error without an extension. */
  rsv?: number;
  masked?: boolean;
  /** Claim this payload length in the header, whatever follows. */
  claimedLength?: bigint;
}

export function frame(opcode: number, payload: Buffer | string, options: FrameOptions = {}): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const length = options.claimedLength ?? BigInt(body.length);
  const masked = options.masked ?? true;
  const head: number[] = [((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (opcode & 0x0f)];
  let extended = Buffer.alloc(0);
  if (length < 126n) head.push((masked ? 0x80 : 0) | Number(length));
  else if (length < 65536n) {
    head.push((masked ? 0x80 : 0) | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(Number(length));
  } else {
    head.push((masked ? 0x80 : 0) | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(length & 0xffffffffffffffffn);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), extended, body]);
  const key = randomBytes(4);
  const out = Buffer.from(body);
  for (let i = 0; i < out.length; i++) out[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), extended, key, out]);
}

/** Opens /api with the launch secret and our own origin; resolves once the upgrade is accepted. */
export function openRawSocket(port: number, token: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const key = randomBytes(16).toString('base64');
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = head.subarray(0, end).toString('latin1');
      if (!status.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        reject(new Error(`upgrade refused: ${status.split('\r\n')[0]}`));
        return;
      }
      // Whatever arrived after the head is the server's first frames: give it back.
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(
      [
        `GET /api?token=${encodeURIComponent(token)} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        `Origin: http://127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}

/** Resident memory of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}
