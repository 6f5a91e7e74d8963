import { defineConfig } from 'vitest/config';

// Real-browser journeys (Chromium via playwright-core); run by `npm run test:browser` and .ci/run.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two journeys at a time: a journey mostly waits on its browser and server (measured on
    // 2026-11-30: 9 min 47 s one file at a time, 5 min 49 s two at a time). Each file starts its own
    // server on a free port with its own database, and writes screenshots of its own names.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
