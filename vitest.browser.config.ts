import { defineConfig } from 'vitest/config';

// Real-browser journeys (Chromium via playwright-core); run by `npm run test:browser` and .ci/run.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
