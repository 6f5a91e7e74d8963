import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/browser/**', 'test/scale-out/**', 'node_modules/**'],
    testTimeout: 30_000,
    // Set-up hooks that seed the demo data set or start a server take seconds alone and several times
    // that on a loaded two-core machine; the 10 s default failed them there (demo-feed, 2026-11-30).
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on the 2-core CI machine that is one, and
    // the whole suite ran file after file (12.5 min). Many files wait on child processes, sockets or
    // paced fakes: measured on 2026-11-30, two workers took 4 min 47 s and three 3 min 58 s
    // (user + sys 5 min 4 s, so the cores were still not saturated).
    maxWorkers: 3,
    // A worker process keeps the modules it has loaded from one test file to the next (each test
    // file itself is still evaluated afresh). Importing the app's module graph cost ~1.3 s per file,
    // 136 s of the suite's worker time; nothing in src/ or the test helpers keeps state between
    // files beyond caches (a test builds its own database, app and clock).
    isolate: false,
    // Files and tests run in a random order, so a test that leans on another's state fails: each
    // test builds what it writes. The seed is printed; `--sequence.seed=<seed>` replays that order.
    sequence: { shuffle: true },
  },
});
