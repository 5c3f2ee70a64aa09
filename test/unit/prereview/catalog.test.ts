import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogHolder, catalogBundle, loadCatalog, parseCatalog } from '../../../main/prereview/index.ts';
import { CATALOG_DIR, bundledCatalog } from './fixtures.ts';
import { rawLogger } from '../../support/log.ts';

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the bundled catalog folder, changed by `edit`. */
function copyCatalog(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  temporary.push(dir);
  fs.cpSync(CATALOG_DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of arbitrary catalog JSON
type Json = Record<string, any>;

function editJson(dir: string, file: string, change: (json: Json) => void): void {
  const full = path.join(dir, file);
  const json = JSON.parse(fs.readFileSync(full, 'utf8'));
  change(json);
  fs.writeFileSync(full, JSON.stringify(json));
}

const HYGIENE = 'items/public-hygiene-licence.json';

describe('loadCatalog', () => {
  it('loads the bundled catalog with its version, a content hash and every line', () => {
    const result = loadCatalog(CATALOG_DIR);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.catalog.version).toMatch(/^\d{4}\.\d{2}\.\d+$/);
    expect(result.catalog.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.catalog.lines.map((l) => l.code)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(result.loadMs).toBeGreaterThan(0);
  });

  it('gives the same hash for the same content whatever the key order, and a new one for new content', () => {
    const reordered = copyCatalog((dir) =>
      editJson(dir, HYGIENE, (json) => {
        const { code, ...rest } = json;
        for (const key of Object.keys(json)) delete json[key];
        Object.assign(json, rest, { code });
      }),
    );
    const changed = copyCatalog((dir) => editJson(dir, HYGIENE, (json) => (json.fee.en = 'No fee')));
    const a = loadCatalog(CATALOG_DIR);
    const b = loadCatalog(reordered);
    const c = loadCatalog(changed);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(b.catalog.hash).toBe(a.catalog.hash);
    expect(c.catalog.hash).not.toBe(a.catalog.hash);
  });

  const refusals: Array<[string, (dir: string) => void, { file: string; path: string; message: RegExp }]> = [
    [
      'a file that is not JSON',
      (dir) => fs.writeFileSync(path.join(dir, HYGIENE), '{ "code": "PUBLIC-HYGIENE-LICENCE", '),
      { file: HYGIENE, path: '', message: /not valid JSON/ },
    ],
    [
      'a missing English text',
      (dir) => editJson(dir, HYGIENE, (json) => delete json.materials[2].name.en),
      { file: HYGIENE, path: 'materials[2].name.en', message: /materials\[2\]\.name\.en: is missing/ },
    ],
    [
      'an empty Chinese text',
      (dir) => editJson(dir, 'catalog.json', (json) => (json.lines[0].name['zh-CN'] = ' ')),
      { file: 'catalog.json', path: 'lines[0].name["zh-CN"]', message: /Chinese \(zh-CN\) text is missing/ },
    ],
    [
      'an unknown operator in a rule',
      (dir) => editJson(dir, HYGIENE, (json) => (json.materials[5].when = { regex: ['.*', 'x'] })),
      { file: HYGIENE, path: 'materials[5].when.regex', message: /unknown operator "regex"/ },
    ],
    [
      'a rule reading a fact that does not exist',
      (dir) =>
        editJson(dir, HYGIENE, (json) => (json.eligibility[0].rule = { '==': [{ var: 'card.income' }, 1] })),
      { file: HYGIENE, path: 'eligibility[0].rule.==[0].var[0]', message: /unknown fact "card\.income"/ },
    ],
    [
      'a rule reading a form field the item does not have',
      (dir) => editJson(dir, HYGIENE, (json) => (json.materials[5].when = { var: 'form.nope' })),
      { file: HYGIENE, path: 'materials[5].when.var[0]', message: /names no form field/ },
    ],
    [
      'an operator with the wrong number of arguments',
      (dir) => editJson(dir, HYGIENE, (json) => (json.materials[5].when = { '==': [1] })),
      { file: HYGIENE, path: 'materials[5].when.==', message: /takes 2 argument/ },
    ],
    [
      'a core material in the commitment policy',
      (dir) =>
        editJson(dir, HYGIENE, (json) =>
          json.commitment.materials.push({ ...json.commitment.materials[0], material: 'application-form' }),
        ),
      {
        file: HYGIENE,
        path: 'commitment.materials[4].kind',
        message: /core material: only core-later or full-trust/,
      },
    ],
    [
      'a full-trust commitment with a due date',
      (dir) => editJson(dir, HYGIENE, (json) => (json.commitment.materials[0].kind = 'full-trust')),
      { file: HYGIENE, path: 'commitment.materials[0].within', message: /owes nothing later/ },
    ],
    [
      'a promise without a due date',
      (dir) => editJson(dir, HYGIENE, (json) => delete json.commitment.materials[0].within),
      { file: HYGIENE, path: 'commitment.materials[0].within', message: /is missing: say when/ },
    ],
    [
      'a material without its basis',
      (dir) => editJson(dir, HYGIENE, (json) => delete json.materials[1].basis),
      { file: HYGIENE, path: 'materials[1].basis', message: /is missing/ },
    ],
    [
      'a rule without its basis',
      (dir) => editJson(dir, HYGIENE, (json) => delete json.eligibility[0].basis),
      // A rule is a shared rule's id or a rule object, so zod names the entry as a whole.
      { file: HYGIENE, path: 'eligibility[0]', message: /eligibility\[0\]/ },
    ],
    [
      'an item with fewer than six worked examples',
      (dir) => editJson(dir, HYGIENE, (json) => json.examples.splice(5)),
      { file: HYGIENE, path: 'examples', message: /at least 6 worked examples/ },
    ],
    [
      // The construction permit exemption read with AND instead of OR (the old, inverted rule): the
      // item's own examples catch it and the whole catalog is refused.
      'a rule that fails its own worked examples',
      (dir) =>
        editJson(dir, 'items/construction-permit.json', (json) => {
          json.eligibility[0].rule = {
            or: [{ '>': [{ var: 'form.investment' }, 30] }, { '>': [{ var: 'form.floorArea' }, 300] }],
          };
        }),
      {
        file: 'items/construction-permit.json',
        path: expect.stringMatching(/^examples\[\d+\]$/) as never,
        message: /expected outcome not-accepted, got pass/,
      },
    ],
    [
      'an unknown business line',
      (dir) => editJson(dir, HYGIENE, (json) => (json.line = 'Z')),
      { file: HYGIENE, path: 'line', message: /no business line "Z"/ },
    ],
    [
      'a missing example picture',
      (dir) => fs.rmSync(path.join(dir, 'images/floor-plan.svg')),
      {
        file: expect.stringMatching(/^items\//) as never,
        path: expect.stringMatching(/example$/) as never,
        message: /floor-plan\.svg is missing/,
      },
    ],
    [
      'two items with one code',
      (dir) => fs.copyFileSync(path.join(dir, HYGIENE), path.join(dir, 'items/zz-copy.json')),
      { file: 'items/zz-copy.json', path: 'code', message: /appears twice/ },
    ],
    [
      'a shared rule that does not exist',
      (dir) => editJson(dir, HYGIENE, (json) => json.eligibility.push('no-such-rule')),
      { file: HYGIENE, path: 'eligibility[1]', message: /no shared rule "no-such-rule"/ },
    ],
    [
      'an unknown key (a typo)',
      (dir) => editJson(dir, HYGIENE, (json) => (json.materials[0].cor = true)),
      { file: HYGIENE, path: 'materials[0]', message: /cor/ },
    ],
    [
      'a missing manifest',
      (dir) => fs.rmSync(path.join(dir, 'catalog.json')),
      { file: 'catalog.json', path: '', message: /file is missing/ },
    ],
  ];

  it.each(refusals)('refuses %s, naming the file and the path', (_name, edit, expected) => {
    const result = loadCatalog(copyCatalog(edit));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ file: expected.file, path: expected.path });
    expect(result.error.message).toMatch(expected.message);
  });

  it('refuses a rule nested deeper than any real rule instead of overflowing the stack', () => {
    const depth = 10_000;
    const deep = `${'{"!":'.repeat(depth)}true${'}'.repeat(depth)}`;
    const dir = copyCatalog((d) => {
      editJson(d, HYGIENE, (json) => (json.materials[5].when = 'DEEP'));
      const file = path.join(d, HYGIENE);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"DEEP"', deep));
    });
    const result = loadCatalog(dir);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/nested deeper/);
  });
});

describe('parseCatalog (one JSON value, as delivered by sync)', () => {
  it('round-trips the bundled catalog to the same hash', () => {
    const catalog = bundledCatalog();
    const again = parseCatalog(JSON.parse(JSON.stringify(catalogBundle(catalog))));
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.catalog.hash).toBe(catalog.hash);
  });

  it('names the item index inside the bundle', () => {
    const bundle = JSON.parse(JSON.stringify(catalogBundle(bundledCatalog())));
    bundle.items[3].materials[0].core = 'yes';
    const result = parseCatalog(bundle);
    expect(result).toMatchObject({
      ok: false,
      error: { file: 'bundle', path: 'items[3].materials[0].core' },
    });
  });

  it('refuses values that are not a catalog at all', () => {
    for (const value of [null, 42, 'catalog', [], {}]) expect(parseCatalog(value).ok).toBe(false);
  });
});

describe('CatalogHolder', () => {
  function recordingLogger() {
    const logger = rawLogger();
    return { logger, lines: logger.lines };
  }

  it('keeps the last good catalog when a replacement is corrupt or breaks the schema', () => {
    const good = bundledCatalog();
    const { logger, lines } = recordingLogger();
    const holder = new CatalogHolder(good, logger);

    const corrupt = copyCatalog((dir) =>
      fs.writeFileSync(path.join(dir, 'catalog.json'), '\u0000\u0001garbage'),
    );
    expect(holder.replace(corrupt).ok).toBe(false);
    expect(holder.current()).toBe(good);

    const broken = JSON.parse(JSON.stringify(catalogBundle(good)));
    broken.version = '2025.07.1';
    delete broken.items[0].name.en;
    const refused = holder.replace(broken);
    expect(refused.ok).toBe(false);
    expect(holder.current()).toBe(good);
    expect(lines.map(([, event]) => event)).toEqual(['catalog.refused', 'catalog.refused']);
    expect(lines[1]![2]).toMatchObject({ kept: good.version, path: 'items[0].name.en' });
  });

  it('takes a valid replacement, from a folder or from JSON', () => {
    const holder = new CatalogHolder(bundledCatalog());
    const newer = copyCatalog((dir) => editJson(dir, 'catalog.json', (json) => (json.version = '2025.07.1')));
    const result = holder.replace(newer);
    expect(result.ok).toBe(true);
    expect(holder.current().version).toBe('2025.07.1');

    const bundle = JSON.parse(JSON.stringify(catalogBundle(bundledCatalog())));
    bundle.version = '2025.08.1';
    expect(holder.replace(bundle).ok).toBe(true);
    expect(holder.current().version).toBe('2025.08.1');
  });
});
