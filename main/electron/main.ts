// The Electron shell: as thin as it can be. Everything that matters lives in the services, which
// the web host serves the same way; this file only makes a locked-down kiosk window and wires IPC.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, powerSaveBlocker, protocol, session } from 'electron';
import { createKiosk, type Kiosk } from '../kiosk.ts';
import { CrashRecovery } from './recovery.ts';
import { forwardEvents, serveIpc } from './ipc.ts';
import { serveRendererProtocol } from './protocol.ts';
import { appEntryUrl, appScheme, hardenWebContents, kioskWindowOptions } from './window.ts';

// Must precede `ready`: our scheme behaves like https (secure context, CSP, fetch), not like file:.
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  const packaged = app.isPackaged;
  // Bundled layout: dist/electron/main.cjs beside dist/electron/preload.cjs and dist/renderer/.
  const here = __dirname;
  const dataRoot = process.env.KIOSK_DATA_DIR ?? path.join(app.getPath('userData'), 'data');

  let kiosk: Kiosk;
  try {
    kiosk = await createKiosk({
      host: 'electron',
      version: app.getVersion(),
      dataRoot,
      resourcesDir: path.join(app.getAppPath(), 'resources'),
    });
  } catch (error) {
    process.stderr.write(`The kiosk could not start: ${(error as Error).message}\n`);
    app.exit(1);
    return;
  }
  const log = kiosk.logger.child('electron');

  // Last resort (issue #14): an error nothing caught is logged, the store is closed cleanly, and the
  // app starts again, instead of Electron's dialog waiting for a click that never comes on a kiosk.
  // Fixing the cause comes first; this only keeps the hall's kiosk serving.
  let failing = false;
  const restartAfter = (kind: string, error: unknown) => {
    if (failing) return;
    failing = true;
    log.error('app.failed-relaunching', { kind, error });
    void kiosk
      .shutdown()
      .catch((shutdownError: unknown) => log.error('app.shutdown-failed', { error: shutdownError }))
      .finally(() => {
        app.relaunch();
        app.exit(70);
      });
  };
  process.on('uncaughtException', (error) => restartAfter('uncaughtException', error));
  process.on('unhandledRejection', (reason) => restartAfter('unhandledRejection', reason));

  // No permission (camera, geolocation, notifications…) is ever granted to the UI.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  serveRendererProtocol(
    protocol,
    path.join(here, '..', 'renderer'),
    path.join(app.getAppPath(), 'resources', 'catalog', 'images'),
  );
  serveIpc({ ipcMain, dispatch: kiosk.dispatch, logger: log });
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { packaged, onBlocked: (what) => log.warn('window.blocked', { what }) }),
  );

  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  const window = new BrowserWindow(
    kioskWindowOptions({ preloadPath: path.join(here, 'preload.cjs'), packaged }),
  );
  const stopEvents = forwardEvents(kiosk.bus, window.webContents);
  const recovery = new CrashRecovery();

  const recover = (why: string) => {
    const action = recovery.next();
    log.error('window.renderer-failed', { why, action });
    if (action === 'relaunch') {
      app.relaunch();
      app.exit(0);
    } else if (!window.isDestroyed()) {
      window.webContents.reload();
    }
  };
  window.webContents.on('render-process-gone', (_event, details) => recover(details.reason));
  window.on('unresponsive', () => recover('unresponsive'));
  app.on('child-process-gone', (_event, details) => {
    if (details.type === 'GPU' && details.reason !== 'clean-exit')
      log.warn('app.gpu-process-gone', { reason: details.reason });
  });
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  window.once('ready-to-show', () => window.show());
  await window.loadURL(appEntryUrl);

  app.on('before-quit', () => {
    stopEvents();
    if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
    void kiosk.shutdown();
  });
  app.on('window-all-closed', () => app.quit());
}
