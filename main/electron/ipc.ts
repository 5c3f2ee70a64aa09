import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { eventChannels, ipcEventPrefix, requestChannels } from '../../common/contract.ts';
import { fail } from '../../common/result.ts';
import type { Dispatch } from '../host/dispatch.ts';
import type { Logger } from '../../common/log.ts';
import type { EventBus } from '../services/event-bus.ts';
import { isOwnUrl } from './window.ts';

/** Serves every contract channel over `ipcMain.handle`. Each call must come from our own UI's main
 *  frame (not a subframe, not a page that navigated elsewhere); the dispatcher validates the rest. */
export function serveIpc(options: { ipcMain: IpcMain; dispatch: Dispatch; logger: Logger }): () => void {
  const { ipcMain, dispatch, logger } = options;
  for (const channel of requestChannels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, args: unknown) => {
      if (!isTrustedSender(event)) {
        logger.warn('ipc.refused', { channel, reason: 'untrusted sender' });
        return fail('forbidden', 'This request is not allowed from here.');
      }
      return dispatch(channel, args);
    });
  }
  return () => requestChannels.forEach((channel) => ipcMain.removeHandler(channel));
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isOwnUrl(frame.url);
}

/** Forwards service events to the window; the preload hands them to listeners without the raw IPC event. */
export function forwardEvents(bus: EventBus, contents: WebContents): () => void {
  const unsubscribers = eventChannels.map((channel) =>
    bus.on(channel, (payload) => {
      if (!contents.isDestroyed()) contents.send(`${ipcEventPrefix}${channel}`, payload);
    }),
  );
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
