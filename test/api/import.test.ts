/**
 * api.md `POST /api/v1/import` and `GET /api/v1/uids/{uid}`: all or nothing, every bad path listed,
 * 409 on a UID stored or repeated, identifiers trimmed and upper-cased, historical dates kept.
 */
import { describe, expect, it } from 'vitest';
import { nistPosting } from '../../src/domain/test-fixtures.js';
import { affirmation, codesOf, company, errorPaths as paths, assessment as importedAssessment, ownEnv, type TestEnv } from '../helpers.js';

/** An imported assessment; by default a Final L2 (C3PAO) of PM001 affirmed on its status date. */
const assessment = (uid: string, over: Record<string, unknown> = {}) => importedAssessment(uid, ['PM001'], over);
const PM_RECORDS = {
  companies: [company('PM001'), company('PM002', 'PM001')],
  assessments: [assessment('PM01000001'), assessment('PM01000002', { cages: ['PM002'], scope: 'Enclave: engineering', level: 'L2_SELF', status: 'CONDITIONAL', score: 95, statusDate: '2026-05-01' })],
  nistAssessments: [nistPosting({ cages: ['PM001'] })],
};

/** A database of the test's own, with PM001's records imported when `loaded`. */
async function world(loaded = true) {
  const env: TestEnv = await ownEnv();
  if (loaded) expect((await env.api('POST', '/api/v1/import', PM_RECORDS)).status).toBe(201);
  const officerCheck = (uids: string[], extra: Record<string, unknown> = {}) => env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', uids, ...extra });
  return { env, officerCheck };
}
const uidStatus = async (env: TestEnv, uid: string) => (await env.api('GET', `/api/v1/uids/${uid}`)).status;

describe('api.md POST /api/v1/import', () => {
  it('loads companies, assessments and NIST assessments: 201 with the counts', async () => {
    const { env } = await world(false);
    const res = await env.api('POST', '/api/v1/import', PM_RECORDS);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ imported: { companies: 2, assessments: 2, nistAssessments: 1 } });
    expect(await uidStatus(env, 'PM01000001')).toBe(200);
    expect(await uidStatus(env, 'PM01000002')).toBe(200);
  });

  it('GET /api/v1/uids/{uid} shows the record with the contract field names', async () => {
    const { env } = await world();
    const res = await env.api('GET', '/api/v1/uids/PM01000001');
    expect(res.status).toBe(200);
    for (const k of ['uid', 'level', 'type', 'statusDate', 'currentThrough', 'cages', 'scope', 'score', 'affirmations', 'complianceChanges', 'closeout', 'supersededBy', 'poam'])
      expect(res.json, k).toHaveProperty(k);
    expect(res.json).toMatchObject({
      uid: 'PM01000001',
      level: 'L2_C3PAO',
      type: 'FINAL',
      statusDate: '2026-06-01',
      currentThrough: '2027-06-01',
      cages: ['PM001'],
      scope: 'Enterprise',
      score: 110,
      complianceChanges: [],
      closeout: null,
      supersededBy: null,
      poam: [],
    });
    expect(res.json.affirmations).toEqual([expect.objectContaining({ date: '2026-06-01', name: 'Pat Lee', title: 'President' })]);
  });

  it('GET of an unknown or malformed UID → 404 problem+json', async () => {
    const { env } = await world();
    for (const uid of ['ZZ99999999', 'short', 'PM01000001X']) {
      const res = await env.api('GET', `/api/v1/uids/${uid}`);
      expect(res.status, uid).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('trims and upper-cases identifiers (UID, CAGE, UEI) and echoes the normalised form', async () => {
    const { env, officerCheck } = await world();
    const res = await env.api('POST', '/api/v1/import', {
      companies: [{ ...company('PN001'), cage: ' pn001 ', hloCage: 'pn001 ', uei: ' abcdef123456 ' }],
      assessments: [assessment(' pn01000001 ', { cages: [' pn001'] })],
    });
    expect(res.status).toBe(201);
    const got = await env.api('GET', `/api/v1/uids/${encodeURIComponent(' pn01000001 ')}`);
    expect(got.status).toBe(200);
    expect(got.json.uid).toBe('PN01000001');
    expect(got.json.cages).toEqual(['PN001']);
    expect((await env.api('GET', '/api/v1/uids/pn01000001')).json.uid).toBe('PN01000001');
    const check = await officerCheck([' pn01000001 ']);
    expect(check.json.uids[0]).toMatchObject({ uid: 'PN01000001', eligible: true });
    const [row] = (await env.database.client.execute("SELECT uei FROM companies WHERE cage = 'PN001'")).rows;
    expect(row.uei).toBe('ABCDEF123456');
  });

  it('is all or nothing: one invalid record → 422 and nothing is stored', async () => {
    const { env } = await world();
    const res = await env.api('POST', '/api/v1/import', {
      companies: [company('PX001')],
      assessments: [assessment('PX01000001', { cages: ['PX001'] }), assessment('PX01000002', { cages: ['PX001'], level: 'L1_SELF', status: 'CONDITIONAL', score: null }), assessment('PX01000003', { cages: ['PX001'] })],
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(paths(res)).toEqual(['assessments.1.status']);
    for (const uid of ['PX01000001', 'PX01000002', 'PX01000003']) expect((await env.api('GET', `/api/v1/uids/${uid}`)).status, uid).toBe(404);
    // The company of the rejected batch was not stored either.
    const user = await env.api('POST', '/api/v1/users', { email: 'px@example.com', role: 'CONTRACTOR', companyCage: 'PX001' });
    expect(user.status).toBe(422);
  });

  it('lists every offending path: two bad assessments in one import', async () => {
    const { env } = await world();
    const res = await env.api('POST', '/api/v1/import', {
      assessments: [
        assessment('PY01000001'),
        assessment('PY01000002', { level: 'L1_SELF', status: 'CONDITIONAL', score: null }),
        assessment('PY01000003', { cages: ['9ZZ99'] }),
      ],
    });
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['assessments.1.status', 'assessments.2.cages.0']);
    expect((await env.api('GET', '/api/v1/uids/PY01000001')).status).toBe(404);
  });

  it('lists every schema violation with its path (zod)', async () => {
    const { env } = await world();
    const res = await env.api('POST', '/api/v1/import', {
      assessments: [assessment('BAD'), assessment('PY01000005', { statusDate: '2026-02-30' }), assessment('PY01000006', { level: 'L4' })],
    });
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['assessments.0.uid', 'assessments.1.affirmations.0.date', 'assessments.1.statusDate', 'assessments.2.level']);
  });

  it('rejects unknown fields (strict bodies) → 422', async () => {
    const { env } = await world();
    const res = await env.api('POST', '/api/v1/import', { assessments: [{ ...assessment('PY01000007'), colour: 'blue' }], extra: 1 });
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['(body)', 'assessments.0']);
    expect(res.json.errors.map((e: any) => e.message).join(' ')).toMatch(/colour/);
  });

  it('answers malformed JSON with 400', async () => {
    const { env } = await world();
    const res = await env.api('POST', '/api/v1/import', '{"companies": [');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it.each([
    ['a UID already stored → 409, storing nothing', 'PZ01000001', 'PM01000001'],
    ['a UID twice in one request → 409 (also when only the case differs)', 'PZ01000002', 'pz01000002'],
  ])('refuses %s', async (_, fresh, clash) => {
    const { env } = await world();
    const res = await env.api('POST', '/api/v1/import', { assessments: [assessment(fresh), assessment(clash)] });
    expect(res.status).toBe(409);
    expect(paths(res)).toEqual(['assessments.1.uid']);
    expect(await uidStatus(env, fresh)).toBe(404);
  });

  it('accepts a closeout only on a Conditional record and within 180 days of its status date', async () => {
    const { env } = await world();
    const res = await env.api('POST', '/api/v1/import', {
      assessments: [
        assessment('PZ01000003', { closeout: { date: '2026-07-01', result: 'SUCCESS' } }),
        assessment('PZ01000004', { status: 'CONDITIONAL', score: 100, closeout: { date: '2026-11-29', result: 'SUCCESS' } }),
        assessment('PZ01000005', { status: 'CONDITIONAL', score: 100, closeout: { date: '2026-11-28', result: 'SUCCESS' } }),
      ],
    });
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['assessments.0.closeout', 'assessments.1.closeout.date']);
  });

  it('imports a successful closeout as Final with the same UID and status date, a failed one as ended', async () => {
    const { env, officerCheck } = await world();
    const res = await env.api('POST', '/api/v1/import', {
      assessments: [
        assessment('PC01000001', { scope: 'Closed A', status: 'CONDITIONAL', score: 100, statusDate: '2026-06-01', closeout: { date: '2026-09-01', result: 'SUCCESS' }, affirmations: [affirmation('2026-06-01'), affirmation('2026-09-01')] }),
        assessment('PC01000002', { scope: 'Closed B', status: 'CONDITIONAL', score: 100, statusDate: '2026-06-01', closeout: { date: '2026-09-01', result: 'FAILED' } }),
      ],
    });
    expect(res.status).toBe(201);
    const ok = await env.api('GET', '/api/v1/uids/PC01000001');
    expect(ok.json).toMatchObject({ uid: 'PC01000001', type: 'FINAL', statusDate: '2026-06-01', closeout: { date: '2026-09-01', result: 'SUCCESS' }, currentThrough: '2027-09-01' });
    const failed = await env.api('GET', '/api/v1/uids/PC01000002');
    expect(failed.json).toMatchObject({ type: 'NONE', currentThrough: null });
    const check = await officerCheck(['PC01000001', 'PC01000002']);
    expect(check.json.uids.map((u: any) => [u.uid, u.eligible, codesOf(u.reasons)])).toEqual([
      ['PC01000001', true, []],
      ['PC01000002', false, ['POAM_CLOSEOUT_FAILED']],
    ]);
  });

  it('supersedes the older UID of the same scope from the newer one\'s status date, whatever the import order', async () => {
    const { env, officerCheck } = await world();
    const res = await env.api('POST', '/api/v1/import', {
      assessments: [
        assessment('PS01000002', { scope: 'Superseded scope', statusDate: '2026-03-01', supersedes: 'PS01000001' }),
        assessment('PS01000001', { scope: ' superseded  SCOPE ', statusDate: '2025-06-01', affirmations: [affirmation('2025-06-01')] }),
      ],
    });
    expect(res.status).toBe(201);
    expect((await env.api('GET', '/api/v1/uids/PS01000001')).json.supersededBy).toBe('PS01000002');
    const before = await officerCheck(['PS01000001'], { asOf: '2026-02-28' });
    expect(before.json.uids[0].eligible).toBe(true);
    const after = await officerCheck(['PS01000001'], { asOf: '2026-03-01' });
    expect(after.json.uids[0].reasons.map((r: any) => r.code)).toEqual(['SUPERSEDED']);
  });

  it('accepts `supersedes` naming a UID not held here', async () => {
    const { env, officerCheck } = await world();
    const res = await env.api('POST', '/api/v1/import', { assessments: [assessment('PS01000003', { scope: 'Fresh scope', supersedes: 'QQ99999999' })] });
    expect(res.status).toBe(201);
    expect((await officerCheck(['PS01000003'])).json.eligible).toBe(true);
  });

  it('updates a stored company in place', async () => {
    const { env } = await world();
    const res = await env.api('POST', '/api/v1/import', { companies: [company('PM001', 'PM001', { name: 'Renamed Industries' })] });
    expect(res.status).toBe(201);
    const rows = (await env.database.client.execute("SELECT name FROM companies WHERE cage = 'PM001'")).rows;
    expect(rows.map((r) => r.name)).toEqual(['Renamed Industries']);
    expect((await env.api('GET', '/api/v1/uids/PM01000001')).status).toBe(200);
  });

  it('keeps historical dates: a record imported for an earlier date is evaluated today', async () => {
    const { env } = await world();
    const res = await env.api('GET', '/api/v1/uids/PM01000002');
    expect(res.json).toMatchObject({ type: 'CONDITIONAL', statusDate: '2026-05-01', currentThrough: null });
    // Today (2026-11-23) is past day 180 of the 2026-05-01 Conditional (2026-10-28).
    const check = await env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: ['PM01000002'] });
    expect(check.json.uids[0].reasons.map((r: any) => r.code)).toEqual(['CONDITIONAL_EXPIRED']);
  });
});
