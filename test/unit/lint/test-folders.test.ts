// Test folders mirror the code (issue 13): a unit test lives in test/unit/<folder>/, where <folder> is
// the code folder it tests with the zone folder dropped — main/queue/slips/ticket.ts is tested in
// test/unit/queue/slips/, hardware/printer/ in test/unit/printer/, domain/identity/ in
// test/unit/identity/; top-level folders (common, protocol, central, renderer, scripts) keep their
// own name. "The code it tests" is the imported module it is named after (ticket.test.ts → ticket.ts)
// or, failing that, the folder it imports most (ties allowed; a subfolder's modules count for its
// parents too; the emulators, being the instruments tests read output back with, do not count).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const unit = path.join(root, 'test/unit');
/** Folders whose code sits one level down: the level below is the mirror. */
const zoneFolders = new Set(['main', 'hardware', 'domain']);
/** Test folders about a root configuration file rather than a code folder. */
const configurationTests: Record<string, string> = {
  lint: 'eslint.config.js: the lint zones and rules',
  packaging: 'electron-builder.yml: what the package holds',
};

/** main/queue/slips/ticket.ts → queue/slips; main/kiosk.ts → main; renderer/src/x/y.tsx → renderer. */
function mirrorOf(module: string): string {
  const parts = module.split('/');
  if (zoneFolders.has(parts[0]!) && parts.length > 2) return parts.slice(1, -1).join('/');
  return parts[0]!;
}

const stem = (file: string) => path.basename(file).replace(/\.test\.tsx?$|\.(ts|tsx|mjs|js)$/, '');

function unitTests(): string[] {
  return fs
    .readdirSync(unit, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** The project modules a test imports (relative specifiers outside test/), as root-relative paths. */
function importsOf(test: string): string[] {
  const text = fs.readFileSync(path.join(root, test), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map(
    (match) => match[1]!,
  );
  return specifiers
    .map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(test), specifier)))
    .filter((module) => !module.startsWith('test/') && !module.startsWith('..'));
}

/** Why a test is in the wrong folder, or null when its folder mirrors what it tests. */
function misplaced(test: string, imports: string[]): string | null {
  const folder = path.posix.dirname(path.posix.relative('test/unit', test));
  if (folder in configurationTests) return null;
  const named = imports.filter((module) => stem(module) === stem(test));
  if (named.length > 0) {
    const mirrors = named.map(mirrorOf);
    return mirrors.includes(folder)
      ? null
      : `named after ${named.join(', ')}: belongs in test/unit/${mirrors[0]}/`;
  }
  const counts = new Map<string, number>();
  for (const module of imports) {
    // The emulators are the instruments most tests read paper and cards back with: they say where a
    // test belongs only for the tests of the emulators themselves.
    if (module.startsWith('hardware/emulators/') && !folder.startsWith('emulators/')) continue;
    // A module in a subfolder also counts for its parents (main/queue/slips/ticket.ts for queue/).
    const mirror = mirrorOf(module).split('/');
    for (let depth = 1; depth <= mirror.length; depth += 1) {
      const name = mirror.slice(0, depth).join('/');
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  if (counts.size === 0) return 'imports no project code';
  const most = Math.max(...counts.values());
  const top = [...counts].filter(([, count]) => count === most).map(([name]) => name);
  return top.includes(folder) ? null : `imports mostly ${top.join(', ')}: belongs in test/unit/${top[0]}/`;
}

describe('unit test folders', () => {
  it('mirror the code each test imports', () => {
    const tests = unitTests();
    expect(tests.length).toBeGreaterThan(50);
    const wrong = tests
      .map((test) => [test, misplaced(test, importsOf(test))] as const)
      .filter(([, why]) => why !== null)
      .map(([test, why]) => `${test}: ${why}`);
    expect(wrong).toEqual([]);
  });

  it('catch the mismatches the issue found', () => {
    // A PIN test filed under queue/ while it tests main/staff (the example).
    expect(misplaced('test/unit/queue/pin.test.ts', ['main/staff/pin.ts'])).toMatch(/test\/unit\/staff\//);
    // A slip test left under printer/ while the slip lives with the queue.
    expect(
      misplaced('test/unit/printer/ticket.test.ts', [
        'hardware/printer/encode.ts',
        'hardware/printer/profile.ts',
        'main/queue/slips/ticket.ts',
      ]),
    ).toMatch(/test\/unit\/queue\/slips\//);
    expect(misplaced('test/unit/queue/slips/ticket.test.ts', ['main/queue/slips/ticket.ts'])).toBeNull();
    expect(mirrorOf('main/kiosk.ts')).toBe('main');
    expect(mirrorOf('renderer/src/staff/StaffDesk.tsx')).toBe('renderer');
    expect(mirrorOf('domain/identity/mask.ts')).toBe('identity');
  });
});
