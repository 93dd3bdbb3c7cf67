import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { availableParallelism } from 'node:os';

export default defineConfig({
  test: {
    pool: 'threads',
    // One file more than cores: a test file spends much of its time waiting on Postgres, a local peer or a timer.
    // Measured on the 2-core CI machine (whole suite): Postgres 504 s with 2 workers, 383 s with 3; PGlite 469 s with 3.
    maxWorkers: availableParallelism() + 1,
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'connectors/**/*.test.ts', 'workflows/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.case.test.ts', 'tests/e2e/**', 'tests/multinode/**'],
          globalSetup: ['tests/setup/global-setup.ts'],
          pool: 'threads',
          // Generous for a loaded 2-core machine (CI shares it): an engine test that takes 5 s idle took over 30 s at load 10.
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The Svelte UI: components compiled for the browser and run in happy-dom.
        plugins: [svelte({ configFile: false })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['web/src/test/setup.ts'],
          pool: 'threads',
          testTimeout: 15_000,
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
