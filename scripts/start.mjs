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

ensureRendererBuilt();
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
  run(process.execPath, ['--import', 'tsx', path.join('main', 'host', 'web-main.ts'), ...webArgs], extraEnv);
}
