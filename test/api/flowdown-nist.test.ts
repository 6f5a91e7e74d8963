/**
 * Issue 16 and issue 12 finding 9 through the API (rules §7; api.md "Flowdown checks", "Signed status
 * attestations", required level): the COTS exclusion, the sub's NIST SP 800-171 test of DFARS
 * 252.204-7020(g)(2) from an attestation's signed `nist` claim, from a token that predates the claim
 * and from typed evidence; the issuer's live status; a revoked attestation; a subset of attested UIDs.
 * "Today" is 2026-11-23: an assessment of 2023-11-23 is exactly 3 years old, one of 2023-11-22 is
 * 3 years and 1 day old.
 */
import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { attestations } from '../../db/schema.js';
import { activeSigningKey, ATTESTATION_ALG } from '../../src/services/signing-keys.js';
import { assessment, codesOf, company, flowdownCheckBody, ownEnv, type TestEnv } from '../helpers.js';

/** PRM01 the prime; SUB01 (assessed 2023-11-22, expired) and NEW01 (assessed 2023-11-23, current) subs. */
async function world() {
  const env: TestEnv = await ownEnv();
  const imp = await env.api('POST', '/api/v1/import', {
    companies: [company('PRM01'), company('SUB01'), company('NEW01')],
    assessments: [
      assessment('SB0000C001', ['SUB01']),
      assessment('SB0000C002', ['SUB01'], { scope: 'Enclave: engineering' }),
      assessment('NW0000C001', ['NEW01']),
    ],
    nistAssessments: [
      { cages: ['SUB01'], confidence: 'BASIC', assessmentDate: '2023-11-22', score: 88 },
      { cages: ['NEW01'], confidence: 'HIGH', assessmentDate: '2023-11-23', score: 110 },
    ],
  });
  expect(imp.status).toBe(201);
  const tokens = {
    prime: await env.user('buyer@prm01.example', 'CONTRACTOR', 'PRM01'),
    sub: await env.user('ao@sub01.example', 'CONTRACTOR', 'SUB01'),
    fresh: await env.user('ao@new01.example', 'CONTRACTOR', 'NEW01'),
  };
  const attest = async (body: Record<string, unknown>, who: 'sub' | 'fresh' = 'sub') => {
    const res = await env.api('POST', '/api/v1/attestations', body, tokens[who]);
    expect(res.status).toBe(201);
    return res.json.token as string;
  };
  const record = (body: Record<string, unknown>) => env.api('POST', '/api/v1/flowdown-checks', body, tokens.prime);
  return { env, tokens, attest, record };
}

const codes = (res: { json: any }) => codesOf(res.json.reasons).sort();

describe('rules §7 COTS exclusion through the API', () => {
  it('answers the required-level helper with no minimum for COTS-only subcontracts', async () => {
    const { env, tokens } = await world();
    const res = await env.api('POST', '/api/v1/flowdown/required-level', { primeLevel: 'L3_DIBCAC', information: 'CUI', cotsOnly: true }, tokens.prime);
    expect(res.status).toBe(200);
    expect(res.json.subMinimumLevel).toBeNull();
    expect(res.json.citation).toContain('252.204-7021(f)(1)');
    const without = await env.api('POST', '/api/v1/flowdown/required-level', { primeLevel: 'L3_DIBCAC', information: 'CUI' }, tokens.prime);
    expect(without.json.subMinimumLevel).toBe('L2_C3PAO');
  });

  it('records a COTS-only check as may award with FLOWDOWN_NOT_REQUIRED and no NIST test, even with nist7012', async () => {
    const { record } = await world();
    const res = await record(flowdownCheckBody({ cotsOnly: true, nist7012: true }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ subMinimumLevel: null, mayAward: true, cotsOnly: true, nist: null });
    expect(codes(res)).toEqual(['FLOWDOWN_NOT_REQUIRED']);
  });
});

describe("rules §7 the sub's NIST SP 800-171 assessment (DFARS 252.204-7020(g)(2)) through the API", () => {
  it("signs the issuer's latest assessment into the attestation and fails the check when it is 3 years and 1 day old", async () => {
    const { attest, record } = await world();
    const token = await attest({ uids: ['SB0000C001'], audienceCage: 'PRM01' });
    expect(decodeJwt(token).nist).toEqual({ confidence: 'BASIC', assessmentDate: '2023-11-22', score: 88, cages: ['SUB01'] });
    const res = await record(flowdownCheckBody({ attestation: token, nist7012: true }));
    expect(res.status).toBe(201);
    expect(res.json.mayAward).toBe(false);
    expect(codes(res)).toEqual(['SUB_NIST_ASSESSMENT_EXPIRED']);
    expect(res.json.nist).toMatchObject({ outcome: 'EXPIRED', source: 'ATTESTATION', validThrough: '2026-11-22' });
    // The CMMC side alone would allow it: the NIST test is the only reason.
    expect((await record(flowdownCheckBody({ attestation: token, primeContractNumber: 'W912DY-26-C-0002' }))).json.mayAward).toBe(true);
  });

  it('counts an assessment exactly 3 years old on the decision date', async () => {
    const { attest, record } = await world();
    const token = await attest({ uids: ['NW0000C001'] }, 'fresh');
    const res = await record(flowdownCheckBody({ subcontractor: { cage: 'NEW01', name: 'New One' }, attestation: token, nist7012: true }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ mayAward: true, nist: { outcome: 'CURRENT', validThrough: '2026-11-23', assessment: { confidence: 'HIGH', assessmentDate: '2023-11-23', score: 110 } } });
    expect(res.json.reasons).toEqual([]);
  });

  it('reports the assessment missing from the evidence, not a crash, for a token issued before attestations carried the claim', async () => {
    const { env, record } = await world();
    // Minted the way issuance worked before issue 16: the same claims without `nist`, kept as issued.
    const ctx = { database: env.database, clock: env.clock };
    const key = await activeSigningKey(ctx);
    const jti = 'old-style-0001';
    const iat = Math.floor(env.clock.now().getTime() / 1000);
    const claims = {
      iss: 'urn:awardgate',
      sub: 'SUB01',
      jti,
      iat,
      exp: iat + 20 * 86_400,
      issuedOn: '2026-11-23',
      validThrough: '2026-12-13',
      company: { name: 'Company SUB01', hloCage: 'SUB01', cages: ['SUB01'] },
      uids: [
        { uid: 'SB0000C001', level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', currentThrough: '2027-06-01', latestAffirmationDate: '2026-06-01', cages: ['SUB01'], current: true, reasons: [] },
      ],
      flowdownChecks: [],
    };
    const token = await new SignJWT(claims).setProtectedHeader({ alg: ATTESTATION_ALG, kid: key.kid, typ: 'awardgate-status-attestation+jwt' }).sign(key.privateKey);
    await env.database.db.insert(attestations).values({
      jti,
      companyHlo: 'SUB01',
      audience: null,
      claimsJson: JSON.stringify(claims),
      kid: key.kid,
      iat: env.clock.now().toISOString(),
      exp: new Date((iat + 20 * 86_400) * 1000).toISOString(),
      issuedBy: 1,
    });
    const verified = await env.api('POST', '/api/v1/attestations/verify', { token });
    expect(verified.json.valid).toBe(true);
    const res = await record(flowdownCheckBody({ attestation: token, nist7012: true }));
    expect(res.status).toBe(201);
    expect(res.json.mayAward).toBe(false);
    expect(codes(res)).toEqual(['SUB_NIST_ASSESSMENT_MISSING']);
    expect(res.json.nist).toMatchObject({ outcome: 'MISSING', source: 'ATTESTATION_WITHOUT_CLAIM', assessment: null });
    expect(res.json.reasons[0].message).toContain('issued before attestations carried one');
  });

  it('takes the assessment from typed evidence, unverified: current, expired, or dated after the decision date', async () => {
    const { record } = await world();
    const typed = (nist: Record<string, unknown>, n: string) =>
      record(flowdownCheckBody({ primeContractNumber: `W912DY-26-C-00${n}`, nist7012: true, evidence: { kind: 'SPRS_PRINTOUT', uids: ['SB0000C001'], level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01', nist } }));
    const current = await typed({ confidence: 'BASIC', assessmentDate: '2023-11-23', score: 70 }, '11');
    expect(current.status).toBe(201);
    expect(current.json).toMatchObject({ mayAward: true, evidence: { verified: false }, nist: { outcome: 'CURRENT', source: 'TYPED' } });
    expect(codes(current)).toEqual(['EVIDENCE_UNVERIFIED']);
    const expired = await typed({ confidence: 'MEDIUM', assessmentDate: '2023-11-22', score: 70 }, '12');
    expect(expired.json.mayAward).toBe(false);
    expect(codes(expired)).toEqual(['EVIDENCE_UNVERIFIED', 'SUB_NIST_ASSESSMENT_EXPIRED']);
    const later = await record(
      flowdownCheckBody({ primeContractNumber: 'W912DY-26-C-0013', asOf: '2026-11-20', nist7012: true, evidence: { kind: 'OTHER', nist: { confidence: 'BASIC', assessmentDate: '2026-11-21', score: 99 } }, information: 'NONE' }),
    );
    expect(later.status).toBe(201);
    expect(later.json.mayAward).toBe(false);
    expect(codesOf(later.json.reasons, 'error')).toEqual(['SUB_NIST_ASSESSMENT_MISSING']);
  });

  it("re-check list: names a sub whose NIST assessment turns 3 years old before the subcontract's next milestone, even past the look-ahead", async () => {
    const { env, tokens, record } = await world();
    // CMMC evidence current through 2027-06-01; the assessment of 2024-03-01 counts through 2027-03-01.
    const typed = (n: string, lookAheadUntil: string) =>
      record(
        flowdownCheckBody({
          primeContractNumber: `W912DY-26-C-00${n}`,
          nist7012: true,
          lookAheadUntil,
          evidence: { kind: 'CERTIFICATE', uids: ['SB0000C001'], level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01', nist: { confidence: 'BASIC', assessmentDate: '2024-03-01', score: 80 } },
        }),
      );
    expect((await typed('21', '2027-04-01')).json).toMatchObject({ mayAward: true, nist: { outcome: 'CURRENT', validThrough: '2027-03-01' } });
    expect((await typed('22', '2027-02-01')).status).toBe(201);
    const res = await env.api('GET', '/api/v1/flowdown-checks/recheck?days=30', undefined, tokens.prime);
    expect(res.status).toBe(200);
    expect(res.json.items).toEqual([
      expect.objectContaining({ primeContractNumber: 'W912DY-26-C-0021', lapses: ['NIST_ASSESSMENT'], subNistValidThrough: '2027-03-01', lookAheadUntil: '2027-04-01', lapsesAfter: '2027-03-01' }),
    ]);
  });

  it('applies with information NONE: CMMC does not flow down, a missing assessment still means may not award', async () => {
    const { record } = await world();
    const res = await record(flowdownCheckBody({ information: 'NONE', nist7012: true }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ subMinimumLevel: null, mayAward: false, nist: { outcome: 'MISSING', source: 'NONE' } });
    expect(codes(res)).toEqual(['FLOWDOWN_NOT_REQUIRED', 'SUB_NIST_ASSESSMENT_MISSING']);
  });

  it('refuses a typed summary score above 110, naming the field (422)', async () => {
    const { record } = await world();
    const res = await record(flowdownCheckBody({ nist7012: true, evidence: { kind: 'OTHER', nist: { confidence: 'BASIC', assessmentDate: '2024-01-01', score: 111 } } }));
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['evidence.nist.score']);
  });
});

describe('issue 12 finding 9 and issue 10: live status, revocation and a subset of attested UIDs', () => {
  it('relies on the live status: a compliance change after issuance makes the check "may not award"', async () => {
    const { env, tokens, attest, record } = await world();
    const token = await attest({ uids: ['SB0000C001'] });
    expect((await record(flowdownCheckBody({ attestation: token }))).json.mayAward).toBe(true);
    const change = await env.api('POST', '/api/v1/uids/SB0000C001/compliance-changes', { date: '2026-11-23', description: 'Firewall replaced without review' }, tokens.sub);
    expect(change.status).toBe(201);
    const after = await record(flowdownCheckBody({ attestation: token, primeContractNumber: 'W912DY-26-C-0003' }));
    expect(after.status).toBe(201);
    expect(after.json.mayAward).toBe(false);
    expect(after.json.evidence.facts[0]).toMatchObject({ uid: 'SB0000C001', live: true, currentThrough: null });
    // The signed facts stay on the record as issued.
    expect(after.json.evidence.attestation.signedFacts[0]).toMatchObject({ uid: 'SB0000C001', currentThrough: '2027-06-01' });
  });

  it('refuses a revoked attestation (422 naming ATTESTATION_REVOKED, nothing recorded)', async () => {
    const { env, tokens, attest, record } = await world();
    const token = await attest({ uids: ['SB0000C001'] });
    expect((await env.api('POST', `/api/v1/attestations/${decodeJwt(token).jti}/revoke`, { reason: 'Sent to the wrong prime' }, tokens.sub)).status).toBe(200);
    const res = await record(flowdownCheckBody({ attestation: token }));
    expect(res.status).toBe(422);
    expect(res.json.errors[0].message).toMatch(/^ATTESTATION_REVOKED/);
    expect((await env.api('GET', '/api/v1/flowdown-checks', undefined, tokens.prime)).json.items).toEqual([]);
  });

  it('decides on the UIDs the subcontract uses and records the other attested UIDs as not relied on', async () => {
    const { env, tokens, attest, record } = await world();
    const token = await attest({ uids: ['SB0000C001', 'SB0000C002'] });
    // The unused enclave lost its status; the subcontract does not rely on it.
    expect((await env.api('POST', '/api/v1/uids/SB0000C002/compliance-changes', { date: '2026-11-23', description: 'Enclave decommissioned' }, tokens.sub)).status).toBe(201);
    const all = await record(flowdownCheckBody({ attestation: token }));
    expect(all.json.mayAward).toBe(false);
    const subset = await record(flowdownCheckBody({ attestation: token, uids: ['sb0000c001'], primeContractNumber: 'W912DY-26-C-0004' }));
    expect(subset.status).toBe(201);
    expect(subset.json.mayAward).toBe(true);
    expect(subset.json.evidence.facts.map((f: { uid: string }) => f.uid)).toEqual(['SB0000C001']);
    expect(subset.json.evidence.notReliedOn).toEqual(['SB0000C002']);
    const stranger = await record(flowdownCheckBody({ attestation: token, uids: ['NW0000C001'], primeContractNumber: 'W912DY-26-C-0005' }));
    expect(stranger.status).toBe(422);
    expect(stranger.json.errors[0].path).toBe('uids.0');
  });
});
