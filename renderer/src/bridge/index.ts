// The only fork between the hosts, taken once at start-up: Electron's preload puts `window.kiosk`
// in place; in a plain browser the loopback WebSocket serves the same contract.
import type { KioskApi } from '../../../common/contract.ts';
import { createWebSocketBridge } from './ws-bridge.ts';

declare global {
  interface Window {
    kiosk?: KioskApi;
  }
}

export type BridgeKind = 'preload' | 'websocket';

export function chooseBridge(): { api: KioskApi; kind: BridgeKind } | { error: 'no-token' } {
  if (window.kiosk) return { api: window.kiosk, kind: 'preload' };
  // The session cookie is HttpOnly (no script can read or leak it); its companion only says that
  // this browser was launched through a one-time code. Without it, the page says how to get in.
  if (!document.cookie.split(';').some((part) => part.trim() === 'kiosk-launched=1'))
    return { error: 'no-token' };
  return { api: createWebSocketBridge(), kind: 'websocket' };
}
