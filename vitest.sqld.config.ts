import { defineConfig } from 'vitest/config';

// `npm run test:sqld`: the product run black-box on a real libSQL server (a sqld primary and a
// read replica on loopback). Kept out of `npm test` because it starts sqld and the server.
export default defineConfig({
  test: {
    include: ['test/scale-out/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
