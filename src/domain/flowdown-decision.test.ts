import { describe, expect, it } from 'vitest';
import { decideFlowdown, factsCurrentThrough, type FlowdownDecisionInput, type FlowdownFact } from './flowdown.js';
import type { Information, Level, StatusType } from './levels.js';

const AS_OF = '2026-11-23';

/** A fact as typed from a print-out: currentThrough derived from the dates (rules §3). */
const fact = (uid: string, level: Level, type: StatusType, statusDate: string, affirmation: string | null, issuerReasons?: string[]): FlowdownFact => ({
  uid,
  level,
  type,
  statusDate,
  currentThrough: issuerReasons?.length ? null : factsCurrentThrough(level, type, statusDate, affirmation),
  latestAffirmationDate: affirmation,
  ...(issuerReasons ? { issuerReasons } : {}),
});

const input = (primeLevel: Level, information: Information, facts: FlowdownFact[], verified = true): FlowdownDecisionInput => ({
  primeLevel,
  information,
  asOf: AS_OF,
  lookAheadDays: 60,
  facts,
  verified,
  subCage: 'SUB01',
});

const codes = (d: ReturnType<typeof decideFlowdown>) => d.reasons.map((r) => r.code).sort();

describe('rules §7 flowdown decision: may the prime award the subcontract?', () => {
  // [rule-book name, input, sub minimum, may award, reason codes (sorted)]
  const table: [string, FlowdownDecisionInput, Level | null, boolean, string[]][] = [
    ['does not flow CMMC down when the sub handles no FCI or CUI', input('L3_DIBCAC', 'NONE', []), null, true, ['FLOWDOWN_NOT_REQUIRED']],
    ['lets a CUI sub under an L2 (C3PAO) prime with a current Final L2 (C3PAO) be awarded', input('L2_C3PAO', 'CUI', [fact('SUBUID0001', 'L2_C3PAO', 'FINAL', '2026-06-01', '2026-06-01')]), 'L2_C3PAO', true, []],
    ['flows Level 2 (C3PAO) down from a Level 3 prime for CUI', input('L3_DIBCAC', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01')]), 'L2_C3PAO', false, ['LEVEL_TOO_LOW']],
    ['accepts a higher level than the minimum ("or higher")', input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L3_DIBCAC', 'FINAL', '2026-06-01', '2026-06-01')]), 'L2_SELF', true, []],
    ['never lets a Conditional status meet the Level 1 minimum of an FCI sub', input('L2_C3PAO', 'FCI', [fact('SUBUID0001', 'L2_SELF', 'CONDITIONAL', '2026-10-01', '2026-10-01')]), 'L1_SELF', false, ['CONDITIONAL_NOT_ALLOWED_FOR_L1']],
    ['reports every failing reason: Conditional under L1 and expired on day 181', input('L1_SELF', 'FCI', [fact('SUBUID0001', 'L2_SELF', 'CONDITIONAL', '2026-05-01', '2026-05-01')]), 'L1_SELF', false, ['CONDITIONAL_EXPIRED', 'CONDITIONAL_NOT_ALLOWED_FOR_L1']],
    ['treats a Final Level 1 (Self) older than one year as expired, with its affirmation', input('L2_SELF', 'FCI', [fact('SUBUID0001', 'L1_SELF', 'FINAL', '2025-11-01', '2025-11-01')]), 'L1_SELF', false, ['AFFIRMATION_EXPIRED', 'STATUS_EXPIRED']],
    ['refuses a status without an affirmation on or after its status date', input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-05-01')]), 'L2_SELF', false, ['AFFIRMATION_MISSING']],
    ['refuses a sub whose assessment reached No CMMC Status, with that reason only', input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L1_SELF', 'NONE', '2026-06-01', null)]), 'L2_SELF', false, ['NO_CMMC_STATUS']],
    ['reports only the ending reason of a UID the attestation shows superseded', input('L2_C3PAO', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01', ['SUPERSEDED'])]), 'L2_C3PAO', false, ['SUPERSEDED']],
    ['refuses a UID the attestation shows with a change in compliance', input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01', ['COMPLIANCE_CHANGED'])]), 'L2_SELF', false, ['COMPLIANCE_CHANGED']],
    ['warns EXPIRES_WITHIN when the sub\'s status lapses inside the look-ahead', input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2025-12-01', '2025-12-15')]), 'L2_SELF', true, ['EXPIRES_WITHIN']],
    ['marks typed facts as unverified (a warning, not a failure)', input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01')], false), 'L2_SELF', true, ['EVIDENCE_UNVERIFIED']],
    ['flags CUI under an L1 (Self) prime and requires Level 2 (Self) (Decision)', input('L1_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01')]), 'L2_SELF', true, ['PRIME_LEVEL_MISMATCH']],
    ['refuses an FCI sub that gave no UID', input('L2_SELF', 'FCI', []), 'L1_SELF', false, ['NO_UIDS_PROVIDED']],
    ['decides a UID listed twice once, with a warning', input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01'), fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01')]), 'L2_SELF', true, ['DUPLICATE_UID']],
    ['ignores a status dated after the decision date (as-of semantics)', input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-12-01', '2026-12-01')]), 'L2_SELF', false, ['UID_NOT_FOUND']],
    ['refuses when the evidence itself says the UID was not current', input('L2_SELF', 'CUI', [{ uid: 'SUBUID0001', level: 'L2_SELF', type: 'FINAL', statusDate: '2026-06-01', currentThrough: null, latestAffirmationDate: '2026-06-01' }]), 'L2_SELF', false, ['STATUS_NOT_CURRENT']],
    ['needs every system of the sub to meet the minimum', input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01'), fact('SUBUID0002', 'L1_SELF', 'FINAL', '2026-06-01', '2026-06-01')]), 'L2_SELF', false, ['LEVEL_TOO_LOW']],
  ];

  it.each(table)('%s', (_name, given, minimum, mayAward, expected) => {
    const d = decideFlowdown(given);
    expect(d.subMinimumLevel).toBe(minimum);
    expect(d.mayAward).toBe(mayAward);
    expect(codes(d)).toEqual(expected);
    for (const r of d.reasons) expect(r.citation.length).toBeGreaterThan(0);
  });

  it('cites 32 CFR 170.23 for the minimum and for its own reasons', () => {
    const d = decideFlowdown(input('L1_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01')], false));
    expect(d.citation).toBe('32 CFR 170.23(a); DFARS 252.204-7021(d)(1)(ii), (f)(2)');
    expect(d.reasons.find((r) => r.code === 'EVIDENCE_UNVERIFIED')?.citation).toBe('32 CFR 170.23(a); DFARS 252.204-7021(d)(1)(ii), (f)(2)');
    expect(d.explanation).toMatch(/Decision/);
  });

  it('names the UID in every per-UID reason and reports the earliest currentThrough', () => {
    const d = decideFlowdown(
      input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2025-12-01', '2025-12-15'), fact('SUBUID0002', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01')]),
    );
    expect(d.reasons.find((r) => r.code === 'EXPIRES_WITHIN')?.detail?.uid).toBe('SUBUID0001');
    expect(d.evidenceCurrentThrough).toBe('2026-12-15');
    expect(d.uids.map((u) => u.meets)).toEqual([true, true]);
  });

  it('relies on the live status: a compliance change recorded after issuance fails the UID, in the words of the records', () => {
    const live = { ...fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01', ['COMPLIANCE_CHANGED']), live: true };
    const d = decideFlowdown(input('L2_SELF', 'CUI', [live]));
    expect(d.mayAward).toBe(false);
    expect(codes(d)).toEqual(['COMPLIANCE_CHANGED']);
    expect(d.reasons[0].message).toContain("AwardGate's records show a change in compliance");
  });

  it('treats a record CMMC eMASS withdrew as ended (rules §3.7), with that reason only', () => {
    const d = decideFlowdown(input('L2_SELF', 'CUI', [{ ...fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01', ['RECORD_WITHDRAWN']), live: true }]));
    expect(codes(d)).toEqual(['RECORD_WITHDRAWN']);
  });

  it("warns EXPIRES_WITHIN when the status lapses before the subcontract's next milestone, beyond the look-ahead days", () => {
    const d = decideFlowdown({ ...input('L2_SELF', 'CUI', [fact('SUBUID0001', 'L2_SELF', 'FINAL', '2026-06-01', '2026-06-01')]), lookAheadUntil: '2027-07-01' });
    expect(d.mayAward).toBe(true);
    expect(d.reasons).toEqual([expect.objectContaining({ code: 'EXPIRES_WITHIN', detail: expect.objectContaining({ currentThrough: '2027-06-01', horizon: '2027-07-01' }) })]);
  });

  it('derives currentThrough from typed facts as the earlier of age and affirmation + 1 year', () => {
    expect(factsCurrentThrough('L2_C3PAO', 'FINAL', '2026-01-10', '2026-02-01')).toBe('2027-02-01');
    expect(factsCurrentThrough('L2_SELF', 'CONDITIONAL', '2026-01-01', '2026-01-01')).toBe('2026-06-30');
    expect(factsCurrentThrough('L2_SELF', 'FINAL', '2026-01-01', null)).toBeNull();
    expect(factsCurrentThrough('L2_SELF', 'NONE', '2026-01-01', '2026-01-01')).toBeNull();
  });
});
