import { describe, expect, it } from 'vitest';
import { decideFlowdown, subMinimumLevel, type FlowdownDecisionInput } from './flowdown.js';
import { checkSubNist, type SubNistEvidence } from './flowdown-nist.js';
import { INFORMATION, LEVELS, type Information, type Level } from './levels.js';

// The check date of every case below; rules §2: "not older than 3 years" holds through date + 3 years.
const AS_OF = '2026-11-23';
const SUB = 'SUB01';

const typed = (assessmentDate: string, extra: Partial<SubNistEvidence['assessment'] & object> = {}): SubNistEvidence => ({
  source: 'TYPED',
  assessment: { confidence: 'BASIC', assessmentDate, score: 88, ...extra },
});

/** A current Final L2 (Self) of the sub, typed from a print-out (meets any CUI minimum up to L2 (Self)). */
const currentL2Self = { uid: 'SUBUID0001', level: 'L2_SELF' as const, type: 'FINAL' as const, statusDate: '2026-06-01', currentThrough: '2027-06-01', latestAffirmationDate: '2026-06-01' };

const input = (over: Partial<FlowdownDecisionInput>): FlowdownDecisionInput => ({
  primeLevel: 'L2_SELF',
  information: 'CUI',
  asOf: AS_OF,
  lookAheadDays: 60,
  facts: [currentL2Self],
  verified: false,
  subCage: SUB,
  ...over,
});

const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code).sort();

describe('rules §7 COTS exclusion (DFARS 252.204-7021(f)(1), 252.204-7020(g)(1))', () => {
  const everyCase: [Information, Level][] = INFORMATION.flatMap((i) => LEVELS.map((l): [Information, Level] => [i, l]));

  it.each(everyCase)('flows nothing down to a COTS-only subcontract: %s under a %s prime → no minimum level', (information, prime) => {
    const min = subMinimumLevel(prime, information, true);
    expect(min.subMinimumLevel).toBeNull();
    expect(min.mismatch).toBe(false);
    expect(min.citation).toBe('DFARS 252.204-7021(f)(1) (excluding commercially available off-the-shelf items)');
  });

  it.each(everyCase)('lets a COTS-only subcontract be awarded with FLOWDOWN_NOT_REQUIRED alone, and no NIST test even under 7012: %s under %s', (information, prime) => {
    const d = decideFlowdown(input({ primeLevel: prime, information, cotsOnly: true, nist7012: true, facts: [], nist: { source: 'NONE', assessment: null } }));
    expect(d.subMinimumLevel).toBeNull();
    expect(d.mayAward).toBe(true);
    expect(d.nist).toBeNull();
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'FLOWDOWN_NOT_REQUIRED', severity: 'info', citation: 'DFARS 252.204-7021(f)(1) (excluding commercially available off-the-shelf items)' }),
    ]);
  });

  it('covers every information kind × prime level', () => expect(everyCase).toHaveLength(12));

  it('keeps the minimum-level citation when nothing flows down for want of FCI or CUI', () => {
    const d = decideFlowdown(input({ information: 'NONE', facts: [] }));
    expect(d.reasons).toEqual([expect.objectContaining({ code: 'FLOWDOWN_NOT_REQUIRED', citation: '32 CFR 170.23(a); DFARS 252.204-7021(d)(1)(ii), (f)(2)' })]);
  });
});

describe("rules §7 the sub's NIST SP 800-171 DoD Assessment (DFARS 252.204-7020(g)(2))", () => {
  const CITE = 'DFARS 252.204-7020(g)(2) (subcontractor: at least a Basic NIST SP 800-171 DoD Assessment within the last 3 years)';

  it('counts an assessment exactly 3 years old (2023-11-23 on 2026-11-23) as current', () => {
    const r = checkSubNist(SUB, AS_OF, typed('2023-11-23'));
    expect(r).toMatchObject({ outcome: 'CURRENT', validThrough: '2026-11-23', reasons: [] });
  });

  it('treats an assessment 3 years and 1 day old (2023-11-22) as expired', () => {
    const r = checkSubNist(SUB, AS_OF, typed('2023-11-22'));
    expect(r.outcome).toBe('EXPIRED');
    expect(r.validThrough).toBe('2026-11-22');
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'SUB_NIST_ASSESSMENT_EXPIRED', severity: 'error', citation: CITE })]);
  });

  it('reports a missing assessment when the evidence has none', () => {
    const r = checkSubNist(SUB, AS_OF, { source: 'TYPED', assessment: null });
    expect(r.outcome).toBe('MISSING');
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'SUB_NIST_ASSESSMENT_MISSING', severity: 'error', citation: CITE })]);
  });

  it('does not count an assessment dated after the check date (as-of, rules §3)', () => {
    const r = checkSubNist(SUB, AS_OF, typed('2026-11-24'));
    expect(r.outcome).toBe('MISSING');
    expect(r.reasons[0].message).toContain('dated after the decision date 2026-11-23');
  });

  it('counts any confidence: Basic, Medium and High alike', () => {
    for (const confidence of ['BASIC', 'MEDIUM', 'HIGH'] as const) expect(checkSubNist(SUB, AS_OF, typed('2025-01-10', { confidence })).outcome).toBe('CURRENT');
  });

  it("needs the assessment to cover the sub's CAGE when the evidence names the CAGE codes", () => {
    const r = checkSubNist(SUB, AS_OF, { source: 'ATTESTATION', assessment: { confidence: 'BASIC', assessmentDate: '2025-01-10', score: 90, cages: ['SUB02'] } });
    expect(r.outcome).toBe('MISSING');
    expect(r.reasons[0].message).toContain("covers CAGE SUB02, not the subcontractor's CAGE SUB01");
  });

  it('says the assessment is missing from the evidence when an attestation predates the nist claim', () => {
    const r = checkSubNist(SUB, AS_OF, { source: 'ATTESTATION_WITHOUT_CLAIM', assessment: null });
    expect(r.outcome).toBe('MISSING');
    expect(r.reasons[0].message).toContain('issued before attestations carried one');
  });

  it('may not award when 7012 applies and the only failing test is the NIST one', () => {
    const d = decideFlowdown(input({ nist7012: true, nist: typed('2023-11-22') }));
    expect(d.mayAward).toBe(false);
    expect(d.uids.map((u) => u.meets)).toEqual([true]);
    expect(codes(d)).toEqual(['EVIDENCE_UNVERIFIED', 'SUB_NIST_ASSESSMENT_EXPIRED']);
  });

  it('may award when 7012 applies and the assessment is exactly 3 years old', () => {
    const d = decideFlowdown(input({ nist7012: true, nist: typed('2023-11-23') }));
    expect(d.mayAward).toBe(true);
    expect(d.nist).toMatchObject({ outcome: 'CURRENT', validThrough: '2026-11-23' });
  });

  it('applies with information NONE too: CMMC does not flow down, but a missing assessment still means may not award', () => {
    const d = decideFlowdown(input({ information: 'NONE', facts: [], nist7012: true }));
    expect(d.subMinimumLevel).toBeNull();
    expect(d.mayAward).toBe(false);
    expect(codes(d)).toEqual(['FLOWDOWN_NOT_REQUIRED', 'SUB_NIST_ASSESSMENT_MISSING']);
  });

  it('with information NONE and a current typed assessment: may award, marked unverified', () => {
    const d = decideFlowdown(input({ information: 'NONE', facts: [], nist7012: true, nist: typed('2025-06-30') }));
    expect(d.mayAward).toBe(true);
    expect(codes(d)).toEqual(['EVIDENCE_UNVERIFIED', 'FLOWDOWN_NOT_REQUIRED']);
  });

  it('runs no NIST test when the subcontract is not subject to 7012', () => {
    const d = decideFlowdown(input({ nist7012: false }));
    expect(d.nist).toBeNull();
    expect(codes(d)).toEqual(['EVIDENCE_UNVERIFIED']);
  });
});
