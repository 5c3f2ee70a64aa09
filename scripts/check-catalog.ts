// Checks a catalog the way a kiosk would load it, and runs every worked example of every item; lists
// each failing example. Exit 0 when the catalog would be accepted, 1 when it would be refused.
// The admin tool (central/admin.ts) runs this before signing or publishing a catalog: central/ may not
// import the kiosk's engine (lint zones), so it asks this script, which may.
//
//   node --import tsx scripts/check-catalog.ts DIR|FILE.json|-
//   (a catalog folder, a bundle or signed document as JSON, or that JSON on stdin)
import fs from 'node:fs';
import path from 'node:path';
import { type CatalogLoadResult, loadCatalog, parseCatalog } from '../main/prereview/catalog.ts';
import { runExamples } from '../main/prereview/examples.ts';

function load(source: string): CatalogLoadResult {
  if (source !== '-' && fs.statSync(source).isDirectory())
    return loadCatalog(source, { checkExamples: false });
  const text = fs.readFileSync(source === '-' ? 0 : source, 'utf8');
  const json: unknown = JSON.parse(text);
  // A signed document carries the catalog as its content.
  const content =
    json !== null && typeof json === 'object' && 'content' in json && 'kind' in json
      ? (json as { content: unknown }).content
      : json;
  return parseCatalog(content, { checkExamples: false });
}

export function checkCatalog(source: string): { ok: boolean; report: string[] } {
  const result = load(source);
  if (!result.ok) return { ok: false, report: [`refused: ${result.error.message}`] };
  const { total, failures } = runExamples(result.catalog);
  const report = failures.map(
    (failure) => `refused: ${failure.itemCode} examples[${failure.index}] ${failure.message}`,
  );
  report.push(
    `${result.catalog.version}: ${result.catalog.items.length} items, ${total} worked examples, ${failures.length} failing`,
  );
  return { ok: failures.length === 0, report };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const source = process.argv[2];
  if (!source) {
    process.stderr.write('usage: node --import tsx scripts/check-catalog.ts DIR|FILE.json|-\n');
    process.exit(2);
  }
  const { ok, report } = checkCatalog(source);
  (ok ? process.stdout : process.stderr).write(`${report.join('\n')}\n`);
  process.exit(ok ? 0 : 1);
}
