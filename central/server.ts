// The reference central server: Fastify, every route's request and response checked against
// openapi.json, storage behind CentralStore.
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  contract,
  type DocumentKind,
  type OperationId,
  type Problem,
  type ProblemCode,
  type PushRequest,
  type RegisterRequest,
} from '../protocol/contract.ts';
import type { CentralStore } from './store/types.ts';

export interface CentralServerOptions {
  store: CentralStore;
  /** Fastify/pino logger setting; off by default (tests, bench). Bodies are never logged. */
  logger?: boolean | { level: string };
  now?: () => Date;
  /** Requests processed at once before answering 429 with Retry-After. */
  maxInFlight?: number;
  /** Largest request body in bytes (413 above it). */
  bodyLimit?: number;
  https?: { key: string | Buffer; cert: string | Buffer };
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
  }
}

export async function buildCentralServer(options: CentralServerOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const maxInFlight = options.maxInFlight ?? 64;
  const protocol = contract();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 8 * 1024 * 1024,
    ...(options.https ? { https: options.https } : {}),
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

  let inFlight = 0;
  app.addHook('onRequest', async (_request, reply) => {
    if (inFlight >= maxInFlight) {
      reply.header('retry-after', '1');
      return reply.code(429).send(problem('busy', 'The central system is busy; try again shortly.'));
    }
    inFlight += 1;
    reply.raw.once('close', () => {
      inFlight -= 1;
    });
  });

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

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9-]{1,32})\.([A-Za-z0-9_-]{32,100})$/.exec(header);
    const refuse = () =>
      reply
        .code(401)
        .send(problem('unauthorized', 'This kiosk is not registered, or its credential was revoked.'));
    if (!match) return refuse();
    const [, kioskId, credential] = match as unknown as [string, string, string];
    const stored = await store.authInfo(kioskId);
    if (!stored || !sameHash(stored.credentialHash, sha256(credential))) return refuse();
    if (stored.enrollmentPending) await store.confirmEnrollment(kioskId);
    request.kioskId = kioskId;
  }

  const route = (
    operationId: OperationId,
    handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) => {
    const { method, path, authenticated } = protocol.route(operationId);
    app.route({
      method: method as 'GET' | 'POST',
      url: path.replace(/\{(\w+)\}/g, ':$1'),
      schema: protocol.routeSchema(operationId) as never,
      ...(authenticated ? { preHandler: authenticate } : {}),
      handler: handler,
    });
  };

  route('register', async (request, reply) => {
    const body = request.body as RegisterRequest;
    const credential = newSecret(32);
    const serverTime = now().toISOString();
    const outcome = await store.redeemEnrollment(
      body.kioskId,
      sha256(body.enrollmentToken),
      sha256(credential),
      serverTime,
    );
    if (!outcome.ok) {
      const why = {
        'no-enrollment': 'No enrollment is waiting for this kiosk id; ask an administrator to register it.',
        mismatch: 'The enrollment token is wrong for this kiosk id.',
        expired: 'The enrollment token has expired; ask an administrator for a new one.',
      }[outcome.reason];
      return reply.code(403).send(problem('forbidden', why));
    }
    request.log.info({ kioskId: body.kioskId }, 'kiosk registered');
    return { kioskId: body.kioskId, credential, nextSeq: outcome.lastSeq + 1, serverTime };
  });

  route('getTime', async () => ({ serverTime: now().toISOString() }));

  route('pushEvents', async (request, reply) => {
    const { records } = request.body as PushRequest;
    const kioskId = request.kioskId!;
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
  });

  route('getDocument', async (request, reply) => {
    const { kind } = request.params as { kind: DocumentKind };
    const { after } = request.query as { after?: number };
    const latest = await store.latestDocument(kind);
    if (!latest || (after !== undefined && latest.version <= after)) return reply.code(204).send();
    return latest;
  });

  return app;
}

function describe(errors: Array<{ instancePath?: string; message?: string }> | null | undefined): string {
  const first = errors?.[0];
  return first ? `${first.instancePath || 'body'} ${first.message ?? 'is invalid'}` : 'invalid';
}
