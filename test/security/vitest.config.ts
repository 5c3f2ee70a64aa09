import { defineConfig } from 'vitest/config';

// The security suite (`npm run test:security`): one regression test per finding of issue #14, and
// the fuzzers. Files run one after another: several start whole kiosks or hammer one with tens of
// thousands of inputs and measure its memory, which only means something when nothing else runs.
// Each fuzzer reports how many inputs it tried (test/security/fuzz-count.ts); the global set-up
// prints one summary line per fuzzer at the end of the run.
export default defineConfig({
  test: {
    include: ['test/security/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/security/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
