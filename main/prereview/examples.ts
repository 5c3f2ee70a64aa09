// Worked examples inside the catalog: each item carries its own cases (applicant facts + materials →
// expected outcome and lines). A catalog that fails one is refused when it is loaded (catalog.ts) and
// when it is published (central/admin.ts); CI runs every one (test/unit/prereview/examples.test.ts).
import type { Catalog } from './catalog.ts';
import { type Checklist, type PreReviewResult, evaluate } from './evaluate.ts';
import { type Facts, timeFacts } from './facts.ts';
import type { CatalogExample, ServiceItem } from './schema.ts';

export interface ExampleFailure {
  itemCode: string;
  index: number;
  name: string;
  message: string;
}

type Overrides = Readonly<Record<string, unknown>>;

const DEFAULT_APPLICANT = {
  cardType: 'resident',
  source: 'card',
  age: 35,
  birthDate: null,
  sex: 'male',
  registrationRegion: null,
  nationality: null,
  cardValid: true,
  cardLongTerm: false,
  validTo: '2035-01-01',
  daysToExpiry: 3000,
  checkDigitValid: true,
  creditRestricted: false,
  uscc: null,
};

/** The facts, form and checklist an example stands for. */
export function exampleInput(catalog: Catalog, item: ServiceItem, example: CatalogExample) {
  const defaults = catalog.exampleDefaults;
  const date = example.date ?? defaults.date;
  const hallCode = example.hall ?? defaults.hall.regionCode;
  const applicant: Overrides = {
    ...DEFAULT_APPLICANT,
    registrationRegion: hallCode,
    ...defaults.applicant,
    ...item.exampleBase.applicant,
    ...example.applicant,
  };
  const agentInput = example.agent !== undefined ? example.agent : (item.exampleBase.agent ?? null);
  const agent =
    agentInput === null
      ? { present: false, relation: null, cardType: null, age: null, cardValid: true }
      : {
          present: true,
          relation: agentInput.relation,
          cardType: 'cardType' in agentInput ? (agentInput.cardType ?? null) : 'resident',
          age: 'age' in agentInput ? (agentInput.age ?? null) : 40,
          cardValid: true,
        };
  const time = timeFacts(new Date(`${date}T02:00:00Z`));
  const facts = {
    applicant,
    agent,
    hall: { regionCode: hallCode, name: defaults.hall.name },
    time,
  } as unknown as Facts;
  const form: Record<string, unknown> = {
    ...(agentInput === null ? {} : defaults.agentForm),
    ...item.exampleBase.form,
  };
  for (const [key, value] of Object.entries(example.form ?? {})) {
    if (value === null) delete form[key];
    else form[key] = value;
  }
  // Every material the item or an agent could need is answered; the engine ignores those that do not
  // apply, so no need to work out which do (that would evaluate every condition twice).
  const missing = new Set(example.missing ?? []);
  const checklist: Record<string, 'have' | 'missing'> = {};
  for (const material of [...item.materials, ...catalog.agentMaterials]) {
    checklist[material.id] = missing.has(material.id) ? 'missing' : 'have';
  }
  return {
    itemCode: item.code,
    facts,
    form,
    checklist: checklist as Checklist,
    declineCommitment: example.declineCommitment === true,
  };
}

function sameSet(actual: readonly string[], expected: readonly string[]): boolean {
  const a = [...new Set(actual)].sort();
  const b = [...new Set(expected)].sort();
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** What differs between a result and an example's expectation; undefined when it matches. */
export function compareExample(result: PreReviewResult, example: CatalogExample): string | undefined {
  const { expect } = example;
  const got = (list: readonly string[]) => `[${list.join(', ')}]`;
  if (result.outcome !== expect.outcome) {
    const why =
      result.outcome === 'not-accepted'
        ? ` (refusals ${got(result.refusals.map((r) => r.ruleId))})`
        : ` (lines ${got(result.problems.map((p) => (p.kind === 'bring' ? `bring:${p.materialId}` : p.kind === 'fix' ? `fix:${p.fieldId}` : 'credit')))})`;
    return `expected outcome ${expect.outcome}, got ${result.outcome}${why}`;
  }
  const refusals = result.refusals.map((r) => r.ruleId);
  if (expect.refusals && !sameSet(refusals, expect.refusals))
    return `expected refusals ${got(expect.refusals)}, got ${got(refusals)}`;
  const fix = result.problems.flatMap((p) => (p.kind === 'fix' ? [p.fieldId] : []));
  if (expect.fix && !sameSet(fix, expect.fix)) return `expected fix ${got(expect.fix)}, got ${got(fix)}`;
  const bring = result.problems.flatMap((p) => (p.kind === 'bring' ? [p.materialId] : []));
  if (expect.bring && !sameSet(bring, expect.bring))
    return `expected bring ${got(expect.bring)}, got ${got(bring)}`;
  const promised = result.promised.map((p) => p.materialId);
  if (expect.promised && !sameSet(promised, expect.promised))
    return `expected promised ${got(expect.promised)}, got ${got(promised)}`;
  const kinds = result.commitment?.kinds ?? [];
  if (expect.kinds && !sameSet(kinds, expect.kinds))
    return `expected kinds ${got(expect.kinds)}, got ${got(kinds)}`;
  for (const [id, deadline] of Object.entries(expect.deadlines ?? {})) {
    const actual = result.promised.find((p) => p.materialId === id);
    if (!actual || actual.deadline !== deadline)
      return `expected ${id} due ${deadline ?? 'never (full trust)'}, got ${actual ? (actual.deadline ?? 'never') : 'not promised'}`;
  }
  const credit = result.problems.some((p) => p.kind === 'credit');
  if (expect.credit !== undefined && credit !== expect.credit)
    return expect.credit ? 'expected the credit line (no commitment offered)' : 'unexpected credit line';
  return undefined;
}

/** Runs every example of every item. */
export function runExamples(catalog: Catalog): { total: number; failures: ExampleFailure[] } {
  const failures: ExampleFailure[] = [];
  let total = 0;
  for (const item of catalog.items) {
    item.examples.forEach((example, index) => {
      total += 1;
      const result = evaluate(catalog, exampleInput(catalog, item, example));
      const message = compareExample(result, example);
      if (message)
        failures.push({
          itemCode: item.code,
          index,
          name: example.name,
          message: `"${example.name}": ${message}`,
        });
    });
  }
  return { total, failures };
}

export function firstExampleFailure(catalog: Catalog): ExampleFailure | undefined {
  return runExamples(catalog).failures[0];
}
