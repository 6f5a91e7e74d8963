/**
 * api.md `GET /api/v1/uids/{uid}`, affirmations, POA&M closeout and compliance changes, and who
 * may see and act on which record (rules §9: a contractor never sees another company's data).
 */
import { describe, expect, it } from 'vitest';
import { allResults, apiOn, assessment, codesOf, company, governmentAccounts, ownEnv, TODAY, type TestEnv } from '../helpers.js';

const POAM = ['AC.L2-3.1.3', 'AC.L2-3.1.4'];
const AO = { name: 'Pat Lee', title: 'President', email: 'ao@pa001.example' };

/** An imported L2 (Self) record of company A (PA001, with PA002 under it) unless told otherwise. */
const rec = (uid: string, over: Record<string, unknown> = {}) => assessment(uid, ['PA001'], { level: 'L2_SELF', scope: `Scope ${uid}`, ...over });
const conditional = (uid: string, over: Record<string, unknown> = {}) => rec(uid, { status: 'CONDITIONAL', score: 108, poam: POAM, statusDate: '2026-10-01', ...over });

const errorsOf = (row: any) => codesOf(row.reasons, 'error');

/** Company A (PA001 with PA002 under it) and company B (PB001), their records and one account per role, in a database of the test's own. */
async function world() {
  const env: TestEnv = await ownEnv();
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('PA001'), company('PA002', 'PA001'), company('PB001')],
    assessments: [
      rec('PA01000001'),
      conditional('PA01000002', { cages: ['PA002'] }),
      conditional('PA01000003'),
      rec('PA01000004'),
      conditional('PA01000005', { statusDate: '2026-05-01' }),
      conditional('PA01000006'),
      rec('PB01000001', { cages: ['PB001'] }),
      conditional('PB01000002', { cages: ['PB001'] }),
      rec('PB01000003', { cages: ['PB001'] }),
    ],
  });
  expect(imp.status).toBe(201);
  const t: Record<string, string> = {
    ...(await governmentAccounts(env)),
    // Company A's contractor signs up with a subsidiary CAGE: it sees the whole hierarchy.
    contractorA: await env.user('ao@pa001.example', 'CONTRACTOR', 'PA002'),
    contractorB: await env.user('ao@pb001.example', 'CONTRACTOR', 'PB001'),
  };
  const check = (uids: string[], extra: Record<string, unknown> = {}) => env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids, ...extra }, t.officer);
  return { env, t, check };
}

describe('api.md GET /api/v1/uids/{uid}: who sees which record (rules §9)', () => {
  it('contracting officers, DIBCAC users and administrators read any UID', async () => {
    const { env, t } = await world();
    for (const who of ['officer', 'dibcac']) {
      for (const uid of ['PA01000001', 'PB01000001']) expect((await env.api('GET', `/api/v1/uids/${uid}`, undefined, t[who])).status, `${who} ${uid}`).toBe(200);
    }
    expect((await env.api('GET', '/api/v1/uids/PB01000001')).status).toBe(200);
  });

  it('a contractor reads its company\'s UIDs across its CAGE hierarchy', async () => {
    const { env, t } = await world();
    for (const uid of ['PA01000001', 'PA01000002']) {
      const res = await env.api('GET', `/api/v1/uids/${uid}`, undefined, t.contractorA);
      expect(res.status, uid).toBe(200);
      expect(res.json.uid).toBe(uid);
    }
  });

  it('a contractor gets 404 for another company\'s UID, exactly as for a UID that does not exist', async () => {
    const { env, t } = await world();
    const other = await env.api('GET', '/api/v1/uids/PB01000001', undefined, t.contractorA);
    const none = await env.api('GET', '/api/v1/uids/QQ99999999', undefined, t.contractorA);
    expect(other.status).toBe(404);
    expect(none.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/problem\+json/);
    expect(Object.keys(other.json).sort()).toEqual(Object.keys(none.json).sort());
    expect(other.json.title).toBe(none.json.title);
    expect(JSON.stringify(other.json)).not.toMatch(/PB001|Company/);
    expect((await env.api('GET', '/api/v1/uids/PA01000001', undefined, t.contractorB)).status).toBe(404);
  });

  it('a C3PAO user gets 404 for a UID it did not post', async () => {
    const { env, t } = await world();
    expect((await env.api('GET', '/api/v1/uids/PA01000001', undefined, t.c3pao)).status).toBe(404);
  });
});

describe('rules §9 tenant isolation: a contractor cannot act on another company\'s records', () => {
  it.each([
    ["affirm company B's UID", '/api/v1/uids/PB01000001/affirmations', AO],
    ["close out company B's POA&M", '/api/v1/uids/PB01000002/closeout', { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'MET' } }],
    ["record a compliance change against company B's UID", '/api/v1/uids/PB01000001/compliance-changes', { date: '2026-11-01', description: 'sabotage' }],
    ['post results for company B', '/api/v1/companies/PB001/assessments', { level: 'L2_SELF', scope: 'Enterprise', results: allResults('L2_SELF') }],
  ])('cannot %s → 404', async (_, path, body) => {
    const { env, t } = await world();
    expect((await env.api('POST', path, body, t.contractorA)).status).toBe(404);
  });

  it('cannot put company B\'s CAGE on its own posting → 422 cages.0', async () => {
    const { env, t } = await world();
    const res = await env.api('POST', '/api/v1/companies/PA001/assessments', { level: 'L2_SELF', scope: 'Enterprise', cages: ['PB001'], results: allResults('L2_SELF') }, t.contractorA);
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: any) => e.path)).toEqual(['cages.0']);
  });

  it('left company B\'s records untouched after every refused attempt', async () => {
    const { env, t } = await world();
    expect((await env.api('POST', '/api/v1/uids/PB01000001/affirmations', AO, t.contractorA)).status).toBe(404);
    expect((await env.api('POST', '/api/v1/uids/PB01000002/closeout', { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'MET' } }, t.contractorA)).status).toBe(404);
    expect((await env.api('POST', '/api/v1/uids/PB01000001/compliance-changes', { date: '2026-11-01', description: 'sabotage' }, t.contractorA)).status).toBe(404);
    const b1 = await env.api('GET', '/api/v1/uids/PB01000001');
    expect(b1.json.affirmations).toHaveLength(1);
    expect(b1.json.complianceChanges).toEqual([]);
    const b2 = await env.api('GET', '/api/v1/uids/PB01000002');
    expect(b2.json.closeout).toBeNull();
    expect(b2.json.type).toBe('CONDITIONAL');
  });
});

describe('api.md POST /api/v1/uids/{uid}/affirmations (32 CFR 170.22)', () => {
  it('the company\'s contractor affirms: 201, dated today, the record shown', async () => {
    const { env, t } = await world();
    const res = await env.api('POST', '/api/v1/uids/pa01000001/affirmations', AO, t.contractorA);
    expect(res.status).toBe(201);
    expect(res.json.uid).toBe('PA01000001');
    expect(res.json.affirmations.map((a: any) => a.date)).toEqual(['2026-06-01', TODAY]);
    // The new affirmation (today, 2026-11-23) + 1 year is earlier than the 3-year age bound.
    expect(res.json.currentThrough).toBe('2027-11-23');
  });

  it('lists every invalid field and refuses unknown ones → 422', async () => {
    const { env, t } = await world();
    const res = await env.api('POST', '/api/v1/uids/PA01000001/affirmations', { title: '', email: 'nope', date: '2020-01-01' }, t.contractorA);
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: any) => e.path).sort()).toEqual(['(body)', 'email', 'name', 'title']);
  });

  it('is not for contracting officers or assessors → 403', async () => {
    const { env, t } = await world();
    expect((await env.api('POST', '/api/v1/uids/PA01000001/affirmations', AO, t.officer)).status).toBe(403);
    expect((await env.api('POST', '/api/v1/uids/PA01000001/affirmations', AO, t.dibcac)).status).toBe(403);
  });

  it('answers 400 on malformed JSON', async () => {
    const { env, t } = await world();
    expect((await env.api('POST', '/api/v1/uids/PA01000001/affirmations', '{"name":', t.contractorA)).status).toBe(400);
  });
});

describe('api.md POST /api/v1/uids/{uid}/compliance-changes (rules §3.3)', () => {
  it('records a change: 201, and the status is not current from its date', async () => {
    const { env, t, check } = await world();
    expect((await check(['PA01000004'])).json.eligible).toBe(true);
    const res = await env.api('POST', '/api/v1/uids/PA01000004/compliance-changes', { date: '2026-11-01', description: 'MFA removed for field laptops' }, t.contractorA);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ uid: 'PA01000004', date: '2026-11-01', description: 'MFA removed for field laptops' });
    expect(typeof res.json.id).toBe('number');
    const after = await check(['PA01000004']);
    expect(after.json.eligible).toBe(false);
    expect(errorsOf(after.json.uids[0])).toEqual(['COMPLIANCE_CHANGED']);
    expect(after.json.uids[0].status.currentThrough).toBeNull();
    // As of the day before the change, the officer would have had a current status.
    expect((await check(['PA01000004'], { asOf: '2026-10-31' })).json.eligible).toBe(true);
  });

  it('refuses a change dated after today → 422 date', async () => {
    const { env, t } = await world();
    const res = await env.api('POST', '/api/v1/uids/PA01000004/compliance-changes', { date: '2026-11-24', description: 'x' }, t.contractorA);
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: any) => e.path)).toEqual(['date']);
  });

  it('lists every invalid field → 422', async () => {
    const { env, t } = await world();
    const res = await env.api('POST', '/api/v1/uids/PA01000004/compliance-changes', { date: '2026-13-01', description: '', severity: 'high' }, t.contractorA);
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: any) => e.path).sort()).toEqual(['(body)', 'date', 'description']);
  });

  it('DIBCAC may record a change (a reassessment finding) for any company', async () => {
    const { env, t, check } = await world();
    const res = await env.api('POST', '/api/v1/uids/PB01000003/compliance-changes', { date: TODAY, description: 'DIBCAC reassessment finding' }, t.dibcac);
    expect(res.status).toBe(201);
    expect(errorsOf((await check(['PB01000003'])).json.uids[0])).toEqual(['COMPLIANCE_CHANGED']);
  });

  it('contracting officers may not record one → 403', async () => {
    const { env, t } = await world();
    expect((await env.api('POST', '/api/v1/uids/PA01000001/compliance-changes', { date: TODAY, description: 'x' }, t.officer)).status).toBe(403);
  });
});

describe('api.md POST /api/v1/uids/{uid}/closeout (rules §6; 32 CFR 170.21(b))', () => {
  it('a successful closeout keeps the UID and status date and makes the status Final', async () => {
    const { env, t } = await world();
    const res = await env.api('POST', '/api/v1/uids/PA01000002/closeout', { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'NOT_APPLICABLE' } }, t.contractorA);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ uid: 'PA01000002', statusDate: '2026-10-01', type: 'FINAL', closeout: { date: TODAY, result: 'SUCCESS' }, poam: POAM });
  });

  it('the Final status needs a new affirmation: AFFIRMATION_MISSING until affirmed', async () => {
    const { env, t, check } = await world();
    expect((await env.api('POST', '/api/v1/uids/PA01000002/closeout', { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'MET' } }, t.contractorA)).status).toBe(200);
    const before = await check(['PA01000002']);
    expect(before.json.eligible).toBe(false);
    expect(errorsOf(before.json.uids[0])).toEqual(['AFFIRMATION_MISSING']);
    expect(before.json.uids[0].status).toMatchObject({ type: 'FINAL', statusDate: '2026-10-01', currentThrough: null });
    expect((await env.api('POST', '/api/v1/uids/PA01000002/affirmations', AO, t.contractorA)).status).toBe(201);
    const after = await check(['PA01000002']);
    expect(after.json.eligible).toBe(true);
    // Earlier of the age bound (3 years from the original status date) and the new affirmation + 1 year.
    expect(after.json.uids[0].status.currentThrough).toBe('2027-11-23');
  });

  it('a second closeout → 409', async () => {
    const { env, t } = await world();
    const closeout = { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'MET' } };
    expect((await env.api('POST', '/api/v1/uids/PA01000002/closeout', closeout, t.contractorA)).status).toBe(200);
    const res = await env.api('POST', '/api/v1/uids/PA01000002/closeout', closeout, t.contractorA);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('a closeout with its affirmation is current at once', async () => {
    const { env, t, check } = await world();
    const res = await env.api('POST', '/api/v1/uids/PA01000006/closeout', { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'MET' }, affirmation: AO }, t.contractorA);
    expect(res.status).toBe(200);
    expect((await check(['PA01000006'])).json.eligible).toBe(true);
  });

  it('re-assesses exactly the POA&M requirements: others or missing ones → 422 with each path', async () => {
    const { env, t } = await world();
    const res = await env.api('POST', '/api/v1/uids/PA01000003/closeout', { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.1': 'MET' } }, t.contractorA);
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: any) => e.path).sort()).toEqual(['results.AC.L2-3.1.1', 'results.AC.L2-3.1.4']);
    expect((await env.api('GET', '/api/v1/uids/PA01000003')).json.closeout).toBeNull();
  });

  it('a requirement still NOT MET fails the closeout: the status ends (POAM_CLOSEOUT_FAILED only)', async () => {
    const { env, t, check } = await world();
    const res = await env.api('POST', '/api/v1/uids/PA01000003/closeout', { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'NOT_MET' } }, t.contractorA);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ uid: 'PA01000003', statusDate: '2026-10-01', type: 'NONE', closeout: { date: TODAY, result: 'FAILED' }, currentThrough: null });
    const c = await check(['PA01000003']);
    expect(errorsOf(c.json.uids[0])).toEqual(['POAM_CLOSEOUT_FAILED']);
    // Nothing left to affirm.
    expect((await env.api('POST', '/api/v1/uids/PA01000003/affirmations', AO, t.contractorA)).status).toBe(409);
  });

  it('no closeout after day 180 (imported Conditional of 2026-05-01) → 409', async () => {
    const { env, t } = await world();
    const res = await env.api('POST', '/api/v1/uids/PA01000005/closeout', { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'MET' } }, t.contractorA);
    expect(res.status).toBe(409);
  });

  it('a Final status has no POA&M to close out → 409', async () => {
    const { env, t } = await world();
    expect((await env.api('POST', '/api/v1/uids/PA01000001/closeout', { results: { 'AC.L2-3.1.3': 'MET' } }, t.contractorA)).status).toBe(409);
  });

  it('is not for contracting officers → 403', async () => {
    const { env, t } = await world();
    expect((await env.api('POST', '/api/v1/uids/PA01000006/closeout', { results: {} }, t.officer)).status).toBe(403);
  });

  describe('the 180-day window of a posted Conditional, seen by a later clock', () => {
    const conditionalResults = allResults('L2_SELF', { 'AC.L2-3.1.3': 'NOT_MET', 'AC.L2-3.1.4': 'NOT_MET' });
    /** A Conditional (score 108) posted today, 2026-11-23: day 180 is 2027-05-22. */
    const post = async ({ env, t }: Awaited<ReturnType<typeof world>>, scope: string) => {
      const res = await env.api('POST', '/api/v1/companies/PA001/assessments', { level: 'L2_SELF', scope, results: conditionalResults, affirmation: AO }, t.contractorA);
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ type: 'CONDITIONAL', score: 108, statusDate: TODAY });
      return res.json.uid as string;
    };
    const results = { results: { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'MET' } };

    it('accepts a closeout on day 180', async () => {
      const w = await world();
      const uid = await post(w, 'Window day 180');
      const res = await apiOn(w.env, '2027-05-22')('POST', `/api/v1/uids/${uid}/closeout`, results, w.t.contractorA);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ uid, statusDate: '2026-11-23', type: 'FINAL', closeout: { date: '2027-05-22', result: 'SUCCESS' } });
    });

    it('refuses a closeout on day 181 → 409', async () => {
      const w = await world();
      const { env } = w;
      const uid = await post(w, 'Window day 181');
      const res = await apiOn(env, '2027-05-23')('POST', `/api/v1/uids/${uid}/closeout`, results, w.t.contractorA);
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect((await env.api('GET', `/api/v1/uids/${uid}`)).json.closeout).toBeNull();
    });
  });
});
