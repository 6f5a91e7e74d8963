/**
 * The feed in operations: /readyz reports a failed last run as degraded while the instance stays
 * ready, and the metrics count runs by outcome and the records in quarantine.
 */
import { describe, expect, it } from 'vitest';
import { countOpenQuarantine, emassReadiness, syncNow } from '../../src/services/emass/runs.js';
import { createMetrics } from '../../src/services/ops/metrics.js';
import { createReadiness } from '../../src/services/ops/readiness.js';
import { createApp } from '../../src/app.js';
import { emassRecord, secondsOf } from '../fakes/emass-records.js';
import { ownFeedEnv } from './feed-env.js';
import { expectShows } from '../pages/expect-page.js';

describe('the eMASS feed in operations', () => {
  it('/readyz stays ready with the feed degraded after a failed run, and ok again after a successful one', async () => {
    const env = await ownFeedEnv();
    const readiness = createReadiness(env.database);
    const ctx = env.ctxOn('2026-11-23');
    readiness.register('emass', () => emassReadiness(ctx));
    const app = createApp({ database: env.database, clock: env.clock, ops: { readiness } });
    const readyz = async () => {
      const r = await app.request('/readyz');
      return { status: r.status, body: await r.json() };
    };
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', emass: 'ok' } } });

    env.fake.script({ status: 401 });
    expect((await env.sync('2026-11-23')).outcome).toBe('FAILED');
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', emass: 'degraded: the last eMASS run failed' } } });

    expect((await env.sync('2026-11-23')).outcome).toBe('SUCCEEDED');
    expect((await readyz()).body.checks.emass).toBe('ok');
  });

  it('counts runs by outcome and the records in quarantine', async () => {
    const env = await ownFeedEnv();
    const metrics = createMetrics();
    const ctx = { ...env.ctxOn('2026-11-23'), metrics };
    env.fake.put(secondsOf('2026-06-01'), emassRecord(), emassRecord({ uid: 'L20000003' }));
    expect((await syncNow(ctx, env.settings)).busy).toBe(false);
    expect((await syncNow(ctx, env.settings)).busy).toBe(false); // the overlap re-reads the window: still one record in quarantine
    env.fake.script({ status: 500 }, { status: 500 }, { status: 500 });
    expect((await syncNow(ctx, env.settings)).busy).toBe(false);
    expect(await countOpenQuarantine(ctx)).toBe(1);
    const text = await metrics.registry.metrics();
    expectShows(text, ['awardgate_emass_runs_total{outcome="succeeded"} 2', 'awardgate_emass_runs_total{outcome="failed"} 1']);
  });
});
