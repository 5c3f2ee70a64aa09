// A fault-injecting HTTP proxy between kiosk and central, on loopback: cuts requests half-way,
// drops answers after the server applied them, cuts answers half-way, answers 500 or 429 itself,
// or replaces a real (applied) answer with a 500.
import http from 'node:http';
import type net from 'node:net';

export const faultKinds = [
  'cut-request',
  'drop-response',
  'cut-response',
  'http-500',
  'http-429',
  'http-500-after-apply',
] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultProxyOptions {
  upstreamPort: number;
  faultRate: number;
  random?: () => number;
}

export class FaultProxy {
  readonly counts: Record<FaultKind | 'passed' | 'upstream-down', number> = {
    'cut-request': 0,
    'drop-response': 0,
    'cut-response': 0,
    'http-500': 0,
    'http-429': 0,
    'http-500-after-apply': 0,
    passed: 0,
    'upstream-down': 0,
  };
  faultRate: number;
  /** Requests forwarded to the server and not yet answered, by kiosk id. */
  readonly inFlight = new Map<string, number>();
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly random: () => number;

  constructor(private readonly options: FaultProxyOptions) {
    this.faultRate = options.faultRate;
    this.random = options.random ?? Math.random;
    this.server = http.createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  faults(): number {
    return faultKinds.reduce((sum, kind) => sum + this.counts[kind], 0);
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port));
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.agent.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pick(): FaultKind | null {
    if (this.random() >= this.faultRate) return null;
    return faultKinds[Math.floor(this.random() * faultKinds.length)]!;
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => undefined);
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = this.pick();
      if (fault === 'http-500' || fault === 'http-429') {
        this.counts[fault] += 1;
        const status = fault === 'http-500' ? 500 : 429;
        response.writeHead(status, {
          'content-type': 'application/json',
          ...(status === 429 ? { 'retry-after': '1' } : {}),
        });
        response.end(
          JSON.stringify(
            status === 429
              ? { error: 'busy', message: 'Injected: busy.' }
              : { error: 'internal', message: 'Injected: failure.' },
          ),
        );
        return;
      }
      const kiosk = /^Bearer ([A-Za-z0-9-]+)\./.exec(request.headers.authorization ?? '')?.[1] ?? '-';
      this.inFlight.set(kiosk, (this.inFlight.get(kiosk) ?? 0) + 1);
      const settle = (() => {
        let done = false;
        return () => {
          if (done) return;
          done = true;
          this.inFlight.set(kiosk, (this.inFlight.get(kiosk) ?? 1) - 1);
        };
      })();
      const upstream = http.request({
        host: '127.0.0.1',
        port: this.options.upstreamPort,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent: this.agent,
      });
      upstream.on('error', () => {
        settle();
        if (fault === 'cut-request') return;
        this.counts['upstream-down'] += 1;
        request.socket.destroy();
      });
      if (fault === 'cut-request') {
        this.counts[fault] += 1;
        // Half the bytes reach the server, then both connections die: the server must apply nothing.
        upstream.write(body.subarray(0, Math.floor(body.length / 2)));
        setTimeout(() => {
          upstream.destroy();
          request.socket.destroy();
          settle();
        }, 5);
        return;
      }
      upstream.on('response', (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('error', () => {
          settle();
          request.socket.destroy();
        });
        answer.on('end', () => {
          settle();
          const text = Buffer.concat(parts);
          if (fault === 'drop-response') {
            this.counts[fault] += 1;
            request.socket.destroy();
            return;
          }
          if (fault === 'http-500-after-apply') {
            this.counts[fault] += 1;
            response.writeHead(500, { 'content-type': 'text/html' });
            response.end('<html><body>502 Bad Gateway</body></html>');
            return;
          }
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          headers['content-length'] = String(text.length);
          response.writeHead(answer.statusCode ?? 502, headers);
          if (fault === 'cut-response') {
            this.counts[fault] += 1;
            response.write(text.subarray(0, Math.floor(text.length / 2)));
            setTimeout(() => request.socket.destroy(), 5);
            return;
          }
          this.counts.passed += 1;
          response.end(text);
        });
      });
      upstream.end(body);
    });
  }
}
