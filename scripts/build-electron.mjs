// Bundles the Electron main process and the sandboxed preload into single CommonJS files.
// Native modules stay external: electron-builder unpacks their .node files from the asar.
import { build } from 'esbuild';

const external = ['electron', 'better-sqlite3', 'serialport', '@serialport/*'];

/** Shared with the test that proves the bundle builds clean. `import.meta` is empty in a CommonJS
 *  bundle, so code that finds its files through it would break only in the packaged app: an error. */
export const electronBuildOptions = {
  entryPoints: { main: 'main/electron/main.ts', preload: 'preload/index.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external,
  logOverride: { 'empty-import-meta': 'error' },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await build({ ...electronBuildOptions, logLevel: 'info' });
}
