// End-to-end tests: the real server as a child process, driven through headless Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    pool: 'threads',
    globalSetup: ['tests/e2e/support/data-dir-template.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll gives up after 1 s by default; a round trip through the server and Chromium on a loaded machine can take longer.
    expect: { poll: { timeout: 15_000 } },
    // One browser and one server at a time; the machine is shared.
    fileParallelism: false,
  },
});
