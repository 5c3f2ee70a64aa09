// HTTP client of the sync protocol. Every answer is checked against the same OpenAPI document the
// server uses; every failure becomes a SyncFailure whose message is a plain sentence.
import {
  contract,
  type DocumentKind,
  type EventRecord,
  type OperationId,
  type Problem,
  type PushResponse,
  type RegisterRequest,
  type RegisterResponse,
  type Schemas,
  type SignedDocument,
  type TimeResponse,
} from '../../protocol/contract.ts';
import { parseRetryAfter } from './retry.ts';

export type FailureKind =
  | 'network'
  | 'timeout'
  | 'server'
  | 'busy'
  | 'unauthorized'
  | 'forbidden'
  | 'gap'
  | 'conflict'
  | 'rejected'
  | 'protocol';

export interface SyncFailure {
  kind: FailureKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
  expectedSeq?: number;
}

export type CallResult<T> =
  | { ok: true; status: number; body: T; sentAt: number; receivedAt: number }
  | { ok: false; failure: SyncFailure };

export interface CentralClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs: number;
  /** Wall clock for the clock-offset measurement (ms since epoch). */
  now?: () => number;
}

function networkSentence(error: unknown, baseUrl: string): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  const where = `the central system at ${baseUrl}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach ${where}: the connection was refused (is the server running?).`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return `The connection to ${where} was cut before an answer arrived.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot find ${where}: the name does not resolve (check the network and DNS).`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot reach ${where}: no route to the host (check the network cable or Wi-Fi).`;
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The certificate of ${where} is not trusted (${code}).`;
    default:
      return `Cannot reach ${where}: ${cause?.message ?? (error as Error).message}.`;
  }
}

export class CentralClient {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly baseUrl: string;
  private credential: string | null = null;
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly options: CentralClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  setCredential(kioskId: string, secret: string): void {
    this.credential = `${kioskId}.${secret}`;
  }

  /** Aborts requests under way (the service is stopping). */
  abortAll(): void {
    for (const controller of this.inFlight) controller.abort(new Error('sync stopping'));
  }

  register(request: RegisterRequest): Promise<CallResult<RegisterResponse>> {
    return this.call<RegisterResponse>('register', 'POST', '/v1/register', request);
  }

  time(): Promise<CallResult<TimeResponse>> {
    return this.call<TimeResponse>('getTime', 'GET', '/v1/time');
  }

  push(records: readonly EventRecord[]): Promise<CallResult<PushResponse>> {
    return this.call<PushResponse>('pushEvents', 'POST', '/v1/events', { records });
  }

  /** `body` is null when the server has nothing newer than `after` (204). */
  document(kind: DocumentKind, after: number): Promise<CallResult<SignedDocument | null>> {
    return this.call<SignedDocument | null>('getDocument', 'GET', `/v1/documents/${kind}?after=${after}`);
  }

  /** The hall-wide waiting counts per line (every kiosk of the hall, less the calling system's
   *  called / served / no-show numbers), for "people ahead" on the ticket. */
  hallQueue(): Promise<CallResult<Schemas['HallQueue']>> {
    return this.call<Schemas['HallQueue']>('getHallQueue', 'GET', '/v1/hall/queue');
  }

  private async call<T>(
    operationId: OperationId,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<CallResult<T>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('timeout')), this.options.timeoutMs);
    this.inFlight.add(controller);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.credential && operationId !== 'register') headers.authorization = `Bearer ${this.credential}`;
    const sentAt = this.now();
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await this.fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) {
        const reason = (controller.signal.reason as Error | undefined)?.message;
        return {
          ok: false,
          failure:
            reason === 'timeout'
              ? {
                  kind: 'timeout',
                  message: `The central system at ${this.baseUrl} did not answer within ${Math.round(this.options.timeoutMs / 1000)} s.`,
                }
              : { kind: 'network', message: 'Sync was stopped while a request was under way.' },
        };
      }
      return { ok: false, failure: { kind: 'network', message: networkSentence(error, this.baseUrl) } };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
    const receivedAt = this.now();

    let parsed: unknown = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // A body that is not JSON fails the contract check below, which reports it.
        parsed = undefined;
      }
    }
    const mismatch =
      parsed === undefined ? 'not JSON' : contract().checkResponse(operationId, status, parsed);
    if (status >= 200 && status < 300) {
      if (mismatch)
        return {
          ok: false,
          failure: {
            kind: 'protocol',
            status,
            message: `The central system sent an answer this kiosk does not understand (${mismatch}).`,
          },
        };
      return { ok: true, status, body: (status === 204 ? null : parsed) as T, sentAt, receivedAt };
    }

    // Error answers: use the server's sentence when it follows the protocol, a generic one otherwise
    // (a proxy or load balancer in front of the server sends its own pages).
    const problem = mismatch ? null : (parsed as Problem);
    const said = problem?.message ? ` It said: "${problem.message}"` : '';
    if (status === 429 || status === 503) {
      const retryAfterMs = parseRetryAfter(retryAfter, this.now());
      const wait = retryAfterMs === undefined ? '' : ` and asked to wait ${Math.ceil(retryAfterMs / 1000)} s`;
      return {
        ok: false,
        failure: {
          kind: 'busy',
          status,
          retryAfterMs,
          message: `The central system is busy (HTTP ${status})${wait}.`,
        },
      };
    }
    if (status === 401)
      return {
        ok: false,
        failure: {
          kind: 'unauthorized',
          status,
          message:
            "The central system does not accept this kiosk's credential (unknown or revoked); register the kiosk again.",
        },
      };
    if (status === 403)
      return {
        ok: false,
        failure: {
          kind: 'forbidden',
          status,
          message: `The central system refused the registration.${said}`,
        },
      };
    if (status === 409 && problem?.error === 'sequence-gap')
      return {
        ok: false,
        failure: {
          kind: 'gap',
          status,
          expectedSeq: problem.expectedSeq,
          message: `The central system expects other records first.${said}`,
        },
      };
    if (status === 409)
      return {
        ok: false,
        failure: {
          kind: 'conflict',
          status,
          message: `The central system holds conflicting records.${said}`,
        },
      };
    if (status >= 500)
      return {
        ok: false,
        failure: { kind: 'server', status, message: `The central system failed (HTTP ${status}).${said}` },
      };
    return {
      ok: false,
      failure: {
        kind: 'rejected',
        status,
        message: `The central system rejected a request (HTTP ${status}).${said}`,
      },
    };
  }
}
