// What the kiosk package contains, computed the way electron-builder computes it, without running it
// (it needs the Electron zip): the `files` globs of electron-builder.yml over the built bundle, plus
// the production dependency tree of package.json (electron-builder copies exactly that tree into
// node_modules). The main process is bundled, so that tree must be the native modules alone: no
// server (fastify, pg), no React (the renderer is built by Vite), no build tools.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
// @ts-expect-error — electron-builder's own YAML reader (its dependency), without type declarations
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs build script without type declarations
import { electronBuildOptions, nativeModules } from '../../../scripts/build-electron.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

interface LockPackage {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
const lock = readJson('package-lock.json') as { packages: Record<string, LockPackage> };
const manifest = readJson('package.json') as { dependencies?: Record<string, string> };
const builder = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: Array<{ target: string; arch: string[] }> };
  win: { target: Array<{ target: string; arch: string[] }> };
};

/** Node's resolution over the lock: `name` required from the package at `from`. */
function resolveInLock(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** The production dependency closure: the node_modules folders electron-builder packs. */
function productionTree(): Set<string> {
  const found = new Set<string>();
  const visit = (from: string, names: string[]) => {
    for (const name of names) {
      const at = resolveInLock(from, name);
      if (!at || found.has(at)) continue;
      found.add(at);
      const entry = lock.packages[at]!;
      visit(at, [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {})]);
    }
  };
  visit('', Object.keys(manifest.dependencies ?? {}));
  return found;
}

/** 'node_modules/a/node_modules/@s/b/lib/x.js' → '@s/b'; 'fs/promises' → 'fs'. */
function packageName(file: string): string {
  const cut = file.lastIndexOf('node_modules/');
  const rest = cut === -1 ? file : file.slice(cut + 'node_modules/'.length);
  const parts = rest.split('/');
  return rest.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}
const FORBIDDEN =
  /^(fastify|@fastify\/|pg|pg-|react|react-dom|vite|@vitejs\/|esbuild|@esbuild\/|typescript|vitest|playwright|@playwright\/|electron-builder|zod|ajv|ws)(\/|$)/;

let metafile: Metafile;
let bundleOutputs: string[];
beforeAll(async () => {
  const result = await build({ ...electronBuildOptions, write: false, metafile: true, logLevel: 'silent' });
  metafile = result.metafile!;
  bundleOutputs = Object.keys(metafile.outputs);
}, 60_000);

describe('the packaged kiosk', () => {
  it('ships in node_modules only the native modules and what they need at run time', () => {
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual([...nativeModules].sort());
    const shipped = [...productionTree()].map(packageName);
    expect(shipped).toEqual(
      expect.arrayContaining(['better-sqlite3', 'serialport', '@serialport/bindings-cpp']),
    );
    expect(shipped.filter((name) => FORBIDDEN.test(name))).toEqual([]);
  });

  it('every module the bundle leaves external is a native module shipped beside it (or electron)', () => {
    const shipped = new Set([...productionTree()].map(packageName));
    const external = new Set<string>();
    for (const output of Object.values(metafile.outputs))
      for (const imported of output.imports)
        if (imported.external && !imported.path.startsWith('node:')) external.add(imported.path);
    const builtin = new Set(builtinModules);
    const missing = [...external].filter((name) => {
      const pkg = packageName(name);
      return pkg !== 'electron' && !builtin.has(pkg) && !shipped.has(pkg);
    });
    expect(missing).toEqual([]);
    expect([...external].some((name) => name === 'better-sqlite3')).toBe(true);
  });

  it('bundles every other library into main.cjs, so nothing else is loaded from node_modules', () => {
    const bundled = Object.keys(metafile.inputs).filter((input) => input.includes('node_modules/'));
    const names = new Set(bundled.map(packageName));
    expect(names.has('zod')).toBe(true);
    for (const native of nativeModules) expect(names.has(native)).toBe(false);
    expect(bundleOutputs).toEqual(
      expect.arrayContaining(['dist/electron/main.cjs', 'dist/electron/preload.cjs']),
    );
  });

  it("electron-builder's files take the bundle and the built screens, never the whole node_modules", () => {
    expect(builder.files).toEqual(
      expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']),
    );
    expect(builder.files.filter((pattern) => /^node_modules/.test(pattern))).toEqual([]);
    // What the globs take from the source tree: only built output and shipped data, no sources.
    const positive = builder.files.filter((pattern) => !pattern.startsWith('!'));
    expect(positive.every((pattern) => /^(dist\/|resources\/|package\.json$)/.test(pattern))).toBe(true);
    for (const native of ['better-sqlite3', '@serialport/bindings-cpp'])
      expect(builder.asarUnpack).toContain(`node_modules/${native}/**`);
    expect(builder.npmRebuild).toBe(true);
  });

  it('targets Windows NSIS x64 and Linux deb and AppImage on x64 and arm64', () => {
    const targets = (list: Array<{ target: string; arch: string[] }>) =>
      Object.fromEntries(list.map((entry) => [entry.target, [...entry.arch].sort()]));
    expect(targets(builder.linux.target)).toEqual({ AppImage: ['arm64', 'x64'], deb: ['arm64', 'x64'] });
    expect(targets(builder.win.target)).toEqual({ nsis: ['x64'] });
  });
});
