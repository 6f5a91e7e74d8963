/**
 * The public conformance scenarios (test/conformance/public.json) run in-process through
 * `app.request()` with the same step logic as the black-box runner (./runner.ts, a port of the shared
 * conformance.mjs), so `npx vitest run` proves what the external runner proves, with "today" pinned
 * to the file's `today`. A scenario's steps build on each other (a saved UID, a posting then its
 * check), so each scenario is one test that runs its steps in order, in a database of its own; one
 * more test loads every scenario into one database in file order, as the external runner does.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, ownEnv, type TestEnv } from '../helpers.js';
import { loadSuite, runScenario, runSuite, type Target } from './runner.js';

const suite = loadSuite();
const TODAY = suite.today ?? '2026-11-23';
const targetOf = (env: TestEnv): Target => ({ base: 'http://localhost', token: ADMIN_TOKEN, fetch: (url, init) => env.app.request(url, init) });

describe('conformance scenarios (test/conformance/public.json)', () => {
  it('the suite has scenarios, each with steps', () => {
    expect(suite.scenarios.length).toBeGreaterThan(0);
    for (const sc of suite.scenarios) expect(sc.steps.length, sc.name).toBeGreaterThan(0);
  });

  it.each(suite.scenarios.map((sc) => [sc.name, sc] as const))('%s', async (_name, sc) => {
    const result = await runScenario(targetOf(await ownEnv(TODAY)), sc);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(sc.steps.length);
  });

  it('every scenario in one database, in file order (as the external runner loads them)', async () => {
    const result = await runSuite(targetOf(await ownEnv(TODAY)), suite);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(suite.scenarios.reduce((n, sc) => n + sc.steps.length, 0));
  });
});
