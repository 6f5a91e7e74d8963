import { describe, it, expect } from 'vitest';
import { calendar } from './calendar.js';
import type { Level, RequirementResult } from './levels.js';
import { REQUIREMENTS, SSP_REQUIREMENT_ID, requirementsFor } from './requirements.js';
import { validateResults } from './results.js';
import { scoreAssessment } from './scoring.js';
import { level2Csv } from './test-fixtures.js';

type Results = Record<string, RequirementResult>;

/** Every requirement of the level MET, then the overrides. */
function results(level: Level, overrides: Results = {}): Results {
  const r: Results = {};
  for (const req of requirementsFor(level)) r[req.id] = 'MET';
  return { ...r, ...overrides };
}
const all = (ids: readonly string[], value: RequirementResult): Results =>
  Object.fromEntries(ids.map((id) => [id, value]));

const l2Csv = level2Csv();
const l2 = (nist: string) => l2Csv.find((r) => r.nist === nist)!.id;
const POAM_YES = l2Csv.filter((r) => r.poam === 'yes');
const T = calendar.thresholds;

describe('rules §6 Level 2 scoring data (32 CFR 170.24; DoD Assessment Methodology)', () => {
  it('the 110 requirement weights total 313, so the score ranges from −203 to 110', () => {
    const total = l2Csv.reduce((s, r) => s + r.points, 0);
    expect(l2Csv).toHaveLength(110);
    expect(total).toBe(313);
    expect(T.L2_MAX_SCORE).toBe(110);
    expect(T.L2_MAX_SCORE - total).toBe(T.L2_MIN_SCORE);
    expect(T.L2_MIN_SCORE).toBe(-203);
    expect(REQUIREMENTS.L2.reduce((s, r) => s + r.points, 0)).toBe(total);
  });

  it('partial credit exists only for 3.5.3 and 3.13.11', () => {
    expect(l2Csv.filter((r) => r.partial !== null).map((r) => r.nist)).toEqual(['3.5.3', '3.13.11']);
  });

  it('every POA&M-eligible (yes) requirement weighs 1 point', () => {
    expect(POAM_YES.length).toBeGreaterThanOrEqual(23);
    expect(POAM_YES.every((r) => r.points === 1)).toBe(true);
  });
});

describe('rules §6 results name every requirement of the level and nothing else', () => {
  it.each(['L1_SELF', 'L2_SELF', 'L2_C3PAO', 'L3_DIBCAC'] as Level[])('%s: a complete set is valid', (level) => {
    expect(validateResults(level, results(level))).toEqual([]);
  });

  it('a missing requirement is reported at its path with "missing answer"', () => {
    const r: Record<string, unknown> = results('L2_SELF');
    delete r['AC.L2-3.1.1'];
    expect(validateResults('L2_SELF', r)).toEqual([{ path: 'results.AC.L2-3.1.1', message: 'missing answer' }]);
    expect(scoreAssessment('L2_SELF', r as Results)).toEqual({
      ok: false,
      errors: [{ path: 'results.AC.L2-3.1.1', message: 'missing answer' }],
    });
  });

  it('an extra requirement (another level, or unknown) is rejected at its path', () => {
    const errs = validateResults('L2_SELF', { ...results('L2_SELF'), 'AC.L1-b.1.i': 'MET', 'XX.L2-9.9.9': 'MET' });
    expect(errs.map((e) => e.path)).toEqual(['results.AC.L1-b.1.i', 'results.XX.L2-9.9.9']);
    expect(errs[0].message).toMatch(/not a requirement of CMMC Level 2 \(Self\)/);
  });

  it('an empty results object lists every requirement as missing', () => {
    const errs = validateResults('L1_SELF', {});
    expect(errs).toHaveLength(requirementsFor('L1_SELF').length);
    expect(errs.every((e) => e.message === 'missing answer')).toBe(true);
  });

  it('values other than MET | NOT_MET | NOT_APPLICABLE | PARTIAL are rejected', () => {
    const errs = validateResults('L3_DIBCAC', results('L3_DIBCAC', { 'AC.L3-3.1.2e': 'YES' as RequirementResult }));
    expect(errs).toEqual([{ path: 'results.AC.L3-3.1.2e', message: expect.stringMatching(/MET, NOT_MET, NOT_APPLICABLE, PARTIAL/) }]);
  });

  it('a non-object results value is rejected', () => {
    expect(validateResults('L1_SELF', null as unknown as Record<string, unknown>)[0].path).toBe('results');
  });

  it.each([
    ['L2_SELF', 'AC.L2-3.1.1'],
    ['L2_C3PAO', 'SC.L2-3.13.10'],
    ['L1_SELF', 'AC.L1-b.1.i'],
    ['L3_DIBCAC', 'AC.L3-3.1.2e'],
  ] as [Level, string][])('%s: PARTIAL on %s (no partial credit) is a validation error', (level, id) => {
    const out = scoreAssessment(level, results(level, { [id]: 'PARTIAL' }));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0].path).toBe(`results.${id}`);
    expect(out.errors[0].message).toMatch(/PARTIAL/);
  });
});

describe('rules §6 Level 1 (Self): all met → Final, any NOT MET → No CMMC Status, no score', () => {
  const ids = requirementsFor('L1_SELF').map((r) => r.id);
  it('has the 15 requirements of the table', () => expect(ids).toHaveLength(15));

  it.each([
    ['all MET', {}, 'FINAL', []],
    ['N/A counts as MET', all(ids.slice(0, 5), 'NOT_APPLICABLE'), 'FINAL', []],
    ['one NOT MET', { [ids[3]]: 'NOT_MET' }, 'NONE', [ids[3]]],
    ['two NOT MET', { [ids[0]]: 'NOT_MET', [ids[14]]: 'NOT_MET' }, 'NONE', [ids[0], ids[14]]],
  ] as [string, Results, string, string[]][])('%s', (_name, overrides, type, blocking) => {
    const out = scoreAssessment('L1_SELF', results('L1_SELF', overrides));
    expect(out).toMatchObject({ ok: true, type, score: null, poam: [], blocking });
    if (out.ok) expect(out.explanation.length).toBeGreaterThan(0);
  });
});

describe('rules §6 Level 2 (Self / C3PAO): score = 110 − deductions, Final / Conditional / None', () => {
  const levels: Level[] = ['L2_SELF', 'L2_C3PAO'];

  it.each(levels)('%s: all MET → Final, 110', (level) => {
    expect(scoreAssessment(level, results(level))).toMatchObject({ ok: true, type: 'FINAL', score: 110, poam: [], blocking: [] });
  });

  it('N/A scores as MET', () => {
    const ids = requirementsFor('L2_SELF').map((r) => r.id).filter((id) => id !== SSP_REQUIREMENT_ID);
    expect(scoreAssessment('L2_SELF', results('L2_SELF', all(ids, 'NOT_APPLICABLE')))).toMatchObject({ type: 'FINAL', score: 110 });
  });

  it('all NOT MET except the SSP → −203, No CMMC Status', () => {
    const others = l2Csv.filter((r) => r.id !== SSP_REQUIREMENT_ID).map((r) => r.id);
    const out = scoreAssessment('L2_SELF', results('L2_SELF', all(others, 'NOT_MET')));
    expect(out).toMatchObject({ ok: true, type: 'NONE', score: -203, poam: [] });
    expect(out.ok && out.score).toBe(-203);
    // The POA&M-ineligible ones block; the eligible ones alone would not.
    const expectedBlocking = l2Csv.filter((r) => r.id !== SSP_REQUIREMENT_ID && r.poam !== 'yes').map((r) => r.id);
    expect(out.ok && out.blocking).toEqual(expectedBlocking);
  });

  it('the SSP (CA.L2-3.12.4) NOT MET → rejected, "No CMMC Score"', () => {
    expect(SSP_REQUIREMENT_ID).toBe('CA.L2-3.12.4');
    for (const level of levels) {
      const out = scoreAssessment(level, results(level, { [SSP_REQUIREMENT_ID]: 'NOT_MET' }));
      expect(out.ok).toBe(false);
      if (out.ok) continue;
      expect(out.errors).toEqual([{ path: 'results.CA.L2-3.12.4', message: expect.stringContaining('No CMMC Score') }]);
    }
  });

  it('the SSP N/A counts as MET', () => {
    expect(scoreAssessment('L2_SELF', results('L2_SELF', { [SSP_REQUIREMENT_ID]: 'NOT_APPLICABLE' }))).toMatchObject({
      type: 'FINAL',
      score: 110,
    });
  });

  // 88 vs 87: NOT MET on n POA&M-eligible one-point requirements.
  it.each([
    [22, 88, 'CONDITIONAL'],
    [23, 87, 'NONE'],
  ] as const)('%i eligible one-point requirements NOT MET → score %i, %s', (n, score, type) => {
    const ids = POAM_YES.slice(0, n).map((r) => r.id);
    expect(T.L2_MAX_SCORE - n).toBe(score);
    const out = scoreAssessment('L2_C3PAO', results('L2_C3PAO', all(ids, 'NOT_MET')));
    expect(out).toMatchObject({ ok: true, type, score });
    if (!out.ok) return;
    if (type === 'CONDITIONAL') {
      expect(out.poam).toEqual(ids);
      expect(out.blocking).toEqual([]);
    } else {
      // Only the score is wrong, so every NOT MET requirement is listed as blocking.
      expect(out.poam).toEqual([]);
      expect(out.blocking).toEqual(ids);
      expect(out.explanation).toMatch(/87.*below.*88/);
    }
  });

  it('the threshold comes from the calendar', () => expect(T.L2_CONDITIONAL_MIN_SCORE).toBe(88));

  it('3.13.11 PARTIAL deducts its partial points → 107, Conditional with 3.13.11 on the POA&M', () => {
    const id = l2('3.13.11');
    const row = l2Csv.find((r) => r.id === id)!;
    expect(row.poam).toBe('partial_only');
    const out = scoreAssessment('L2_SELF', results('L2_SELF', { [id]: 'PARTIAL' }));
    expect(out).toEqual({
      ok: true,
      type: 'CONDITIONAL',
      score: 107,
      poam: ['SC.L2-3.13.11'],
      blocking: [],
      explanation: expect.any(String),
    });
    expect(out.ok && out.score).toBe(T.L2_MAX_SCORE - row.partial!);
  });

  it('3.13.11 NOT MET (partial_only) is not POA&M-eligible → None, blocking 3.13.11', () => {
    const out = scoreAssessment('L2_SELF', results('L2_SELF', { 'SC.L2-3.13.11': 'NOT_MET' }));
    expect(out).toMatchObject({ ok: true, type: 'NONE', score: 105, poam: [], blocking: ['SC.L2-3.13.11'] });
  });

  it('3.5.3 PARTIAL → 107 but 3.5.3 is never POA&M-eligible → None, blocking 3.5.3', () => {
    const id = l2('3.5.3');
    expect(l2Csv.find((r) => r.id === id)!.poam).toBe('no');
    const out = scoreAssessment('L2_SELF', results('L2_SELF', { [id]: 'PARTIAL' }));
    expect(out).toMatchObject({ ok: true, type: 'NONE', score: 107, poam: [], blocking: ['IA.L2-3.5.3'] });
    expect(out.ok && out.explanation).toMatch(/IA\.L2-3\.5\.3/);
  });

  it('a score ≥ 88 with one POA&M-ineligible NOT MET → None, blocking only that one', () => {
    const yes = POAM_YES[0].id;
    const no = 'AC.L2-3.1.1';
    const out = scoreAssessment('L2_SELF', results('L2_SELF', { [yes]: 'NOT_MET', [no]: 'NOT_MET' }));
    expect(out).toMatchObject({ ok: true, type: 'NONE', score: 104, blocking: [no] });
  });

  it('below 88 and ineligible requirements → blocking names the ineligible ones, explanation both causes', () => {
    const ids = POAM_YES.slice(0, 20).map((r) => r.id);
    const out = scoreAssessment('L2_SELF', results('L2_SELF', { ...all(ids, 'NOT_MET'), 'AC.L2-3.1.1': 'NOT_MET' }));
    expect(out).toMatchObject({ ok: true, type: 'NONE', score: 85, blocking: ['AC.L2-3.1.1'] });
    expect(out.ok && out.explanation).toMatch(/below/);
    expect(out.ok && out.explanation).toMatch(/cannot be on a POA&M/);
  });

  it('mixed PARTIAL and NOT MET deductions add up', () => {
    const out = scoreAssessment(
      'L2_SELF',
      results('L2_SELF', { 'SC.L2-3.13.11': 'PARTIAL', 'IA.L2-3.5.3': 'NOT_MET', 'AC.L2-3.1.3': 'NOT_MET' }),
    );
    expect(out).toMatchObject({ ok: true, score: 110 - 3 - 5 - 1, type: 'NONE', blocking: ['IA.L2-3.5.3'] });
  });
});

describe('rules §6 Level 3 (DIBCAC): 1 point per requirement; 24 Final, ≥ 20 Conditional', () => {
  const table = requirementsFor('L3_DIBCAC');
  const yes = table.filter((r) => r.poamAllowed === 'yes').map((r) => r.id);
  const no = table.filter((r) => r.poamAllowed === 'no').map((r) => r.id);

  it('has 24 requirements (the calendar agrees)', () => {
    expect(table).toHaveLength(24);
    expect(T.L3_REQUIREMENTS).toBe(24);
    expect(T.L3_CONDITIONAL_MIN_MET).toBe(20);
  });

  it.each([
    ['24 met', {}, 'FINAL', 24, [], []],
    ['24 met with N/A', all(yes.slice(0, 3), 'NOT_APPLICABLE'), 'FINAL', 24, [], []],
    ['20 met, 4 eligible NOT MET', all(yes.slice(0, 4), 'NOT_MET'), 'CONDITIONAL', 20, yes.slice(0, 4), []],
    ['19 met, 5 eligible NOT MET', all(yes.slice(0, 5), 'NOT_MET'), 'NONE', 19, [], yes.slice(0, 5)],
    ['23 met, one poam_allowed=no NOT MET', { [no[0]]: 'NOT_MET' }, 'NONE', 23, [], [no[0]]],
    [
      '21 met, two eligible and one poam_allowed=no NOT MET',
      { ...all(yes.slice(0, 2), 'NOT_MET'), [no[1]]: 'NOT_MET' },
      'NONE',
      21,
      [],
      [no[1]],
    ],
  ] as [string, Results, string, number, string[], string[]][])('%s', (_n, overrides, type, score, poam, blocking) => {
    const out = scoreAssessment('L3_DIBCAC', results('L3_DIBCAC', overrides));
    expect(out).toMatchObject({ ok: true, type, score, poam, blocking });
  });

  it('IR.L3-3.6.1e (poam_allowed no) NOT MET blocks a Conditional status', () => {
    const out = scoreAssessment('L3_DIBCAC', results('L3_DIBCAC', { 'IR.L3-3.6.1e': 'NOT_MET' }));
    expect(out).toMatchObject({ type: 'NONE', score: 23, blocking: ['IR.L3-3.6.1e'] });
    expect(out.ok && out.explanation).toMatch(/IR\.L3-3\.6\.1e/);
  });
});
