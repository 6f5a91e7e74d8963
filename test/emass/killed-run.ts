/**
 * A 20,000-record eMASS run killed with SIGKILL part-way (test/emass/crash.test.ts kills the CLI,
 * server-crash.test.ts the server that started it): waiting until some batches have committed, and
 * what the file database must hold afterwards (feeds.md §3: a run's writes commit in batches).
 */
import { expect } from 'vitest';
import { integrityCheck, query } from '../resilience/server.js';

/** Records served by the slow feed of these tests (test/emass/feed-env.ts `slowFeed`). */
export const RECORDS = 20_000;
/** Two batches of 2,000: the run is killed only once it has committed some. */
const KILL_AFTER = 4_000;

export const one = async <T>(url: string, sql: string): Promise<T> => (await query<T>(url, sql))[0];

/** Waits until the running run has added KILL_AFTER records, `stop()` says the process is gone, or 90 s pass. */
export async function untilSomeBatchesCommitted(url: string, stop: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const run = await one<{ added: number }>(url, "SELECT added FROM emass_runs WHERE outcome = 'RUNNING'").catch(() => undefined);
    if ((run?.added ?? 0) >= KILL_AFTER || Date.now() > deadline || stop()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The killed run as the database keeps it: intact, still RUNNING (nothing marked it), with some but
 * not all records added, and exactly what it counted stored (batches are all there or all absent).
 */
export async function expectKilledMidRun(url: string): Promise<{ id: number; outcome: string; added: number }> {
  expect(await integrityCheck(url)).toBe('ok');
  const dead = await one<{ id: number; outcome: string; added: number }>(url, 'SELECT id, outcome, added FROM emass_runs');
  expect(dead.outcome).toBe('RUNNING');
  expect(dead.added).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(dead.added).toBeLessThan(RECORDS);
  expect((await one<{ n: number }>(url, 'SELECT count(*) AS n FROM assessments')).n).toBe(dead.added);
  return dead;
}
