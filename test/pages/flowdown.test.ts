/**
 * Flowdown check pages (rules §7; 32 CFR 170.23): the prime previews the sub's minimum level, the
 * verified (attestation) or unverified (typed) facts and the decision with every reason before it
 * records an immutable check; register (sorted, paged, CSV), tree across tiers and re-check list.
 */
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { assessment, company, ownEnv, type TestEnv } from '../helpers.js';
import { headings } from './html.js';
import { flowdownCheckForm as checkForm, signInAs, type Session } from './page-helpers.js';
import { expectPage, expectShows } from './expect-page.js';

const PASSWORD = 'a long enough password';
type Who = 'prime' | 'sub' | 'tier2' | 'other';

/** Prime PRM01 → sub SUB01 → tier-2 sub TWR01; ANY01 is an unrelated prime; each signed in, in a database of the test's own. */
async function world() {
  const env: TestEnv = await ownEnv();
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('PRM01'), company('SUB01'), company('TWR01'), company('ANY01')],
    assessments: [
      assessment('SB0000C001', ['SUB01']),
      // Final L2 (Self) of 2025-12-20 affirmed that day: current through 2026-12-20, inside the 60-day look-ahead.
      assessment('SB0000S001', ['SUB01'], { level: 'L2_SELF', scope: 'Enclave: shop floor', statusDate: '2025-12-20' }),
      assessment('TW0000S001', ['TWR01'], { level: 'L2_SELF', statusDate: '2026-03-01' }),
    ],
  });
  expect(imp.status).toBe(201);
  const accounts: [Who, string, string][] = [
    ['prime', 'buyer@prm01.example', 'PRM01'],
    ['sub', 'ao@sub01.example', 'SUB01'],
    ['tier2', 'ao@twr01.example', 'TWR01'],
    ['other', 'buyer@any01.example', 'ANY01'],
  ];
  const api = {} as Record<Who, string>;
  const s = {} as Record<Who | 'officer', Session>;
  for (const [key, email, cage] of accounts) {
    api[key] = await env.user(email, 'CONTRACTOR', cage, PASSWORD);
    s[key] = await signInAs(env, email, PASSWORD);
  }
  await env.user('officer@agency.example', 'CONTRACTING_OFFICER', undefined, PASSWORD);
  s.officer = await signInAs(env, 'officer@agency.example', PASSWORD);
  const attest = async (who: Who, body: Record<string, unknown>) => {
    const res = await env.api('POST', '/api/v1/attestations', body, api[who]);
    expect(res.status).toBe(201);
    return res.json.token as string;
  };
  const recorded = async (who: Who = 'prime') => (await env.api('GET', '/api/v1/flowdown-checks', undefined, api[who])).json.items as { id: string }[];
  return { env, api, s, attest, recorded };
}

const recordVia = async (session: Session, form: Record<string, string | string[]>) => {
  const res = await session.post('/flowdown/new', { ...form, record: '1' });
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/^\/flowdown\/checks\/[0-9a-f-]{36}\?recorded=1$/);
  return location.split('/')[3].split('?')[0];
};
/** The decision heading(s) of a page: exactly one on a page that shows a decision. */
const decisions = (html: string) => headings(html).filter((h) => h.startsWith('Decision:'));
const MAY = ['Decision: may award the subcontract'];
const MAY_NOT = ['Decision: may not award the subcontract'];

describe('the minimum sub level hint (rules §7 table)', () => {
  it('answers the htmx hint with the explanation for CUI under an L3 (DIBCAC) prime: L2 (C3PAO)', async () => {
    const { s } = await world();
    const res = await s.prime.get('/flowdown/minimum?primeLevel=L3_DIBCAC&information=CUI', { 'hx-request': 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<div id="minimum-hint"/);
    expectShows(html, ['CMMC Level 2 (C3PAO) or higher', 'a Level 3 prime flows down Level 2 (C3PAO) for CUI', '32 CFR 170.23']);
  });

  it('flags CUI under an L1 (Self) prime, and says CMMC does not flow down when no FCI or CUI flows', async () => {
    const { s } = await world();
    const l1 = await (await s.prime.get('/flowdown/minimum?primeLevel=L1_SELF&information=CUI', { 'hx-request': 'true' })).text();
    expectShows(l1, ['CMMC Level 2 (Self) or higher', 'Prime level mismatch']);
    const none = await (await s.prime.get('/flowdown/minimum?primeLevel=L2_C3PAO&information=NONE', { 'hx-request': 'true' })).text();
    expect(none).toContain('None: CMMC does not flow down');
    const unchosen = await (await s.prime.get('/flowdown/minimum?primeLevel=&information=CUI', { 'hx-request': 'true' })).text();
    expect(unchosen).toContain('Choose the prime contract');
  });
});

describe('a new flowdown check: preview, then record', () => {
  it('offers the form, pre-filling a token from the verify page link', async () => {
    const { s } = await world();
    const res = await s.prime.get('/flowdown/new?attestation=abc.def.ghi');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of ['primeContractNumber', 'primeLevel', 'subcontractor.cage', 'subcontractor.name', 'information', 'attestation', 'evidence.uids', 'evidenceSource']) {
      expect(html).toContain(`name="${name}"`);
    }
    expectShows(html, ['abc.def.ghi</textarea>', 'hx-get="/flowdown/minimum"']);
  });

  it('previews CUI under an L2 (C3PAO) prime with an attestation: verified facts, may award, nothing recorded yet', async () => {
    const { s, attest, recorded } = await world();
    const token = await attest('sub', { uids: ['SB0000C001'], audienceCage: 'PRM01' });
    const res = await s.prime.post('/flowdown/new', checkForm({ attestation: token }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(decisions(html)).toEqual(MAY);
    expectShows(html, ['Verified facts from the signed attestation', 'SB0000C001', '2027-06-01', 'CMMC Level 2 (C3PAO) or higher', 'No reason against the award.', 'Record this decision']);
    expect(html).toMatch(/<input type="hidden" name="record" value="1"/);
    expect(html).toContain(`<input type="hidden" name="attestation" value="${token}"`);
    expect(await recorded()).toEqual([]);
  });

  it('records the previewed decision, immutable, with who decided and when', async () => {
    const { s, attest, recorded } = await world();
    const token = await attest('sub', { uids: ['SB0000C001'], audienceCage: 'PRM01' });
    const id = await recordVia(s.prime, checkForm({ attestation: token }));
    const page = await s.prime.get(`/flowdown/checks/${id}?recorded=1`);
    const html = await expectPage(page, 200, ['Recorded. This check can no longer be changed.', 'by buyer@prm01.example', 'This record is immutable']);
    expect(decisions(html)).toEqual(MAY);
    expect(html).toContain('Verified facts from the signed attestation');
    expect((await recorded()).map((c) => c.id)).toEqual([id]);
  });

  it('answers an htmx preview with the workspace fragment the page renders', async () => {
    const { s, attest } = await world();
    const token = await attest('sub', { uids: ['SB0000C001'] });
    const res = await s.prime.post('/flowdown/new', checkForm({ attestation: token }), { 'hx-request': 'true' });
    const html = await res.text();
    expect(html).toMatch(/^<div id="flowdown-workspace">/);
    expect(html).not.toContain('<html');
    expect(decisions(html)).toEqual(MAY);
  });

  it('refuses a pasted string that is not a token, keeping everything typed', async () => {
    const { s } = await world();
    const res = await s.prime.post('/flowdown/new', checkForm({ attestation: 'not a token', primeContractNumber: 'FA8650-26-C-7777' }));
    await expectPage(res, 422, ['ATTESTATION_MALFORMED', 'value="FA8650-26-C-7777"', 'not a token</textarea>'], ['Record this decision']);
  });

  it('refuses a tampered token with every reason', async () => {
    const { s, attest } = await world();
    const token = await attest('sub', { uids: ['SB0000C001'] });
    const [h, p, sig] = token.split('.');
    const json = new TextDecoder().decode(base64url.decode(p)).replace('"level":"L2_C3PAO"', '"level":"L3_DIBCAC"');
    const forged = [h, base64url.encode(json), sig].join('.');
    const res = await s.prime.post('/flowdown/new', checkForm({ attestation: forged }));
    await expectPage(res, 422, ['ATTESTATION_SIGNATURE_INVALID', 'ATTESTATION_CLAIMS_ALTERED', 'The attestation did not verify']);
  });

  it("refuses an attestation addressed to another prime, and one for another company than the sub named", async () => {
    const { s, attest } = await world();
    const toOther = await attest('sub', { uids: ['SB0000C001'], audienceCage: 'ANY01' });
    const res = await s.prime.post('/flowdown/new', checkForm({ attestation: toOther }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('addressed to CAGE ANY01, not to your company');
    const mine = await attest('sub', { uids: ['SB0000C001'] });
    const wrongSub = await s.prime.post('/flowdown/new', checkForm({ attestation: mine, 'subcontractor.cage': 'TWR01' }));
    expect(wrongSub.status).toBe(422);
    expect(await wrongSub.text()).toContain('not TWR01');
  });

  it('re-renders with a message on each missing field and keeps what was typed', async () => {
    const { s } = await world();
    const res = await s.prime.post('/flowdown/new', { primeContractNumber: '', 'subcontractor.cage': 'sub0i', 'subcontractor.name': 'Kept Name Ltd', evidenceSource: 'ATTESTATION', attestation: '' });
    const html = await expectPage(res, 422, ['Choose the level your prime contract requires', 'Choose what information the subcontractor will handle', 'a CAGE code is 5 characters', 'value="Kept Name Ltd"', 'value="sub0i"', 'href="#f-subcontractor-cage"']);
    // The attestation was chosen as evidence but left blank.
    expect(html).toMatch(/id="f-attestation-error"[^>]*>required</);
  });

  it('marks typed evidence as unverified and decides on it (EVIDENCE_UNVERIFIED)', async () => {
    const { s } = await world();
    const typed = checkForm({
      evidenceSource: 'TYPED',
      'evidence.kind': 'CERTIFICATE',
      'evidence.reference': 'C3PAO cert 2026-0042',
      'evidence.uids': 'sb0000c001',
      'evidence.level': 'L2_C3PAO',
      'evidence.type': 'FINAL',
      'evidence.statusDate': '2026-06-01',
      'evidence.affirmationDate': '2026-06-01',
    });
    const res = await s.prime.post('/flowdown/new', typed);
    const html = await expectPage(res, 200, ['Facts as typed from the evidence (unverified)', 'EVIDENCE_UNVERIFIED', 'C3PAO cert 2026-0042']);
    expect(decisions(html)).toEqual(MAY);
    const bad = await s.prime.post('/flowdown/new', { ...typed, 'evidence.uids': 'NOT-A-UID', 'evidence.statusDate': '2026-02-30' });
    await expectPage(bad, 422, ['a CMMC UID is 10 characters', 'must be a calendar date written YYYY-MM-DD', 'value="NOT-A-UID"']);
  });

  it('shows LEVEL_TOO_LOW as may not award, and the look-ahead warning for evidence lapsing within 60 days', async () => {
    const { s, attest } = await world();
    const token = await attest('sub', { uids: ['SB0000S001'] });
    const low = await (await s.prime.post('/flowdown/new', checkForm({ attestation: token }))).text();
    expect(decisions(low)).toEqual(MAY_NOT);
    expect(low).toContain('LEVEL_TOO_LOW');
    const ok = await (await s.prime.post('/flowdown/new', checkForm({ attestation: token, primeLevel: 'L2_SELF' }))).text();
    expect(decisions(ok)).toEqual(MAY);
    expectShows(ok, ['Look-ahead warnings', 'EXPIRES_WITHIN']);
  });
});

describe('reading checks', () => {
  it("hides another company's check (404) and an unknown id (404)", async () => {
    const { s, attest } = await world();
    const token = await attest('sub', { uids: ['SB0000C001'] });
    const id = await recordVia(s.prime, checkForm({ attestation: token }));
    const res = await s.other.get(`/flowdown/checks/${id}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Sub One Machining');
    expect((await s.prime.get('/flowdown/checks/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('sends signed-out visitors to sign in and refuses other roles', async () => {
    const { env, s } = await world();
    const res = await env.app.request('/flowdown/new');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fflowdown%2Fnew');
    expect((await s.officer.get('/flowdown')).status).toBe(403);
  });

  it('shows an empty register with what to do next', async () => {
    const { s } = await world();
    const html = await (await s.other.get('/flowdown')).text();
    expectShows(html, ['No flowdown check recorded yet', 'href="/flowdown/new"']);
  });

  it("lists the company's own checks newest first, sorts by decision, filters, and exports the CSV register", async () => {
    const { s, attest } = await world();
    const mayAward = await recordVia(s.prime, checkForm({ attestation: await attest('sub', { uids: ['SB0000C001'] }) }));
    const mayNot = await recordVia(s.prime, checkForm({ primeContractNumber: 'W912DY-26-C-0002', attestation: await attest('sub', { uids: ['SB0000S001'] }) }));
    await recordVia(s.other, checkForm({ primeContractNumber: 'ANY-PRIME-0001', attestation: await attest('sub', { uids: ['SB0000C001'] }) }));
    const typed = checkForm({
      primeContractNumber: 'N00024-26-C-5555',
      'subcontractor.cage': 'TWR01',
      'subcontractor.name': 'Tower Two',
      evidenceSource: 'TYPED',
      'evidence.kind': 'SPRS_PRINTOUT',
      'evidence.uids': 'TW0000S001',
      'evidence.level': 'L2_SELF',
      'evidence.type': 'FINAL',
      'evidence.statusDate': '2026-03-01',
      'evidence.affirmationDate': '2026-03-01',
    });
    const newest = await recordVia(s.prime, typed);
    const html = await (await s.prime.get('/flowdown')).text();
    expect(html).toContain('Recorded flowdown checks');
    expect(html.indexOf('Tower Two')).toBeLessThan(html.indexOf('Sub One Machining'));
    expect(html).not.toContain('buyer@any01');
    const byDecision = await (await s.prime.get('/flowdown?sort=decision&dir=asc')).text();
    expect(byDecision.indexOf('May not award')).toBeLessThan(byDecision.indexOf('May award'));
    const filtered = await (await s.prime.get('/flowdown?subCage=twr01')).text();
    expectShows(filtered, ['Tower Two'], ['Sub One Machining']);
    const csv = await s.prime.get('/flowdown/register.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).split('\r\n');
    // Oldest first, the prime's own checks only; the typed one unverified.
    expect(lines[0]).toBe(
      '"check_id","decided_at","decided_by","as_of","prime_contract_number","prime_level","subcontractor_cage","subcontractor_name","information","sub_minimum_level","evidence_kind","verified","attestation_jti","uids","evidence_current_through","may_award","errors","warnings","cots_only","nist_7012","sub_nist_result","sub_nist_assessment_date","sub_nist_valid_through","uids_not_relied_on","next_milestone"',
    );
    // Every cell is quoted: [check_id, may_award] of each row.
    const cells = (line: string) => line.slice(1, -1).split('","');
    expect(lines.slice(1, -1).map((l) => [cells(l)[0], cells(l)[15]])).toEqual([
      [mayAward, 'yes'],
      [mayNot, 'no'],
      [newest, 'no'],
    ]);
    expect(lines.at(-1)).toBe('');
    expect(lines[3]).toBe(
      `"${newest}","2026-11-23T15:00:00.000Z","buyer@prm01.example","2026-11-23","N00024-26-C-5555","L2_C3PAO","TWR01","Tower Two","CUI","L2_C3PAO","SPRS_PRINTOUT","no","","TW0000S001","","no","LEVEL_TOO_LOW","EVIDENCE_UNVERIFIED","no","no","NOT_REQUIRED","","","",""`,
    );
  });

  it('pages the register 25 at a time', async () => {
    const { env, api, s, attest } = await world();
    const token = await attest('tier2', { uids: ['TW0000S001'] });
    for (let i = 0; i < 26; i++) {
      const res = await env.api('POST', '/api/v1/flowdown-checks', { primeContractNumber: `ANY-${String(i).padStart(2, '0')}`, primeLevel: 'L2_SELF', subcontractor: { cage: 'TWR01', name: 'Tower Two' }, information: 'CUI', attestation: token }, api.other);
      expect(res.status).toBe(201);
    }
    const first = await (await s.other.get('/flowdown?sort=primeContractNumber&dir=asc')).text();
    expectShows(first, ['ANY-00', 'Page 1 of 2'], ['ANY-25']);
    const second = await (await s.other.get('/flowdown?sort=primeContractNumber&dir=asc&page=2')).text();
    expectShows(second, ['ANY-25'], ['ANY-00<']);
  });
});

describe('multi-tier tree and re-check list', () => {
  it("shows the prime's check with the sub's own check beneath it, shared through the sub's attestation", async () => {
    const { s, attest } = await world();
    const tier2Token = await attest('tier2', { uids: ['TW0000S001'], audienceCage: 'SUB01' });
    const subCheck = await recordVia(s.sub, checkForm({ primeContractNumber: 'SUB-PO-77', primeLevel: 'L2_SELF', 'subcontractor.cage': 'TWR01', 'subcontractor.name': 'Tower Two', attestation: tier2Token }));
    const shared = await attest('sub', { uids: ['SB0000C001'], audienceCage: 'PRM01', flowdownCheckIds: [subCheck] });
    const primeCheck = await recordVia(s.prime, checkForm({ primeContractNumber: 'W912DY-26-C-0999', attestation: shared }));
    const tree = await (await s.prime.get('/flowdown/tree')).text();
    const parentAt = tree.indexOf(`/flowdown/checks/${primeCheck}`);
    const childAt = tree.indexOf(`/flowdown/checks/${subCheck}`);
    expect(parentAt).toBeGreaterThan(-1);
    expect(childAt).toBeGreaterThan(parentAt);
    expect(tree).toContain('tier 2 · recorded by CAGE SUB01');
    // The prime may open the shared check; the unrelated prime may not.
    const sharedPage = await s.prime.get(`/flowdown/checks/${subCheck}`);
    expect(sharedPage.status).toBe(200);
    expect(await sharedPage.text()).toContain('for prime CAGE SUB01, a lower tier that shared it with you');
    expect((await s.other.get(`/flowdown/checks/${subCheck}`)).status).toBe(404);
    const primePage = await (await s.prime.get(`/flowdown/checks/${primeCheck}`)).text();
    expect(primePage).toContain(`href="/flowdown/checks/${subCheck}"`);
  });

  it('lists subs whose evidence lapses within the look-ahead, soonest first, and rejects a bad number of days', async () => {
    const { s, attest } = await world();
    const token = await attest('sub', { uids: ['SB0000S001'] });
    await recordVia(s.prime, checkForm({ primeContractNumber: 'W912DY-26-C-0002', primeLevel: 'L2_SELF', attestation: token }));
    const html = await (await s.prime.get('/flowdown/recheck')).text();
    expectShows(html, ['W912DY-26-C-0002', '2026-12-20', '27 days left', 'Re-check Sub One Machining']);
    const none = await (await s.prime.get('/flowdown/recheck?days=10')).text();
    expect(none).toContain('Nothing to re-check yet');
    const bad = await s.prime.get('/flowdown/recheck?days=abc');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter a whole number of days');
  });

  it('shows an empty tree and an empty re-check list with what to do next', async () => {
    const { s } = await world();
    const tier2 = s.tier2;
    expect(await (await tier2.get('/flowdown/tree')).text()).toContain('No flowdown check recorded yet');
    expect(await (await tier2.get('/flowdown/recheck')).text()).toContain('Nothing to re-check yet');
  });
});
