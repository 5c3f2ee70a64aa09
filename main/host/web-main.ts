// Entry of the web host: `node --import tsx main/host/web-main.ts [--data DIR] [--port N] [--no-open]`
// (and `--renderer DIR`, another folder of screens).
// Runs the same services as the Electron shell and serves them to a browser on loopback.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.ts';
import { defaultDataRoot } from '../data-folder.ts';
import { createKiosk, StartupError } from '../kiosk.ts';
import { StoreError } from '../store/database.ts';
import { startWebHost } from './web.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Opens the screens. The address carries a one-time launch code, not the launch secret: the
 *  command line of the browser is readable by every local user (`ps`), and the code is dead once
 *  the browser has redeemed it. `KIOSK_BROWSER` names another browser binary. */
function openInChromium(url: string, dataRoot: string): string | undefined {
  const binary = [process.env.KIOSK_BROWSER, ...chromiumCandidates].find(
    (candidate) => candidate && fs.existsSync(candidate),
  );
  if (!binary) return 'no Chromium installed';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'no display';
  const profile = path.join(dataRoot, 'run', 'chromium-profile');
  const child = spawn(
    binary,
    [
      `--app=${url}`,
      '--kiosk',
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-pinch',
      // Spoken guidance greets a person before their first tap.
      '--autoplay-policy=no-user-gesture-required',
      '--overscroll-history-navigation=0',
    ],
    { stdio: 'ignore', detached: true },
  );
  child.unref();
  return undefined;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      config: { type: 'string' },
      port: { type: 'string' },
      hardware: { type: 'string' },
      // Another folder of screens (tests serve a stub page without building the renderer).
      renderer: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const dataRoot = values.data ?? process.env.KIOSK_DATA_DIR ?? defaultDataRoot();
  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) overrides['web.port'] = Number(values.port);
  if (values.hardware !== undefined) overrides['hardware.mode'] = values.hardware;

  const rendererDir = path.resolve(values.renderer ?? path.join(projectRoot, 'dist', 'renderer'));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    process.stderr.write(
      `The screens are not built (${rendererDir} is empty): run \`npm run build:renderer\` or \`npm start\`.\n`,
    );
    return 1;
  }

  let kiosk;
  try {
    kiosk = await createKiosk({
      host: 'web',
      version: readVersion(),
      resourcesDir: path.join(projectRoot, 'resources'),
      dataRoot,
      configFile: values.config,
      overrides,
      logEcho: values.verbose,
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreError || error instanceof StartupError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  // A supervisor (a test, a service unit) may choose the launch secret and hand it over in the
  // environment, which only this user can read; it is taken out at once so that the browser and
  // anything else started from here does not inherit it.
  const launchSecret = process.env.KIOSK_WEB_TOKEN || undefined;
  delete process.env.KIOSK_WEB_TOKEN;
  const host = await startWebHost({
    token: launchSecret,
    dispatch: kiosk.dispatch,
    bus: kiosk.bus,
    logger: kiosk.logger.child('web'),
    rendererDir,
    catalogImagesDir: path.join(projectRoot, 'resources', 'catalog', 'images'),
    port: kiosk.config.web.port,
  });
  // Never the launch secret on stdout (issue #14, finding 10): at most a one-time code, for the
  // person at this terminal, when no browser was opened for them.
  process.stdout.write(`Kiosk ready at ${host.origin}/\n`);
  process.stdout.write(`Data folder: ${kiosk.folder.root} · hardware: ${kiosk.config.hardware.mode}\n`);
  const skipped = values['no-open'] ? 'asked not to' : openInChromium(host.url, kiosk.folder.root);
  if (skipped) {
    process.stdout.write(
      `Not opening a browser (${skipped}). Open this address once, within 10 minutes: ${host.launchUrl(600_000)}\n`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    kiosk.logger.info('web.stopping', { signal });
    await host.close();
    await kiosk.shutdown();
    process.exit(0);
  };
  // The last resort (issue #14): a mistake still to come must not leave a half-dead kiosk. It is
  // logged, the store is closed, and the process exits non-zero so that its supervisor
  // (scripts/start.mjs, or the service unit) starts a clean one.
  const crash = (kind: string, error: unknown) => {
    kiosk.logger.error('web.uncaught-error', { kind, error });
    process.stderr.write(`The kiosk stopped on an unexpected error (${kind}); see the log.\n`);
    setTimeout(() => process.exit(70), 2000).unref();
    void Promise.resolve()
      .then(() => host.close())
      .then(() => kiosk.shutdown())
      .finally(() => process.exit(70));
  };
  process.on('uncaughtException', (error) => crash('exception', error));
  process.on('unhandledRejection', (error) => crash('rejection', error));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`The kiosk could not start: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
