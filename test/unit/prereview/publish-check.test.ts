// A catalog failing its own worked examples is refused when it is published: the admin tool runs the
// kiosk's checker (scripts/check-catalog.ts) before signing and before publishing a catalog.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogBundle } from '../../../main/prereview/index.ts';
import { bundledCatalog } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-publish-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function node(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, encoding: 'utf8' });
}

const good = catalogBundle(bundledCatalog());
// The construction permit exemption read the old, inverted way.
const broken = structuredClone(good);
const permit = broken.items.find((item) => item.code === 'CONSTRUCTION-PERMIT')!;
const rule = permit.eligibility[0]!;
if (typeof rule === 'string') throw new Error('expected an item rule');
rule.rule = { or: [{ '>': [{ var: 'form.investment' }, 30] }, { '>': [{ var: 'form.floorArea' }, 300] }] };
fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify(good));
fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(broken));

describe('publishing a catalog', () => {
  it('the checker accepts the bundled catalog and refuses one failing its examples, naming them', () => {
    const ok = node('scripts/check-catalog.ts', path.join(dir, 'good.json'));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/14 items, \d+ worked examples, 0 failing/);
    const refused = node('scripts/check-catalog.ts', path.join(dir, 'broken.json'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /CONSTRUCTION-PERMIT examples\[\d+\].*expected outcome not-accepted, got pass/,
    );
  }, 60_000);

  it('the admin tool will not sign a catalog that fails its examples', () => {
    expect(node('central/admin.ts', 'gen-keys', '--out', path.join(dir, 'keys')).status).toBe(0);
    const key = path.join(dir, 'keys', 'publisher.key.pem');
    const sign = (input: string) =>
      node(
        'central/admin.ts',
        'sign-catalog',
        '--in',
        input,
        '--key',
        key,
        '--version',
        '7',
        '--out',
        `${input}.signed`,
      );
    const refused = sign(path.join(dir, 'broken.json'));
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/catalog refused/);
    expect(fs.existsSync(path.join(dir, 'broken.json.signed'))).toBe(false);
    expect(sign(path.join(dir, 'good.json')).status).toBe(0);
  }, 90_000);
});
