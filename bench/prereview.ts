// Pre-review throughput over the whole bundled catalog, and catalog load time.
// Run: npx tsx bench/prereview.ts   (targets: ≥ 10,000 evaluations/s on one core, load < 100 ms)
import { type EvaluateInput, evaluate, loadCatalog } from '../main/prereview/index.ts';
import { exampleInput } from '../main/prereview/examples.ts';
import { CATALOG_DIR } from '../test/unit/prereview/fixtures.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// Load: the first load in a fresh process pays for module warm-up (zod, pinyin dictionary); later
// loads are what a sync replacement costs. Every load runs all of the catalog's worked examples.
const cold = loadCatalog(CATALOG_DIR);
if (!cold.ok) throw new Error(cold.error.message);
// Wall time and CPU time of each reload: on a shared machine the wall time includes waiting for a
// core; the CPU time is what a load costs on the kiosk's own (otherwise idle) core.
const warm: number[] = [];
const warmCpu: number[] = [];
for (let i = 0; i < 30; i += 1) {
  const before = process.cpuUsage();
  const result = loadCatalog(CATALOG_DIR);
  const used = process.cpuUsage(before);
  if (result.ok) {
    warm.push(result.loadMs);
    warmCpu.push((used.user + used.system) / 1000);
  }
}
const catalog = cold.catalog;

// Inputs: every worked example of every item (they cover each outcome, card type, agent and boundary),
// each also with the applicant's credit restriction flipped.
const inputs: EvaluateInput[] = [];
for (const item of catalog.items) {
  for (const example of item.examples) {
    const input = exampleInput(catalog, item, example);
    inputs.push(input);
    const applicant = { ...input.facts.applicant, creditRestricted: !input.facts.applicant.creditRestricted };
    inputs.push({ ...input, facts: { ...input.facts, applicant } });
  }
}

const outcomes = { pass: 0, notice: 0, commitment: 0, 'not-accepted': 0 };
for (let i = 0; i < 2_000; i += 1) evaluate(catalog, inputs[i % inputs.length]!); // warm-up
const rounds: number[] = [];
const cpuRounds: number[] = [];
for (let round = 0; round < 5; round += 1) {
  const count = 20_000;
  const started = performance.now();
  const before = process.cpuUsage();
  for (let i = 0; i < count; i += 1) outcomes[evaluate(catalog, inputs[i % inputs.length]!).outcome] += 1;
  const used = process.cpuUsage(before);
  rounds.push(count / ((performance.now() - started) / 1000));
  cpuRounds.push(count / ((used.user + used.system) / 1e6));
}

const perSecond = median(rounds);
const perCpuSecond = median(cpuRounds);
const examples = catalog.items.reduce((n, item) => n + item.examples.length, 0);
console.log(
  `catalog ${catalog.version} (${catalog.items.length} items, ${examples} worked examples, hash ${catalog.hash.slice(0, 12)})`,
);
console.log(`load, first in process: ${cold.loadMs.toFixed(1)} ms`);
console.log(
  `load incl. all worked examples, median of ${warm.length} reloads: ${median(warm).toFixed(1)} ms wall, ` +
    `${median(warmCpu).toFixed(1)} ms CPU (target < 100 ms)`,
);
console.log(
  `evaluate: ${Math.round(perSecond).toLocaleString('en')} evaluations/s on one thread ` +
    `(median of ${rounds.length} rounds over ${inputs.length} distinct inputs; target ≥ 10,000) ` +
    `= ${(1e6 / perSecond).toFixed(1)} µs each; per CPU second: ${Math.round(perCpuSecond).toLocaleString('en')}`,
);
console.log(`outcomes: ${JSON.stringify(outcomes)}`);
