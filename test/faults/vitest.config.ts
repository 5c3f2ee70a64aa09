import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): whole kiosks on emulated devices, one fault at a time,
// each with the recovery it must end in. Files run one after another: several of them take the
// database lock or drive Chromium, and the machine running CI has two cores.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
