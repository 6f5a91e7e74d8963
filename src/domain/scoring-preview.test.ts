import { describe, expect, it } from 'vitest';
import type { Level, RequirementResult } from './levels.js';
import { requirementsFor } from './requirements.js';
import { previewScore, scoreAssessment } from './scoring.js';
import { level2Csv } from './test-fixtures.js';

const l2Csv = level2Csv();
const l2 = (nist: string) => l2Csv.find((r) => r.nist === nist)!.id;
const onePointPoam = l2Csv.filter((r) => r.poam === 'yes' && r.points === 1).map((r) => r.id);
const fivePointNoPoam = l2Csv.filter((r) => r.poam === 'no' && r.points === 5 && r.nist !== '3.12.4').map((r) => r.id);
const l1Ids = requirementsFor('L1_SELF').map((r) => r.id);
const l3Ids = requirementsFor('L3_DIBCAC').map((r) => r.id);

const allMet = (level: Level): Record<string, RequirementResult> => Object.fromEntries(requirementsFor(level).map((r) => [r.id, 'MET' as const]));
const without = (o: Record<string, unknown>, ...ids: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !ids.includes(k)));

describe('rules §6 live score preview of a self-assessment being answered', () => {
  it.each([
    // [name, level, answers, expected]
    ['nothing answered yet: 110 unanswered, no deduction, Final if all turn out MET', 'L2_SELF', {}, { answered: 0, unanswered: 110, score: 110, type: 'FINAL', complete: false }],
    ['all 110 MET: complete, 110, Final', 'L2_SELF', allMet('L2_SELF'), { answered: 110, unanswered: 0, score: 110, type: 'FINAL', complete: true }],
    [
      'two 1-point POA&M-eligible NOT MET: 108, Conditional, both on the POA&M',
      'L2_SELF',
      { ...allMet('L2_SELF'), [onePointPoam[0]]: 'NOT_MET', [onePointPoam[1]]: 'NOT_MET' },
      { answered: 110, unanswered: 0, score: 108, type: 'CONDITIONAL', complete: true, poam: [onePointPoam[0], onePointPoam[1]] },
    ],
    [
      'a 5-point requirement that may not be on a POA&M NOT MET: 105, No CMMC Status, and it blocks',
      'L2_SELF',
      { ...allMet('L2_SELF'), [fivePointNoPoam[0]]: 'NOT_MET' },
      { answered: 110, unanswered: 0, score: 105, type: 'NONE', complete: true, blocking: [fivePointNoPoam[0]] },
    ],
    [
      'one NOT MET answered and the rest unanswered: the score of the answers given, status as if the rest were MET',
      'L2_SELF',
      { [onePointPoam[0]]: 'NOT_MET' },
      { answered: 1, unanswered: 109, score: 109, type: 'CONDITIONAL', complete: false },
    ],
    [
      'PARTIAL on 3.5.3 (MFA) deducts its partial points',
      'L2_SELF',
      { ...allMet('L2_SELF'), [l2('3.5.3')]: 'PARTIAL' },
      { answered: 110, unanswered: 0, score: 110 - l2Csv.find((r) => r.nist === '3.5.3')!.partial!, complete: true },
    ],
    ['blank strings count as unanswered (a form with no choice made)', 'L2_SELF', { ...allMet('L2_SELF'), [onePointPoam[0]]: '' }, { answered: 109, unanswered: 1, score: 110, complete: false }],
    ['Level 1 with one NOT MET: No CMMC Status, no score', 'L1_SELF', { ...allMet('L1_SELF'), [l1Ids[0]]: 'NOT_MET' }, { answered: 15, unanswered: 0, score: null, type: 'NONE', complete: true, blocking: [l1Ids[0]] }],
    ['Level 1 all N/A counts as MET: Final', 'L1_SELF', Object.fromEntries(l1Ids.map((id) => [id, 'NOT_APPLICABLE'])), { answered: 15, unanswered: 0, score: null, type: 'FINAL', complete: true }],
    ['Level 3 with 2 NOT MET: 22 met, Conditional', 'L3_DIBCAC', { ...allMet('L3_DIBCAC'), [l3Ids[0]]: 'NOT_MET', [l3Ids[1]]: 'NOT_MET' }, { answered: 24, unanswered: 0, score: 22, complete: true }],
  ] as const)('%s', (_name, level, answers, want) => {
    const p = previewScore(level, answers as Record<string, unknown>);
    expect(p.errors).toEqual([]);
    expect(p.noScore).toBe(false);
    expect(p.answered).toBe(want.answered);
    expect(p.unanswered).toHaveLength(want.unanswered);
    expect(p.total).toBe(requirementsFor(level).length);
    expect(p.score).toBe(want.score);
    expect(p.complete).toBe(want.complete);
    if ('type' in want) expect(p.type).toBe(want.type);
    if ('poam' in want) expect(p.poam).toEqual([...want.poam].sort((a, b) => requirementsFor(level).findIndex((r) => r.id === a) - requirementsFor(level).findIndex((r) => r.id === b)));
    if ('blocking' in want) expect(p.blocking).toEqual(want.blocking);
  });

  it('lists the unanswered requirements in table order', () => {
    const answers = without(allMet('L2_SELF'), l2('3.1.3'), l2('3.14.7'));
    expect(previewScore('L2_SELF', answers).unanswered).toEqual([l2('3.1.3'), l2('3.14.7')]);
  });

  it('gives No CMMC Score, not a number, once the SSP (3.12.4) is answered NOT MET', () => {
    const p = previewScore('L2_SELF', { [l2('3.12.4')]: 'NOT_MET' });
    expect(p.noScore).toBe(true);
    expect(p.score).toBeNull();
    expect(p.type).toBeNull();
    expect(p.explanation).toMatch(/No CMMC Score/);
  });

  it.each([
    ['PARTIAL where the table gives no partial credit', { [l2('3.1.1')]: 'PARTIAL' }, `results.${l2('3.1.1')}`, /PARTIAL is allowed only for/],
    ['a value that is not a result', { [l2('3.1.1')]: 'MAYBE' }, `results.${l2('3.1.1')}`, /must be one of/],
    ['a requirement the level does not have', { 'XX.L2-9.9.9': 'MET' }, 'results.XX.L2-9.9.9', /not a requirement of/],
  ])('reports %s as an answer that cannot be posted, with no score', (_n, answers, path, msg) => {
    const p = previewScore('L2_SELF', answers);
    expect(p.score).toBeNull();
    expect(p.complete).toBe(false);
    expect(p.errors.map((e) => e.path)).toEqual([path]);
    expect(p.errors[0].message).toMatch(msg);
  });

  it('agrees with scoreAssessment on every complete answer set it is given', () => {
    const sets: Record<string, RequirementResult>[] = [
      allMet('L2_SELF'),
      { ...allMet('L2_SELF'), ...Object.fromEntries(onePointPoam.slice(0, 22).map((id) => [id, 'NOT_MET' as const])) },
      { ...allMet('L2_SELF'), ...Object.fromEntries(onePointPoam.slice(0, 23).map((id) => [id, 'NOT_MET' as const])) },
      { ...allMet('L2_SELF'), [l2('3.13.11')]: 'PARTIAL', [l2('3.5.3')]: 'NOT_MET' },
    ];
    for (const s of sets) {
      const p = previewScore('L2_SELF', s);
      const o = scoreAssessment('L2_SELF', s);
      expect(o.ok).toBe(true);
      if (!o.ok) continue;
      expect({ score: p.score, type: p.type, poam: p.poam, blocking: p.blocking, explanation: p.explanation }).toEqual({
        score: o.score,
        type: o.type,
        poam: o.poam,
        blocking: o.blocking,
        explanation: o.explanation,
      });
    }
  });
});
