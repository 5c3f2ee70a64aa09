// The host boundary shared by both transports. Every request passes the same middleware, in this
// order, as its channel's policy in the contract declares:
//   1. the channel must exist and its arguments must match its schema;
//   2. auth: the session token is checked by the authenticator of that authority (staff desk or
//      maintenance), and the handler receives the principal instead of the token;
//   3. role: the principal must hold the channel's role (e.g. voiding a ticket needs a supervisor);
//   4. storage: a storage failure (disk full, locked, damaged) becomes a sentence, not "internal".
// Whatever the handler does, the caller gets a Result — never an exception, never a stack trace.
import {
  contract,
  isRequestChannel,
  type Authority,
  type Contract,
  type ParsedArgs,
  type Reply,
  type RequestChannel,
  type Role,
} from '../../common/contract.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import { KioskError } from '../errors.ts';
import type { Logger } from '../../common/log.ts';

/** Who is making a request that needs a session: established by the dispatcher, never by a handler. */
export interface Principal {
  authority: Authority;
  /** Staff id (工号) or maintenance account id. */
  id: string;
  roles: readonly Role[];
  /** The session the request came in; handlers pass it on only to end that session. */
  token: string;
}

/** What a handler receives beside its arguments: the principal, for channels declared with auth. */
export type RequestContext<C extends RequestChannel> = Contract[C]['policy'] extends { auth: Authority }
  ? { principal: Principal }
  : { principal: null };

export type Handler<C extends RequestChannel> = (
  args: ParsedArgs<C>,
  context: RequestContext<C>,
) => Reply<C> | Promise<Reply<C>>;

export type Handlers = { [C in RequestChannel]: Handler<C> };
/** One domain's part of the map (main/<domain>/handlers.ts), all joined in main/kiosk.ts. */
export type HandlerMap<C extends RequestChannel> = { [K in C]: Handler<K> };

export interface Authenticator {
  /** Confirms a live session of this authority (restarting its idle clock); throws a KioskError
   *  `forbidden` with the sentence to show when there is none. */
  authenticate(authority: Authority, token: string): Principal | Promise<Principal>;
}

export interface StorageTranslator {
  /** A KioskError with the sentence for this storage failure, or null when it is not one. */
  translate(channel: string, error: unknown): KioskError | null;
  /** The channel has succeeded (a storage problem noted on it is over). */
  succeeded(channel: string): void;
}

export type Dispatch = (channel: unknown, args: unknown) => Promise<Result<unknown>>;

export interface DispatchOptions {
  authenticator: Authenticator;
  storage?: StorageTranslator;
  logger: Logger;
}

const roleSentences: Record<Role, { message: string; key: string }> = {
  desk: { message: 'This needs a desk account.', key: 'staff.error.role' },
  supervisor: { message: 'Only a supervisor may do this.', key: 'staff.error.supervisorOnly' },
  technician: { message: 'This needs a maintenance account.', key: 'maint.login.expired' },
};

export function createDispatcher(handlers: Handlers, options: DispatchOptions): Dispatch {
  const { authenticator, storage, logger } = options;
  return async (channel, args) => {
    if (!isRequestChannel(channel)) {
      return fail(
        'unknown-channel',
        `There is no request called ${JSON.stringify(String(channel)).slice(0, 80)}.`,
      );
    }
    const spec = contract[channel];
    const parsed = spec.args.safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'arguments';
      return fail(
        'bad-request',
        `Request ${channel} is malformed: ${where}: ${issue?.message ?? 'invalid'}.`,
      );
    }
    const policy: { auth?: Authority; role?: Role; storage?: boolean } = spec.policy;
    try {
      try {
        let principal: Principal | null = null;
        if (policy.auth) {
          const token = (parsed.data as { token?: unknown }).token;
          if (typeof token !== 'string')
            throw new KioskError('forbidden', 'Please log in first.', `${policy.auth}.error.loggedOut`);
          principal = await authenticator.authenticate(policy.auth, token);
          if (policy.role && !principal.roles.includes(policy.role)) {
            logger.warn('request.refused-role', { channel, account: principal.id, role: policy.role });
            const sentence = roleSentences[policy.role];
            throw new KioskError('forbidden', sentence.message, sentence.key);
          }
        }
        const handler = handlers[channel] as (
          value: unknown,
          context: { principal: Principal | null },
        ) => unknown;
        const value = await handler(parsed.data, { principal });
        if (policy.storage !== false) storage?.succeeded(channel);
        return ok(value);
      } catch (error) {
        // Also covers the session check, which reads the store too.
        const translated = policy.storage !== false ? storage?.translate(channel, error) : null;
        throw translated ?? error;
      }
    } catch (error) {
      if (error instanceof KioskError) return fail(error.code, error.message, error.key);
      logger.error('request.failed', { channel, error });
      return fail('internal', 'Something went wrong inside the kiosk; it has been logged.');
    }
  };
}
