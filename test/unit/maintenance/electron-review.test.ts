// An automated review of the Electron configuration, in the spirit of Electronegativity's checks,
// run over our own source on every test run: web preferences, CSP, preload surface, permission and
// navigation handlers, fuses, and the patterns that turn an XSS into code execution. The shell's
// behaviour itself is exercised in test/unit/electron; this file makes sure nobody reintroduces a
// dangerous option anywhere else.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../main/host/csp.ts';
import { kioskWindowOptions } from '../../../main/electron/window.ts';

const root = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mjs|cjs|js)$/.test(entry.name))
        out.push({ file: path.relative(root, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(root, dir));
  return out;
}

const shipped = [
  ...sources('main'),
  ...sources('preload'),
  ...sources('renderer/src'),
  ...sources('scripts'),
];

/** Electronegativity rule → the pattern that would break it. */
const forbidden: Array<{ rule: string; pattern: RegExp }> = [
  { rule: 'NODE_INTEGRATION_JS_CHECK', pattern: /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/ },
  { rule: 'CONTEXT_ISOLATION_JS_CHECK', pattern: /contextIsolation\s*:\s*false/ },
  { rule: 'SANDBOX_JS_CHECK', pattern: /sandbox\s*:\s*false/ },
  { rule: 'WEB_SECURITY_JS_CHECK', pattern: /webSecurity\s*:\s*false/ },
  { rule: 'ALLOW_RUNNING_INSECURE_CONTENT_JS_CHECK', pattern: /allowRunningInsecureContent\s*:\s*true/ },
  { rule: 'EXPERIMENTAL_FEATURES_JS_CHECK', pattern: /experimentalFeatures\s*:\s*true/ },
  { rule: 'BLINK_FEATURES_JS_CHECK', pattern: /enableBlinkFeatures/ },
  { rule: 'WEBVIEW_TAG (in webPreferences)', pattern: /webviewTag\s*:\s*true/ },
  { rule: 'REMOTE_MODULE_JS_CHECK', pattern: /@electron\/remote|enableRemoteModule|\.remote\b\s*\./ },
  { rule: 'OPEN_EXTERNAL_JS_CHECK', pattern: /shell\.openExternal|openPath\(/ },
  { rule: 'CERTIFICATE_ERROR_EVENT_JS_CHECK', pattern: /['"]certificate-error['"]/ },
  {
    rule: 'INSECURE_SWITCHES',
    pattern: /ignore-certificate-errors|disable-web-security|allow-insecure-localhost/,
  },
  {
    rule: 'DANGEROUS_FUNCTIONS_JS_CHECK',
    pattern: /\.executeJavaScript\(|\binsertCSS\(|new Function\(|\beval\(/,
  },
  { rule: 'XSS sink in the screens', pattern: /dangerouslySetInnerHTML|\.innerHTML\s*=|document\.write\(/ },
  { rule: 'FILE_PROTOCOL (UI from file://)', pattern: /loadFile\(|loadURL\(\s*[`'"]file:/ },
];

describe('Electron configuration review', () => {
  it.each(forbidden)('no source breaks $rule', ({ pattern }) => {
    const offenders = shipped.filter(({ text }) => pattern.test(text)).map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('the kiosk window is sandboxed, isolated, without Node, webviews or insecure content', () => {
    for (const packaged of [true, false]) {
      const preferences = kioskWindowOptions({ preloadPath: '/p.cjs', packaged }).webPreferences!;
      expect(preferences).toMatchObject({
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
      });
      if (packaged) expect(preferences.devTools).toBe(false);
    }
  });

  it('the content security policy allows only our own scripts, no inline code, no eval, no framing', () => {
    const policy = contentSecurityPolicy({ connectOrigin: 'ws://127.0.0.1:1234' });
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  });

  it('the shell enables the sandbox for every renderer, grants no permission and guards navigation', () => {
    const main = fs.readFileSync(path.join(root, 'main/electron/main.ts'), 'utf8');
    expect(main).toMatch(/app\.enableSandbox\(\)/);
    expect(main).toMatch(/setPermissionRequestHandler\(.*=> callback\(false\)\)/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(main).toMatch(/requestSingleInstanceLock/);
    const window = fs.readFileSync(path.join(root, 'main/electron/window.ts'), 'utf8');
    for (const guard of [
      "'will-navigate'",
      "'will-redirect'",
      'setWindowOpenHandler',
      "'will-attach-webview'",
    ])
      expect(window).toContain(guard);
    const ipc = fs.readFileSync(path.join(root, 'main/electron/ipc.ts'), 'utf8');
    expect(ipc).toMatch(/senderFrame/);
  });

  it('the preload exposes only invoke and on, never ipcRenderer itself', () => {
    const preload = fs.readFileSync(path.join(root, 'preload/index.ts'), 'utf8');
    const exposed = [...preload.matchAll(/exposeInMainWorld\(\s*'(\w+)',\s*(\w+)/g)].map((match) => match[2]);
    expect(exposed).toEqual(['preloadApi']);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    const api = preload.slice(preload.indexOf('export const preloadApi'), preload.indexOf('\n};'));
    expect([...api.matchAll(/^ {2}(\w+)[<(]/gm)].map((match) => match[1])).toEqual(['invoke', 'on']);
    expect(preload).toMatch(/isRequestChannel\(channel\)/);
    expect(preload).toMatch(/isEventChannel\(channel\)/);
  });

  it('the screens import neither Electron nor Node', () => {
    const offenders = sources('renderer/src').filter(({ text }) =>
      /from ['"](electron|node:[a-z_/]+|fs|path|child_process)['"]/.test(text),
    );
    expect(offenders.map(({ file }) => file)).toEqual([]);
  });

  it('the packaged app has its fuses set: no run-as-node, no inspector flags, asar only and checked', () => {
    const builder = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    for (const fuse of [
      'runAsNode: false',
      'enableNodeCliInspectArguments: false',
      'onlyLoadAppFromAsar: true',
      'enableEmbeddedAsarIntegrityValidation: true',
      'enableCookieEncryption: true',
    ])
      expect(builder).toContain(fuse);
  });
});
