// What crosses the bridge: a reply never throws, it says ok or names the error.

export const errorCodes = [
  'bad-request', // the request did not match the contract
  'unknown-channel',
  'unavailable', // a device or service cannot do this right now
  'not-found',
  'conflict',
  'forbidden',
  'internal', // a fault of ours; details are in the log, never in the reply
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ApiError {
  code: ErrorCode;
  /** A sentence for people (English; the renderer shows its own translation keyed by `code`/`key`). */
  message: string;
  /** An i18n key the renderer may use instead of `message`, when the service knows a precise one. */
  key?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, key?: string): Result<never> => ({
  ok: false,
  error: key ? { code, message, key } : { code, message },
});
