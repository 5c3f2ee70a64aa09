import type { EventChannel, EventMap } from '../../common/contract.ts';

type Listener<E extends EventChannel> = (payload: EventMap[E]) => void;

/** Typed events from the services to whichever transport is listening. A listener that throws is
 *  isolated: one broken subscriber must not stop health reaching the others. */
export class EventBus {
  private readonly listeners = new Map<EventChannel, Set<Listener<EventChannel>>>();

  constructor(private readonly onListenerError: (channel: EventChannel, error: unknown) => void = () => {}) {}

  on<E extends EventChannel>(channel: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener as Listener<EventChannel>);
    return () => set.delete(listener as Listener<EventChannel>);
  }

  emit<E extends EventChannel>(channel: E, payload: EventMap[E]): void {
    for (const listener of this.listeners.get(channel) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(channel, error);
      }
    }
  }

  listenerCount(channel: EventChannel): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}
