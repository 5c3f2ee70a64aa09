// The browser side of the loopback web host: the same KioskApi over a WebSocket. Reconnects on its
// own; while disconnected, requests answer `unavailable` instead of hanging.
import type { EventChannel, EventMap, KioskApi, WireMessage } from '../../../common/contract.ts';
import { fail, type Result } from '../../../common/result.ts';

const requestTimeoutMs = 15_000;

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: number;
}

/** The host knows this page by its session cookie (HttpOnly, SameSite=Strict), set when the
 *  browser redeemed the one-time launch code in the address it was opened with; the browser sends
 *  it with the WebSocket upgrade, so no secret is ever in the page's address or its script. */
export function createWebSocketBridge(): KioskApi & {
  onConnection(listener: (up: boolean) => void): () => void;
} {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(up: boolean) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let open = false;
  let retryMs = 250;
  let queued: string[] = [];

  const setOpen = (value: boolean) => {
    open = value;
    connectionListeners.forEach((listener) => listener(value));
  };

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setOpen(true);
      queued.forEach((message) => ws.send(message));
      queued = [];
    };
    ws.onmessage = (event) => {
      let message: WireMessage;
      try {
        message = JSON.parse(String(event.data)) as WireMessage;
      } catch {
        // Only the host talks on this socket; a message that is not JSON answers no request and is dropped.
        return;
      }
      if (message.kind === 'reply') {
        const waiting = pending.get(message.id);
        if (!waiting) return;
        pending.delete(message.id);
        clearTimeout(waiting.timer);
        waiting.resolve(message.result);
      } else if (message.kind === 'event') {
        listeners.get(message.channel)?.forEach((listener) => listener(message.payload));
      }
    };
    ws.onclose = () => {
      setOpen(false);
      for (const [id, waiting] of pending) {
        clearTimeout(waiting.timer);
        waiting.resolve(fail('unavailable', 'The kiosk service is not reachable.'));
        pending.delete(id);
      }
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    invoke(channel, args) {
      const id = nextId++;
      const message = JSON.stringify({ id, channel, args });
      return new Promise((resolve) => {
        const timer = window.setTimeout(() => {
          pending.delete(id);
          resolve(fail('unavailable', 'The kiosk service did not answer in time.'));
        }, requestTimeoutMs);
        pending.set(id, { resolve: resolve as (result: Result<unknown>) => void, timer });
        if (open && socket) socket.send(message);
        else queued.push(message);
      });
    },
    on<E extends EventChannel>(channel: E, listener: (payload: EventMap[E]) => void) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(open);
      return () => {
        connectionListeners.delete(listener);
      };
    },
  };
}
