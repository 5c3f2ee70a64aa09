// The only fork between the hosts, taken once at start-up: Electron's preload puts `window.kiosk`
// in place; in a plain browser the loopback WebSocket serves the same contract.
import type { KioskApi } from '../../../common/contract.ts';
import { createWebSocketBridge, takeToken } from './ws-bridge.ts';

declare global {
  interface Window {
    kiosk?: KioskApi;
  }
}

export type BridgeKind = 'preload' | 'websocket';

export function chooseBridge(): { api: KioskApi; kind: BridgeKind } | { error: 'no-token' } {
  if (window.kiosk) return { api: window.kiosk, kind: 'preload' };
  const token = takeToken();
  if (!token) return { error: 'no-token' };
  return { api: createWebSocketBridge(token), kind: 'websocket' };
}
