// @vitest-environment happy-dom
// The request/action hooks that replaced the screens' hand-written fetch-in-effect code: a reply
// that arrives after the inputs changed is dropped, reload() asks again, failures reach onError,
// and an action is busy until its reply.
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiError, Result } from '../../../common/result.ts';
import { useAction, useRequest } from '../../../renderer/src/use-request.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('useRequest', () => {
  it('drops a reply to an earlier key that arrives after the newer one', async () => {
    const pending = new Map<string, ReturnType<typeof deferred<Result<string>>>>();
    const ask = (query: string) => {
      const reply = deferred<Result<string>>();
      pending.set(query, reply);
      return reply.promise;
    };
    let setQuery!: (query: string) => void;
    function Search() {
      const [query, set] = useState('a');
      setQuery = set;
      const { value } = useRequest(() => ask(query), [query]);
      return <p>{value ?? 'none'}</p>;
    }
    act(() => root.render(<Search />));
    act(() => setQuery('b'));
    await act(async () => pending.get('b')!.resolve({ ok: true, value: 'reply to b' }));
    await act(async () => pending.get('a')!.resolve({ ok: true, value: 'reply to a' }));
    expect(container.textContent).toBe('reply to b');
  });

  it('asks again on reload() and hands each failure to onError', async () => {
    let calls = 0;
    const onError = vi.fn();
    let reload!: () => void;
    function Counter() {
      const state = useRequest(
        async (): Promise<Result<number>> => {
          calls += 1;
          return calls === 2
            ? { ok: false, error: { code: 'forbidden', message: 'no', key: 'staff.error.loggedOut' } }
            : { ok: true, value: calls };
        },
        [],
        { onError },
      );
      reload = state.reload;
      return <p>{`${state.value ?? '-'}|${state.error?.key ?? ''}`}</p>;
    }
    await act(async () => root.render(<Counter />));
    expect(container.textContent).toBe('1|');
    await act(async () => reload());
    // The last good value stays on screen; the failure is reported.
    expect(container.textContent).toBe('1|staff.error.loggedOut');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ key: 'staff.error.loggedOut' }));
    await act(async () => reload());
    expect(container.textContent).toBe('3|');
  });

  it('asks nothing while disabled', async () => {
    const request = vi.fn(async (): Promise<Result<string>> => ({ ok: true, value: 'x' }));
    function Idle() {
      const { value } = useRequest(request, [], { enabled: false });
      return <p>{value ?? 'none'}</p>;
    }
    await act(async () => root.render(<Idle />));
    expect(request).not.toHaveBeenCalled();
    expect(container.textContent).toBe('none');
  });
});

describe('useAction', () => {
  it('is busy from the tap until the reply, and yields null with the error on failure', async () => {
    const reply = deferred<Result<string>>();
    const errors: ApiError[] = [];
    let run!: () => Promise<string | null>;
    function Button() {
      const action = useAction(
        () => reply.promise,
        (error) => errors.push(error),
      );
      run = action.run;
      return <button disabled={action.busy}>{action.error?.code ?? 'ready'}</button>;
    }
    act(() => root.render(<Button />));
    let result: Promise<string | null> = Promise.resolve(null);
    act(() => {
      result = run();
    });
    expect(container.querySelector('button')!.disabled).toBe(true);
    await act(async () => reply.resolve({ ok: false, error: { code: 'unavailable', message: 'printer' } }));
    expect(await result).toBeNull();
    expect(container.querySelector('button')!.disabled).toBe(false);
    expect(container.textContent).toBe('unavailable');
    expect(errors).toHaveLength(1);
  });
});
