import { describe, it, expect } from 'vitest';
import { checkNist, nistValidThrough } from './nist.js';
import { nistRecord } from './test-fixtures.js';

const codes = (row: ReturnType<typeof checkNist>) => row.reasons.map((r) => r.code);

describe('rules §5 NIST SP 800-171 DoD Assessment currency (DFARS 204.7303(b), 252.204-7019)', () => {
  it('reports NIST_ASSESSMENT_MISSING when nothing is posted for the CAGE', () => {
    const row = checkNist('1AB23', [nistRecord({ cages: ['9ZZ99'] })], '2026-01-01');
    expect(row.eligible).toBe(false);
    expect(row.assessment).toBeNull();
    expect(codes(row)).toEqual(['NIST_ASSESSMENT_MISSING']);
  });

  it('reports NIST_ASSESSMENT_MISSING when the only assessment is dated after the action date', () => {
    expect(codes(checkNist('1AB23', [nistRecord({ assessmentDate: '2026-02-01' })], '2026-01-31'))).toEqual(['NIST_ASSESSMENT_MISSING']);
  });

  it('counts an assessment for 3 calendar years, inclusive', () => {
    const recs = [nistRecord({ assessmentDate: '2023-06-01' })];
    const onLast = checkNist('1AB23', recs, '2026-06-01');
    expect(onLast.eligible).toBe(true);
    expect(onLast.assessment?.validThrough).toBe('2026-06-01');
    const after = checkNist('1AB23', recs, '2026-06-02');
    expect(after.eligible).toBe(false);
    expect(codes(after)).toEqual(['NIST_ASSESSMENT_EXPIRED']);
    expect(after.assessment?.assessmentDate).toBe('2023-06-01');
  });

  it('counts a 29 February assessment through 28 February three years later', () => {
    expect(nistValidThrough('2024-02-29')).toBe('2027-02-28');
  });

  it('counts the latest assessment dated on or before the action date, ignoring later ones', () => {
    const recs = [
      nistRecord({ assessmentDate: '2022-01-01', score: 40 }),
      nistRecord({ assessmentDate: '2024-05-01', score: 80 }),
      nistRecord({ assessmentDate: '2026-07-01', score: 110 }),
    ];
    const row = checkNist('1AB23', recs, '2026-06-01');
    expect(row.eligible).toBe(true);
    expect(row.assessment?.score).toBe(80);
  });

  it('reports EXPIRED when the latest assessment on or before the action date is too old, even if a newer one is posted later', () => {
    const recs = [nistRecord({ assessmentDate: '2022-01-01' }), nistRecord({ assessmentDate: '2026-07-01' })];
    expect(codes(checkNist('1AB23', recs, '2026-06-01'))).toEqual(['NIST_ASSESSMENT_EXPIRED']);
  });

  it('does not fall back to an older assessment when the latest one counts (no score threshold)', () => {
    const row = checkNist('1AB23', [nistRecord({ assessmentDate: '2025-01-01', score: -203 }), nistRecord({ assessmentDate: '2024-01-01', score: 110 })], '2026-01-01');
    expect(row.eligible).toBe(true);
    expect(row.assessment?.score).toBe(-203);
  });

  it('takes the later-posted record when two share the latest date', () => {
    const recs = [nistRecord({ id: 100, assessmentDate: '2025-01-01', score: 70 }), nistRecord({ id: 101, assessmentDate: '2025-01-01', score: 90 })];
    expect(checkNist('1AB23', recs, '2026-01-01').assessment?.score).toBe(90);
  });

  it('finds an assessment covering several CAGE codes for each of them', () => {
    const recs = [nistRecord({ cages: ['1AB23', '2CD45'] })];
    expect(checkNist('2CD45', recs, '2025-01-01').eligible).toBe(true);
  });

  describe('maxAgeDays only shortens the period (Decision NIST_MAX_AGE_SHORTENS)', () => {
    it('a shorter solicitation period applies, inclusive', () => {
      const recs = [nistRecord({ assessmentDate: '2025-01-01' })];
      expect(nistValidThrough('2025-01-01', 365)).toBe('2026-01-01');
      expect(checkNist('1AB23', recs, '2026-01-01', 365).eligible).toBe(true);
      expect(codes(checkNist('1AB23', recs, '2026-01-02', 365))).toEqual(['NIST_ASSESSMENT_EXPIRED']);
    });

    it('a longer one does not extend the 3 years', () => {
      expect(nistValidThrough('2025-01-01', 2000)).toBe('2028-01-01');
      expect(codes(checkNist('1AB23', [nistRecord({ assessmentDate: '2025-01-01' })], '2028-01-02', 2000))).toEqual(['NIST_ASSESSMENT_EXPIRED']);
    });

    it('null or undefined means the 3 calendar years', () => {
      expect(nistValidThrough('2025-01-01', null)).toBe('2028-01-01');
      expect(nistValidThrough('2025-01-01', undefined)).toBe('2028-01-01');
    });
  });

  it.each([
    ['BASIC', 'Low'],
    ['MEDIUM', 'Medium'],
    ['HIGH', 'High'],
  ] as const)('shows confidence %s as %s (Basic is a self-assessment)', (confidence, level) => {
    const row = checkNist('1AB23', [nistRecord({ confidence })], '2025-01-01');
    expect(row.assessment?.confidenceLevel).toBe(level);
    expect(row.assessment?.fullImplementationDate).toBe('2025-01-01');
  });
});
