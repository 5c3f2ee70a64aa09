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

export function chooseBridge(): { api: KioskApi; kind: BridgeKind } {
  if (window.kiosk) return { api: window.kiosk, kind: 'preload' };
  return { api: createWebSocketBridge(), kind: 'websocket' };
}
