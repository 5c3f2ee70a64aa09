// Bundles the Electron main process and the sandboxed preload into single CommonJS files.
// Native modules stay external: electron-builder unpacks their .node files from the asar.
import { build } from 'esbuild';

const external = ['electron', 'better-sqlite3', 'serialport', '@serialport/*'];

await build({
  entryPoints: { main: 'main/electron/main.ts', preload: 'preload/index.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'info',
});
