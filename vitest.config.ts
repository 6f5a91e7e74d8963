import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/browser/**', 'test/scale-out/**', 'node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
    // Files and tests run in a random order, so a test that leans on another's state fails: each
    // test builds what it writes. The seed is printed; `--sequence.seed=<seed>` replays that order.
    sequence: { shuffle: true },
  },
});
