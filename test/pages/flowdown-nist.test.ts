/**
 * The new flowdown check page for issue 16 and issue 10 (rules §7): both further tests explained
 * beside the level table with their citations, COTS-only and 7012 on the form, the sub's NIST
 * SP 800-171 result in the decision, typed NIST evidence, and the prime's choice of which attested
 * UIDs the subcontract uses (the rest recorded as not relied on). "Today" is 2026-11-23.
 */
import { describe, expect, it } from 'vitest';
import { assessment, company, ownEnv, type TestEnv } from '../helpers.js';
import { headings, textById } from './html.js';
import { flowdownCheckForm as checkForm, signInAs } from './page-helpers.js';
import { expectShows } from './expect-page.js';

const PASSWORD = 'a long enough password';

/** Prime PRM01; sub SUB01 with two UIDs and a Basic NIST assessment of 2023-11-22 (3 years and 1 day old). */
async function world() {
  const env: TestEnv = await ownEnv();
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('PRM01'), company('SUB01')],
    assessments: [assessment('SB0000C001', ['SUB01']), assessment('SB0000C002', ['SUB01'], { scope: 'Enclave: engineering' })],
    nistAssessments: [{ cages: ['SUB01'], confidence: 'BASIC', assessmentDate: '2023-11-22', score: 88 }],
  });
  expect(imp.status).toBe(201);
  const subApi = await env.user('ao@sub01.example', 'CONTRACTOR', 'SUB01', PASSWORD);
  await env.user('buyer@prm01.example', 'CONTRACTOR', 'PRM01', PASSWORD);
  const prime = await signInAs(env, 'buyer@prm01.example', PASSWORD);
  const attest = async (uids: string[]) => {
    const res = await env.api('POST', '/api/v1/attestations', { uids, audienceCage: 'PRM01' }, subApi);
    expect(res.status).toBe(201);
    return res.json.token as string;
  };
  return { env, prime, subApi, attest };
}

const decision = (html: string) => headings(html).filter((h) => h.startsWith('Decision:'));

describe('issue 16 on the new flowdown check page', () => {
  it('explains the COTS exclusion and the NIST test beside the level table, with their citations', async () => {
    const { prime } = await world();
    const html = await (await prime.get('/flowdown/new')).text();
    const tests = textById(html, 'flowdown-tests');
    expectShows(tests, ['solely for commercially available off-the-shelf (COTS) items, no CMMC level flows down', 'DFARS 252.204-7021(f)(1)', 'dated within the last 3 years of the decision date, the last day included', 'DFARS 252.204-7020(g)(2)', 'per CAGE code']);
    expect(html).toMatch(/type="checkbox" name="cotsOnly"/);
    expect(html).toMatch(/type="checkbox" name="nist7012"/);
  });

  it('answers the live minimum-level hint with no minimum when the subcontract is COTS only', async () => {
    const { prime } = await world();
    const hint = await (await prime.get('/flowdown/minimum?primeLevel=L3_DIBCAC&information=CUI&cotsOnly=on', { 'hx-request': 'true' })).text();
    expectShows(hint, ['None: CMMC does not flow down', 'DFARS 252.204-7021(f)(1)']);
    expect(await (await prime.get('/flowdown/minimum?primeLevel=L3_DIBCAC&information=CUI', { 'hx-request': 'true' })).text()).toContain('CMMC Level 2 (C3PAO) or higher');
  });

  it('fails a 7012 subcontract only on the NIST assessment and says why', async () => {
    const { prime, attest } = await world();
    const token = await attest(['SB0000C001']);
    const html = await (await prime.post('/flowdown/new', checkForm({ attestation: token, nist7012: 'on' }))).text();
    expect(decision(html)).toEqual(['Decision: may not award the subcontract']);
    expectShows(html, ['SUB_NIST_ASSESSMENT_EXPIRED', 'counted through 2026-11-22: on 2026-11-23 it is more than 3 years old', 'Expired: more than 3 years old on the decision date', 'Basic, dated 2023-11-22, score 88']);
    // Without 7012 the same evidence allows the award.
    expect(decision(await (await prime.post('/flowdown/new', checkForm({ attestation: token }))).text())).toEqual(['Decision: may award the subcontract']);
  });

  it('records COTS-only as nothing flowing down, and takes a typed assessment as unverified', async () => {
    const { prime } = await world();
    const cots = await (await prime.post('/flowdown/new', checkForm({ evidenceSource: 'NONE', cotsOnly: 'on', nist7012: 'on' }))).text();
    expect(decision(cots)).toEqual(['Decision: may award the subcontract']);
    expectShows(cots, ['FLOWDOWN_NOT_REQUIRED'], ['SUB_NIST_ASSESSMENT']);
    const typed = await (
      await prime.post(
        '/flowdown/new',
        checkForm({
          information: 'NONE',
          evidenceSource: 'TYPED',
          nist7012: 'on',
          'evidence.kind': 'SPRS_PRINTOUT',
          'evidence.nist.confidence': 'MEDIUM',
          'evidence.nist.assessmentDate': '2023-11-23',
          'evidence.nist.score': '90',
        }),
      )
    ).text();
    expect(decision(typed)).toEqual(['Decision: may award the subcontract']);
    expect(typed).toContain('Medium, dated 2023-11-23, score 90 (as typed from the evidence (unverified))');
    const badScore = await prime.post('/flowdown/new', checkForm({ evidenceSource: 'TYPED', nist7012: 'on', 'evidence.kind': 'OTHER', 'evidence.nist.confidence': 'BASIC', 'evidence.nist.assessmentDate': '2024-01-01', 'evidence.nist.score': '150' }));
    expect(badScore.status).toBe(422);
    expect(await badScore.text()).toContain('a summary score is at most 110');
  });
});

describe('issue 10: the prime chooses which attested UIDs the subcontract uses', () => {
  it('offers the attested UIDs after a preview, decides on the chosen ones and records the others as not relied on', async () => {
    const { env, prime, subApi, attest } = await world();
    const token = await attest(['SB0000C001', 'SB0000C002']);
    // The enclave the subcontract does not use lost its status after issuance.
    expect((await env.api('POST', '/api/v1/uids/SB0000C002/compliance-changes', { date: '2026-11-23', description: 'Enclave decommissioned' }, subApi)).status).toBe(201);
    const first = await (await prime.post('/flowdown/new', checkForm({ attestation: token }))).text();
    expect(decision(first)).toEqual(['Decision: may not award the subcontract']);
    expect(first).toMatch(/type="checkbox" name="uids" value="SB0000C001" checked/);
    expect(first).toMatch(/type="checkbox" name="uids" value="SB0000C002" checked/);
    const chosen = checkForm({ attestation: token, uidsChosen: '1', uids: 'SB0000C001' });
    const second = await (await prime.post('/flowdown/new', chosen)).text();
    expect(decision(second)).toEqual(['Decision: may award the subcontract']);
    expect(textById(second, 'not-relied-on')).toContain('SB0000C002');
    const none = await prime.post('/flowdown/new', checkForm({ attestation: token, uidsChosen: '1' }));
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('at least one UID');
    const rec = await prime.post('/flowdown/new', { ...chosen, record: '1' });
    expect(rec.status).toBe(303);
    const page = await (await prime.get(rec.headers.get('location')!)).text();
    expect(decision(page)).toEqual(['Decision: may award the subcontract']);
    expect(textById(page, 'not-relied-on')).toContain('SB0000C002');
  });

  it("pre-fills the token from the verify page's short \"use it\" link (a share id, not the token)", async () => {
    const { env, prime, attest } = await world();
    const token = await attest(['SB0000C001']);
    const shareId = (await env.database.client.execute('SELECT share_id FROM attestations')).rows[0].share_id as string;
    const html = await (await prime.get(`/flowdown/new?share=${shareId}`)).text();
    expect(html).toContain(`${token}</textarea>`);
  });
});
