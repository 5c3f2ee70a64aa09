// Bundles the Electron main process and the sandboxed preload into single CommonJS files. Every
// library is bundled in, except the native modules: their .node files cannot be bundled, so they and
// their small JavaScript wrappers are the only packages the kiosk ships in node_modules (package.json
// `dependencies` lists exactly these; test/unit/packaging/packaged-files.test.ts checks the result).
import { build } from 'esbuild';

/** Packages with a compiled .node addon, rebuilt per target by electron-builder (README, Packaging). */
export const nativeModules = ['better-sqlite3', 'serialport'];

const external = ['electron', ...nativeModules, '@serialport/*'];

/** Shared with the tests that prove the bundle builds clean. `import.meta` is empty in a CommonJS
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
