import { AppError } from '../common/errors.ts';
import type { ErrorCode } from '../common/result.ts';

/** An error a service raises on purpose: its message is a sentence fit for a person, and the
 *  transports hand it to the screen as `{ok:false,error}`. Anything else thrown is a bug and is
 *  reported as `internal` with no detail. */
export class KioskError extends AppError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KioskError';
  }
}
