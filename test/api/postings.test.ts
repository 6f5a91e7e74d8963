/**
 * api.md `POST /api/v1/companies/{cage}/assessments` and `POST /api/v1/engagements`: scoring
 * outcomes (rules §6), who may post what (rules §6, §9), generated UIDs (rules §1) and
 * supersession of the previous UID of the same scope and level family (rules §3.5, §6).
 */
import { describe, expect, it } from 'vitest';
import { requirementsFor } from '../../src/domain/requirements.js';
import { ADMIN_TOKEN, affirmation, allResults, codesOf, company, errorPaths as paths, governmentAccounts, ownEnv, TODAY, type TestEnv } from '../helpers.js';

type Who = 'officer' | 'contractorA' | 'contractorD' | 'c3pao' | 'c3pao2' | 'dibcac' | 'admin';
const AO = { name: 'Pat Lee', title: 'President', email: 'ao@pa001.example' };
const errorsOf = (row: any) => codesOf(row.reasons, 'error');

/** Companies PA001 (with PA002), PB001 and PD001, their imported records and one account per role, in a database of the test's own. */
async function world() {
  const env: TestEnv = await ownEnv();
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
  const t: Record<Who, string> = {
    ...(await governmentAccounts(env)),
    contractorA: await env.user('ao@pa001.example', 'CONTRACTOR', 'PA001'),
    contractorD: await env.user('ao@pd001.example', 'CONTRACTOR', 'PD001'),
    c3pao2: await env.user('lead@other-c3pao.example', 'C3PAO'),
    admin: ADMIN_TOKEN,
  };
  const post = (cage: string, body: Record<string, unknown>, who: Who) => env.api('POST', `/api/v1/companies/${cage}/assessments`, body, t[who]);
  /** Posts and expects 201; the new UID. */
  const posted = async (cage: string, body: Record<string, unknown>, who: Who) => {
    const res = await post(cage, body, who);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.uid as string;
  };
  const check = (uids: string[], requiredLevel = 'L2_SELF') => env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel, uids }, t.officer);
  const rowOf = async (uid: string, requiredLevel = 'L2_SELF') => (await check([uid], requiredLevel)).json.uids[0];
  const engage = (companyCage: string, assessorEmail: string, who: Who = 'contractorA') => env.api('POST', '/api/v1/engagements', { companyCage, assessorEmail }, t[who]);
  return { env, t, post, posted, check, rowOf, engage };
}

describe('rules §6 Level 2 (Self) postings', () => {
  it('all MET → 201 Final, score 110, with the contract fields; status date set by the system', async () => {
    const { env, t, post } = await world();
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Shape', results: allResults('L2_SELF'), affirmation: AO }, 'contractorA');
    expect(res.status).toBe(201);
    for (const k of ['uid', 'level', 'type', 'score', 'statusDate', 'currentThrough', 'poam', 'blocking']) expect(res.json, k).toHaveProperty(k);
    expect(res.json).toMatchObject({ level: 'L2_SELF', type: 'FINAL', score: 110, statusDate: TODAY, poam: [], blocking: [] });
    // Earlier of 3 years and the included affirmation (dated today, 2026-11-23) + 1 year.
    expect(res.json.currentThrough).toBe('2027-11-23');
    const rec = await env.api('GET', `/api/v1/uids/${res.json.uid}`, undefined, t.contractorA);
    expect(rec.json.affirmations.map((a: any) => a.date)).toEqual(['2026-11-23']);
    expect(rec.json.cages).toEqual(['PA001']);
  });

  it('without an affirmation it is awaiting affirmation: not current (AFFIRMATION_MISSING)', async () => {
    const { post, rowOf } = await world();
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Awaiting', results: allResults('L2_SELF') }, 'contractorA');
    expect(res.status).toBe(201);
    expect(res.json.currentThrough).toBeNull();
    expect(errorsOf(await rowOf(res.json.uid))).toEqual(['AFFIRMATION_MISSING']);
  });

  it('two NOT MET 1-point requirements → score 108, Conditional, with them as the POA&M', async () => {
    const { post, rowOf } = await world();
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Conditional 108', results: allResults('L2_SELF', { 'AC.L2-3.1.3': 'NOT_MET', 'AU.L2-3.3.3': 'NOT_MET' }), affirmation: AO }, 'contractorA');
    expect(res.status).toBe(201);
    // Conditional: current through the status date + 180 days (rules §2).
    expect(res.json).toMatchObject({ type: 'CONDITIONAL', score: 108, blocking: [], currentThrough: '2027-05-22' });
    expect([...res.json.poam].sort()).toEqual(['AC.L2-3.1.3', 'AU.L2-3.3.3']);
    const row = await rowOf(res.json.uid);
    expect(row.eligible).toBe(true);
    expect(row.status).toMatchObject({ type: 'CONDITIONAL', currentThrough: '2027-05-22' });
  });

  it('3.13.11 PARTIAL deducts its partial points and may be on the POA&M', async () => {
    const { post } = await world();
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Partial 3.13.11', results: allResults('L2_SELF', { 'SC.L2-3.13.11': 'PARTIAL' }) }, 'contractorA');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'CONDITIONAL', score: 107, poam: ['SC.L2-3.13.11'] });
  });

  it('a NOT MET requirement that cannot be on a POA&M → 201 No CMMC Status, naming it in `blocking`', async () => {
    const { post, rowOf } = await world();
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Blocked', results: allResults('L2_SELF', { 'AC.L2-3.1.1': 'NOT_MET' }) }, 'contractorA');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'NONE', score: 105, poam: [], blocking: ['AC.L2-3.1.1'], currentThrough: null });
    expect(errorsOf(await rowOf(res.json.uid))).toEqual(['NO_CMMC_STATUS']);
  });

  it('the System Security Plan (3.12.4) NOT MET → 422 "No CMMC Score"', async () => {
    const { post } = await world();
    const res = await post('PA001', { level: 'L2_SELF', scope: 'No score', results: allResults('L2_SELF', { 'CA.L2-3.12.4': 'NOT_MET' }) }, 'contractorA');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.detail).toMatch(/No CMMC Score/);
    expect(paths(res)).toEqual(['results.CA.L2-3.12.4']);
  });

  it('PARTIAL where the table allows none → 422 naming each requirement', async () => {
    const { post } = await world();
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Bad partial', results: allResults('L2_SELF', { 'AC.L2-3.1.1': 'PARTIAL', 'AU.L2-3.3.3': 'PARTIAL' }) }, 'contractorA');
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['results.AC.L2-3.1.1', 'results.AU.L2-3.3.3']);
  });

  it('results must name every requirement of the level and nothing else → 422 listing every path', async () => {
    const { post } = await world();
    const results: Record<string, string> = allResults('L2_SELF', { 'AC.L1-b.1.i': 'MET', 'XX.L2-9.9.9': 'MET' });
    delete results['AC.L2-3.1.2'];
    delete results['SI.L2-3.14.7'];
    results['AU.L2-3.3.3'] = 'YES';
    const res = await post('PA001', { level: 'L2_SELF', scope: 'Incomplete', results }, 'contractorA');
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['results.AC.L1-b.1.i', 'results.AC.L2-3.1.2', 'results.AU.L2-3.3.3', 'results.SI.L2-3.14.7', 'results.XX.L2-9.9.9']);
  });

  it('strict body: an unknown field → 422; malformed JSON → 400; unknown company → 404', async () => {
    const { env, t, post } = await world();
    const unknown = await post('PA001', { level: 'L2_SELF', scope: 'x', results: allResults('L2_SELF'), statusDate: '2020-01-01' }, 'contractorA');
    expect(unknown.status).toBe(422);
    expect(paths(unknown)).toEqual(['(body)']);
    expect((await env.api('POST', '/api/v1/companies/PA001/assessments', '{"level": "L2_SELF",', t.contractorA)).status).toBe(400);
    expect((await post('ZZ999', { level: 'L2_SELF', scope: 'x', results: allResults('L2_SELF') }, 'admin')).status).toBe(404);
  });

  it('a subsidiary CAGE of the hierarchy may be in scope', async () => {
    const { env, posted } = await world();
    const uid = await posted('PA001', { level: 'L2_SELF', scope: 'Subsidiary', cages: [' pa002 ', 'PA001'], results: allResults('L2_SELF'), affirmation: AO }, 'contractorA');
    expect((await env.api('GET', `/api/v1/uids/${uid}`)).json.cages).toEqual(['PA002', 'PA001']);
  });
});

describe('rules §6 Level 1 (Self) postings', () => {
  it('all MET or N/A → Final Level 1, no score', async () => {
    const { post, rowOf } = await world();
    const ids = requirementsFor('L1_SELF').map((r) => r.id);
    const res = await post('PA001', { level: 'L1_SELF', scope: 'L1 scope', results: allResults('L1_SELF', { [ids[0]]: 'NOT_APPLICABLE' }), affirmation: AO }, 'contractorA');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ level: 'L1_SELF', type: 'FINAL', score: null, poam: [] });
    expect((await rowOf(res.json.uid, 'L1_SELF')).eligible).toBe(true);
  });

  it('any NOT MET → No CMMC Status (no POA&M at Level 1)', async () => {
    const { post } = await world();
    const id = requirementsFor('L1_SELF')[3].id;
    const res = await post('PA001', { level: 'L1_SELF', scope: 'L1 failing', results: allResults('L1_SELF', { [id]: 'NOT_MET' }) }, 'contractorA');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'NONE', score: null, poam: [], blocking: [id] });
  });

  it('PARTIAL is not a Level 1 answer → 422', async () => {
    const { post } = await world();
    const id = requirementsFor('L1_SELF')[0].id;
    const res = await post('PA001', { level: 'L1_SELF', scope: 'L1 partial', results: allResults('L1_SELF', { [id]: 'PARTIAL' }) }, 'contractorA');
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual([`results.${id}`]);
  });
});

describe('rules §3.5, §6 every posting supersedes the previous UID of the same scope and level family', () => {
  const selfFinal = (scope: string) => ({ level: 'L2_SELF', scope, results: allResults('L2_SELF'), affirmation: AO });

  it('a newer Level 2 (Self) posting supersedes the older UID from its status date (scope name case-insensitive)', async () => {
    const { env, posted, rowOf } = await world();
    const first = await posted('PA001', selfFinal('Enterprise'), 'contractorA');
    const second = await posted('PA001', selfFinal('  ENTERPRISE '), 'contractorA');
    expect(first).not.toBe(second);
    const old = await rowOf(first);
    expect(errorsOf(old)).toEqual(['SUPERSEDED']);
    expect(old.reasons[0].message).toContain(second);
    expect((await env.api('GET', `/api/v1/uids/${first}`)).json.supersededBy).toBe(second);
    expect((await rowOf(second)).eligible).toBe(true);
  });

  it('a No CMMC Status result replaces a current status', async () => {
    const { post, posted, check } = await world();
    const current = await posted('PA001', selfFinal('Enterprise'), 'contractorA');
    const none = await post('PA001', { level: 'L2_SELF', scope: 'Enterprise', results: allResults('L2_SELF', { 'AC.L2-3.1.1': 'NOT_MET' }) }, 'contractorA');
    expect(none.status).toBe(201);
    expect(none.json.type).toBe('NONE');
    const res = await check([current, none.json.uid]);
    expect(res.json.eligible).toBe(false);
    expect(res.json.uids.map((u: any) => [u.uid, errorsOf(u)])).toEqual([
      [current, ['SUPERSEDED']],
      [none.json.uid, ['NO_CMMC_STATUS']],
    ]);
  });

  it('a Level 1 posting does not supersede the Level 2 of the same scope (another family)', async () => {
    const { env, posted, rowOf } = await world();
    const l2 = await posted('PA001', selfFinal('Families'), 'contractorA');
    await posted('PA001', { level: 'L1_SELF', scope: 'Families', results: allResults('L1_SELF'), affirmation: AO }, 'contractorA');
    expect((await rowOf(l2)).eligible).toBe(true);
    expect((await env.api('GET', `/api/v1/uids/${l2}`)).json.supersededBy).toBeNull();
  });

  it('a Level 2 (Self) result replaces a Level 2 (C3PAO) one of the same scope', async () => {
    const { posted, rowOf } = await world();
    expect((await rowOf('PA01000010', 'L2_C3PAO')).eligible).toBe(true);
    await posted('PA001', selfFinal('mixed'), 'contractorA');
    expect(errorsOf(await rowOf('PA01000010', 'L2_C3PAO'))).toEqual(['SUPERSEDED']);
  });
});

describe('rules §6, §9 engagements and C3PAO postings', () => {
  const l2c = { level: 'L2_C3PAO', scope: 'Assessed enclave', results: allResults('L2_C3PAO') };

  it('a C3PAO not engaged with the company may not post → 403', async () => {
    const { post } = await world();
    expect((await post('PA001', l2c, 'c3pao')).status).toBe(403);
  });

  it('a contractor engages a C3PAO for its own company → 201', async () => {
    const { engage } = await world();
    const res = await engage(' pa001 ', 'LEAD@c3pao.example');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ companyCage: 'PA001', assessorEmail: 'lead@c3pao.example' });
    expect(typeof res.json.id).toBe('number');
  });

  it('the same engagement twice → 409', async () => {
    const { engage } = await world();
    expect((await engage('PA001', 'lead@c3pao.example')).status).toBe(201);
    expect((await engage('PA001', 'lead@c3pao.example')).status).toBe(409);
  });

  it('a contractor cannot engage an assessor for another company → 404', async () => {
    const { engage } = await world();
    expect((await engage('PB001', 'lead@c3pao.example')).status).toBe(404);
  });

  it('the assessor must be a C3PAO account → 422 assessorEmail', async () => {
    const { engage } = await world();
    const res = await engage('PA001', 'officer@agency.example');
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['assessorEmail']);
  });

  it('an administrator engages a C3PAO for any company → 201', async () => {
    const { engage } = await world();
    const res = await engage('PB001', 'lead@other-c3pao.example', 'admin');
    expect(res.status).toBe(201);
    expect(res.json.companyCage).toBe('PB001');
  });

  it('once engaged, the C3PAO posts Level 2 (C3PAO) results for the company (any CAGE of its hierarchy) → 201', async () => {
    const { engage, post } = await world();
    expect((await engage('PA001', 'lead@c3pao.example')).status).toBe(201);
    const res = await post('PA002', l2c, 'c3pao');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ level: 'L2_C3PAO', type: 'FINAL', score: 110 });
  });

  it('the C3PAO reads what it posted and nothing else', async () => {
    const { env, t, engage, posted } = await world();
    expect((await engage('PA001', 'lead@c3pao.example')).status).toBe(201);
    const c3paoUid = await posted('PA002', l2c, 'c3pao');
    const contractorsUid = await posted('PA001', { level: 'L2_SELF', scope: 'Own', results: allResults('L2_SELF') }, 'contractorA');
    const read = async (uid: string, who: Who) => (await env.api('GET', `/api/v1/uids/${uid}`, undefined, t[who])).status;
    expect(await read(c3paoUid, 'c3pao')).toBe(200);
    expect(await read('PA01000010', 'c3pao')).toBe(404);
    expect(await read(contractorsUid, 'c3pao')).toBe(404);
    expect(await read(c3paoUid, 'c3pao2')).toBe(404);
    // The company sees the C3PAO's result for it.
    expect(await read(c3paoUid, 'contractorA')).toBe(200);
  });

  it('the C3PAO may not post for a company it is not engaged with → 403', async () => {
    const { engage, post } = await world();
    expect((await engage('PA001', 'lead@c3pao.example')).status).toBe(201);
    expect((await post('PB001', l2c, 'c3pao')).status).toBe(403);
  });
});

describe('rules §6 Level 3 (DIBCAC) postings (32 CFR 170.18)', () => {
  const l3Results = (overrides: Record<string, 'NOT_MET'> = {}) => allResults('L3_DIBCAC', overrides);
  const l3Final = { level: 'L3_DIBCAC', scope: ' ENCLAVE   x ', results: l3Results() };

  it('without a Final Level 2 (C3PAO) on the scope → 422', async () => {
    const { post } = await world();
    const res = await post('PD001', { level: 'L3_DIBCAC', scope: 'Enclave Z', results: l3Results() }, 'dibcac');
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['scope']);
  });

  it('with only a Conditional Level 2 (C3PAO) on the scope → 422', async () => {
    const { post } = await world();
    const res = await post('PD001', { level: 'L3_DIBCAC', scope: 'Enclave Y', results: l3Results() }, 'dibcac');
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['scope']);
  });

  it('with a current Final Level 2 (C3PAO) on the same scope (name trimmed, case-insensitive) → 201', async () => {
    const { post } = await world();
    const res = await post('PD001', l3Final, 'dibcac');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ level: 'L3_DIBCAC', type: 'FINAL', score: 24, statusDate: TODAY });
  });

  it('does not supersede the Level 2 (C3PAO) it depends on', async () => {
    const { env, posted, rowOf } = await world();
    await posted('PD001', l3Final, 'dibcac');
    const l2 = await rowOf('PD01000001', 'L2_C3PAO');
    expect(l2.eligible).toBe(true);
    expect(l2.reasons).toEqual([]);
    expect((await env.api('GET', '/api/v1/uids/PD01000001')).json.supersededBy).toBeNull();
  });

  it("the Level 3 UID needs the company's affirmation, then meets L2 (C3PAO) without the prerequisite warning", async () => {
    const { env, t, posted, rowOf } = await world();
    const l3Uid = await posted('PD001', l3Final, 'dibcac');
    expect(errorsOf(await rowOf(l3Uid, 'L3_DIBCAC'))).toEqual(['AFFIRMATION_MISSING']);
    expect((await env.api('POST', `/api/v1/uids/${l3Uid}/affirmations`, AO, t.contractorD)).status).toBe(201);
    const row = await rowOf(l3Uid, 'L2_C3PAO');
    expect(row.eligible).toBe(true);
    expect(row.reasons).toEqual([]);
  });

  it('≥ 20 met with POA&M-eligible gaps → Conditional Level 3; it supersedes the earlier Level 3, not the Level 2', async () => {
    const { post, posted, rowOf } = await world();
    const l3Uid = await posted('PD001', l3Final, 'dibcac');
    const gaps = requirementsFor('L3_DIBCAC')
      .filter((r) => r.poamAllowed === 'yes')
      .slice(0, 3)
      .map((r) => r.id);
    const res = await post('PD001', { level: 'L3_DIBCAC', scope: 'Enclave X', results: l3Results(Object.fromEntries(gaps.map((g) => [g, 'NOT_MET' as const]))) }, 'dibcac');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'CONDITIONAL', score: 21 });
    expect([...res.json.poam].sort()).toEqual([...gaps].sort());
    expect(errorsOf(await rowOf(l3Uid, 'L3_DIBCAC'))).toEqual(['SUPERSEDED']);
    expect((await rowOf('PD01000001', 'L2_C3PAO')).eligible).toBe(true);
  });
});

describe('rules §1 generated UIDs', () => {
  it('every posted UID is 10 characters of A–Z and 0–9 without I or O, never reused', async () => {
    const { posted } = await world();
    const generated: string[] = [];
    for (let i = 0; i < 20; i++) generated.push(await posted('PA001', { level: 'L1_SELF', scope: `Scope ${i % 4}`, results: allResults('L1_SELF') }, 'contractorA'));
    for (const uid of generated) expect(uid).toMatch(/^[A-HJ-NP-Z0-9]{10}$/);
    expect(new Set(generated).size).toBe(20);
  });
});
