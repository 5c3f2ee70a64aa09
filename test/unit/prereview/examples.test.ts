// CI runs every worked example of every item: the catalog's own cases (applicant facts + materials →
// outcome and listed materials). The loader refuses a catalog failing one; this lists them one by one.
import { describe, expect, it } from 'vitest';
import { loadCatalog, runExamples } from '../../../main/prereview/index.ts';
import { compareExample, exampleInput } from '../../../main/prereview/examples.ts';
import { evaluate } from '../../../main/prereview/evaluate.ts';
import { CATALOG_DIR } from './fixtures.ts';

const loaded = loadCatalog(CATALOG_DIR, { checkExamples: false });
if (!loaded.ok) throw new Error(loaded.error.message);
const catalog = loaded.catalog;

const cases = catalog.items.flatMap((item) =>
  item.examples.map((example, index) => [item.code, index, example.name, item, example] as const),
);

describe('worked examples in the catalog', () => {
  it.each(cases)('%s #%i: %s', (_code, _index, _name, item, example) => {
    const result = evaluate(catalog, exampleInput(catalog, item, example));
    expect(compareExample(result, example)).toBeUndefined();
  });

  it('has at least 14 items, each with at least 6 examples', () => {
    expect(catalog.items.length).toBeGreaterThanOrEqual(14);
    for (const item of catalog.items) expect(item.examples.length, item.code).toBeGreaterThanOrEqual(6);
    expect(runExamples(catalog).failures).toEqual([]);
  });

  it('covers both sides: every item has an accepted case and a refused or corrected one', () => {
    for (const item of catalog.items) {
      const outcomes = new Set(item.examples.map((example) => example.expect.outcome));
      expect(outcomes.has('pass') || outcomes.has('commitment'), item.code).toBe(true);
      expect(outcomes.has('not-accepted') || outcomes.has('notice'), item.code).toBe(true);
    }
  });

  it('exercises every commitment of every item, and a credit-restricted applicant where one exists', () => {
    for (const item of catalog.items) {
      if (!item.commitment) continue;
      const examples = item.examples;
      expect(
        examples.some((e) => e.expect.outcome === 'commitment'),
        item.code,
      ).toBe(true);
      expect(
        examples.some((e) => e.expect.credit === true),
        item.code,
      ).toBe(true);
    }
  });

  it('uses each of the three commitment kinds somewhere, and proves every promisable material in a commitment example', () => {
    const kinds = new Set(
      catalog.items.flatMap((item) => (item.commitment?.materials ?? []).map((p) => p.kind)),
    );
    expect([...kinds].sort()).toEqual(['core-later', 'full-trust', 'non-core']);
    for (const item of catalog.items) {
      for (const promise of item.commitment?.materials ?? []) {
        const proven = item.examples.some(
          (e) => e.expect.outcome === 'commitment' && (e.missing ?? []).includes(promise.material),
        );
        expect(proven, `${item.code} ${promise.material}`).toBe(true);
      }
    }
  });

  it('tells a wrong commitment kind from the right one', () => {
    const item = catalog.items.find((candidate) => candidate.code === 'SHOP-SIGN')!;
    const example = item.examples.find((e) => e.expect.kinds?.includes('core-later'))!;
    const result = evaluate(catalog, exampleInput(catalog, item, example));
    expect(compareExample(result, example)).toBeUndefined();
    expect(
      compareExample(result, { ...example, expect: { ...example.expect, kinds: ['non-core'] } }),
    ).toMatch(/expected kinds \[non-core\], got \[.*core-later/);
  });

  it('gives every rule, material, agent material and commitment its basis', () => {
    const empty = (text: { 'zh-CN': string; en: string } | undefined) =>
      !text || text['zh-CN'].trim() === '' || text.en.trim() === '';
    for (const material of catalog.agentMaterials) expect(empty(material.basis), material.id).toBe(false);
    for (const rule of catalog.sharedRules) expect(empty(rule.basis), rule.id).toBe(false);
    for (const item of catalog.items) {
      expect(empty(item.basis), item.code).toBe(false);
      expect(empty(item.applicants.basis), item.code).toBe(false);
      expect(empty(item.agent.basis), item.code).toBe(false);
      for (const material of item.materials)
        expect(empty(material.basis), `${item.code} ${material.id}`).toBe(false);
      for (const rule of item.eligibility)
        if (typeof rule !== 'string') expect(empty(rule.basis), rule.id).toBe(false);
      for (const promise of item.commitment?.materials ?? []) expect(empty(promise.basis)).toBe(false);
      if (item.commitment) expect(empty(item.commitment.breach) || empty(item.commitment.handIn)).toBe(false);
    }
  });

  it('no longer promises that the kiosk prints blank forms', () => {
    for (const item of catalog.items) {
      for (const material of item.materials) expect(material.whereToGet['zh-CN']).not.toMatch(/本机/);
    }
    for (const material of catalog.agentMaterials) expect(material.whereToGet['zh-CN']).not.toMatch(/本机/);
  });

  it('represents the seed examples exactly', () => {
    const item = (code: string) => catalog.items.find((candidate) => candidate.code === code)!;
    // Tongliang hygiene licence: 5 materials (without central air-conditioning), 2 on the spot, 3 in two months.
    const hygiene = item('PUBLIC-HYGIENE-LICENCE');
    const base = hygiene.materials.filter((m) => m.when === undefined);
    expect(base).toHaveLength(5);
    const promised = hygiene.commitment!.materials.filter((p) => base.some((m) => m.id === p.material));
    expect(promised).toHaveLength(3);
    expect(
      promised.every(
        (p) => p.kind === 'non-core' && p.within && 'months' in p.within && p.within.months === 2,
      ),
    ).toBe(true);
    // Construction permit: 8 = 5 + 3.
    const permit = item('CONSTRUCTION-PERMIT');
    expect(permit.materials).toHaveLength(8);
    expect(permit.commitment!.materials).toHaveLength(3);
    // Dayu enterprise residence commitment: full trust, no due date.
    const residence = item('ENTERPRISE-START').commitment!.materials.find(
      (p) => p.material === 'residence-proof',
    )!;
    expect(residence.kind).toBe('full-trust');
    expect(residence.within).toBeUndefined();
  });
});
