// One way to ask the services for data and one way to make them do something, in place of the
// fetch-in-effect pattern each screen used to write out by hand (an `alive` flag, a version
// counter, a timer): a reply that arrives after the screen moved on is dropped, a request is
// repeated when its inputs change or on `reload()`, and a failure is handed to one place.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, Result } from '../../common/result.ts';

export interface RequestState<T> {
  /** The last value received; kept while a repeat is under way so the screen does not flicker. */
  value: T | null;
  /** The last failure, cleared by the next success. */
  error: ApiError | null;
  /** Asks again now (after an action changed what the request returns). */
  reload: () => void;
}

export interface RequestOptions {
  /** Ask again this often while the screen shows (a live overview). */
  pollMs?: number;
  /** Called with every failure, e.g. to send a signed-out desk back to its login. */
  onError?: (error: ApiError) => void;
  /** While false nothing is asked (the inputs are not there yet). */
  enabled?: boolean;
}

/** A request whose reply a screen shows. `key` lists what the request depends on: when it changes
 *  the request is made again and replies to the earlier one are ignored. */
export function useRequest<T>(
  request: () => Promise<Result<T>>,
  key: readonly unknown[],
  options: RequestOptions = {},
): RequestState<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  // The latest closures, read when a request starts: the effect below re-runs on `key`, not on
  // every render's new function identity.
  const latest = useRef({ request, onError: options.onError });
  useEffect(() => {
    latest.current = { request, onError: options.onError };
  });
  const enabled = options.enabled ?? true;
  const pollMs = options.pollMs;
  const keyString = JSON.stringify(key);

  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    const ask = async () => {
      let reply: Result<T>;
      try {
        reply = await latest.current.request();
      } catch (thrown) {
        // The bridge answers with a Result and never throws; a throw is a lost connection.
        reply = { ok: false, error: { code: 'unavailable', message: String(thrown) } };
      }
      if (!alive) return;
      if (reply.ok) {
        setValue(reply.value);
        setError(null);
      } else {
        setError(reply.error);
        latest.current.onError?.(reply.error);
      }
    };
    void ask();
    const timer = pollMs ? window.setInterval(() => void ask(), pollMs) : undefined;
    return () => {
      alive = false;
      if (timer !== undefined) window.clearInterval(timer);
    };
  }, [keyString, version, enabled, pollMs]);

  const reload = useCallback(() => setVersion((current) => current + 1), []);
  return { value, error, reload };
}

export interface ActionState<A extends unknown[], T> {
  /** Runs the action; resolves to its value, or null when it failed (the error is in `error`). */
  run: (...args: A) => Promise<T | null>;
  /** True from the tap until the reply: the screen disables the control meanwhile. */
  busy: boolean;
  error: ApiError | null;
}

/** Something a person makes happen with a tap: busy while it runs, its failure kept and passed on. */
export function useAction<A extends unknown[], T>(
  action: (...args: A) => Promise<Result<T>>,
  onError?: (error: ApiError) => void,
): ActionState<A, T> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef({ action, onError });
  useEffect(() => {
    latest.current = { action, onError };
  });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A): Promise<T | null> => {
    setBusy(true);
    setError(null);
    let reply: Result<T>;
    try {
      reply = await latest.current.action(...args);
    } catch (thrown) {
      reply = { ok: false, error: { code: 'unavailable', message: String(thrown) } };
    }
    if (!mounted.current) return reply.ok ? reply.value : null;
    setBusy(false);
    if (reply.ok) return reply.value;
    setError(reply.error);
    latest.current.onError?.(reply.error);
    return null;
  }, []);

  return { run, busy, error };
}
