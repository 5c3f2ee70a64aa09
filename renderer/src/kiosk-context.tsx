import { createContext, startTransition, useContext, useEffect, useState } from 'react';
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
    // Health snapshots are background news: they must never hold up what a person is waiting for
    // (a greeting after the card is read), so they render as a transition.
    const unsubscribe = api.on(channel, (payload) => {
      if (!alive) return;
      if (channel === 'system:health') startTransition(() => setValue(payload));
      else setValue(payload);
    });
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
