import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'connectors/**/*.test.ts', 'workflows/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.case.test.ts', 'tests/e2e/**'],
    globalSetup: ['tests/setup/global-setup.ts'],
    pool: 'threads',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
