// The Electron shell with `electron` mocked: no binary exists on these machines, but the shell's
// security wiring can still be checked exactly as main/electron/main.ts performs it.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { requestChannels } from '../../../common/channels.ts';

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const appEvents = new Emitter();
  class FakeWebContents extends Emitter {
    openHandler: ((details: { url: string }) => { action: string }) | undefined;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
    setVisualZoomLevelLimits() {
      return Promise.resolve();
    }
    closeDevTools = vi.fn();
    send = vi.fn();
    reload = vi.fn();
    isDestroyed() {
      return false;
    }
  }
  class FakeBrowserWindow extends Emitter {
    static instances: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.instances.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
  }
  const handlers = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
  return {
    appEvents,
    FakeBrowserWindow,
    handlers,
    app: {
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => true),
      whenReady: () => Promise.resolve(),
      isPackaged: true,
      getVersion: () => '9.9.9',
      getPath: () => '',
      getAppPath: () => process.cwd(),
      on: (name: string, listener: (...args: unknown[]) => void) => appEvents.on(name, listener),
      quit: vi.fn(),
      exit: vi.fn(),
      relaunch: vi.fn(),
    },
    ipcMain: {
      handle: vi.fn((channel: string, handler: (event: unknown, args: unknown) => Promise<unknown>) =>
        handlers.set(channel, handler),
      ),
      removeHandler: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    powerSaveBlocker: { start: vi.fn(() => 1), stop: vi.fn(), isStarted: vi.fn(() => true) },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeBrowserWindow,
  ipcMain: fake.ipcMain,
  protocol: fake.protocol,
  powerSaveBlocker: fake.powerSaveBlocker,
  session: fake.session,
}));

type Window = InstanceType<typeof fake.FakeBrowserWindow>;
let window: Window;

beforeAll(async () => {
  process.env.KIOSK_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-electron-'));
  process.env.KIOSK_HARDWARE = 'emulated';
  await import('../../../main/electron/main.ts');
  await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
  window = fake.FakeBrowserWindow.instances[0]!;
  await vi.waitFor(() => expect(window.loadURL).toHaveBeenCalled());
});

function navigationPrevented(name: string, url: string): boolean {
  const event = { preventDefault: vi.fn() };
  window.webContents.emit(name, event, url);
  return event.preventDefault.mock.calls.length > 0;
}

describe('Electron shell', () => {
  it('locks the process down before any window exists', () => {
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(fake.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
  });

  it('makes a sandboxed, isolated kiosk window without Node and without devtools when packaged', () => {
    const options = window.options as { kiosk: boolean; webPreferences: Record<string, unknown> };
    expect(options.kiosk).toBe(true);
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(String(options.webPreferences.preload)).toMatch(/preload\.cjs$/);
  });

  it('loads the UI from the custom protocol, not file://', () => {
    expect(window.loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('denies navigation and redirects to foreign addresses, allows its own pages', () => {
    expect(navigationPrevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigationPrevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigationPrevented('will-navigate', 'app://other/index.html')).toBe(true);
    expect(navigationPrevented('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(navigationPrevented('will-navigate', 'app://kiosk/index.html')).toBe(false);
  });

  it('denies new windows and webviews', () => {
    expect(window.webContents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(navigationPrevented('will-attach-webview', 'about:blank')).toBe(true);
  });

  it('blocks reload, zoom, devtools and quit shortcuts but not typing', () => {
    const pressed = (input: Record<string, unknown>) => {
      const event = { preventDefault: vi.fn() };
      window.webContents.emit('before-input-event', event, {
        type: 'keyDown',
        control: false,
        meta: false,
        alt: false,
        shift: false,
        ...input,
      });
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(pressed({ key: 'r', control: true })).toBe(true);
    expect(pressed({ key: 'F5' })).toBe(true);
    expect(pressed({ key: '=', control: true })).toBe(true);
    expect(pressed({ key: 'I', control: true, shift: true })).toBe(true);
    expect(pressed({ key: 'F4', alt: true })).toBe(true);
    expect(pressed({ key: 'q', meta: true })).toBe(true);
    expect(pressed({ key: 'a' })).toBe(false);
    expect(pressed({ key: '5' })).toBe(false);
  });

  it('closes devtools if they open anyway in a packaged build', () => {
    window.webContents.emit('devtools-opened');
    expect(window.webContents.closeDevTools).toHaveBeenCalled();
  });

  it('serves every contract channel and checks the sender frame of each call', async () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...requestChannels].sort());
    const handler = fake.handlers.get('system:getInfo')!;
    const own = { senderFrame: { url: 'app://kiosk/index.html', parent: null }, sender: {} };
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null }, sender: {} };
    const subframe = { senderFrame: { url: 'app://kiosk/index.html', parent: {} }, sender: {} };
    expect(await handler(own, {})).toMatchObject({ ok: true, value: { host: 'electron', version: '9.9.9' } });
    expect(await handler(foreign, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await handler(subframe, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await fake.handlers.get('session:end')!(own, { reason: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });

  it('forwards service events to the window without the raw IPC event', async () => {
    window.webContents.send.mockClear();
    await fake.handlers.get('session:end')!(
      { senderFrame: { url: 'app://kiosk/', parent: null } },
      { reason: 'user' },
    );
    expect(window.webContents.send).toHaveBeenCalledWith(
      'event:session:changed',
      expect.objectContaining({ stage: 'attract' }),
    );
  });

  it('reloads a crashed renderer, and relaunches the app when it keeps crashing', () => {
    for (let crash = 0; crash < 3; crash += 1)
      window.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(window.webContents.reload).toHaveBeenCalledTimes(3);
    expect(fake.app.relaunch).not.toHaveBeenCalled();
    window.emit('unresponsive');
    expect(fake.app.relaunch).toHaveBeenCalledTimes(1);
    expect(fake.app.exit).toHaveBeenCalledWith(0);
  });
});

describe('preload', () => {
  it('exposes only invoke and on, and never hands the raw IPC event to listeners', async () => {
    const exposed: Record<string, unknown> = {};
    const ipcRenderer = Object.assign(new EventEmitter(), {
      invoke: vi.fn(async () => ({ ok: true, value: 1 })),
    });
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer,
    }));
    vi.resetModules();
    await import('../../../preload/index.ts');
    const api = exposed.kiosk as {
      invoke: (c: string, a: unknown) => Promise<unknown>;
      on: (c: string, l: (p: unknown) => void) => () => void;
    };
    expect(Object.keys(exposed)).toEqual(['kiosk']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);

    expect(await api.invoke('shell:openExternal', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
    await api.invoke('system:getInfo', {});
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('system:getInfo', {});

    const received: unknown[][] = [];
    const unsubscribe = api.on('system:health', (...args: unknown[]) => received.push(args));
    ipcRenderer.emit('event:system:health', { sender: 'raw-ipc-event' }, { overall: 'ok' });
    expect(received).toEqual([[{ overall: 'ok' }]]);
    unsubscribe();
    ipcRenderer.emit('event:system:health', {}, { overall: 'fault' });
    expect(received).toHaveLength(1);
    api.on('fs:watch', () => {});
    expect(ipcRenderer.listenerCount('event:fs:watch')).toBe(0);
  });
});

describe('last resort', () => {
  it('logs an error nothing caught, closes the kiosk and relaunches instead of showing a dialog', async () => {
    // The shell's own handler, called as Node would call it; taken off again so the test runner's
    // handlers stay the only ones afterwards.
    const handler = process.listeners('uncaughtException').at(-1)!;
    const rejection = process.listeners('unhandledRejection').at(-1)!;
    fake.app.relaunch.mockClear();
    fake.app.exit.mockClear();
    try {
      handler(new Error('a bug nobody caught'), 'uncaughtException');
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(70));
      expect(fake.app.relaunch).toHaveBeenCalledTimes(1);
      // A second failure while the first is being handled does not relaunch twice.
      rejection(new Error('and another'), Promise.resolve());
      expect(fake.app.relaunch).toHaveBeenCalledTimes(1);
    } finally {
      process.off('uncaughtException', handler);
      process.off('unhandledRejection', rejection);
    }
  });
});
