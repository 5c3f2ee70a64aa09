// Lint refuses every forbidden import, in every folder. Probe sources with one import each are linted
// through ESLint's Node API as if they sat in each zone (lintText with a filePath inside the folder),
// and each forbidden one must come back as a `layers/zones` error while the allowed ones pass. The
// issue's rules are also listed here by hand, so loosening the zone list in eslint.config.js fails.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — the ESLint config is plain JavaScript without type declarations
import { describeImports, zones as zoneList } from '../../../eslint.config.js';

interface Zone {
  folder: string;
  what: string;
  imports: string[] | '*';
  packages: string[];
  pure?: boolean;
}
const zones = zoneList as Zone[];

const root = path.resolve(import.meta.dirname, '../../..');
/** One module per kind of package the zones allow or refuse. */
const SAMPLE_PACKAGE: Record<string, string> = {
  node: 'node:fs',
  electron: 'electron',
  react: 'react',
  server: 'fastify',
  tooling: 'vite',
  libraries: 'zod',
};
const PROJECT_FOLDERS = [
  'common',
  'domain',
  'protocol',
  'hardware',
  'main',
  'preload',
  'renderer',
  'central',
  'tools',
  'bin',
  'resources',
  'scripts',
  'bench',
  'test',
];

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** Where a probe pretends to live: inside the zone's folder (or the zone's one file). */
function probePath(zone: Zone): string {
  if (!zone.folder.endsWith('/')) return path.join(root, zone.folder);
  const extension = zone.folder.startsWith('renderer/') ? 'tsx' : 'ts';
  return path.join(root, zone.folder, `lint-probe/probe.${extension}`);
}

async function zoneErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'layers/zones').map((m) => m.message);
}

function relativeImport(from: string, folder: string): string {
  const spec = path
    .relative(path.dirname(from), path.join(root, folder, 'x.ts'))
    .split(path.sep)
    .join('/');
  return spec.startsWith('.') ? spec : `./${spec}`;
}

/** The zone a path falls in, by the same longest-prefix rule the config uses. */
function zoneFor(relative: string): Zone | undefined {
  return zones
    .filter((zone) =>
      zone.folder.endsWith('/') ? relative.startsWith(zone.folder) : relative === zone.folder,
    )
    .sort((a, b) => b.folder.length - a.folder.length)[0];
}

describe('lint zones', () => {
  it.each(zones.map((zone) => [zone.folder, zone] as const))(
    '%s: every folder and package kind outside the zone is refused, the rest allowed',
    async (_name, zone) => {
      const probe = probePath(zone);
      const cases: Array<{ spec: string; allowed: boolean }> = [];
      for (const folder of PROJECT_FOLDERS) {
        const allowed = zone.imports === '*' || zone.imports.includes(folder);
        cases.push({ spec: relativeImport(probe, folder), allowed });
      }
      for (const [kind, spec] of Object.entries(SAMPLE_PACKAGE))
        cases.push({ spec, allowed: zone.packages.includes(kind) });
      for (const { spec, allowed } of cases) {
        const errors = await zoneErrors(probe, `import '${spec}';\n`);
        expect({ spec, refused: errors.length > 0 }).toEqual({ spec, refused: !allowed });
      }
      // Every syntax that names a module is checked, not only `import … from`.
      if (!zone.packages.includes('electron')) {
        for (const code of [
          "export { app } from 'electron';\n",
          "export * from 'electron';\n",
          "void import('electron');\n",
          "type App = import('electron').App;\nexport type { App };\n",
          "require('electron');\n",
        ]) {
          expect({ code, errors: (await zoneErrors(probe, code)).length }).toEqual({ code, errors: 1 });
        }
      }
    },
    60_000,
  );

  // The rules, written out, so they cannot be loosened by editing the zone list alone.
  const forbidden: Array<[string, string[]]> = [
    [
      'common/',
      ['node:fs', 'fs', 'path', 'electron', 'react', 'react-dom/client', 'main', 'hardware', 'renderer'],
    ],
    [
      'domain/identity/',
      ['node:fs', 'electron', 'react', 'main', 'hardware', 'renderer', 'central', 'protocol'],
    ],
    ['hardware/idcard/', ['electron', 'main', 'renderer', 'central', 'react']],
    ['protocol/', ['main', 'renderer', 'hardware', 'electron', 'react']],
    ['renderer/src/citizen/', ['main', 'hardware', 'central', 'protocol', 'node:path', 'fs', 'electron']],
    ['main/queue/', ['renderer', 'central', 'electron', 'fastify', 'pg', 'react']],
    ['central/store/', ['main', 'renderer', 'hardware', 'electron']],
    ['preload/', ['main', 'renderer', 'hardware', 'node:fs']],
  ];
  it.each(forbidden)(
    '%s refuses %j',
    async (folder, refused) => {
      const probe = path.join(root, folder, 'lint-probe.ts');
      for (const target of refused) {
        const spec = PROJECT_FOLDERS.includes(target) ? relativeImport(probe, target) : target;
        expect({ spec, errors: (await zoneErrors(probe, `import '${spec}';\n`)).length }).toEqual({
          spec,
          errors: 1,
        });
      }
    },
    60_000,
  );

  it('electron is refused in every folder of main/ except main/electron/', async () => {
    const folders = fs
      .readdirSync(path.join(root, 'main'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.length).toBeGreaterThanOrEqual(11);
    for (const folder of [...folders, '.']) {
      const probe = path.join(root, 'main', folder, 'lint-probe.ts');
      const errors = await zoneErrors(probe, "import { app } from 'electron';\nexport { app };\n");
      expect({ folder, refused: errors.length > 0 }).toEqual({ folder, refused: folder !== 'electron' });
    }
  }, 60_000);

  it('every folder with code has a zone, and a file in a new folder is an error until it gets one', async () => {
    const codeFolders = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .filter(
        (name) => !['node_modules', 'dist', 'release', 'test-results', 'playwright-report'].includes(name),
      )
      .filter((name) => hasCode(path.join(root, name)));
    for (const folder of codeFolders)
      expect({ folder, zone: zoneFor(`${folder}/x.ts`)?.folder }).not.toEqual({
        folder,
        zone: undefined,
      });
    const errors = await zoneErrors(path.join(root, 'newfolder/x.ts'), 'export const x = 1;\n');
    expect(errors).toEqual([expect.stringContaining('is in no lint zone')]);
  });

  it('pure zones refuse Node and browser globals', async () => {
    for (const zone of zones.filter((candidate) => candidate.pure)) {
      const [result] = await eslint.lintText('export const a = process.env.X ?? window.name;\n', {
        filePath: probePath(zone),
      });
      const banned = result!.messages.filter((message) => message.ruleId === 'no-restricted-globals');
      expect({ zone: zone.folder, banned: banned.length }).toEqual({ zone: zone.folder, banned: 2 });
    }
  });

  it("README's folder table is the zone list, in the same words", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Folders'),
      readme.indexOf('\n## ', readme.indexOf('## Folders') + 3),
    );
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .slice(1, -1)
          .split(' | ')
          .map((cell) => cell.trim()),
      );
    expect(rows).toEqual(zones.map((zone) => [`\`${zone.folder}\``, zone.what, describeImports(zone)]));
  });
});

function hasCode(dir: string): boolean {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() ? hasCode(full) : /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) return true;
  }
  return false;
}
