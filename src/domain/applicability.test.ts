import { describe, it, expect } from 'vitest';
import { decideApplicability, phaseFor, type ApplicabilityInput } from './applicability.js';
import { calendar } from './calendar.js';
import type { Information, Level, Purpose } from './levels.js';

const input = (over: Partial<ApplicabilityInput>): ApplicabilityInput => ({
  issueDate: '2026-03-01',
  cotsOnly: false,
  waiver: false,
  programOfficeLevel: 'L2_SELF',
  information: 'CUI',
  ...over,
});
const CLAUSES = ['DFARS 252.204-7021', 'DFARS 252.204-7025'];
const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

describe('rules §8 conformance expectations (DFARS 204.7504)', () => {
  it.each([
    ['2026-03-01', 'L2_SELF', 'CUI', false, false, true, 'L2_SELF', 1],
    ['2026-12-01', null, 'CUI', false, false, false, null, 2],
    ['2028-11-10', 'L1_SELF', 'FCI', false, false, true, 'L1_SELF', 4],
    ['2026-03-01', 'L2_SELF', 'CUI', true, false, false, null, 1],
    ['2026-03-01', 'L2_SELF', 'CUI', false, true, false, null, 1],
    ['2028-12-01', 'L2_SELF', 'NONE', false, false, false, null, 4],
  ] as [string, Level | null, Information, boolean, boolean, boolean, Level | null, number][])(
    'issue %s, level %s, %s, COTS %s, waiver %s → applies %s, level %s, phase %i',
    (issueDate, programOfficeLevel, information, cotsOnly, waiver, applies, level, phase) => {
      const d = decideApplicability({ issueDate, programOfficeLevel, information, cotsOnly, waiver });
      expect(d.clauseApplies).toBe(applies);
      expect(d.requiredLevel).toBe(level);
      expect(d.phase.phase).toBe(phase);
      expect(d.clauses).toEqual(applies ? CLAUSES : []);
      expect(d.phase.advisory.length).toBeGreaterThan(0);
      for (const r of d.reasons) {
        expect(['info', 'warning']).toContain(r.severity);
        expect(r.citation.length).toBeGreaterThan(0);
        expect(r.message.length).toBeGreaterThan(0);
      }
    },
  );
});

describe('rules §8 waiver or COTS-only → clause not used', () => {
  it.each([
    [{ cotsOnly: true }, ['COTS_ONLY'], ['DFARS 204.7504']],
    [{ waiver: true }, ['WAIVER'], ['32 CFR 170.5(d)']],
    [{ cotsOnly: true, waiver: true }, ['WAIVER', 'COTS_ONLY'], ['32 CFR 170.5(d)', 'DFARS 204.7504']],
    [{ cotsOnly: true, issueDate: '2029-01-01', information: 'FCI' as Information }, ['COTS_ONLY'], ['DFARS 204.7504']],
  ])('%o', (over, expectedCodes, citations) => {
    const d = decideApplicability(input(over));
    expect(d).toMatchObject({ clauseApplies: false, clauses: [], requiredLevel: null });
    expect(codes(d)).toEqual(expectedCodes);
    expect(d.reasons.map((r) => r.citation)).toEqual(citations);
  });
});

describe('rules §8 clause prescription windows (boundaries from the calendar)', () => {
  const [first, second] = calendar.clausePrescription;

  it('the calendar windows are 2025-11-10 … 2028-11-09 and from 2028-11-10', () => {
    expect(calendar.dfarsCmmcRuleEffective).toBe('2025-11-10');
    expect([first.from, first.to, first.appliesWhen]).toEqual(['2025-11-10', '2028-11-09', 'PROGRAM_OFFICE_REQUIRES_LEVEL']);
    expect([second.from, second.to, second.appliesWhen]).toEqual(['2028-11-10', null, 'FCI_OR_CUI_ON_CONTRACTOR_SYSTEMS']);
  });

  // [issue date, level, information, applies, requiredLevel, phase, reason codes]
  it.each([
    // 2025-11-09: rule not yet effective, whatever the inputs.
    ['2025-11-09', 'L2_SELF', 'CUI', false, null, null, ['CLAUSE_NOT_YET_EFFECTIVE']],
    ['2025-11-09', null, 'FCI', false, null, null, ['CLAUSE_NOT_YET_EFFECTIVE']],
    ['2020-01-01', 'L3_DIBCAC', 'CUI', false, null, null, ['CLAUSE_NOT_YET_EFFECTIVE']],
    // 2025-11-10 … 2028-11-09: used iff the program office set a level.
    ['2025-11-10', 'L2_SELF', 'CUI', true, 'L2_SELF', 1, ['LEVEL_SET']],
    ['2025-11-10', null, 'CUI', false, null, 1, ['NO_LEVEL_SET']],
    ['2025-11-10', 'L1_SELF', 'NONE', true, 'L1_SELF', 1, ['LEVEL_SET', 'LEVEL_WITHOUT_INFORMATION']],
    ['2028-11-09', 'L2_C3PAO', 'CUI', true, 'L2_C3PAO', 3, ['LEVEL_SET']],
    ['2028-11-09', null, 'FCI', false, null, 3, ['NO_LEVEL_SET']],
    ['2028-11-09', 'L2_SELF', 'NONE', true, 'L2_SELF', 3, ['LEVEL_SET', 'LEVEL_WITHOUT_INFORMATION']],
    // From 2028-11-10: used iff FCI or CUI on contractor systems; level from the program office.
    ['2028-11-10', 'L2_SELF', 'CUI', true, 'L2_SELF', 4, ['FCI_OR_CUI']],
    ['2028-11-10', null, 'CUI', true, null, 4, ['FCI_OR_CUI', 'LEVEL_NEEDED']],
    ['2028-11-10', null, 'FCI', true, null, 4, ['FCI_OR_CUI', 'LEVEL_NEEDED']],
    ['2028-11-10', 'L2_SELF', 'NONE', false, null, 4, ['NO_FCI_OR_CUI']],
    ['2028-11-10', null, 'NONE', false, null, 4, ['NO_FCI_OR_CUI']],
    ['2035-06-01', 'L3_DIBCAC', 'CUI', true, 'L3_DIBCAC', 4, ['FCI_OR_CUI']],
  ] as [string, Level | null, Information, boolean, Level | null, number | null, string[]][])(
    '%s, level %s, %s → applies %s, level %s, phase %s',
    (issueDate, programOfficeLevel, information, applies, requiredLevel, phase, expectedCodes) => {
      const d = decideApplicability(input({ issueDate, programOfficeLevel, information }));
      expect(d.clauseApplies).toBe(applies);
      expect(d.requiredLevel).toBe(requiredLevel);
      expect(d.clauses).toEqual(applies ? CLAUSES : []);
      expect(d.phase.phase).toBe(phase);
      expect(codes(d)).toEqual(expectedCodes);
    },
  );

  it('citations come from the window in force', () => {
    expect(decideApplicability(input({ issueDate: '2028-11-09' })).reasons[0].citation).toBe(first.citation);
    expect(decideApplicability(input({ issueDate: '2028-11-10' })).reasons[0].citation).toBe(second.citation);
  });

  it('warnings: a level without FCI/CUI is unusual; no level after 2028-11-10 means the officer must obtain one', () => {
    const unusual = decideApplicability(input({ information: 'NONE' })).reasons.find((r) => r.code === 'LEVEL_WITHOUT_INFORMATION')!;
    expect(unusual.severity).toBe('warning');
    expect(unusual.message).toMatch(/unusual/);
    const needed = decideApplicability(input({ issueDate: '2029-01-01', programOfficeLevel: null })).reasons.find(
      (r) => r.code === 'LEVEL_NEEDED',
    )!;
    expect(needed.severity).toBe('warning');
    expect(needed.message).toMatch(/must obtain/);
  });

  it('before the rule is effective: phase null and the advisory says the officer may include it', () => {
    const d = decideApplicability(input({ issueDate: '2025-11-09' }));
    expect(d.phase.phase).toBeNull();
    expect(d.phase.advisory).toMatch(/may include/);
    expect(d.phase.advisory).toContain('2025-11-10');
    expect(d.reasons[0]).toMatchObject({ severity: 'info', citation: 'DFARS 204.7504(a)(1)' });
    expect(d.reasons[0].message).toMatch(/may include them if award will be on or after 2025-11-10/);
  });
});

describe('rules §8 phase (32 CFR 170.3(e)): latest phase whose start ≤ date', () => {
  it('the calendar has phases 1–4 starting 2025-11-10, 2026-11-10, 2027-11-10, 2028-11-10', () => {
    expect(calendar.phases.map((p) => [p.phase, p.start])).toEqual([
      [1, '2025-11-10'],
      [2, '2026-11-10'],
      [3, '2027-11-10'],
      [4, '2028-11-10'],
    ]);
  });

  it.each([
    ['2025-11-09', null, null],
    ['2025-11-10', 1, '32 CFR 170.3(e)(1)'],
    ['2026-11-09', 1, '32 CFR 170.3(e)(1)'],
    ['2026-11-10', 2, '32 CFR 170.3(e)(2)'],
    ['2027-11-09', 2, '32 CFR 170.3(e)(2)'],
    ['2027-11-10', 3, '32 CFR 170.3(e)(3)'],
    ['2028-11-09', 3, '32 CFR 170.3(e)(3)'],
    ['2028-11-10', 4, '32 CFR 170.3(e)(4)'],
  ] as const)('%s → phase %s', (date, phase, citation) => {
    const p = phaseFor(date, 'L2_SELF', 'AWARD');
    expect(p.phase).toBe(phase);
    expect(p.citation).toBe(citation);
  });

  it.each([
    // [date, level, purpose, expected | discretion | beyond]
    ['2025-11-10', 'L2_SELF', 'AWARD', 'expected'],
    ['2025-11-10', 'L2_C3PAO', 'AWARD', 'discretion'],
    ['2025-11-10', 'L3_DIBCAC', 'AWARD', 'beyond'],
    ['2025-11-10', 'L1_SELF', 'OPTION', 'discretion'],
    ['2025-11-10', 'L2_C3PAO', 'EXTENSION', 'beyond'],
    ['2025-11-10', 'L2_SELF', 'NEW_UID', 'expected'],
    ['2026-11-10', 'L2_C3PAO', 'AWARD', 'expected'],
    ['2026-11-10', 'L3_DIBCAC', 'AWARD', 'discretion'],
    ['2027-11-10', 'L2_C3PAO', 'OPTION', 'expected'],
    ['2027-11-10', 'L2_SELF', 'EXTENSION', 'discretion'],
    ['2028-11-10', 'L3_DIBCAC', 'OPTION', 'expected'],
  ] as [string, Level, Purpose, string][])('%s %s %s → %s', (date, level, purpose, kind) => {
    const { advisory } = phaseFor(date, level, purpose);
    if (kind === 'expected') expect(advisory).toMatch(/ is expected /);
    if (kind === 'discretion') expect(advisory).toMatch(/discretion/);
    if (kind === 'beyond') expect(advisory).toMatch(/not foreseen/);
  });

  it('no level: the advisory lists what the phase expects', () => {
    expect(phaseFor('2027-01-01', null, 'AWARD').advisory).toMatch(/No CMMC level is set/);
  });
});
