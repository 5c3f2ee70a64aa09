// The reference central server: Fastify, every route's request and response checked against
// openapi.json, storage behind CentralStore.
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  contract,
  maxPushBodyBytes,
  maxRecordBytes,
  type DocumentKind,
  type OperationId,
  type Problem,
  type ProblemCode,
  type PushRequest,
  type RegisterRequest,
} from '../protocol/contract.ts';
import type { CentralStore } from './store/types.ts';
import type { FleetStore } from './fleet/fleet-store.ts';
import { registerFleetRoutes } from './fleet/routes.ts';
import { createAuthLookup } from './auth-lookup.ts';
import type { FollowUpPolicy } from './fleet/followups.ts';

export interface CentralServerOptions {
  store: CentralStore;
  /** Fastify/pino logger setting; off by default (tests, bench). Bodies are never logged. */
  logger?: boolean | { level: string };
  now?: () => Date;
  /** Authenticated requests processed at once before answering 429 with Retry-After. Counted only
   *  once the credential is checked, so unauthenticated sockets cannot take the places. */
  maxInFlight?: number;
  /** Of those, at most this many for one kiosk (one stuck or hostile kiosk cannot starve the rest). */
  maxInFlightPerKiosk?: number;
  /** How long this instance reuses a kiosk's credential lookup (0: every request reads the store).
   *  See auth-lookup.ts for what it means for revocation. */
  authCacheMs?: number;
  /** Credential lookups waiting for the store at once; more are answered 429. */
  maxAuthLookups?: number;
  /** Registrations (unauthenticated by nature) processed at once: their own, small budget. */
  maxRegistering?: number;
  /** Largest push body in bytes (413 above it); read only after authentication. */
  bodyLimit?: number;
  /** Largest record (JSON text of payload + personal fields, as the kiosk measures it). */
  maxRecordChars?: number;
  /** Whole request, headers and body, must arrive within this (408 / closed otherwise). */
  requestTimeoutMs?: number;
  /** The request headers must arrive within this. */
  headersTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs?: number;
  /** A socket with no traffic at all is closed after this. */
  idleTimeoutMs?: number;
  /** Open connections from one address; more are closed at once (0: no limit; behind a load
   *  balancer every connection comes from it, so set it there, not here). */
  maxConnectionsPerAddress?: number;
  /** Open connections in all. */
  maxConnections?: number;
  https?: { key: string | Buffer; cert: string | Buffer };
  /** The fleet views (calling system, hall queue, console, follow-ups); off when absent. */
  fleet?: {
    store: FleetStore;
    policy?: FollowUpPolicy;
  };
}

export const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');
export const newSecret = (bytes: number): string => crypto.randomBytes(bytes).toString('base64url');

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

const problem = (error: ProblemCode, message: string, extra: Partial<Problem> = {}): Problem => ({
  error,
  message,
  ...extra,
});

declare module 'fastify' {
  interface FastifyRequest {
    kioskId?: string;
    hallId?: string | null;
  }
}

/** Sockets per remote address; over the limit a new one is closed before any byte is read. */
function limitConnections(server: http.Server, perAddress: number): void {
  if (perAddress <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: net.Socket) => {
    const address = socket.remoteAddress ?? '?';
    const count = (open.get(address) ?? 0) + 1;
    if (count > perAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

export async function buildCentralServer(options: CentralServerOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const maxInFlight = options.maxInFlight ?? 64;
  const maxInFlightPerKiosk = options.maxInFlightPerKiosk ?? 4;
  const maxRegistering = options.maxRegistering ?? 8;
  const maxRecordChars = options.maxRecordChars ?? maxRecordBytes;
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const credentials = createAuthLookup((kioskId) => store.authInfo(kioskId), {
    ttlMs: options.authCacheMs ?? 5_000,
    maxPending: options.maxAuthLookups ?? 16,
    now: () => now().getTime(),
  });
  const protocol = contract();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? maxPushBodyBytes,
    // Our own server, so the timeouts and limits are set on it whether it is HTTP or HTTPS.
    serverFactory: (handler) => {
      const serverOptions: http.ServerOptions = {
        requestTimeout: requestTimeoutMs,
        headersTimeout: Math.min(options.headersTimeoutMs ?? 10_000, requestTimeoutMs),
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
        // How often Node checks the two timeouts above (default 30 s would let a slow socket
        // overstay a short timeout many times over).
        connectionsCheckingInterval: Math.max(100, Math.min(1_000, requestTimeoutMs / 4)),
      };
      const server = options.https
        ? https.createServer({ ...serverOptions, ...options.https }, handler)
        : http.createServer(serverOptions, handler);
      server.setTimeout(options.idleTimeoutMs ?? 30_000, (socket) => socket.destroy());
      server.maxConnections = options.maxConnections ?? 4_096;
      limitConnections(server, options.maxConnectionsPerAddress ?? 32);
      return server;
    },
  }) as unknown as FastifyInstance;

  app.setValidatorCompiler(({ schema, httpPart }) => {
    const validate = protocol.compile(schema, { coerce: httpPart !== 'body' });
    return (data: unknown) =>
      validate(data) ? { value: data } : { error: new Error(describe(validate.errors)) };
  });
  // Answers are checked too: a server that drifts from the contract fails loudly, not at the kiosk.
  app.setSerializerCompiler(({ schema, httpStatus }) => {
    const validate = protocol.compile(schema);
    return (data: unknown) => {
      if (!validate(data))
        throw new Error(`Answer ${httpStatus} breaks the protocol: ${describe(validate.errors)}`);
      return JSON.stringify(data);
    };
  });

  // Places are taken only after authentication (#14 finding 4: counted before it, 70 slow
  // unauthenticated sockets held every place and every kiosk got 429).
  let inFlight = 0;
  let registering = 0;
  const perKiosk = new Map<string, number>();
  const busy = (reply: FastifyReply) => {
    reply.header('retry-after', '1');
    return reply.code(429).send(problem('busy', 'The central system is busy; try again shortly.'));
  };
  function admitKiosk(kioskId: string, reply: FastifyReply): boolean {
    const mine = perKiosk.get(kioskId) ?? 0;
    if (inFlight >= maxInFlight || mine >= maxInFlightPerKiosk) return false;
    inFlight += 1;
    perKiosk.set(kioskId, mine + 1);
    reply.raw.once('close', () => {
      inFlight -= 1;
      const left = (perKiosk.get(kioskId) ?? 1) - 1;
      if (left <= 0) perKiosk.delete(kioskId);
      else perKiosk.set(kioskId, left);
    });
    return true;
  }

  app.setErrorHandler(
    (error: Error & { statusCode?: number; validation?: unknown; code?: string }, request, reply) => {
      if (error.validation)
        return reply
          .code(400)
          .send(problem('bad-request', `The request does not match the protocol: ${error.message}`));
      if (error.statusCode === 413)
        return reply
          .code(413)
          .send(problem('too-large', 'The batch is too large; send fewer records at once.'));
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
        return reply.code(400).send(problem('bad-request', error.message));
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send(problem('internal', 'The central system failed to handle the request.'));
    },
  );

  /** Runs at onRequest, before a byte of the body is read or parsed. */
  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9-]{1,32})\.([A-Za-z0-9_-]{32,100})$/.exec(header);
    const refuse = () =>
      reply
        .code(401)
        .send(problem('unauthorized', 'This kiosk is not registered, or its credential was revoked.'));
    if (!match) return refuse();
    const [, kioskId, credential] = match as unknown as [string, string, string];
    const presented = sha256(credential);
    let found = await credentials.lookup(kioskId);
    if (found.kind === 'found' && found.cached && !sameHash(found.info.credentialHash, presented))
      found = await credentials.lookup(kioskId, true);
    if (found.kind === 'busy') return busy(reply);
    if (found.kind === 'unknown' || !sameHash(found.info.credentialHash, presented)) return refuse();
    const stored = found.info;
    if (!admitKiosk(kioskId, reply)) return busy(reply);
    if (stored.enrollmentPending) {
      await store.confirmEnrollment(kioskId);
      credentials.update(kioskId, { ...stored, enrollmentPending: false });
    }
    request.kioskId = kioskId;
    request.hallId = stored.hallId;
  }

  async function admitRegistration(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (registering >= maxRegistering) return busy(reply);
    registering += 1;
    reply.raw.once('close', () => {
      registering -= 1;
    });
  }

  const route = (
    operationId: OperationId,
    handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
    extra: {
      bodyLimit?: number;
      preValidation?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    } = {},
  ) => {
    const { method, path, authenticated } = protocol.route(operationId);
    app.route({
      method: method as 'GET' | 'POST',
      url: path.replace(/\{(\w+)\}/g, ':$1'),
      schema: protocol.routeSchema(operationId) as never,
      onRequest: authenticated ? authenticate : admitRegistration,
      ...extra,
      handler: handler,
    });
  };

  route(
    'register',
    async (request, reply) => {
      const body = request.body as RegisterRequest;
      const credential = newSecret(32);
      const serverTime = now().toISOString();
      const outcome = await store.redeemEnrollment(
        body.kioskId,
        sha256(body.enrollmentToken),
        body.attempt ? sha256(`attempt:${body.attempt}`) : null,
        sha256(credential),
        serverTime,
      );
      if (!outcome.ok) {
        const why = {
          'no-enrollment': 'No enrollment is waiting for this kiosk id; ask an administrator to register it.',
          mismatch: 'The enrollment token is wrong for this kiosk id.',
          expired: 'The enrollment token has expired; ask an administrator for a new one.',
          spent: 'This enrollment token was already used; ask an administrator for a new one.',
        }[outcome.reason];
        return reply.code(403).send(problem('forbidden', why));
      }
      request.log.info({ kioskId: body.kioskId, hallId: outcome.hallId }, 'kiosk registered');
      return { kioskId: body.kioskId, credential, nextSeq: outcome.lastSeq + 1, serverTime };
    },
    // An enrollment request is a few hundred bytes; nothing larger is read before authentication.
    { bodyLimit: 4 * 1024 },
  );

  route('getTime', async () => ({ serverTime: now().toISOString() }));

  route(
    'pushEvents',
    async (request, reply) => {
      const { records } = request.body as PushRequest;
      const kioskId = request.kioskId!;
      // A kiosk writes only as itself and into its own hall (#14: one kiosk stored a ticket
      // claiming to be another).
      for (const record of records) {
        const claimed = record.payload.kioskId;
        if (claimed !== undefined && claimed !== kioskId)
          return reply
            .code(403)
            .send(
              problem(
                'forbidden',
                `Record ${record.seq} names kiosk ${String(claimed)}; this credential is ${kioskId}'s.`,
              ),
            );
        const hall = record.payload.hallId;
        if (hall !== undefined && hall !== request.hallId)
          return reply
            .code(403)
            .send(
              problem(
                'forbidden',
                `Record ${record.seq} names hall ${String(hall)}; this kiosk belongs to another hall.`,
              ),
            );
      }
      const outcome = await store.applyBatch(kioskId, records, now().toISOString());
      switch (outcome.kind) {
        case 'applied':
          return { receipts: outcome.receipts, lastSeq: outcome.lastSeq, serverTime: now().toISOString() };
        case 'gap':
          return reply.code(409).send(
            problem('sequence-gap', `Records must continue from number ${outcome.expectedSeq}.`, {
              expectedSeq: outcome.expectedSeq,
            }),
          );
        case 'conflict':
          return reply.code(409).send(problem('sequence-conflict', outcome.message));
        case 'unknown-kiosk':
          return reply.code(401).send(problem('unauthorized', 'This kiosk is not registered.'));
      }
    },
    {
      // Before the schema check: an oversized record is refused without walking it.
      preValidation: async (request, reply) => {
        const records = (request.body as { records?: unknown } | null)?.records;
        if (!Array.isArray(records)) return;
        for (const [index, record] of records.entries()) {
          const { payload, personal } = (record ?? {}) as { payload?: unknown; personal?: unknown };
          const size = JSON.stringify(payload ?? {}).length + JSON.stringify(personal ?? {}).length;
          if (size > maxRecordChars)
            return reply
              .code(413)
              .send(
                problem(
                  'too-large',
                  `Record ${index + 1} of the batch holds ${size} characters; at most ${maxRecordChars} are accepted.`,
                ),
              );
        }
      },
    },
  );

  route('getDocument', async (request, reply) => {
    const { kind } = request.params as { kind: DocumentKind };
    const { after } = request.query as { after?: number };
    // Only this kiosk's hall and the city: the hall comes from the credential, never the request.
    const latest = await store.latestDocument(kind, request.hallId ?? null);
    if (!latest || (after !== undefined && latest.version <= after)) return reply.code(204).send();
    return latest;
  });

  if (options.fleet)
    await registerFleetRoutes(app, {
      store,
      fleet: options.fleet.store,
      policy: options.fleet.policy,
      authenticateKiosk: authenticate,
      schemaOf: (operationId) => protocol.routeSchema(operationId) as unknown as Record<string, unknown>,
      now,
    });

  return app;
}

function describe(errors: Array<{ instancePath?: string; message?: string }> | null | undefined): string {
  const first = errors?.[0];
  return first ? `${first.instancePath || 'body'} ${first.message ?? 'is invalid'}` : 'invalid';
}
