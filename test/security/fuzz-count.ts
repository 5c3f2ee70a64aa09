// How a fuzzer says how many inputs it tried. Test files run in forked workers, so each count is
// written to a file in a folder the global set-up made; the set-up's teardown prints the summary.
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    fuzzCountDir: string;
  }
}

export interface FuzzCount {
  /** A short name, e.g. "web host: HTTP requests". */
  fuzzer: string;
  inputs: number;
  /** Anything worth one line: rejected, crashed (must be 0), memory. */
  detail?: string;
}

export function reportFuzz(count: FuzzCount): void {
  const line = `fuzzer ${count.fuzzer}: ${count.inputs} inputs${count.detail ? ` (${count.detail})` : ''}`;
  // Also printed at once, so a run that stops half-way still shows what was tried.
  process.stdout.write(`${line}\n`);
  const dir = inject('fuzzCountDir');
  const file = path.join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(count));
}
