// Regenerates the README's tap table from the last run of test/e2e/taps.spec.ts:
//   npx playwright test -c test/e2e/playwright.config.ts taps.spec.ts && npm run taps:table
// The table sits between the <!-- taps:begin --> and <!-- taps:end --> markers.
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { tapTable, type TapRow } from './taps-summary.ts';

const resultFile = process.env.TAPS_OUT ?? path.join('test-results', 'taps.json');
const readmeFile = 'README.md';
const begin = '<!-- taps:begin -->';
const end = '<!-- taps:end -->';

const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { measuredAt: string; rows: TapRow[] };
const readme = fs.readFileSync(readmeFile, 'utf8');
const from = readme.indexOf(begin);
const to = readme.indexOf(end);
if (from < 0 || to < from) throw new Error(`README.md has no ${begin} … ${end} section`);
const table = tapTable(result.rows, result.measuredAt);
const next = `${readme.slice(0, from + begin.length)}\n${table}\n${readme.slice(to)}`;
// Formatted as `prettier --check` expects it, so a regenerated README passes the lint step.
const options = (await prettier.resolveConfig(readmeFile)) ?? {};
fs.writeFileSync(readmeFile, await prettier.format(next, { ...options, filepath: readmeFile }));
console.log(`README.md: tap table for ${result.rows.length} items written.`);
