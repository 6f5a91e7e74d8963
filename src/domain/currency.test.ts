import { describe, it, expect } from 'vitest';
import { affirmationThrough, ageThrough, statusAsOf, type StatusRecord } from './currency.js';
import type { Level } from './levels.js';
import { statusRecord } from './test-fixtures.js';

const aff = (...dates: string[]) => dates.map((date) => ({ date }));
const codes = (rec: StatusRecord, asOf: string) => {
  const s = statusAsOf(rec, asOf);
  return [...s.ended, ...s.currencyErrors].map((r) => r.code).sort();
};

describe('rules §3.2 age: Conditional 180 days, inclusive (DFARS 252.204-7021(a) "current" (1))', () => {
  const conditional = statusRecord({ postedType: 'CONDITIONAL', score: 100, poam: ['AC.L2-3.1.3'] });

  it('treats a Conditional status as current on day 180 (2026-01-01 → 2026-06-30)', () => {
    const s = statusAsOf(conditional, '2026-06-30');
    expect(s.current).toBe(true);
    expect(s.type).toBe('CONDITIONAL');
    expect(s.ageThrough).toBe('2026-06-30');
    expect(s.currentThrough).toBe('2026-06-30');
  });

  it('treats a Conditional status as expired on day 181', () => {
    const s = statusAsOf(conditional, '2026-07-01');
    expect(s.current).toBe(false);
    expect(s.currentThrough).toBeNull();
    expect(s.currencyErrors.map((r) => r.code)).toEqual(['CONDITIONAL_EXPIRED']);
    expect(s.ended).toEqual([]);
  });

  it('counts the 180 days across a leap day (2028-01-01 → 2028-06-29)', () => {
    expect(ageThrough('L2_SELF', 'CONDITIONAL', '2028-01-01')).toBe('2028-06-29');
  });
});

describe('rules §2, §3.2 age in calendar years, inclusive (Decision YEARS_INCLUSIVE)', () => {
  // [level, status date, last current day, first day expired, yearly affirmations]
  const table: [Level, string, string, string, string[]][] = [
    ['L1_SELF', '2026-01-01', '2027-01-01', '2027-01-02', ['2026-01-01', '2027-01-01']],
    ['L2_SELF', '2026-01-01', '2029-01-01', '2029-01-02', ['2026-01-01', '2027-01-01', '2028-01-01', '2029-01-01']],
    ['L2_C3PAO', '2026-01-01', '2029-01-01', '2029-01-02', ['2026-01-01', '2027-01-01', '2028-01-01', '2029-01-01']],
    ['L3_DIBCAC', '2026-01-01', '2029-01-01', '2029-01-02', ['2026-01-01', '2027-01-01', '2028-01-01', '2029-01-01']],
    ['L1_SELF', '2028-02-29', '2029-02-28', '2029-03-01', ['2028-02-29', '2029-02-28']],
    ['L2_C3PAO', '2028-02-29', '2031-02-28', '2031-03-01', ['2028-02-29', '2029-02-28', '2030-02-28', '2031-02-28']],
    ['L3_DIBCAC', '2024-02-29', '2027-02-28', '2027-03-01', ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28']],
  ];

  it.each(table)('treats a Final %s status of %s as current through %s and expired on %s', (level, statusDate, last, expired, renewals) => {
    expect(ageThrough(level, 'FINAL', statusDate)).toBe(last);
    // Affirmations renewed every year keep condition 4 out of the way, so only age is tested.
    const rec = statusRecord({ level, statusDate, affirmations: aff(...renewals), score: level === 'L1_SELF' ? null : 110 });
    const onLast = statusAsOf(rec, last);
    expect(onLast.current).toBe(true);
    expect(onLast.currentThrough).toBe(last);
    const next = statusAsOf(rec, expired);
    expect(next.current).toBe(false);
    expect(next.currencyErrors.map((r) => r.code)).toEqual(['STATUS_EXPIRED']);
  });

  it('treats a 29 February Final Level 1 (Self) status as current through 28 February a year later', () => {
    const rec = statusRecord({ level: 'L1_SELF', statusDate: '2028-02-29', score: null });
    expect(statusAsOf(rec, '2029-02-28').currentThrough).toBe('2029-02-28');
    expect(codes(rec, '2029-03-01')).toEqual(['AFFIRMATION_EXPIRED', 'STATUS_EXPIRED']);
  });
});

describe('rules §3.4 affirmation (32 CFR 170.22)', () => {
  it('an affirmation holds for one year, inclusive; 29 February → 28 February', () => {
    expect(affirmationThrough('2026-03-15')).toBe('2027-03-15');
    expect(affirmationThrough('2028-02-29')).toBe('2029-02-28');
  });

  it('treats a status without any affirmation as AFFIRMATION_MISSING', () => {
    const rec = statusRecord({ affirmations: [] });
    expect(codes(rec, '2026-02-01')).toEqual(['AFFIRMATION_MISSING']);
    expect(statusAsOf(rec, '2026-02-01').currentThrough).toBeNull();
  });

  it('ignores an affirmation dated before the status date', () => {
    expect(codes(statusRecord({ affirmations: aff('2025-12-31') }), '2026-02-01')).toEqual(['AFFIRMATION_MISSING']);
  });

  it('treats an affirmation as current on its first anniversary and expired the day after', () => {
    const rec = statusRecord({ affirmations: aff('2026-01-01') });
    expect(statusAsOf(rec, '2027-01-01').current).toBe(true);
    expect(codes(rec, '2027-01-02')).toEqual(['AFFIRMATION_EXPIRED']);
  });

  it('counts the latest affirmation: an annual renewal keeps the status current', () => {
    const rec = statusRecord({ affirmations: aff('2026-01-01', '2026-12-15') });
    const s = statusAsOf(rec, '2027-06-01');
    expect(s.current).toBe(true);
    expect(s.latestAffirmation).toBe('2026-12-15');
    expect(s.currentThrough).toBe('2027-12-15');
  });

  describe('after a successful POA&M closeout the baseline is the closeout date', () => {
    const closed = statusRecord({
      postedType: 'CONDITIONAL',
      score: 108,
      poam: ['AC.L2-3.1.3', 'AC.L2-3.1.4'],
      affirmations: aff('2026-01-01'),
      closeout: { date: '2026-03-01', result: 'SUCCESS' },
    });

    it('is Conditional with the status-date baseline before the closeout date', () => {
      const s = statusAsOf(closed, '2026-02-28');
      expect(s.type).toBe('CONDITIONAL');
      expect(s.affirmationBaseline).toBe('2026-01-01');
      expect(s.current).toBe(true);
    });

    it('is Final from the closeout date but needs an affirmation dated on or after the closeout', () => {
      const s = statusAsOf(closed, '2026-03-01');
      expect(s.type).toBe('FINAL');
      expect(s.affirmationBaseline).toBe('2026-03-01');
      expect(s.currencyErrors.map((r) => r.code)).toEqual(['AFFIRMATION_MISSING']);
    });

    it('keeps the status date for the age bound: a Final L2 three years from the original status date', () => {
      const s = statusAsOf({ ...closed, affirmations: aff('2026-01-01', '2026-03-01') }, '2026-04-01');
      expect(s.current).toBe(true);
      expect(s.ageThrough).toBe('2029-01-01');
      expect(s.currentThrough).toBe('2027-03-01');
    });
  });
});

describe('rules §3.3 a change in compliance ends currency from its own date', () => {
  const rec = statusRecord({ complianceChanges: [{ date: '2026-05-01', description: 'MFA removed' }] });

  it('is current the day before the change', () => {
    expect(statusAsOf(rec, '2026-04-30').current).toBe(true);
  });

  it('reports COMPLIANCE_CHANGED from the change date', () => {
    const s = statusAsOf(rec, '2026-05-01');
    expect(s.currencyErrors.map((r) => r.code)).toEqual(['COMPLIANCE_CHANGED']);
    expect(s.currencyErrors[0].detail).toMatchObject({ changeDate: '2026-05-01' });
    expect(s.currentThrough).toBeNull();
  });

  it('ends currency when the change is dated on the status date itself', () => {
    expect(codes(statusRecord({ complianceChanges: [{ date: '2026-01-01', description: 'x' }] }), '2026-01-01')).toEqual(['COMPLIANCE_CHANGED']);
  });

  it('ignores a change dated before the status date', () => {
    expect(statusAsOf(statusRecord({ complianceChanges: [{ date: '2025-12-31', description: 'old finding' }] }), '2026-02-01').current).toBe(true);
  });
});

describe('rules §3.5 supersession (Decision SUPERSEDED_NOT_CURRENT)', () => {
  const rec = statusRecord({ supersededBy: [{ uid: 'NEWUID0001', date: '2026-06-01' }] });

  it('is current before the replacement\'s status date', () => {
    const s = statusAsOf(rec, '2026-05-31');
    expect(s.current).toBe(true);
    expect(s.replacedBy).toBeNull();
  });

  it('is SUPERSEDED from the replacement\'s status date, naming the replacement, and no other error', () => {
    const s = statusAsOf({ ...rec, affirmations: [] }, '2026-06-01');
    expect(s.ended.map((r) => r.code)).toEqual(['SUPERSEDED']);
    expect(s.currencyErrors).toEqual([]);
    expect(s.replacedBy).toBe('NEWUID0001');
    expect(s.ended[0].detail).toMatchObject({ replacementUid: 'NEWUID0001', supersededOn: '2026-06-01' });
    expect(s.currentThrough).toBeNull();
  });

  it('names the earliest replacement in force when several exist', () => {
    const s = statusAsOf(statusRecord({ supersededBy: [{ uid: 'LATER00002', date: '2026-09-01' }, { uid: 'FIRST00001', date: '2026-06-01' }] }), '2026-10-01');
    expect(s.replacedBy).toBe('FIRST00001');
  });
});

describe('rules §3 ending reasons are reported alone', () => {
  it('reports a failed POA&M closeout as POAM_CLOSEOUT_FAILED only (not NO_CMMC_STATUS), from the closeout date', () => {
    const rec = statusRecord({
      postedType: 'CONDITIONAL',
      score: 100,
      affirmations: [],
      complianceChanges: [{ date: '2026-02-01', description: 'x' }],
      closeout: { date: '2026-03-01', result: 'FAILED' },
    });
    expect(codes(rec, '2026-02-28')).toEqual(['AFFIRMATION_MISSING', 'COMPLIANCE_CHANGED']);
    const s = statusAsOf(rec, '2026-03-01');
    expect(s.type).toBe('NONE');
    expect(s.ended.map((r) => r.code)).toEqual(['POAM_CLOSEOUT_FAILED']);
    expect(s.currencyErrors).toEqual([]);
    expect(s.currentThrough).toBeNull();
  });

  it('reports a posted No CMMC Status as NO_CMMC_STATUS only', () => {
    const rec = statusRecord({ postedType: 'NONE', score: 80, affirmations: [], statusDate: '2020-01-01' });
    const s = statusAsOf(rec, '2026-02-01');
    expect(s.type).toBe('NONE');
    expect(s.ended.map((r) => r.code)).toEqual(['NO_CMMC_STATUS']);
    expect(s.currencyErrors).toEqual([]);
    expect(s.current).toBe(false);
  });

  it('lists every currency error of a status that has not ended', () => {
    const rec = statusRecord({
      postedType: 'CONDITIONAL',
      score: 100,
      affirmations: aff('2026-01-01'),
      complianceChanges: [{ date: '2026-04-01', description: 'x' }],
    });
    expect(codes(rec, '2027-02-01')).toEqual(['AFFIRMATION_EXPIRED', 'COMPLIANCE_CHANGED', 'CONDITIONAL_EXPIRED']);
  });
});

describe('rules §3 as-of semantics: events dated after D are invisible', () => {
  it('does not see an affirmation dated after D', () => {
    expect(codes(statusRecord({ affirmations: aff('2026-02-01') }), '2026-01-15')).toEqual(['AFFIRMATION_MISSING']);
  });

  it('does not see a compliance change dated after D', () => {
    expect(statusAsOf(statusRecord({ complianceChanges: [{ date: '2026-05-01', description: 'x' }] }), '2026-04-01').current).toBe(true);
  });

  it('does not see a supersession dated after D', () => {
    expect(statusAsOf(statusRecord({ supersededBy: [{ uid: 'NEWUID0001', date: '2026-06-01' }] }), '2026-05-01').ended).toEqual([]);
  });

  it('does not see a failed closeout dated after D', () => {
    const rec = statusRecord({ postedType: 'CONDITIONAL', score: 100, closeout: { date: '2026-03-01', result: 'FAILED' } });
    const s = statusAsOf(rec, '2026-02-01');
    expect(s.type).toBe('CONDITIONAL');
    expect(s.current).toBe(true);
  });

  it('does not see a successful closeout dated after D (still Conditional)', () => {
    const rec = statusRecord({ postedType: 'CONDITIONAL', score: 100, closeout: { date: '2026-03-01', result: 'SUCCESS' } });
    expect(statusAsOf(rec, '2026-02-01').type).toBe('CONDITIONAL');
  });

  it('reports that a record posted after D did not exist on D', () => {
    expect(statusAsOf(statusRecord({ statusDate: '2026-06-01' }), '2026-05-31').exists).toBe(false);
    expect(statusAsOf(statusRecord({ statusDate: '2026-06-01' }), '2026-06-01').exists).toBe(true);
  });
});

describe('rules §3 currentThrough = the earlier of the age bound and latest affirmation + 1 year', () => {
  it('is the age bound when that comes first (Conditional)', () => {
    const rec = statusRecord({ postedType: 'CONDITIONAL', score: 100, affirmations: aff('2026-01-10') });
    expect(statusAsOf(rec, '2026-02-01').currentThrough).toBe('2026-06-30');
  });

  it('is the affirmation anniversary when that comes first (Final L2)', () => {
    const rec = statusRecord({ affirmations: aff('2026-01-01', '2026-08-20') });
    expect(statusAsOf(rec, '2026-09-01').currentThrough).toBe('2027-08-20');
  });

  it('is the age bound when the last affirmation reaches past it (Final L1)', () => {
    const rec = statusRecord({ level: 'L1_SELF', score: null, affirmations: aff('2026-01-01', '2026-06-01') });
    expect(statusAsOf(rec, '2026-09-01').currentThrough).toBe('2027-01-01');
  });
});
