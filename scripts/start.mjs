// `npm start`: the Electron kiosk where an Electron binary exists; otherwise, in one line, says so
// and runs the same services in the loopback web host with emulated hardware.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH)
    return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : undefined;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the screens only when the sources are newer than the last build, to start fast. */
function ensureRendererBuilt() {
  const built = path.join(root, 'dist', 'renderer', 'index.html');
  const sources = Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'common')));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const companions = [];

function run(command, commandArgs, env = {}) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      child.kill(signal);
      companions.forEach((companion) => companion.kill(signal));
    });
  }
  child.on('exit', (code, signal) => {
    companions.forEach((companion) => companion.kill('SIGTERM'));
    process.exit(code ?? (signal ? 1 : 0));
  });
}

// The web host is supervised (issue #14): if it dies — killed, or stopped on an uncaught error
// (exit 70, after logging it) — a clean one is started, after a back-off that doubles from 1 s
// to 30 s and resets once a run has lasted a minute. A host that fails while starting (a bad
// configuration: exit 1 within seconds) is not restarted: that needs a person, not a loop.
function supervise(command, commandArgs, env = {}) {
  let child;
  let stopping = false;
  let delayMs = 1000;
  let timer;
  const start = () => {
    const startedAt = Date.now();
    child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    console.log(`Web host started (pid ${child.pid}).`);
    child.on('exit', (code, signal) => {
      const ranMs = Date.now() - startedAt;
      if (stopping || code === 0 || (code === 1 && ranMs < 10_000)) {
        companions.forEach((companion) => companion.kill('SIGTERM'));
        process.exit(code ?? 0);
      }
      if (ranMs >= 60_000) delayMs = 1000;
      console.log(
        `The web host stopped (${signal ? `signal ${signal}` : `exit ${code}`}); restarting in ${delayMs / 1000} s.`,
      );
      timer = setTimeout(start, delayMs);
      delayMs = Math.min(delayMs * 2, 30_000);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stopping = true;
      clearTimeout(timer);
      companions.forEach((companion) => companion.kill(signal));
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      else process.exit(0);
    });
  }
  start();
}

// `--renderer DIR` serves other screens (tests): nothing to build then.
if (!args.includes('--renderer')) ensureRendererBuilt();
const electron = electronBinary();
let extraEnv = {};
if (args.includes('--with-central')) {
  const { startCentralDemo } = await import('./central-demo.mjs');
  const demo = await startCentralDemo(root, path.join(root, '.kiosk-data'));
  companions.push(demo.child);
  extraEnv = demo.env;
}
const passed = args.filter((arg) => arg !== '--with-central');
if (electron && !passed.includes('--web')) {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  run(electron, [root, ...passed], extraEnv);
} else {
  if (!electron) {
    console.log(
      'No Electron binary on this machine (it downloads on first run and needs the internet): starting the web host with emulated hardware instead.',
    );
  }
  const webArgs = passed.filter((arg) => arg !== '--web');
  if (!webArgs.some((arg) => arg === '--data' || arg.startsWith('--data=')))
    webArgs.push('--data', path.join(root, '.kiosk-data'));
  supervise(
    process.execPath,
    ['--import', 'tsx', path.join('main', 'host', 'web-main.ts'), ...webArgs],
    extraEnv,
  );
}
