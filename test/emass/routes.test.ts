/**
 * The eMASS feed's API (api.md "The eMASS feed"): POST /api/v1/emass/sync against a fake eMASS of
 * our own, the runs it recorded, and the refusals (409 while a run holds the lease, 503 without
 * EMASS_URL, 404, 403), each problem+json.
 */
import { describe, expect, it } from 'vitest';
import { emassRecord, secondsOf } from '../fakes/emass-records.js';
import { ownEnv } from '../helpers.js';
import { ownFeedEnv } from './feed-env.js';

const PROBLEM = 'application/problem+json';

describe('POST /api/v1/emass/sync', () => {
  it('runs one sync and answers the finished run, which GET /runs and GET /runs/{id} then show', async () => {
    const env = await ownFeedEnv();
    env.fake.put(secondsOf('2026-06-01'), emassRecord(), emassRecord({ uid: 'L20000003' }));
    const synced = await env.api('POST', '/api/v1/emass/sync');
    expect(synced.status, JSON.stringify(synced.json)).toBe(200);
    expect(synced.json).toMatchObject({
      id: 1,
      outcome: 'SUCCEEDED',
      // EMASS_SINCE 2026-01-01 in the rules' zone (America/New_York): 05:00 UTC.
      sinceDate: '2026-01-01T05:00:00.000Z',
      counts: { added: 1, updated: 0, withdrawn: 0, unchanged: 0, quarantined: 1 },
      quarantined: [{ cmmcUid: 'L20000003', operation: 'ADDED', reason: expect.stringContaining('L20000003') }],
      error: null,
    });
    expect(env.fake.requests.map((r) => r.sinceDate)).toEqual(['1767243600']);

    const list = await env.api('GET', '/api/v1/emass/runs');
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ limit: 20, offset: 0, runs: [{ id: 1, outcome: 'SUCCEEDED', counts: { added: 1, quarantined: 1 } }] });
    const one = await env.api('GET', '/api/v1/emass/runs/1');
    expect(one.status).toBe(200);
    expect(one.json).toEqual(synced.json);
  });

  it('answers 409 to the second of two syncs started at the same moment', async () => {
    const env = await ownFeedEnv();
    env.fake.put(secondsOf('2026-06-01'), emassRecord());
    env.fake.script({ slowMs: 400 });
    const answers = await Promise.all([env.api('POST', '/api/v1/emass/sync'), env.api('POST', '/api/v1/emass/sync')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.headers.get('content-type')).toBe(PROBLEM);
    expect(refused.json.detail).toBe('Another eMASS sync is in progress; try again when it has finished');
    expect(answers.find((a) => a.status === 200)!.json.counts.added).toBe(1);
  });

  it('answers a failed run with 200, its outcome FAILED and the error naming the setting to fix', async () => {
    const env = await ownFeedEnv();
    env.fake.script({ status: 401, message: 'Invalid API key' });
    const r = await env.api('POST', '/api/v1/emass/sync');
    expect(r.status).toBe(200);
    expect(r.json.outcome).toBe('FAILED');
    expect(r.json.error).toContain('EMASS_API_KEY');
  });

  it('answers 503 naming EMASS_URL when the feed is not configured', async () => {
    const plain = await ownEnv();
    const r = await plain.api('POST', '/api/v1/emass/sync');
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toBe(PROBLEM);
    expect(r.json.detail).toContain('EMASS_URL');
  });
});

describe('GET /api/v1/emass/runs', () => {
  it('pages the runs newest first', async () => {
    const env = await ownFeedEnv();
    for (let i = 0; i < 3; i++) expect((await env.api('POST', '/api/v1/emass/sync')).status).toBe(200);
    const page = await env.api('GET', '/api/v1/emass/runs?limit=2&offset=1');
    expect(page.status).toBe(200);
    expect(page.json.runs.map((r: { id: number }) => r.id)).toEqual([2, 1]);
    expect(page.json).toMatchObject({ limit: 2, offset: 1 });
  });

  it('answers 404 for a run that does not exist and 403 to a contractor', async () => {
    const env = await ownFeedEnv();
    for (const id of ['7', 'abc']) {
      const r = await env.api('GET', `/api/v1/emass/runs/${id}`);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toBe(PROBLEM);
      expect(r.json.detail).toBe(`No eMASS run ${id}`);
    }
    await env.api('POST', '/api/v1/import', { companies: [{ cage: '1AB23', name: 'Acme', hloCage: '1AB23' }], assessments: [], nistAssessments: [] });
    const token = await env.user('ao@acme.example', 'CONTRACTOR', '1AB23');
    expect((await env.api('POST', '/api/v1/emass/sync', undefined, token)).status).toBe(403);
    expect((await env.api('GET', '/api/v1/emass/runs', undefined, token)).status).toBe(403);
  });
});
