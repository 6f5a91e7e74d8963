/**
 * The public conformance scenarios (test/conformance/public.json) run in-process through
 * `app.request()` with the same step logic as the black-box runner (./runner.ts, a port of the shared
 * conformance.mjs), so `npx vitest run` proves what the external runner proves. As in that runner,
 * every scenario loads into one database, in file order, with "today" pinned to the file's `today`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, testEnv, type TestEnv } from '../helpers.js';
import { loadSuite, runStep, type Target } from './runner.js';

const suite = loadSuite();

describe('conformance scenarios (test/conformance/public.json)', () => {
  let env: TestEnv;
  let target: Target;
  beforeAll(async () => {
    env = await testEnv(suite.today ?? '2026-11-23');
    target = { base: 'http://localhost', token: ADMIN_TOKEN, fetch: (url, init) => env.app.request(url, init) };
  });
  afterAll(() => env?.close());

  it('the suite has scenarios, each with steps', () => {
    expect(suite.scenarios.length).toBeGreaterThan(0);
    for (const sc of suite.scenarios) expect(sc.steps.length, sc.name).toBeGreaterThan(0);
  });

  for (const sc of suite.scenarios) {
    describe(sc.name, () => {
      const saved: Record<string, string> = {};
      beforeAll(async () => {
        const imp = sc.import ?? {};
        if ((imp.companies?.length ?? 0) + (imp.assessments?.length ?? 0) + (imp.nistAssessments?.length ?? 0) > 0) {
          const res = await env.api('POST', '/api/v1/import', imp);
          if (res.status !== 201) throw new Error(`import answered ${res.status} ${JSON.stringify(res.json)?.slice(0, 400)}`);
        }
      });
      sc.steps.forEach((step, n) => {
        it(`${sc.name} [step ${n + 1}]`, async () => {
          expect(await runStep(target, step, saved)).toEqual([]);
        });
      });
    });
  }
});
