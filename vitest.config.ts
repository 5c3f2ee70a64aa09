import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts'],
    // Component tests (*.test.tsx) choose a DOM with `// @vitest-environment happy-dom`.
    environment: 'node',
    // Integration tests open real pseudo-terminals and real database files; keep them apart.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
