// Pre-review throughput over the whole bundled catalog, and catalog load time.
// Run: npx tsx bench/prereview.ts   (targets: ≥ 10,000 evaluations/s on one core, load < 100 ms)
import { lookupRegion } from '../domain/identity/region.ts';
import { type EvaluateInput, buildFacts, evaluate, loadCatalog } from '../main/prereview/index.ts';
import {
  CATALOG_DIR,
  HALL,
  NOW,
  fullChecklist,
  passingCard,
  passingForm,
  residentCard,
  without,
} from '../test/unit/prereview/fixtures.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// Load: the first load in a fresh process pays for module warm-up (zod, pinyin dictionary); later
// loads are what a sync replacement costs.
const cold = loadCatalog(CATALOG_DIR);
if (!cold.ok) throw new Error(cold.error.message);
const warm: number[] = [];
for (let i = 0; i < 30; i += 1) {
  const result = loadCatalog(CATALOG_DIR);
  if (result.ok) warm.push(result.loadMs);
}
const catalog = cold.catalog;

// Inputs: every item × (complete, everything missing, one material missing) × four applicants.
const applicants = [
  { name: 'local adult', card: residentCard(), dishonest: false },
  { name: 'other city', card: residentCard({ region: lookupRegion('130102')! }), dishonest: false },
  { name: 'child', card: residentCard({ birthDate: '2015-09-01' }), dishonest: false },
  {
    name: 'expired, dishonest',
    card: residentCard({ validFrom: '2005-01-01', validTo: '2025-01-01' }),
    dishonest: true,
  },
];
const inputs: EvaluateInput[] = [];
for (const item of catalog.items) {
  const form = passingForm(catalog, item.code);
  const full = fullChecklist(catalog, item.code, form, passingCard(item.code));
  const someMissing = without(full, ...Object.keys(full).slice(-1));
  for (const applicant of applicants) {
    const facts = buildFacts({ card: applicant.card, now: NOW, hall: HALL, dishonest: applicant.dishonest });
    for (const checklist of [full, {}, someMissing]) {
      for (const agent of [false, true]) inputs.push({ itemCode: item.code, facts, form, checklist, agent });
    }
  }
}

const outcomes = { pass: 0, notice: 0, commitment: 0 };
for (let i = 0; i < 2_000; i += 1) evaluate(catalog, inputs[i % inputs.length]!); // warm-up
const rounds: number[] = [];
for (let round = 0; round < 5; round += 1) {
  const count = 20_000;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) outcomes[evaluate(catalog, inputs[i % inputs.length]!).outcome] += 1;
  rounds.push(count / ((performance.now() - started) / 1000));
}

const perSecond = median(rounds);
console.log(`catalog ${catalog.version} (${catalog.items.length} items, hash ${catalog.hash.slice(0, 12)})`);
console.log(`load, first in process: ${cold.loadMs.toFixed(1)} ms`);
console.log(`load, median of ${warm.length} reloads: ${median(warm).toFixed(1)} ms (target < 100 ms)`);
console.log(
  `evaluate: ${Math.round(perSecond).toLocaleString('en')} evaluations/s on one thread ` +
    `(median of ${rounds.length} rounds over ${inputs.length} distinct inputs; target ≥ 10,000) ` +
    `= ${(1e6 / perSecond).toFixed(1)} µs each`,
);
console.log(`outcomes: ${JSON.stringify(outcomes)}`);
