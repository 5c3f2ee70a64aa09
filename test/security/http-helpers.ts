// Raw HTTP for the security tests: exactly the bytes given, on a fresh socket, whatever Node's
// own client would refuse to send (bad escapes, NUL bytes, broken headers, garbage).
import net from 'node:net';

export interface RawReply {
  /** The status code, or undefined when the server closed without answering. */
  status?: number;
  raw: string;
}

export function rawRequest(port: number, bytes: Buffer | string, timeoutMs = 3000): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
      resolve({ status: match ? Number(match[1]) : undefined, raw });
    };
    socket.setTimeout(timeoutMs, done);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // One reply is all we wait for: the end of its head is enough to know the status.
      if (Buffer.concat(chunks).includes('\r\n\r\n')) setTimeout(done, 5);
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}

export function get(port: number, target: string, headers: Record<string, string> = {}): Promise<RawReply> {
  const lines = [`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return rawRequest(port, `${lines.join('\r\n')}\r\n\r\n`);
}

/** True while the process answers a plain request for its page. */
export async function alive(port: number): Promise<boolean> {
  const reply = await get(port, '/');
  return reply.status === 200;
}
