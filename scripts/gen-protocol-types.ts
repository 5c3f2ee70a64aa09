// Regenerates protocol/types.gen.ts from protocol/openapi.json: `npm run gen:protocol`.
// test/unit/protocol/types.test.ts renders the same text and fails while the committed file is stale.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { generateProtocolTypes } from '../protocol/generate-types.ts';
import openapi from '../protocol/openapi.json' with { type: 'json' };

export const protocolTypesFile = fileURLToPath(new URL('../protocol/types.gen.ts', import.meta.url));

/** The generated file's text, formatted as `prettier --check` expects it. */
export async function renderProtocolTypes(): Promise<string> {
  const options = (await prettier.resolveConfig(protocolTypesFile)) ?? {};
  return prettier.format(generateProtocolTypes(openapi), { ...options, filepath: protocolTypesFile });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  fs.writeFileSync(protocolTypesFile, await renderProtocolTypes());
  process.stdout.write(`wrote ${protocolTypesFile}\n`);
}
