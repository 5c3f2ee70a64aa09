// An automated review of the Electron configuration, in the spirit of Electronegativity's checks: web
// preferences, CSP, preload surface, permission and navigation handlers, fuses, and the patterns that
// turn an XSS into code execution. The patterns are lint rules (eslint.config.js `electronReview`, run
// over every shipped file by `npm run lint`); this file proves each rule fires in every shipped folder.
// That the screens import neither Electron nor Node is a lint zone (test/unit/lint/boundaries.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../main/host/csp.ts';
import { kioskWindowOptions } from '../../../main/electron/window.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/** Electronegativity rule → source that breaks it. Each must be refused by lint (eslint.config.js,
 *  `electronReview`) in every shipped folder; `npm run lint` then holds the whole tree to it. */
const forbidden: Array<{ rule: string; source: string }> = [
  { rule: 'NODE_INTEGRATION_JS_CHECK', source: 'export const o = { nodeIntegration: true };' },
  { rule: 'NODE_INTEGRATION_JS_CHECK', source: 'export const o = { nodeIntegrationInWorker: true };' },
  { rule: 'NODE_INTEGRATION_JS_CHECK', source: 'export const o = { nodeIntegrationInSubFrames: true };' },
  { rule: 'CONTEXT_ISOLATION_JS_CHECK', source: 'export const o = { contextIsolation: false };' },
  { rule: 'SANDBOX_JS_CHECK', source: 'export const o = { sandbox: false };' },
  { rule: 'WEB_SECURITY_JS_CHECK', source: 'export const o = { webSecurity: false };' },
  {
    rule: 'ALLOW_RUNNING_INSECURE_CONTENT_JS_CHECK',
    source: 'export const o = { allowRunningInsecureContent: true };',
  },
  { rule: 'EXPERIMENTAL_FEATURES_JS_CHECK', source: 'export const o = { experimentalFeatures: true };' },
  { rule: 'BLINK_FEATURES_JS_CHECK', source: "export const o = { enableBlinkFeatures: 'X' };" },
  { rule: 'WEBVIEW_TAG (in webPreferences)', source: 'export const o = { webviewTag: true };' },
  { rule: 'REMOTE_MODULE_JS_CHECK', source: "import '@electron/remote/main';" },
  { rule: 'REMOTE_MODULE_JS_CHECK', source: 'export const o = { enableRemoteModule: false };' },
  {
    rule: 'REMOTE_MODULE_JS_CHECK',
    source: 'declare const e: { remote: { app: 1 } };\nexport const a = e.remote.app;',
  },
  {
    rule: 'OPEN_EXTERNAL_JS_CHECK',
    source: "declare const shell: { openExternal(u: string): void };\nshell.openExternal('x');",
  },
  {
    rule: 'OPEN_EXTERNAL_JS_CHECK',
    source: "declare const s: { openPath(u: string): void };\ns.openPath('/');",
  },
  {
    rule: 'CERTIFICATE_ERROR_EVENT_JS_CHECK',
    source: "declare const app: { on(e: string): void };\napp.on('certificate-error');",
  },
  { rule: 'INSECURE_SWITCHES', source: "export const s = ['--ignore-certificate-errors'.slice(2)];" },
  { rule: 'INSECURE_SWITCHES', source: 'export const s = `disable-web-security`;' },
  {
    rule: 'DANGEROUS_FUNCTIONS_JS_CHECK',
    source: "declare const w: { executeJavaScript(c: string): void };\nw.executeJavaScript('1');",
  },
  {
    rule: 'DANGEROUS_FUNCTIONS_JS_CHECK',
    source: "declare const w: { insertCSS(c: string): void };\nw.insertCSS('a{}');",
  },
  { rule: 'DANGEROUS_FUNCTIONS_JS_CHECK', source: "export const f = new Function('return 1');" },
  { rule: 'DANGEROUS_FUNCTIONS_JS_CHECK', source: "export const v = eval('1');" },
  { rule: 'XSS sink in the screens', source: "document.body.innerHTML = '<b>x</b>';" },
  { rule: 'XSS sink in the screens', source: "document.write('<b>x</b>');" },
  {
    rule: 'FILE_PROTOCOL (UI from file://)',
    source: "declare const w: { loadFile(f: string): void };\nw.loadFile('index.html');",
  },
  {
    rule: 'FILE_PROTOCOL (UI from file://)',
    source: "declare const w: { loadURL(u: string): void };\nw.loadURL('file:///index.html');",
  },
  {
    rule: 'FILE_PROTOCOL (UI from file://)',
    source: 'declare const w: { loadURL(u: string): void };\nw.loadURL(`file://${1}`);',
  },
];
const jsxSink = 'export const A = () => <div dangerouslySetInnerHTML={{ __html: "x" }} />;';

/** Folders whose code ships or builds what ships. */
const shippedProbes = [
  'main/electron/probe.ts',
  'main/services/probe.ts',
  'preload/probe.ts',
  'renderer/src/probe.ts',
  'scripts/probe.ts',
  'common/probe.ts',
  'hardware/probe.ts',
];

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function refusals(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath: path.join(root, filePath) });
  return result!.messages
    .filter((message) => ['no-restricted-syntax', 'no-eval', 'no-new-func'].includes(message.ruleId ?? ''))
    .map((message) => message.message);
}

describe('Electron configuration review', () => {
  it.each(forbidden)(
    'lint refuses $rule in every shipped folder: $source',
    async ({ source }) => {
      for (const probe of shippedProbes) {
        expect({ probe, refused: (await refusals(probe, source)).length }).toEqual({ probe, refused: 1 });
      }
    },
    60_000,
  );

  it('lint refuses dangerouslySetInnerHTML in the screens', async () => {
    expect(await refusals('renderer/src/screens/probe.tsx', jsxSink)).toEqual([
      'Electron review: XSS sink in the screens.',
    ]);
  });

  it('the safe forms pass, so the bans are not blanket refusals', async () => {
    const safe =
      'export const o = { nodeIntegration: false, contextIsolation: true, sandbox: true, webSecurity: true };';
    expect(await refusals('main/electron/probe.ts', safe)).toEqual([]);
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
