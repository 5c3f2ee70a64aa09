import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Integration tests open real pseudo-terminals and real database files; keep them apart.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
