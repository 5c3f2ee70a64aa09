// Makes the folder the fuzzers write their counts to, and prints one line per fuzzer at the end,
// after vitest's own summary: "how many inputs each fuzzer tried" is part of what the suite proves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { FuzzCount } from './fuzz-count.ts';

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-fuzz-counts-'));
  project.provide('fuzzCountDir', dir);
  return () => {
    const counts = fs
      .readdirSync(dir)
      .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as FuzzCount)
      .sort((a, b) => a.fuzzer.localeCompare(b.fuzzer));
    const total = counts.reduce((sum, count) => sum + count.inputs, 0);
    const lines = [
      '',
      `Fuzzers (${counts.length}, ${total} inputs in all):`,
      ...counts.map(
        (count) => `  ${count.fuzzer}: ${count.inputs} inputs${count.detail ? ` (${count.detail})` : ''}`,
      ),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
