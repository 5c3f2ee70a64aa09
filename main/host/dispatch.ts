import type { z } from 'zod';
import { isRequestChannel, requestSchemas, type Reply, type RequestChannel } from '../../common/contract.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import { KioskError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';

export type Handlers = {
  [C in RequestChannel]: (args: z.output<(typeof requestSchemas)[C]>) => Reply<C> | Promise<Reply<C>>;
};

export type Dispatch = (channel: unknown, args: unknown) => Promise<Result<unknown>>;

/** The host boundary shared by both transports: the channel must exist, the arguments must match
 *  its schema, and whatever the handler does, the caller gets a Result — never an exception, never
 *  a stack trace. */
export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (channel, args) => {
    if (!isRequestChannel(channel)) {
      return fail(
        'unknown-channel',
        `There is no request called ${JSON.stringify(String(channel)).slice(0, 80)}.`,
      );
    }
    const parsed = requestSchemas[channel].safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'arguments';
      return fail(
        'bad-request',
        `Request ${channel} is malformed: ${where}: ${issue?.message ?? 'invalid'}.`,
      );
    }
    try {
      const handler = handlers[channel] as (value: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof KioskError) return fail(error.code, error.message, error.key);
      logger.error('request failed', { channel, error });
      return fail('internal', 'Something went wrong inside the kiosk; it has been logged.');
    }
  };
}
