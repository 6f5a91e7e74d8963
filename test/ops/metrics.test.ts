/**
 * GET /metrics: Prometheus text behind METRICS_TOKEN (unset → 404, missing or wrong → 401), with
 * the series README "Operating AwardGate" names: requests by route pattern and status, checks and
 * their verdicts, recorded verifications, imports, database query latency, and the series the eMASS
 * feed and the reminders fill in. Real app, real libSQL, real checks.
 */
import { describe, expect, it } from 'vitest';
import { createDatabase, migrateDatabase } from '../../db/client.js';
import { createApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import { createMetrics } from '../../src/services/ops/metrics.js';
import { ensureAdminToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, apiCaller, TODAY } from '../helpers.js';
import { sample } from './server-child.js';

const TOKEN = 'metrics-test-token-0123456789';
const clock = fixedClock(TODAY);

async function metricsApp(metricsToken: string | null) {
  const metrics = createMetrics();
  const database = await createDatabase({ url: ':memory:', onQuery: metrics.observeQuery });
  await migrateDatabase(database);
  await ensureAdminToken({ database, clock }, ADMIN_TOKEN);
  const app = createApp({ database, clock, ops: { metrics, metricsToken } });
  const scrape = async (authorization?: string) => {
    const r = await app.request('/metrics', { headers: authorization ? { authorization } : {} });
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
  };
  return { app, metrics, database, api: apiCaller(app), scrape };
}

/** A Final Level 2 (Self) status of 2026-06-01, affirmed that day: current on 2026-11-23 (rules §2). */
const current = (uid: string) => ({ uid, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['MT001'], scope: `Scope ${uid}`, score: 110, affirmations: [{ date: '2026-06-01', name: 'AO', title: 'CEO' }] });

describe('GET /metrics', () => {
  it('does not exist without METRICS_TOKEN (404)', async () => {
    const { scrape, database } = await metricsApp(null);
    expect((await scrape()).status).toBe(404);
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    database.close();
  });

  it('refuses a missing or wrong token (401) and takes the right one', async () => {
    const { scrape, database } = await metricsApp(TOKEN);
    const missing = await scrape();
    expect(missing.status).toBe(401);
    expect(missing.text).not.toContain('awardgate_');
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Bearer ${ADMIN_TOKEN}`)).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
    const ok = await scrape(`Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    database.close();
  });

  it('counts requests by route pattern, checks by verdict, recorded verifications, imports and query latency', async () => {
    const { api, scrape, database } = await metricsApp(TOKEN);
    const imported = await api('POST', '/api/v1/import', { companies: [{ cage: 'MT001', name: 'Metrics Co', hloCage: 'MT001' }], assessments: [current('MTRC000001'), current('MTRC000002')] });
    expect(imported.status).toBe(201);
    // The same UID again: the import is refused whole (409) by the service.
    expect((await api('POST', '/api/v1/import', { companies: [], assessments: [current('MTRC000001')] })).status).toBe(409);
    const officer = (await api('POST', '/api/v1/users', { email: 'officer@metrics.test', role: 'CONTRACTING_OFFICER' })).json.apiToken as string;
    const check = (uids: string[], record = false) =>
      api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids, ...(record ? { record: true, solicitationNumber: 'MTR-1' } : {}) }, officer);
    const eligible = await check(['MTRC000001', 'MTRC000002']);
    expect(eligible.json.eligible).toBe(true);
    const notEligible = await check(['MTRC000001', 'MTRC999999']);
    expect(notEligible.json.eligible).toBe(false);
    const recorded = await check(['MTRC000002'], true);
    expect([recorded.status, recorded.json.eligible, typeof recorded.json.verificationId]).toEqual([200, true, 'string']);
    expect((await api('GET', '/api/v1/uids/MTRC000001', undefined, officer)).status).toBe(200);

    const { text } = await scrape(`Bearer ${TOKEN}`);
    const expected: Record<string, number> = {
      'awardgate_http_requests_total{method="POST",route="/api/v1/checks",status="200"}': 3,
      'awardgate_http_requests_total{method="POST",route="/api/v1/import",status="201"}': 1,
      'awardgate_http_requests_total{method="POST",route="/api/v1/import",status="409"}': 1,
      'awardgate_http_requests_total{method="GET",route="/api/v1/uids/:uid",status="200"}': 1,
      'awardgate_http_request_duration_seconds_count{method="POST",route="/api/v1/checks",status="200"}': 3,
      'awardgate_checks_total{purpose="AWARD",verdict="eligible"}': 2,
      'awardgate_checks_total{purpose="AWARD",verdict="not_eligible"}': 1,
      'awardgate_check_uids_total{verdict="eligible"}': 4,
      'awardgate_check_uids_total{verdict="not_eligible"}': 1,
      'awardgate_verifications_recorded_total{purpose="AWARD",verdict="eligible"}': 1,
      'awardgate_imports_total{outcome="stored"}': 1,
      'awardgate_imports_total{outcome="rejected"}': 1,
      'awardgate_imported_records_total{kind="assessments"}': 2,
      'awardgate_imported_records_total{kind="companies"}': 1,
    };
    for (const [series, value] of Object.entries(expected)) expect(sample(text, series), series).toBe(value);
    expect(text).not.toContain('MTRC000001');

    expect(sample(text, 'awardgate_db_query_duration_seconds_count{kind="read"}')).toBeGreaterThan(0);
    expect(sample(text, 'awardgate_db_query_duration_seconds_count{kind="write"}')).toBeGreaterThan(0);
    // Two imports and one recorded verification each ran one transaction (plus user creation).
    expect(sample(text, 'awardgate_db_query_duration_seconds_count{kind="transaction"}')).toBeGreaterThanOrEqual(3);
    database.close();
  });

  it('declares the eMASS and reminder series now, and a subsystem fills them in with one scrape hook', async () => {
    const { metrics, scrape, database } = await metricsApp(TOKEN);
    let text = (await scrape(`Bearer ${TOKEN}`)).text;
    for (const name of ['awardgate_emass_runs_total', 'awardgate_emass_quarantined_records', 'awardgate_reminder_outbox_messages', 'awardgate_http_requests_in_flight', 'awardgate_backups_total'])
      expect(text).toContain(`# HELP ${name} `);
    expect(sample(text, 'awardgate_emass_quarantined_records')).toBe(0);

    metrics.onScrape(async () => {
      metrics.reminderOutbox.set({ state: 'pending' }, 3);
      metrics.reminderOutbox.set({ state: 'failed' }, 1);
      metrics.emassQuarantined.set(2);
    });
    metrics.onScrape(async () => {
      throw new Error('the outbox table is locked');
    });
    metrics.emassRuns.inc({ outcome: 'succeeded' });
    text = (await scrape(`Bearer ${TOKEN}`)).text;
    expect(sample(text, 'awardgate_reminder_outbox_messages{state="pending"}')).toBe(3);
    expect(sample(text, 'awardgate_reminder_outbox_messages{state="failed"}')).toBe(1);
    expect(sample(text, 'awardgate_emass_quarantined_records')).toBe(2);
    expect(sample(text, 'awardgate_emass_runs_total{outcome="succeeded"}')).toBe(1);
    database.close();
  });
});
