// The loopback web host: serves the built renderer and the kiosk API over a WebSocket, for
// development, tests and Chromium-in-kiosk-mode deployments where there is no Electron binary.
// Guarded three ways: it listens on 127.0.0.1 only, accepts only its own origin and host name
// (no other web page, no DNS rebinding), and requires the per-launch token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventChannels, type WireMessage, type WireRequest } from '../../common/contract.ts';
import { fail } from '../../common/result.ts';
import type { Logger } from '../log/logger.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { Dispatch } from './dispatch.ts';
import { contentSecurityPolicy } from './csp.ts';

export interface WebHostOptions {
  dispatch: Dispatch;
  bus: EventBus;
  logger: Logger;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  /** Catalog pictures (material examples), served under /catalog/images/. */
  catalogImagesDir?: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
}

export interface WebHost {
  port: number;
  token: string;
  origin: string;
  /** The address to open: the token rides in the fragment, which browsers never send to a server. */
  url: string;
  close(): Promise<void>;
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
};

const maxMessageBytes = 256 * 1024;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.logger;
  const rendererRoot = path.resolve(options.rendererDir);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /** The file a request path names, or undefined for anything that is not a plain path under one
   *  of the two roots. Never throws: a malformed escape (`/%FF`) or a NUL byte (`/index.html%00`)
   *  once threw out of the request and took the whole kiosk down (issue #14, finding 1). */
  const fileFor = (requestUrl: string): string | undefined => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(requestUrl, 'http://host').pathname);
    } catch {
      return undefined;
    }
    // NUL ends a path for the operating system and makes Node's file calls throw; control
    // characters and backslashes have no place in the names of the files we serve.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (/[\u0000-\u001f\u007f\\]/.test(pathname)) return undefined;
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const fromCatalog = relative.startsWith('catalog/images/') && options.catalogImagesDir;
    const root = fromCatalog ? path.resolve(options.catalogImagesDir!) : rendererRoot;
    const file = path.resolve(root, fromCatalog ? relative.slice('catalog/images/'.length) : relative);
    if (!file.startsWith(root + path.sep) || (fromCatalog && !file.endsWith('.svg'))) return undefined;
    return file;
  };

  const serveFile = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    if (!allowedHosts().has(request.headers.host ?? '')) {
      response.writeHead(421, { 'Content-Type': 'text/plain' }).end('Wrong host.\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = fileFor(request.url ?? '/');
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found.\n');
      return;
    }
    fs.readFile(file, (error, body) => {
      if (error) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found.\n');
        return;
      }
      response.writeHead(200, {
        'Content-Type': mimeTypes[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy({ connectOrigin: `ws://127.0.0.1:${port}` }),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'X-Frame-Options': 'DENY',
        'Cache-Control': file.endsWith('.html') ? 'no-store' : 'public, max-age=3600',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    });
  };

  const server = http.createServer((request, response) => {
    // The causes are fixed above; this is the backstop, so that a mistake still to come in the
    // handler costs one request a 500, never the process.
    try {
      serveFile(request, response);
    } catch (error) {
      log.error('web request failed', { error });
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end();
    }
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://host');
    const origin = request.headers.origin ?? '';
    if (url.pathname !== '/api') return refuseUpgrade(socket, 404, 'Not Found');
    if (!allowedHosts().has(request.headers.host ?? '')) {
      log.warn('websocket refused', { reason: 'host' });
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (!allowedOrigins().has(origin)) {
      log.warn('websocket refused', { reason: 'origin', origin: origin.slice(0, 100) });
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) {
      log.warn('websocket refused', { reason: 'token' });
      return refuseUpgrade(socket, 401, 'Unauthorized');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveClient(ws));
  });

  const serveClient = (ws: WebSocket): void => {
    const send = (message: WireMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribers = eventChannels.map((channel) =>
      options.bus.on(channel, (payload) => send({ kind: 'event', channel, payload })),
    );
    ws.on('close', () => unsubscribers.forEach((unsubscribe) => unsubscribe()));
    ws.on('error', (error) => log.warn('websocket error', { error }));
    ws.on('message', async (data, isBinary) => {
      let request: WireRequest;
      try {
        if (isBinary) throw new Error('binary');
        const parsed: unknown = JSON.parse(data.toString());
        if (!parsed || typeof parsed !== 'object' || !Number.isSafeInteger((parsed as WireRequest).id))
          throw new Error('shape');
        request = parsed as WireRequest;
      } catch {
        send({ kind: 'reply', id: -1, result: fail('bad-request', 'The message is not a kiosk request.') });
        return;
      }
      const result = await options.dispatch(request.channel, request.args);
      send({ kind: 'reply', id: request.id, result });
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://127.0.0.1:${port}`;
  log.info('web host listening', { origin });

  return {
    port,
    token,
    origin,
    url: `${origin}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
