// The kiosk window and the guards on its web contents. Kept free of `app`/`ipcMain` so the
// security options can be checked by unit tests with Electron mocked.
import type { BrowserWindowConstructorOptions, Event, Input, WebContents } from 'electron';

export const appScheme = 'app';
export const appHost = 'kiosk';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

export function kioskWindowOptions(options: {
  preloadPath: string;
  packaged: boolean;
}): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#f7f8fa',
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !options.packaged,
      disableBlinkFeatures: 'Auxclick',
      // Spoken guidance greets a person before their first tap.
      autoplayPolicy: 'no-user-gesture-required',
    },
  };
}

/** True only for our own UI: the custom protocol's host, never a file: or web address. */
export function isOwnUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost;
  } catch {
    // Not a URL at all: certainly not our own UI, which is the answer.
    return false;
  }
}

/** Keys a person could use to leave or disturb the kiosk: reload, zoom, devtools, close, quit. */
export function isBlockedShortcut(
  input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>,
): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const command = input.control || input.meta;
  if (key === 'f5' || key === 'f11' || key === 'f12') return true;
  if (input.alt && (key === 'f4' || key === 'arrowleft' || key === 'arrowright')) return true;
  if (command && ['r', 'w', 'q', 'n', 't', 'p', 's', 'o', 'u', '+', '=', '-', '0', 'i', 'j'].includes(key))
    return true;
  if (command && input.shift && ['i', 'j', 'c', 'r'].includes(key)) return true;
  return false;
}

/** Navigation only within our own UI; no new windows; no webviews; blocked shortcuts. */
export function hardenWebContents(
  contents: WebContents,
  options: { packaged: boolean; onBlocked?: (what: string) => void },
): void {
  const blocked = options.onBlocked ?? (() => {});
  contents.on('will-navigate', (event: Event, url: string) => {
    if (!isOwnUrl(url)) {
      event.preventDefault();
      blocked('navigation');
    }
  });
  contents.on('will-redirect', (event: Event, url: string) => {
    if (!isOwnUrl(url)) {
      event.preventDefault();
      blocked('redirect');
    }
  });
  contents.setWindowOpenHandler(() => {
    blocked('new-window');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event: Event) => {
    event.preventDefault();
    blocked('webview');
  });
  contents.on('before-input-event', (event: Event, input: Input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
  if (options.packaged) {
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
  contents.setVisualZoomLevelLimits(1, 1).catch(() => {});
}
