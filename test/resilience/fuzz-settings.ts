/**
 * Seed and length of the fuzz tests. `npm test` sends the same requests every run (a fixed seed);
 * `npm run test:fuzz` runs ten times longer with a random seed, printed so a failure can be replayed
 * with FUZZ_SEED=<seed>. FUZZ_RUNS_SCALE overrides the length.
 */
const long = process.env.npm_lifecycle_event === 'test:fuzz';

export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : long ? Math.floor(Math.random() * 2 ** 31) : 20261123;
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS_SCALE ?? (long ? 10 : 1));

if (long || process.env.FUZZ_SEED) console.log(`fuzz seed ${FUZZ_SEED} (replay: FUZZ_SEED=${FUZZ_SEED}), runs × ${FUZZ_RUNS}`);
