import { createContext, useContext, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { EventChannel, EventMap, KioskApi, SystemInfo } from '../../common/contract.ts';

export interface KioskContextValue {
  api: KioskApi;
  info: SystemInfo;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk outside KioskContext');
  return value;
}

/** The latest payload of an event channel, seeded by a request so the screen is right at once. */
export function useLiveValue<E extends EventChannel>(
  channel: E,
  seed: () => Promise<EventMap[E] | null>,
): EventMap[E] | null {
  const { api } = useKiosk();
  const [value, setValue] = useState<EventMap[E] | null>(null);
  useEffect(() => {
    let alive = true;
    // Service events are rendered at once rather than at the scheduler's next slot: a card read
    // should greet the person as fast as the reader delivers it.
    const unsubscribe = api.on(channel, (payload) => alive && flushSync(() => setValue(payload)));
    void seed().then((initial) => {
      if (alive && initial) setValue((current) => current ?? initial);
    });
    return () => {
      alive = false;
      unsubscribe();
    };
    // The seed is a request for the same channel; re-running it on identity change would only repeat it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, channel]);
  return value;
}
