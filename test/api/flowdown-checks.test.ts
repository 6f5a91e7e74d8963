/**
 * api.md "Flowdown checks" (rules §7; 32 CFR 170.23): a contractor acting as prime records the sub's
 * minimum level, the evidence (a verified attestation or typed, unverified facts), the decision with
 * every reason, who decided and when. Immutable; visible to the prime's company only; a tree across
 * tiers through shared attestations; a re-check list; a CSV register.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOWDOWN_REGISTER_HEADER } from '../../src/services/flowdown-register.js';
import { assessment, company, testEnv, type TestEnv } from '../helpers.js';

let env: TestEnv;
const tokens: Record<string, string> = {};

// Tiers: prime PRM01 → sub SUB01 → tier-2 sub TWR01 → tier-3 sub THR01. ANY01 is an unrelated prime.
beforeAll(async () => {
  env = await testEnv();
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('PRM01'), company('SUB01'), company('SUB02', 'SUB01'), company('TWR01'), company('THR01'), company('ANY01')],
    assessments: [
      assessment('SB0000C001', ['SUB01']),
      assessment('SB0000S001', ['SUB02'], { level: 'L2_SELF', scope: 'Enclave: shop floor', statusDate: '2025-12-20' }),
      assessment('TW0000S001', ['TWR01'], { level: 'L2_SELF', statusDate: '2026-03-01' }),
    ],
  });
  expect(imp.status).toBe(201);
  tokens.prime = await env.user('buyer@prm01.example', 'CONTRACTOR', 'PRM01');
  tokens.sub = await env.user('ao@sub01.example', 'CONTRACTOR', 'SUB01');
  tokens.tier2 = await env.user('ao@twr01.example', 'CONTRACTOR', 'TWR01');
  tokens.other = await env.user('buyer@any01.example', 'CONTRACTOR', 'ANY01');
  tokens.officer = await env.user('officer@agency.example', 'CONTRACTING_OFFICER');
});
afterAll(() => env.close());

const attest = async (token: string, body: Record<string, unknown>) => {
  const res = await env.api('POST', '/api/v1/attestations', body, token);
  expect(res.status).toBe(201);
  return res.json.token as string;
};
const record = (body: Record<string, unknown>, token = tokens.prime) => env.api('POST', '/api/v1/flowdown-checks', body, token);
const codes = (res: { json: any }) => (res.json.reasons as { code: string }[]).map((r) => r.code).sort();
const base = (over: Record<string, unknown> = {}) => ({
  primeContractNumber: 'W912DY-26-C-0001',
  primeLevel: 'L2_C3PAO',
  subcontractor: { cage: 'SUB01', name: 'Sub One Machining' },
  information: 'CUI',
  ...over,
});

describe('api.md POST /api/v1/flowdown-checks', () => {
  it('takes verified facts from an attestation: CUI under an L2 (C3PAO) prime, current Final L2 (C3PAO) → may award', async () => {
    const token = await attest(tokens.sub, { uids: ['SB0000C001'], audienceCage: 'PRM01' });
    const res = await record(base({ attestation: token }));
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
    const token = await attest(tokens.sub, { uids: ['SB0000S001'] });
    const res = await record(base({ attestation: token }));
    expect(res.status).toBe(201);
    expect(res.json.mayAward).toBe(false);
    expect(codes(res)).toEqual(['LEVEL_TOO_LOW']);
  });

  it('records typed facts from a print-out as unverified, decided by the same rules', async () => {
    const res = await record(
      base({
        primeLevel: 'L2_SELF',
        evidence: { kind: 'SPRS_PRINTOUT', reference: 'SPRS print-out of 2026-11-20', uids: ['sb0000s001'], level: 'L2_SELF', type: 'FINAL', statusDate: '2025-12-20', affirmationDate: '2025-12-20' },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.json.evidence).toMatchObject({ kind: 'SPRS_PRINTOUT', verified: false, attestationJti: null, reference: 'SPRS print-out of 2026-11-20' });
    expect(res.json.evidence.facts[0]).toMatchObject({ uid: 'SB0000S001', currentThrough: '2026-12-20' });
    expect(res.json.mayAward).toBe(true);
    expect(codes(res)).toEqual(['EVIDENCE_UNVERIFIED', 'EXPIRES_WITHIN']);
  });

  it('says CMMC does not flow down when the sub handles no FCI or CUI', async () => {
    const res = await record(base({ information: 'NONE', subcontractor: { cage: 'SUB01', name: 'Sub One Machining' }, primeContractNumber: 'W912DY-26-C-0009' }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ subMinimumLevel: null, mayAward: true, evidence: { kind: null } });
    expect(codes(res)).toEqual(['FLOWDOWN_NOT_REQUIRED']);
  });

  it('refuses an attestation addressed to another prime, for another company, or tampered (422, nothing recorded)', async () => {
    const before = (await env.api('GET', '/api/v1/flowdown-checks', undefined, tokens.prime)).json.items.length;
    const forOther = await attest(tokens.sub, { uids: ['SB0000C001'], audienceCage: 'ANY01' });
    const r1 = await record(base({ attestation: forOther }));
    expect(r1.status).toBe(422);
    expect(r1.json.errors[0].path).toBe('attestation');
    const r2 = await record(base({ attestation: await attest(tokens.tier2, { uids: ['TW0000S001'] }) }));
    expect(r2.status).toBe(422);
    expect(r2.json.errors[0].path).toBe('subcontractor.cage');
    const good = await attest(tokens.sub, { uids: ['SB0000C001'] });
    const [h, p, s] = good.split('.');
    const forged = [h, Buffer.from(Buffer.from(p, 'base64url').toString().replace('"L2_C3PAO"', '"L3_DIBCAC"')).toString('base64url'), s].join('.');
    const r3 = await record(base({ attestation: forged }));
    expect(r3.status).toBe(422);
    expect(r3.json.errors.map((e: { message: string }) => e.message.split(':')[0])).toEqual(['ATTESTATION_SIGNATURE_INVALID', 'ATTESTATION_CLAIMS_ALTERED']);
    const r4 = await record(base({ attestation: good, evidence: { kind: 'OTHER', uids: ['SB0000C001'], level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01' } }));
    expect(r4.status).toBe(422);
    expect((await env.api('GET', '/api/v1/flowdown-checks', undefined, tokens.prime)).json.items.length).toBe(before);
  });

  it('is for contractors acting as prime (403 for a contracting officer)', async () => {
    expect((await record(base(), tokens.officer)).status).toBe(403);
  });
});

describe('api.md GET /api/v1/flowdown-checks and immutability', () => {
  let othersId: string;
  beforeAll(async () => {
    const res = await record(
      base({ primeContractNumber: 'N00024-26-C-7777', evidence: { kind: 'CERTIFICATE', uids: ['SB0000C001'], level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01' } }),
      tokens.other,
    );
    expect(res.status).toBe(201);
    othersId = res.json.id;
  });

  it("lists only the caller's company's checks, newest first", async () => {
    const mine = await env.api('GET', '/api/v1/flowdown-checks', undefined, tokens.prime);
    expect(mine.status).toBe(200);
    expect(mine.json.items.length).toBeGreaterThan(0);
    expect(mine.json.items.every((c: { primeCage: string }) => c.primeCage === 'PRM01')).toBe(true);
    expect(mine.json.items.map((c: { id: string }) => c.id)).not.toContain(othersId);
    const decided = mine.json.items.map((c: { decidedAt: string }) => c.decidedAt);
    expect(decided).toEqual([...decided].sort().reverse());
    const theirs = await env.api('GET', '/api/v1/flowdown-checks', undefined, tokens.other);
    expect(theirs.json.items.map((c: { id: string }) => c.id)).toEqual([othersId]);
    expect((await env.api('GET', `/api/v1/flowdown-checks/${othersId}`, undefined, tokens.prime)).status).toBe(404);
    expect((await env.api('GET', `/api/v1/flowdown-checks/${othersId}`, undefined, tokens.other)).status).toBe(200);
  });

  it('refuses UPDATE and DELETE of a recorded check in the database itself', async () => {
    await expect(env.database.client.execute({ sql: 'UPDATE flowdown_checks SET may_award = 1 WHERE id = ?', args: [othersId] })).rejects.toThrow(/immutable/);
    await expect(env.database.client.execute({ sql: 'DELETE FROM flowdown_checks WHERE id = ?', args: [othersId] })).rejects.toThrow(/immutable/);
    const again = await env.api('GET', `/api/v1/flowdown-checks/${othersId}`, undefined, tokens.other);
    expect(again.json.evidence.kind).toBe('CERTIFICATE');
  });
});

describe('multi-tier: the prime sees the checks its subs shared via attestation', () => {
  let tier3: string;
  let tier2: string;
  let tier1: string;
  let subAttestation: string;

  beforeAll(async () => {
    // TWR01 (tier 2) records its own check on THR01 from a certificate, and shares it with SUB01.
    const c3 = await record(
      {
        primeContractNumber: 'SUB01-PO-0042',
        primeLevel: 'L2_SELF',
        subcontractor: { cage: 'THR01', name: 'Third Tier Coatings' },
        information: 'FCI',
        evidence: { kind: 'CERTIFICATE', uids: ['TH0000L101'], level: 'L1_SELF', type: 'FINAL', statusDate: '2026-02-01', affirmationDate: '2026-02-01' },
      },
      tokens.tier2,
    );
    expect(c3.status).toBe(201);
    tier3 = c3.json.id;
    const twrToSub = await attest(tokens.tier2, { uids: ['TW0000S001'], audienceCage: 'SUB01', flowdownCheckIds: [tier3] });
    expect(decodeJwt(twrToSub).flowdownChecks).toEqual([expect.objectContaining({ id: tier3, subcontractor: { cage: 'THR01', name: 'Third Tier Coatings' } })]);
    // SUB01 records its check on TWR01 with that attestation, then shares it with the prime.
    const c2 = await record(
      { primeContractNumber: 'PRM01-SUB-0007', primeLevel: 'L2_C3PAO', subcontractor: { cage: 'TWR01', name: 'Tower Precision' }, information: 'CUI', attestation: twrToSub },
      tokens.sub,
    );
    expect(c2.status).toBe(201);
    expect(c2.json.sharedCheckIds).toEqual([tier3]);
    tier2 = c2.json.id;
    subAttestation = await attest(tokens.sub, { uids: ['SB0000C001'], audienceCage: 'PRM01', flowdownCheckIds: [tier2] });
    const c1 = await record(base({ primeContractNumber: 'W912DY-26-C-0100', attestation: subAttestation }));
    expect(c1.status).toBe(201);
    tier1 = c1.json.id;
  });

  it('builds the tree across tiers from the prime\'s own checks', async () => {
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
    expect((await env.api('GET', `/api/v1/flowdown-checks/${tier3}`, undefined, tokens.prime)).status).toBe(200);
    expect((await env.api('GET', `/api/v1/flowdown-checks/${tier3}`, undefined, tokens.other)).status).toBe(404);
  });

  it("refuses to share another company's check in an attestation (404)", async () => {
    const res = await env.api('POST', '/api/v1/attestations', { uids: ['SB0000C001'], flowdownCheckIds: [tier3] }, tokens.sub);
    expect(res.status).toBe(404);
  });

  it('refuses UPDATE of a tier link', async () => {
    await expect(env.database.client.execute({ sql: 'UPDATE flowdown_check_links SET child_check_id = ? WHERE parent_check_id = ?', args: [tier1, tier1] })).rejects.toThrow(/immutable/);
  });
});

describe('re-check list and the CSV register', () => {
  it('lists subs whose evidence lapses within N days, soonest first', async () => {
    const res = await env.api('GET', '/api/v1/flowdown-checks/recheck?days=30', undefined, tokens.prime);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ asOf: '2026-11-23', days: 30 });
    expect(res.json.items).toEqual([
      expect.objectContaining({ primeContractNumber: 'W912DY-26-C-0001', subcontractor: { cage: 'SUB01', name: 'Sub One Machining' }, evidenceCurrentThrough: '2026-12-20', daysLeft: 27, lapsed: false }),
    ]);
    expect((await env.api('GET', '/api/v1/flowdown-checks/recheck?days=20', undefined, tokens.prime)).json.items).toEqual([]);
    expect((await env.api('GET', '/api/v1/flowdown-checks/recheck?days=-1', undefined, tokens.prime)).status).toBe(422);
  });

  it("exports the prime's flowdown register as CSV", async () => {
    const res = await env.app.request('/api/v1/flowdown-checks/register.csv', { headers: { authorization: `Bearer ${tokens.prime}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(FLOWDOWN_REGISTER_HEADER.map((h) => `"${h}"`).join(','));
    const mine = (await env.api('GET', '/api/v1/flowdown-checks', undefined, tokens.prime)).json.items as { id: string; mayAward: boolean }[];
    expect(lines).toHaveLength(mine.length + 1);
    for (const c of mine) expect(lines.some((l) => l.startsWith(`"${c.id}"`) && l.includes(c.mayAward ? '"yes"' : '"no"'))).toBe(true);
    expect(lines.some((l) => l.includes('N00024-26-C-7777'))).toBe(false);
    expect(lines.some((l) => l.includes('"SPRS_PRINTOUT","no"'))).toBe(true);
  });
});
