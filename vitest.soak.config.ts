import { defineConfig } from 'vitest/config';

// `npm run test:soak`: the soak test at full length (60 s unless SOAK_SECONDS says otherwise).
// `npm test` runs the same test for 10 s.
export default defineConfig({
  test: {
    include: ['test/resilience/soak.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { SOAK_SECONDS: process.env.SOAK_SECONDS ?? '60' },
  },
});
