/**
 * api.md "Flowdown checks" (rules §7; 32 CFR 170.23): a contractor acting as prime records the sub's
 * minimum level, the evidence (a verified attestation or typed, unverified facts), the decision with
 * every reason, who decided and when. Immutable; visible to the prime's company only; a tree across
 * tiers through shared attestations; a re-check list; a CSV register.
 */
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { assessment, codesOf, company, flowdownCheckBody, ownEnv, type TestEnv } from '../helpers.js';

type Who = 'prime' | 'sub' | 'tier2' | 'other' | 'officer';

/** Tiers: prime PRM01 → sub SUB01 → tier-2 sub TWR01 → tier-3 sub THR01. ANY01 is an unrelated prime. */
async function world() {
  const env: TestEnv = await ownEnv();
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('PRM01'), company('SUB01'), company('SUB02', 'SUB01'), company('TWR01'), company('THR01'), company('ANY01')],
    assessments: [
      assessment('SB0000C001', ['SUB01']),
      assessment('SB0000S001', ['SUB02'], { level: 'L2_SELF', scope: 'Enclave: shop floor', statusDate: '2025-12-20' }),
      assessment('TW0000S001', ['TWR01'], { level: 'L2_SELF', statusDate: '2026-03-01' }),
    ],
  });
  expect(imp.status).toBe(201);
  const tokens: Record<Who, string> = {
    prime: await env.user('buyer@prm01.example', 'CONTRACTOR', 'PRM01'),
    sub: await env.user('ao@sub01.example', 'CONTRACTOR', 'SUB01'),
    tier2: await env.user('ao@twr01.example', 'CONTRACTOR', 'TWR01'),
    other: await env.user('buyer@any01.example', 'CONTRACTOR', 'ANY01'),
    officer: await env.user('officer@agency.example', 'CONTRACTING_OFFICER'),
  };
  const attest = async (who: Who, body: Record<string, unknown>) => {
    const res = await env.api('POST', '/api/v1/attestations', body, tokens[who]);
    expect(res.status).toBe(201);
    return res.json.token as string;
  };
  const record = (body: Record<string, unknown>, who: Who = 'prime') => env.api('POST', '/api/v1/flowdown-checks', body, tokens[who]);
  const list = async (who: Who) => (await env.api('GET', '/api/v1/flowdown-checks', undefined, tokens[who])).json.items as any[];
  return { env, tokens, attest, record, list };
}

const codes = (res: { json: any }) => codesOf(res.json.reasons).sort();
/** Typed evidence of SUB02's Final L2 (Self) of 2025-12-20: current through 2026-12-20, 27 days after 2026-11-23. */
const printout = (over: Record<string, unknown> = {}) =>
  flowdownCheckBody({
    primeLevel: 'L2_SELF',
    evidence: { kind: 'SPRS_PRINTOUT', reference: 'SPRS print-out of 2026-11-20', uids: ['sb0000s001'], level: 'L2_SELF', type: 'FINAL', statusDate: '2025-12-20', affirmationDate: '2025-12-20' },
    ...over,
  });
const certificate = (over: Record<string, unknown> = {}) =>
  flowdownCheckBody({ primeContractNumber: 'N00024-26-C-7777', evidence: { kind: 'CERTIFICATE', uids: ['SB0000C001'], level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01' }, ...over });

describe('api.md POST /api/v1/flowdown-checks', () => {
  it('takes verified facts from an attestation: CUI under an L2 (C3PAO) prime, current Final L2 (C3PAO) → may award', async () => {
    const { attest, record } = await world();
    const token = await attest('sub', { uids: ['SB0000C001'], audienceCage: 'PRM01' });
    const res = await record(flowdownCheckBody({ attestation: token }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      subMinimumLevel: 'L2_C3PAO',
      mayAward: true,
      asOf: '2026-11-23',
      decidedBy: 'buyer@prm01.example',
      primeCage: 'PRM01',
      evidence: { kind: 'ATTESTATION', verified: true, attestationJti: decodeJwt(token).jti },
    });
    expect(typeof res.json.id).toBe('string');
    expect(res.json.reasons).toEqual([]);
    expect(res.json.evidence.facts).toEqual([
      expect.objectContaining({ uid: 'SB0000C001', level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', currentThrough: '2027-06-01', latestAffirmationDate: '2026-06-01' }),
    ]);
    expect(res.json.explanation.length).toBeGreaterThan(0);
  });

  it('refuses the award when the attested UID is below the minimum (LEVEL_TOO_LOW)', async () => {
    const { attest, record } = await world();
    const token = await attest('sub', { uids: ['SB0000S001'] });
    const res = await record(flowdownCheckBody({ attestation: token }));
    expect(res.status).toBe(201);
    expect(res.json.mayAward).toBe(false);
    expect(codes(res)).toEqual(['LEVEL_TOO_LOW']);
  });

  it('records typed facts from a print-out as unverified, decided by the same rules', async () => {
    const { record } = await world();
    const res = await record(printout());
    expect(res.status).toBe(201);
    expect(res.json.evidence).toMatchObject({ kind: 'SPRS_PRINTOUT', verified: false, attestationJti: null, reference: 'SPRS print-out of 2026-11-20' });
    expect(res.json.evidence.facts[0]).toMatchObject({ uid: 'SB0000S001', currentThrough: '2026-12-20' });
    expect(res.json.mayAward).toBe(true);
    expect(codes(res)).toEqual(['EVIDENCE_UNVERIFIED', 'EXPIRES_WITHIN']);
  });

  it('says CMMC does not flow down when the sub handles no FCI or CUI', async () => {
    const { record } = await world();
    const res = await record(flowdownCheckBody({ information: 'NONE', primeContractNumber: 'W912DY-26-C-0009' }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ subMinimumLevel: null, mayAward: true, evidence: { kind: null } });
    expect(codes(res)).toEqual(['FLOWDOWN_NOT_REQUIRED']);
  });

  it('refuses an attestation addressed to another prime, for another company, or tampered (422, nothing recorded)', async () => {
    const { attest, record, list } = await world();
    const forOther = await attest('sub', { uids: ['SB0000C001'], audienceCage: 'ANY01' });
    const r1 = await record(flowdownCheckBody({ attestation: forOther }));
    expect(r1.status).toBe(422);
    expect(r1.json.errors[0].path).toBe('attestation');
    const r2 = await record(flowdownCheckBody({ attestation: await attest('tier2', { uids: ['TW0000S001'] }) }));
    expect(r2.status).toBe(422);
    expect(r2.json.errors[0].path).toBe('subcontractor.cage');
    const good = await attest('sub', { uids: ['SB0000C001'] });
    const [h, p, s] = good.split('.');
    const forged = [h, Buffer.from(Buffer.from(p, 'base64url').toString().replace('"L2_C3PAO"', '"L3_DIBCAC"')).toString('base64url'), s].join('.');
    const r3 = await record(flowdownCheckBody({ attestation: forged }));
    expect(r3.status).toBe(422);
    expect(r3.json.errors.map((e: { message: string }) => e.message.split(':')[0])).toEqual(['ATTESTATION_SIGNATURE_INVALID', 'ATTESTATION_CLAIMS_ALTERED']);
    const r4 = await record(flowdownCheckBody({ attestation: good, evidence: { kind: 'OTHER', uids: ['SB0000C001'], level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01' } }));
    expect(r4.status).toBe(422);
    expect(await list('prime')).toEqual([]);
  });

  it('is for contractors acting as prime (403 for a contracting officer)', async () => {
    const { record, env } = await world();
    expect((await record(flowdownCheckBody(), 'officer')).status).toBe(403);
    expect(Number((await env.database.client.execute('SELECT count(*) AS n FROM flowdown_checks')).rows[0].n)).toBe(0);
  });
});

describe('api.md GET /api/v1/flowdown-checks and immutability', () => {
  it("lists only the caller's company's checks, newest first", async () => {
    const { env, tokens, record, list } = await world();
    const first = (await record(printout())).json.id;
    const theirs = (await record(certificate(), 'other')).json.id;
    const second = (await record(flowdownCheckBody({ information: 'NONE', primeContractNumber: 'W912DY-26-C-0009' }))).json.id;
    expect((await list('prime')).map((c) => [c.id, c.primeCage])).toEqual([
      [second, 'PRM01'],
      [first, 'PRM01'],
    ]);
    expect((await list('other')).map((c) => [c.id, c.primeCage])).toEqual([[theirs, 'ANY01']]);
    expect((await env.api('GET', `/api/v1/flowdown-checks/${theirs}`, undefined, tokens.prime)).status).toBe(404);
    expect((await env.api('GET', `/api/v1/flowdown-checks/${theirs}`, undefined, tokens.other)).status).toBe(200);
  });

  it('refuses UPDATE and DELETE of a recorded check in the database itself', async () => {
    const { env, tokens, record } = await world();
    const id = (await record(certificate(), 'other')).json.id;
    await expect(env.database.client.execute({ sql: 'UPDATE flowdown_checks SET may_award = 1 WHERE id = ?', args: [id] })).rejects.toThrow(/immutable/);
    await expect(env.database.client.execute({ sql: 'DELETE FROM flowdown_checks WHERE id = ?', args: [id] })).rejects.toThrow(/immutable/);
    const again = await env.api('GET', `/api/v1/flowdown-checks/${id}`, undefined, tokens.other);
    expect(again.json).toMatchObject({ id, mayAward: true, evidence: { kind: 'CERTIFICATE' } });
  });
});

describe('multi-tier: the prime sees the checks its subs shared via attestation', () => {
  /** TWR01 checks THR01 (certificate) and shares it with SUB01, which checks TWR01 and shares both with the prime. */
  async function tiers() {
    const w = await world();
    const c3 = await w.record(
      {
        primeContractNumber: 'SUB01-PO-0042',
        primeLevel: 'L2_SELF',
        subcontractor: { cage: 'THR01', name: 'Third Tier Coatings' },
        information: 'FCI',
        evidence: { kind: 'CERTIFICATE', uids: ['TH0000L101'], level: 'L1_SELF', type: 'FINAL', statusDate: '2026-02-01', affirmationDate: '2026-02-01' },
      },
      'tier2',
    );
    expect(c3.status).toBe(201);
    const tier3 = c3.json.id as string;
    const twrToSub = await w.attest('tier2', { uids: ['TW0000S001'], audienceCage: 'SUB01', flowdownCheckIds: [tier3] });
    expect(decodeJwt(twrToSub).flowdownChecks).toEqual([expect.objectContaining({ id: tier3, subcontractor: { cage: 'THR01', name: 'Third Tier Coatings' } })]);
    const c2 = await w.record(
      { primeContractNumber: 'PRM01-SUB-0007', primeLevel: 'L2_C3PAO', subcontractor: { cage: 'TWR01', name: 'Tower Precision' }, information: 'CUI', attestation: twrToSub },
      'sub',
    );
    expect(c2.status).toBe(201);
    expect(c2.json.sharedCheckIds).toEqual([tier3]);
    const tier2 = c2.json.id as string;
    const subAttestation = await w.attest('sub', { uids: ['SB0000C001'], audienceCage: 'PRM01', flowdownCheckIds: [tier2] });
    const c1 = await w.record(flowdownCheckBody({ primeContractNumber: 'W912DY-26-C-0100', attestation: subAttestation }));
    expect(c1.status).toBe(201);
    return { ...w, tier1: c1.json.id as string, tier2, tier3, subAttestation };
  }

  it("builds the tree across tiers from the prime's own checks", async () => {
    const { env, tokens, tier1, tier2, tier3, subAttestation } = await tiers();
    const res = await env.api('GET', '/api/v1/flowdown-checks/tree?primeContractNumber=W912DY-26-C-0100', undefined, tokens.prime);
    expect(res.status).toBe(200);
    expect(res.json.roots).toHaveLength(1);
    const [root] = res.json.roots;
    expect(root).toMatchObject({ tier: 1, sharedVia: null, check: { id: tier1, subcontractor: { cage: 'SUB01' } } });
    expect(root.children).toHaveLength(1);
    const [child] = root.children;
    expect(child).toMatchObject({ tier: 2, sharedVia: decodeJwt(subAttestation).jti, check: { id: tier2, primeCage: 'SUB01', subcontractor: { cage: 'TWR01' }, mayAward: false } });
    // A lower tier's check shows its facts but not the lower tier's token.
    expect(child.check.evidence.attestation.token).toBeUndefined();
    expect(child.children).toEqual([expect.objectContaining({ tier: 3, check: expect.objectContaining({ id: tier3, primeCage: 'TWR01', evidence: expect.objectContaining({ verified: false }) }), children: [] })]);
  });

  it('lets the prime open a shared check, but no one outside the tree', async () => {
    const { env, tokens, tier3 } = await tiers();
    expect((await env.api('GET', `/api/v1/flowdown-checks/${tier3}`, undefined, tokens.prime)).status).toBe(200);
    expect((await env.api('GET', `/api/v1/flowdown-checks/${tier3}`, undefined, tokens.other)).status).toBe(404);
  });

  it("refuses to share another company's check in an attestation (404)", async () => {
    const { env, tokens, tier3 } = await tiers();
    const res = await env.api('POST', '/api/v1/attestations', { uids: ['SB0000C001'], flowdownCheckIds: [tier3] }, tokens.sub);
    expect(res.status).toBe(404);
  });

  it('refuses UPDATE of a tier link', async () => {
    const { env, tier1 } = await tiers();
    await expect(env.database.client.execute({ sql: 'UPDATE flowdown_check_links SET child_check_id = ? WHERE parent_check_id = ?', args: [tier1, tier1] })).rejects.toThrow(/immutable/);
  });
});

describe('re-check list and the CSV register', () => {
  it('lists subs whose evidence lapses within N days, soonest first', async () => {
    const { env, tokens, record } = await world();
    expect((await record(printout())).status).toBe(201);
    expect((await record(certificate())).status).toBe(201);
    const res = await env.api('GET', '/api/v1/flowdown-checks/recheck?days=30', undefined, tokens.prime);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ asOf: '2026-11-23', days: 30 });
    // The print-out's Final L2 (Self) of 2025-12-20 lapses after 2026-12-20 (27 days); the certificate's runs to 2027-06-01.
    expect(res.json.items).toEqual([
      expect.objectContaining({ primeContractNumber: 'W912DY-26-C-0001', subcontractor: { cage: 'SUB01', name: 'Sub One Machining' }, evidenceCurrentThrough: '2026-12-20', daysLeft: 27, lapsed: false }),
    ]);
    expect((await env.api('GET', '/api/v1/flowdown-checks/recheck?days=20', undefined, tokens.prime)).json.items).toEqual([]);
    expect((await env.api('GET', '/api/v1/flowdown-checks/recheck?days=-1', undefined, tokens.prime)).status).toBe(422);
  });

  it("exports the prime's flowdown register as CSV, oldest first", async () => {
    const { env, tokens, attest, record } = await world();
    const token = await attest('sub', { uids: ['SB0000S001'] });
    // Below the minimum: may not award, and no evidence date to re-check by.
    const low = (await record(flowdownCheckBody({ attestation: token }))).json;
    const typed = (await record(printout())).json.id;
    expect((await record(certificate(), 'other')).status).toBe(201);
    const res = await env.app.request('/api/v1/flowdown-checks/register.csv', { headers: { authorization: `Bearer ${tokens.prime}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).split('\r\n')).toEqual([
      '"check_id","decided_at","decided_by","as_of","prime_contract_number","prime_level","subcontractor_cage","subcontractor_name","information","sub_minimum_level","evidence_kind","verified","attestation_jti","uids","evidence_current_through","may_award","errors","warnings","cots_only","nist_7012","sub_nist_result","sub_nist_assessment_date","sub_nist_valid_through","uids_not_relied_on","next_milestone"',
      `"${low.id}","2026-11-23T15:00:00.000Z","buyer@prm01.example","2026-11-23","W912DY-26-C-0001","L2_C3PAO","SUB01","Sub One Machining","CUI","L2_C3PAO","ATTESTATION","yes","${decodeJwt(token).jti}","SB0000S001","","no","LEVEL_TOO_LOW","","no","no","NOT_REQUIRED","","","",""`,
      `"${typed}","2026-11-23T15:00:00.000Z","buyer@prm01.example","2026-11-23","W912DY-26-C-0001","L2_SELF","SUB01","Sub One Machining","CUI","L2_SELF","SPRS_PRINTOUT","no","","SB0000S001","2026-12-20","yes","","EVIDENCE_UNVERIFIED EXPIRES_WITHIN","no","no","NOT_REQUIRED","","","",""`,
      '',
    ]);
  });
});
