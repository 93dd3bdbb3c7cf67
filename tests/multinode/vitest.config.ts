// The many-machines test (`npm run test:multinode`): real server processes on the machine's Postgres, one file, alone.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/multinode/**/*.test.ts'],
    pool: 'threads',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
