/**
 * api.md `POST /api/v1/companies/{cage}/assessments` and `POST /api/v1/engagements`: scoring
 * outcomes (rules §6), who may post what (rules §6, §9), generated UIDs (rules §1) and
 * supersession of the previous UID of the same scope and level family (rules §3.5, §6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addYears } from '../../src/domain/dates.js';
import { requirementsFor } from '../../src/domain/requirements.js';
import { ADMIN_TOKEN, affirmation, allResults, company, testEnv, TODAY, type TestEnv } from '../helpers.js';

let env: TestEnv;
const t: Record<string, string> = {};
const AO = { name: 'Pat Lee', title: 'President', email: 'ao@pa001.example' };
const generated: string[] = [];

const post = async (cage: string, body: Record<string, unknown>, token: string) => {
  const res = await env.api('POST', `/api/v1/companies/${cage}/assessments`, body, token);
  if (res.status === 201) generated.push(res.json.uid);
  return res;
};
const check = (uids: string[], requiredLevel = 'L2_SELF') => env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel, uids }, t.officer);
const rowOf = async (uid: string, requiredLevel = 'L2_SELF') => (await check([uid], requiredLevel)).json.uids[0];
const errorsOf = (row: any) => row.reasons.filter((r: any) => r.severity === 'error').map((r: any) => r.code);
const paths = (res: { json: any }) => (res.json.errors as { path: string }[]).map((e) => e.path).sort();

beforeAll(async () => {
  env = await testEnv();
  const final = (uid: string, over: Record<string, unknown>) => ({ uid, level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-06-01', score: 110, affirmations: [affirmation('2026-06-01')], ...over });
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('PA001'), company('PA002', 'PA001'), company('PB001'), company('PD001')],
    assessments: [
      final('PD01000001', { cages: ['PD001'], scope: 'Enclave X' }),
      final('PD01000002', { cages: ['PD001'], scope: 'Enclave Y', status: 'CONDITIONAL', score: 100 }),
      final('PA01000010', { cages: ['PA001'], scope: 'Mixed' }),
    ],
  });
  expect(imp.status).toBe(201);
  t.officer = await env.user('officer@agency.example', 'CONTRACTING_OFFICER');
  t.contractorA = await env.user('ao@pa001.example', 'CONTRACTOR', 'PA001');
  t.contractorD = await env.user('ao@pd001.example', 'CONTRACTOR', 'PD001');
  t.c3pao = await env.user('lead@c3pao.example', 'C3PAO');
  t.c3pao2 = await env.user('lead@other-c3pao.example', 'C3PAO');
  t.dibcac = await env.user('assessor@dibcac.example', 'DIBCAC');
});
afterAll(() => env.close());

describe('rules §6 Level 2 (Self) postings', () => {
  it('all MET → 201 Final, score 110, with the contract fields; status date set by the system', async () => {
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Shape', results: allResults('L2_SELF'), affirmation: AO }, t.contractorA);
    expect(res.status).toBe(201);
    for (const k of ['uid', 'level', 'type', 'score', 'statusDate', 'currentThrough', 'poam', 'blocking']) expect(res.json, k).toHaveProperty(k);
    expect(res.json).toMatchObject({ level: 'L2_SELF', type: 'FINAL', score: 110, statusDate: TODAY, poam: [], blocking: [] });
    // Earlier of 3 years and the included affirmation (dated today) + 1 year.
    expect(res.json.currentThrough).toBe(addYears(TODAY, 1));
    const rec = await env.api('GET', `/api/v1/uids/${res.json.uid}`, undefined, t.contractorA);
    expect(rec.json.affirmations.map((a: any) => a.date)).toEqual([TODAY]);
    expect(rec.json.cages).toEqual(['PA001']);
  });

  it('without an affirmation it is awaiting affirmation: not current (AFFIRMATION_MISSING)', async () => {
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Awaiting', results: allResults('L2_SELF') }, t.contractorA);
    expect(res.status).toBe(201);
    expect(res.json.currentThrough).toBeNull();
    expect(errorsOf(await rowOf(res.json.uid))).toEqual(['AFFIRMATION_MISSING']);
  });

  it('two NOT MET 1-point requirements → score 108, Conditional, with them as the POA&M', async () => {
    const res = await post(
      'PA001',
      { level: 'L2_SELF', scope: 'Conditional 108', results: allResults('L2_SELF', { 'AC.L2-3.1.3': 'NOT_MET', 'AU.L2-3.3.3': 'NOT_MET' }), affirmation: AO },
      t.contractorA,
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'CONDITIONAL', score: 108, blocking: [], currentThrough: addDays(TODAY, 180) });
    expect([...res.json.poam].sort()).toEqual(['AC.L2-3.1.3', 'AU.L2-3.3.3']);
    const row = await rowOf(res.json.uid);
    expect(row.eligible).toBe(true);
    expect(row.status).toMatchObject({ type: 'CONDITIONAL', currentThrough: addDays(TODAY, 180) });
  });

  it('3.13.11 PARTIAL deducts its partial points and may be on the POA&M', async () => {
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Partial 3.13.11', results: allResults('L2_SELF', { 'SC.L2-3.13.11': 'PARTIAL' }) }, t.contractorA);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'CONDITIONAL', score: 107, poam: ['SC.L2-3.13.11'] });
  });

  it('a NOT MET requirement that cannot be on a POA&M → 201 No CMMC Status, naming it in `blocking`', async () => {
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Blocked', results: allResults('L2_SELF', { 'AC.L2-3.1.1': 'NOT_MET' }) }, t.contractorA);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'NONE', score: 105, poam: [], blocking: ['AC.L2-3.1.1'], currentThrough: null });
    expect(errorsOf(await rowOf(res.json.uid))).toEqual(['NO_CMMC_STATUS']);
  });

  it('the System Security Plan (3.12.4) NOT MET → 422 "No CMMC Score"', async () => {
    const res = await post('PA001', { level: 'L2_SELF', scope: 'No score', results: allResults('L2_SELF', { 'CA.L2-3.12.4': 'NOT_MET' }) }, t.contractorA);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.detail).toMatch(/No CMMC Score/);
    expect(paths(res)).toEqual(['results.CA.L2-3.12.4']);
  });

  it('PARTIAL where the table allows none → 422 naming each requirement', async () => {
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Bad partial', results: allResults('L2_SELF', { 'AC.L2-3.1.1': 'PARTIAL', 'AU.L2-3.3.3': 'PARTIAL' }) }, t.contractorA);
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['results.AC.L2-3.1.1', 'results.AU.L2-3.3.3']);
  });

  it('results must name every requirement of the level and nothing else → 422 listing every path', async () => {
    const results: Record<string, string> = allResults('L2_SELF', { 'AC.L1-b.1.i': 'MET', 'XX.L2-9.9.9': 'MET' });
    delete results['AC.L2-3.1.2'];
    delete results['SI.L2-3.14.7'];
    results['AU.L2-3.3.3'] = 'YES';
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Incomplete', results }, t.contractorA);
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['results.AC.L1-b.1.i', 'results.AC.L2-3.1.2', 'results.AU.L2-3.3.3', 'results.SI.L2-3.14.7', 'results.XX.L2-9.9.9']);
  });

  it('strict body: an unknown field → 422; malformed JSON → 400; unknown company → 404', async () => {
    const unknown = await post('PA001', { level: 'L2_SELF', scope: 'x', results: allResults('L2_SELF'), statusDate: '2020-01-01' }, t.contractorA);
    expect(unknown.status).toBe(422);
    expect(paths(unknown)).toEqual(['(body)']);
    expect((await env.api('POST', '/api/v1/companies/PA001/assessments', '{"level": "L2_SELF",', t.contractorA)).status).toBe(400);
    expect((await post('ZZ999', { level: 'L2_SELF', scope: 'x', results: allResults('L2_SELF') }, ADMIN_TOKEN)).status).toBe(404);
  });

  it('a subsidiary CAGE of the hierarchy may be in scope', async () => {
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Subsidiary', cages: [' pa002 ', 'PA001'], results: allResults('L2_SELF'), affirmation: AO }, t.contractorA);
    expect(res.status).toBe(201);
    expect((await env.api('GET', `/api/v1/uids/${res.json.uid}`)).json.cages).toEqual(['PA002', 'PA001']);
  });
});

describe('rules §6 Level 1 (Self) postings', () => {
  it('all MET or N/A → Final Level 1, no score', async () => {
    const ids = requirementsFor('L1_SELF').map((r) => r.id);
    const res = await post('PA001', { level: 'L1_SELF', scope: 'L1 scope', results: allResults('L1_SELF', { [ids[0]]: 'NOT_APPLICABLE' }), affirmation: AO }, t.contractorA);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ level: 'L1_SELF', type: 'FINAL', score: null, poam: [] });
    expect((await rowOf(res.json.uid, 'L1_SELF')).eligible).toBe(true);
  });

  it('any NOT MET → No CMMC Status (no POA&M at Level 1)', async () => {
    const id = requirementsFor('L1_SELF')[3].id;
    const res = await post('PA001', { level: 'L1_SELF', scope: 'L1 failing', results: allResults('L1_SELF', { [id]: 'NOT_MET' }) }, t.contractorA);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'NONE', score: null, poam: [], blocking: [id] });
  });

  it('PARTIAL is not a Level 1 answer → 422', async () => {
    const id = requirementsFor('L1_SELF')[0].id;
    const res = await post('PA001', { level: 'L1_SELF', scope: 'L1 partial', results: allResults('L1_SELF', { [id]: 'PARTIAL' }) }, t.contractorA);
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual([`results.${id}`]);
  });
});

describe('rules §3.5, §6 every posting supersedes the previous UID of the same scope and level family', () => {
  const uids: Record<string, string> = {};

  it('a newer Level 2 (Self) posting supersedes the older UID from its status date (scope name case-insensitive)', async () => {
    const first = await post('PA001', { level: 'L2_SELF', scope: 'Enterprise', results: allResults('L2_SELF'), affirmation: AO }, t.contractorA);
    const second = await post('PA001', { level: 'L2_SELF', scope: '  ENTERPRISE ', results: allResults('L2_SELF'), affirmation: AO }, t.contractorA);
    expect([first.status, second.status]).toEqual([201, 201]);
    uids.first = first.json.uid;
    uids.second = second.json.uid;
    expect(uids.first).not.toBe(uids.second);
    const old = await rowOf(uids.first);
    expect(errorsOf(old)).toEqual(['SUPERSEDED']);
    expect(old.reasons[0].message).toContain(uids.second);
    expect((await env.api('GET', `/api/v1/uids/${uids.first}`)).json.supersededBy).toBe(uids.second);
    expect((await rowOf(uids.second)).eligible).toBe(true);
  });

  it('a No CMMC Status result replaces a current status', async () => {
    const none = await post('PA001', { level: 'L2_SELF', scope: 'Enterprise', results: allResults('L2_SELF', { 'AC.L2-3.1.1': 'NOT_MET' }) }, t.contractorA);
    expect(none.status).toBe(201);
    expect(none.json.type).toBe('NONE');
    const res = await check([uids.second, none.json.uid]);
    expect(res.json.eligible).toBe(false);
    expect(res.json.uids.map((u: any) => [u.uid, errorsOf(u)])).toEqual([
      [uids.second, ['SUPERSEDED']],
      [none.json.uid, ['NO_CMMC_STATUS']],
    ]);
  });

  it('a Level 1 posting does not supersede the Level 2 of the same scope (another family)', async () => {
    const l2 = await post('PA001', { level: 'L2_SELF', scope: 'Families', results: allResults('L2_SELF'), affirmation: AO }, t.contractorA);
    const l1 = await post('PA001', { level: 'L1_SELF', scope: 'Families', results: allResults('L1_SELF'), affirmation: AO }, t.contractorA);
    expect([l2.status, l1.status]).toEqual([201, 201]);
    expect((await rowOf(l2.json.uid)).eligible).toBe(true);
    expect((await env.api('GET', `/api/v1/uids/${l2.json.uid}`)).json.supersededBy).toBeNull();
  });

  it('a Level 2 (Self) result replaces a Level 2 (C3PAO) one of the same scope', async () => {
    expect((await rowOf('PA01000010', 'L2_C3PAO')).eligible).toBe(true);
    const self = await post('PA001', { level: 'L2_SELF', scope: 'mixed', results: allResults('L2_SELF'), affirmation: AO }, t.contractorA);
    expect(self.status).toBe(201);
    expect(errorsOf(await rowOf('PA01000010', 'L2_C3PAO'))).toEqual(['SUPERSEDED']);
  });
});

describe('rules §6, §9 engagements and C3PAO postings', () => {
  const l2c = { level: 'L2_C3PAO', scope: 'Assessed enclave', results: allResults('L2_C3PAO') };
  let c3paoUid = '';

  it('a C3PAO not engaged with the company may not post → 403', async () => {
    expect((await post('PA001', l2c, t.c3pao)).status).toBe(403);
  });

  it('a contractor engages a C3PAO for its own company → 201', async () => {
    const res = await env.api('POST', '/api/v1/engagements', { companyCage: ' pa001 ', assessorEmail: 'LEAD@c3pao.example' }, t.contractorA);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ companyCage: 'PA001', assessorEmail: 'lead@c3pao.example' });
    expect(typeof res.json.id).toBe('number');
  });

  it('the same engagement twice → 409', async () => {
    expect((await env.api('POST', '/api/v1/engagements', { companyCage: 'PA001', assessorEmail: 'lead@c3pao.example' }, t.contractorA)).status).toBe(409);
  });

  it('a contractor cannot engage an assessor for another company → 404', async () => {
    expect((await env.api('POST', '/api/v1/engagements', { companyCage: 'PB001', assessorEmail: 'lead@c3pao.example' }, t.contractorA)).status).toBe(404);
  });

  it('the assessor must be a C3PAO account → 422 assessorEmail', async () => {
    const res = await env.api('POST', '/api/v1/engagements', { companyCage: 'PA001', assessorEmail: 'officer@agency.example' }, t.contractorA);
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['assessorEmail']);
  });

  it('an administrator engages a C3PAO for any company → 201', async () => {
    const res = await env.api('POST', '/api/v1/engagements', { companyCage: 'PB001', assessorEmail: 'lead@other-c3pao.example' });
    expect(res.status).toBe(201);
    expect(res.json.companyCage).toBe('PB001');
  });

  it('once engaged, the C3PAO posts Level 2 (C3PAO) results for the company (any CAGE of its hierarchy) → 201', async () => {
    const res = await post('PA002', l2c, t.c3pao);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ level: 'L2_C3PAO', type: 'FINAL', score: 110 });
    c3paoUid = res.json.uid;
  });

  it('the C3PAO reads what it posted and nothing else', async () => {
    expect((await env.api('GET', `/api/v1/uids/${c3paoUid}`, undefined, t.c3pao)).status).toBe(200);
    expect((await env.api('GET', '/api/v1/uids/PA01000010', undefined, t.c3pao)).status).toBe(404);
    expect((await env.api('GET', `/api/v1/uids/${generated[0]}`, undefined, t.c3pao)).status).toBe(404);
    expect((await env.api('GET', `/api/v1/uids/${c3paoUid}`, undefined, t.c3pao2)).status).toBe(404);
    // The company sees the C3PAO's result for it.
    expect((await env.api('GET', `/api/v1/uids/${c3paoUid}`, undefined, t.contractorA)).status).toBe(200);
  });

  it('the C3PAO may not post for a company it is not engaged with → 403', async () => {
    expect((await post('PB001', l2c, t.c3pao)).status).toBe(403);
  });
});

describe('rules §6 Level 3 (DIBCAC) postings (32 CFR 170.18)', () => {
  const l3Results = (overrides: Record<string, 'NOT_MET'> = {}) => allResults('L3_DIBCAC', overrides);
  let l3Uid = '';

  it('without a Final Level 2 (C3PAO) on the scope → 422', async () => {
    const res = await post('PD001', { level: 'L3_DIBCAC', scope: 'Enclave Z', results: l3Results() }, t.dibcac);
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['scope']);
  });

  it('with only a Conditional Level 2 (C3PAO) on the scope → 422', async () => {
    const res = await post('PD001', { level: 'L3_DIBCAC', scope: 'Enclave Y', results: l3Results() }, t.dibcac);
    expect(res.status).toBe(422);
  });

  it('with a current Final Level 2 (C3PAO) on the same scope (name trimmed, case-insensitive) → 201', async () => {
    const res = await post('PD001', { level: 'L3_DIBCAC', scope: ' ENCLAVE   x ', results: l3Results() }, t.dibcac);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ level: 'L3_DIBCAC', type: 'FINAL', score: 24, statusDate: TODAY });
    l3Uid = res.json.uid;
  });

  it('does not supersede the Level 2 (C3PAO) it depends on', async () => {
    const l2 = await rowOf('PD01000001', 'L2_C3PAO');
    expect(l2.eligible).toBe(true);
    expect(l2.reasons).toEqual([]);
    expect((await env.api('GET', '/api/v1/uids/PD01000001')).json.supersededBy).toBeNull();
  });

  it('the Level 3 UID needs the company\'s affirmation, then meets L2 (C3PAO) without the prerequisite warning', async () => {
    expect(errorsOf(await rowOf(l3Uid, 'L3_DIBCAC'))).toEqual(['AFFIRMATION_MISSING']);
    expect((await env.api('POST', `/api/v1/uids/${l3Uid}/affirmations`, AO, t.contractorD)).status).toBe(201);
    const row = await rowOf(l3Uid, 'L2_C3PAO');
    expect(row.eligible).toBe(true);
    expect(row.reasons).toEqual([]);
  });

  it('≥ 20 met with POA&M-eligible gaps → Conditional Level 3; it supersedes the earlier Level 3, not the Level 2', async () => {
    const gaps = requirementsFor('L3_DIBCAC')
      .filter((r) => r.poamAllowed === 'yes')
      .slice(0, 3)
      .map((r) => r.id);
    const res = await post('PD001', { level: 'L3_DIBCAC', scope: 'Enclave X', results: l3Results(Object.fromEntries(gaps.map((g) => [g, 'NOT_MET' as const]))) }, t.dibcac);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'CONDITIONAL', score: 21 });
    expect([...res.json.poam].sort()).toEqual([...gaps].sort());
    expect(errorsOf(await rowOf(l3Uid, 'L3_DIBCAC'))).toEqual(['SUPERSEDED']);
    expect((await rowOf('PD01000001', 'L2_C3PAO')).eligible).toBe(true);
  });
});

describe('rules §1 generated UIDs', () => {
  it('every posted UID is 10 characters of A–Z and 0–9 without I or O, never reused', () => {
    expect(generated.length).toBeGreaterThanOrEqual(15);
    for (const uid of generated) expect(uid).toMatch(/^[A-HJ-NP-Z0-9]{10}$/);
    expect(new Set(generated).size).toBe(generated.length);
  });
});
