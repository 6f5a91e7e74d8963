/**
 * Who may post, close out and write against a UID (rules §6, §9; api.md closeouts), through the API
 * on a real migrated database. Each test builds its own world, so each stands alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allResults, assessment, company, testEnv, TODAY, type TestEnv } from '../helpers.js';

const POAM_NOT_MET = { 'AC.L2-3.1.3': 'NOT_MET', 'AC.L2-3.1.4': 'NOT_MET' } as const;
const POAM_MET = { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'MET' };
const AO = { name: 'Pat Lee', title: 'President', email: 'ao@example.com' };

let env: TestEnv | undefined;
afterEach(() => env?.close());

async function world(companies = [company('PA001'), company('PB001')], assessments: unknown[] = []) {
  env = await testEnv();
  const imp = await env.api('POST', '/api/v1/import', { companies, assessments });
  expect(imp.status).toBe(201);
  return env;
}

const assessmentCount = async (e: TestEnv) => (await e.database.client.execute('SELECT count(*) AS n FROM assessments')).rows[0].n;

describe('rules §6: DIBCAC posts Level 3 results, not Level 2 (C3PAO) results', () => {
  it('refuses a DIBCAC user posting a Level 2 (C3PAO) result (403) and stores nothing', async () => {
    const e = await world();
    const dibcac = await e.user('assessor@dibcac.example', 'DIBCAC');
    const before = await assessmentCount(e);
    const res = await e.api('POST', '/api/v1/companies/PA001/assessments', { level: 'L2_C3PAO', scope: 'Enclave', results: allResults('L2_C3PAO') }, dibcac);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await assessmentCount(e)).toBe(before);
  });

  it('still lets the DIBCAC user post Level 3 on a scope with a current Final Level 2 (C3PAO) (201)', async () => {
    const e = await world([company('PA001')], [assessment('PA01000001', ['PA001'], { scope: 'Enclave' })]);
    const dibcac = await e.user('assessor@dibcac.example', 'DIBCAC');
    const res = await e.api('POST', '/api/v1/companies/PA001/assessments', { level: 'L3_DIBCAC', scope: 'Enclave', results: allResults('L3_DIBCAC') }, dibcac);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ level: 'L3_DIBCAC', type: 'FINAL', statusDate: TODAY });
  });
});

describe('api.md closeouts: whoever may post the level for the company closes out its POA&M', () => {
  /** C3PAO one posts a Conditional Level 2 (C3PAO) for PA001; C3PAO two is engaged with PA001 too. */
  async function conditionalByFirstC3pao() {
    const e = await world();
    const first = await e.user('lead@c3pao-one.example', 'C3PAO');
    const second = await e.user('lead@c3pao-two.example', 'C3PAO');
    for (const email of ['lead@c3pao-one.example', 'lead@c3pao-two.example']) {
      expect((await e.api('POST', '/api/v1/engagements', { companyCage: 'PA001', assessorEmail: email })).status).toBe(201);
    }
    const posted = await e.api('POST', '/api/v1/companies/PA001/assessments', { level: 'L2_C3PAO', scope: 'Enclave', results: allResults('L2_C3PAO', POAM_NOT_MET) }, first);
    expect(posted.status).toBe(201);
    expect(posted.json).toMatchObject({ type: 'CONDITIONAL', poam: ['AC.L2-3.1.3', 'AC.L2-3.1.4'] });
    return { e, uid: posted.json.uid as string, second };
  }

  it('lets a second, different engaged C3PAO close out a Level 2 (C3PAO) POA&M: Final, same UID and status date', async () => {
    const { e, uid, second } = await conditionalByFirstC3pao();
    const res = await e.api('POST', `/api/v1/uids/${uid}/closeout`, { results: POAM_MET }, second);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ uid, statusDate: TODAY, type: 'FINAL', closeout: { date: TODAY, result: 'SUCCESS' } });
  });

  it('refuses a C3PAO not engaged with the company (404, as for a UID it cannot see) and stores no closeout', async () => {
    const { e, uid } = await conditionalByFirstC3pao();
    const outsider = await e.user('lead@c3pao-three.example', 'C3PAO');
    expect((await e.api('POST', `/api/v1/uids/${uid}/closeout`, { results: POAM_MET }, outsider)).status).toBe(404);
    expect((await e.api('GET', `/api/v1/uids/${uid}`)).json.closeout).toBeNull();
  });

  it('refuses a DIBCAC user, who does not post Level 2 (C3PAO) (403), and stores no closeout', async () => {
    const { e, uid } = await conditionalByFirstC3pao();
    const dibcac = await e.user('assessor@dibcac.example', 'DIBCAC');
    expect((await e.api('POST', `/api/v1/uids/${uid}/closeout`, { results: POAM_MET }, dibcac)).status).toBe(403);
    expect((await e.api('GET', `/api/v1/uids/${uid}`)).json.closeout).toBeNull();
  });
});

describe('rules §9: writes against a UID belong to its owning company; reads follow any of its CAGE codes', () => {
  // PB01000001 belongs to company B (its first CAGE) and also lists company A's CAGE PA001.
  const shared = (over: Record<string, unknown> = {}) =>
    assessment('PB01000001', ['PB001', 'PA001'], { level: 'L2_SELF', scope: 'Shared enclave', status: 'CONDITIONAL', score: 108, poam: ['AC.L2-3.1.3', 'AC.L2-3.1.4'], statusDate: '2026-10-01', ...over });

  async function contractorOfA() {
    const e = await world([company('PA001'), company('PB001')], [shared()]);
    return { e, a: await e.user('ao@pa001.example', 'CONTRACTOR', 'PA001'), b: await e.user('ao@pb001.example', 'CONTRACTOR', 'PB001') };
  }

  it('lets company A\'s contractor read the UID that lists its CAGE', async () => {
    const { e, a } = await contractorOfA();
    const res = await e.api('GET', '/api/v1/uids/PB01000001', undefined, a);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ uid: 'PB01000001', cages: ['PB001', 'PA001'] });
  });

  it('refuses company A\'s contractor an affirmation of it (403) and stores none', async () => {
    const { e, a } = await contractorOfA();
    expect((await e.api('POST', '/api/v1/uids/PB01000001/affirmations', AO, a)).status).toBe(403);
    expect((await e.api('GET', '/api/v1/uids/PB01000001')).json.affirmations).toEqual([
      expect.objectContaining({ date: '2026-10-01' }),
    ]);
  });

  it('refuses company A\'s contractor a compliance change on it (403) and stores none', async () => {
    const { e, a } = await contractorOfA();
    expect((await e.api('POST', '/api/v1/uids/PB01000001/compliance-changes', { date: '2026-11-01', description: 'Firewall replaced' }, a)).status).toBe(403);
    expect((await e.api('GET', '/api/v1/uids/PB01000001')).json.complianceChanges).toEqual([]);
  });

  it('refuses company A\'s contractor a closeout of its POA&M (403) and stores none', async () => {
    const { e, a } = await contractorOfA();
    expect((await e.api('POST', '/api/v1/uids/PB01000001/closeout', { results: POAM_MET }, a)).status).toBe(403);
    expect((await e.api('GET', '/api/v1/uids/PB01000001')).json.closeout).toBeNull();
  });

  it('refuses company A\'s contractor an attestation over it (403)', async () => {
    const { e, a } = await contractorOfA();
    expect((await e.api('POST', '/api/v1/attestations', { uids: ['PB01000001'] }, a)).status).toBe(403);
  });

  it('lets company B\'s contractor, the owner, close it out (200)', async () => {
    const { e, b } = await contractorOfA();
    const res = await e.api('POST', '/api/v1/uids/PB01000001/closeout', { results: POAM_MET }, b);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ uid: 'PB01000001', statusDate: '2026-10-01', type: 'FINAL', closeout: { date: TODAY, result: 'SUCCESS' } });
  });
});
