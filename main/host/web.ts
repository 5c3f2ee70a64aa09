// The loopback web host: serves the built renderer and the kiosk API over a WebSocket, for
// development, tests and Chromium-in-kiosk-mode deployments where there is no Electron binary.
// Guarded three ways: it listens on 127.0.0.1 only, accepts only its own origin and host name
// (no other web page, no DNS rebinding), and requires a session: the browser gets it by redeeming
// a one-time launch code (launch-code.ts), programs that started the host use the launch secret.
// Nothing a peer sends can take it down or make it grow without bound (issue #14, findings 1, 7).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventChannels, type WireMessage, type WireRequest } from '../../common/contract.ts';
import { fail } from '../../common/result.ts';
import type { Logger } from '../log/logger.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { Dispatch } from './dispatch.ts';
import { contentSecurityPolicy } from './csp.ts';
import { locateRareFont } from '../../hardware/printer/rare-fonts.ts';
import { LaunchCodes } from './launch-code.ts';

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
  /** The launch secret. Never printed, never on a command line: the browser gets one-time codes. */
  token?: string;
  /** How long a launch code minted for the browser stays good if nobody redeems it. */
  launchCodeTtlMs?: number;
  limits?: Partial<ClientLimits>;
}

export interface ClientLimits {
  /** Requests of one connection being handled at once; beyond it the host stops reading from it. */
  inFlight: number;
  /** Replies and events queued for one connection; a client that lets it fill is closed. */
  sendBufferBytes: number;
  /** How long a client may keep the host from sending (above a quarter of the buffer) before it is closed. */
  stalledMs: number;
  /** Open WebSocket connections at once (the screen needs one). */
  connections: number;
}

export const defaultClientLimits: ClientLimits = {
  inFlight: 16,
  sendBufferBytes: 4 * 1024 * 1024,
  stalledMs: 10_000,
  connections: 16,
};

export interface WebHost {
  port: number;
  token: string;
  origin: string;
  /** A fresh address to open, with a one-time launch code (each read mints a new one). */
  readonly url: string;
  launchUrl(ttlMs?: number): string;
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
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
};

const maxMessageBytes = 256 * 1024;
const sessionCookie = 'kiosk-session';
/** Not a credential: tells the page it was launched, so that a page opened without a launch code
 *  can say how to get in instead of retrying for ever. */
const launchedCookie = 'kiosk-launched';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
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
  const limits = { ...defaultClientLimits, ...options.limits };
  const codes = new LaunchCodes(token);
  const launchCodeTtlMs = options.launchCodeTtlMs ?? 60_000;
  // A session cookie is `nonce.HMAC(secret, nonce)`: nothing to remember, and it outlives a restart
  // of the host when the supervisor hands the same secret to the new one (scripts/start.mjs), so
  // the screen reconnects by itself after the last-resort restart.
  const sessionMac = (nonce: string) =>
    createHmac('sha256', token).update(`session:${nonce}`).digest('base64url');
  const hasSession = (request: http.IncomingMessage): boolean => {
    const value = cookieValue(request.headers.cookie, sessionCookie) ?? '';
    const [nonce, mac, extra] = value.split('.');
    return !!nonce && !!mac && extra === undefined && sameSecret(mac, sessionMac(nonce));
  };

  /** `/?launch=CODE`: a valid, unused code becomes a session cookie and the address loses the code. */
  const redeemLaunch = (request: http.IncomingMessage, response: http.ServerResponse, code: string) => {
    const verdict = codes.redeem(code);
    if (verdict !== 'ok') {
      // A used code presented again may mean someone else read it; worth a line in the log.
      log.warn('launch code refused', { reason: verdict });
      if (hasSession(request)) {
        response.writeHead(303, { Location: '/', 'Cache-Control': 'no-store' }).end();
        return;
      }
      response
        .writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
        .end('This launch address has been used or has expired. Restart the kiosk to get a new one.\n');
      return;
    }
    const nonce = randomBytes(24).toString('base64url');
    const session = `${nonce}.${sessionMac(nonce)}`;
    response
      .writeHead(303, {
        Location: '/',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Set-Cookie': [
          `${sessionCookie}=${session}; HttpOnly; SameSite=Strict; Path=/`,
          `${launchedCookie}=1; SameSite=Strict; Path=/`,
        ],
      })
      .end();
  };

  /** The file a request path names, or undefined for anything that is not a plain path under one
   *  of the two roots. Never throws: a malformed escape (`/%FF`) or a NUL byte (`/index.html%00`)
   *  once threw out of the request and took the whole kiosk down (issue #14, finding 1). */
  const fileFor = (requestUrl: string): string | undefined => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(requestUrl, 'http://host').pathname);
    } catch {
      // A path that does not decode names no file: the caller answers 404.
      return undefined;
    }
    // NUL ends a path for the operating system and makes Node's file calls throw; control
    // characters and backslashes have no place in the names of the files we serve.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (/[\u0000-\u001f\u007f\\]/.test(pathname)) return undefined;
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    // The rare-character fonts live outside the renderer (a Debian package, or the packaged app's
    // resources): only their known names resolve, so no request path reaches the file system.
    if (relative.startsWith('fonts/')) return locateRareFont(relative.slice('fonts/'.length));
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
    const launch = /^\/\?launch=([^&#]*)$/.exec(request.url ?? '');
    if (launch) return redeemLaunch(request, response, launch[1]!);
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

  // A slow or silent peer must not hold a connection open for minutes (Node's defaults).
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = 256;
  server.on('connection', (socket: Socket) => socket.on('error', () => socket.destroy()));

  // No compression: an inflated message is a memory bomb for a few bytes on the wire.
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes,
    perMessageDeflate: false,
  });

  const upgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    // `new URL('//', base)` throws: the fuzzer found that an upgrade to `//` killed the host.
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://host');
    } catch {
      // An unparsable upgrade target is refused with 400; the client learns it from the answer.
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
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
    if (!hasSession(request) && !sameSecret(url.searchParams.get('token') ?? '', token)) {
      log.warn('websocket refused', { reason: 'session' });
      return refuseUpgrade(socket, 401, 'Unauthorized');
    }
    if (sockets.clients.size >= limits.connections) {
      log.warn('websocket refused', { reason: 'connections' });
      return refuseUpgrade(socket, 503, 'Service Unavailable');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveClient(ws));
  };
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      upgrade(request, socket, head);
    } catch (error) {
      log.error('websocket upgrade failed', { error });
      socket.destroy();
    }
  });

  // Backpressure (issue #14, finding 7): 20,000 requests from a client that did not read once took
  // the kiosk from 151 MB to 2 GB. Now a connection has at most `inFlight` requests in hand; beyond
  // that, or while its replies pile up unread, the host stops reading from it (TCP pushes back on
  // the client, not on our memory); a client that stays stalled, or fills its send buffer, is closed.
  const serveClient = (ws: WebSocket): void => {
    let inFlight = 0;
    let stalledTimer: NodeJS.Timeout | undefined;
    const closeStalled = (reason: string) => {
      log.warn('websocket client closed', { reason, buffered: ws.bufferedAmount, inFlight });
      ws.terminate();
    };
    const adjust = () => {
      if (ws.readyState !== ws.OPEN) return;
      const backedUp = ws.bufferedAmount > limits.sendBufferBytes / 4;
      if (inFlight >= limits.inFlight || backedUp) {
        if (!ws.isPaused) ws.pause();
      } else if (ws.isPaused) ws.resume();
      if (backedUp && !stalledTimer) {
        stalledTimer = setTimeout(() => {
          stalledTimer = undefined;
          if (ws.bufferedAmount > limits.sendBufferBytes / 4) closeStalled('not reading');
          else adjust();
        }, limits.stalledMs);
      }
    };
    const send = (message: WireMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > limits.sendBufferBytes) return closeStalled('send buffer full');
      ws.send(JSON.stringify(message), () => adjust());
      adjust();
    };
    const unsubscribers = eventChannels.map((channel) =>
      options.bus.on(channel, (payload) => send({ kind: 'event', channel, payload })),
    );
    ws.on('close', () => {
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      clearTimeout(stalledTimer);
    });
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
        // The peer is told in the reply; a malformed message carries nothing to keep.
        send({ kind: 'reply', id: -1, result: fail('bad-request', 'The message is not a kiosk request.') });
        return;
      }
      // pause() lets messages already received through; past twice the limit they are refused.
      if (inFlight >= limits.inFlight * 2) {
        send({ kind: 'reply', id: request.id, result: fail('unavailable', 'Too many requests at once.') });
        return;
      }
      inFlight++;
      adjust();
      try {
        const result = await options.dispatch(request.channel, request.args);
        send({ kind: 'reply', id: request.id, result });
      } catch (error) {
        // dispatch never throws; this only keeps a future mistake from becoming an unhandled rejection.
        log.error('websocket request failed', { error });
        send({ kind: 'reply', id: request.id, result: fail('internal', 'Something went wrong.') });
      } finally {
        inFlight--;
        adjust();
      }
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

  const launchUrl = (ttlMs = launchCodeTtlMs) => `${origin}/?launch=${codes.mint(ttlMs)}`;
  return {
    port,
    token,
    origin,
    get url() {
      return launchUrl();
    },
    launchUrl,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
