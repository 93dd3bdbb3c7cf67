import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    pool: 'threads',
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
        },
      },
    ],
  },
});
