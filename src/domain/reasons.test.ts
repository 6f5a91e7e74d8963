import { describe, expect, it } from 'vitest';
import { citationOf, isEndingReason, makeReason, REASON_CODES, reasonCodesOf, REASONS } from './reasons.js';

describe('the reason registry', () => {
  it('registers the codes the next features need, with rules §3 and §7 severities and citations', () => {
    expect(makeReason('RECORD_WITHDRAWN', 'Withdrawn.')).toEqual({
      code: 'RECORD_WITHDRAWN',
      severity: 'error',
      message: 'Withdrawn.',
      citation: 'DFARS 204.7502(b)(1) (a current CMMC status posted in SPRS); CMMC eMASS API operation DELETED',
    });
    expect(REASONS.FLOWDOWN_NOT_REQUIRED).toMatchObject({ severity: 'info', family: 'flowdown' });
    for (const code of ['SUB_NIST_ASSESSMENT_MISSING', 'SUB_NIST_ASSESSMENT_EXPIRED'] as const) {
      expect(REASONS[code]).toMatchObject({ severity: 'error', family: 'flowdown' });
      expect(citationOf(code)).toBe('DFARS 252.204-7020(g)(2) (subcontractor: at least a Basic NIST SP 800-171 DoD Assessment within the last 3 years)');
    }
  });

  it('marks exactly the ending reasons of rules §3 "Reporting"', () => {
    expect(REASON_CODES.filter(isEndingReason).sort()).toEqual(['NO_CMMC_STATUS', 'POAM_CLOSEOUT_FAILED', 'RECORD_WITHDRAWN', 'SUPERSEDED']);
    expect(isEndingReason('NOT_A_CODE')).toBe(false);
  });

  it('holds the api.md reason codes of the award check in the eligibility family', () => {
    expect(reasonCodesOf('eligibility')).toEqual([
      'UID_INVALID_FORMAT', 'UID_NOT_FOUND', 'NO_UIDS_PROVIDED', 'DUPLICATE_UID', 'NO_CMMC_STATUS', 'LEVEL_TOO_LOW',
      'CONDITIONAL_NOT_ALLOWED_FOR_L1', 'CONDITIONAL_EXPIRED', 'STATUS_EXPIRED', 'AFFIRMATION_MISSING', 'AFFIRMATION_EXPIRED',
      'COMPLIANCE_CHANGED', 'SUPERSEDED', 'POAM_CLOSEOUT_FAILED', 'RECORD_WITHDRAWN', 'NIST_ASSESSMENT_MISSING', 'NIST_ASSESSMENT_EXPIRED',
      'SAM_NOT_CONFIRMED', 'EXPIRES_WITHIN', 'L3_PREREQUISITE_LAPSED', 'UID_NOT_OFFEROR_CAGE',
    ]);
  });

  it('cites the calendar for every code, and the clause window in force for the applicability codes (rules §8)', () => {
    for (const code of REASON_CODES) {
      if (REASONS[code].cite === 'clause-window') {
        expect(() => citationOf(code)).toThrow(/clause prescription/);
        expect(makeReason(code, 'x', undefined, 'DFARS 204.7504(a)(1)').citation).toBe('DFARS 204.7504(a)(1)');
      } else {
        expect(citationOf(code).length).toBeGreaterThan(0);
      }
    }
    expect(citationOf('WAIVER')).toBe('32 CFR 170.5(d)');
    expect(citationOf('ATTESTATION_EXPIRED')).toBe('32 CFR 170.23(a); DFARS 252.204-7021(d)(1)(ii), (f)(2)');
  });
});
