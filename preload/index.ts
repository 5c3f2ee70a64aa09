// The preload exposes exactly two functions for the contract's own channels and nothing of
// Electron: the renderer never sees ipcRenderer or the raw IPC event (Electron checklist item 20).
// Sandboxed preloads must be one bundled CommonJS file (see scripts/build-electron.mjs).
import { contextBridge, ipcRenderer } from 'electron';
import { ipcEventPrefix, isEventChannel, isRequestChannel, type EventChannel } from '../common/channels.ts';
import type { EventMap, KioskApi } from '../common/contract.ts';
import { fail } from '../common/result.ts';

export const preloadApi: KioskApi = {
  invoke(channel, args) {
    if (!isRequestChannel(channel)) return Promise.resolve(fail('unknown-channel', 'Unknown request.'));
    return ipcRenderer.invoke(channel, args);
  },
  on<E extends EventChannel>(channel: E, listener: (payload: EventMap[E]) => void) {
    if (!isEventChannel(channel)) return () => {};
    const wrapped = (_event: unknown, payload: EventMap[E]) => listener(payload);
    ipcRenderer.on(`${ipcEventPrefix}${channel}`, wrapped);
    return () => {
      ipcRenderer.removeListener(`${ipcEventPrefix}${channel}`, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('kiosk', preloadApi);
