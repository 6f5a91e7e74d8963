import { describe, it, expect } from 'vitest';
import { calendar } from './calendar.js';
import { evaluateCloseout } from './closeout.js';
import { addDays } from './dates.js';
import type { Level, RequirementResult } from './levels.js';

const all = (ids: readonly string[], value: RequirementResult): Record<string, RequirementResult> =>
  Object.fromEntries(ids.map((id) => [id, value]));

describe('rules §6 POA&M closeout (32 CFR 170.21(b))', () => {
  const period = calendar.validity.CONDITIONAL.days!;
  const statusDate = '2026-01-01';
  const poam = ['AC.L2-3.1.3', 'SC.L2-3.13.11'];
  const base = { level: 'L2_SELF' as Level, poam, statusDate };

  it('the period is 180 days', () => expect(period).toBe(180));

  it.each([
    ['on the status date', 0],
    ['on day 180', 180],
  ])('accepted %s', (_n, days) => {
    const closeoutDate = addDays(statusDate, days);
    expect(evaluateCloseout({ ...base, closeoutDate, results: all(poam, 'MET') })).toEqual({
      ok: true,
      result: 'SUCCESS',
      stillNotMet: [],
    });
  });

  it('day 180 is 2026-06-30 for a 2026-01-01 status date; day 181 (2026-07-01) is a conflict', () => {
    expect(evaluateCloseout({ ...base, closeoutDate: '2026-06-30', results: all(poam, 'MET') }).ok).toBe(true);
    const late = evaluateCloseout({ ...base, closeoutDate: '2026-07-01', results: all(poam, 'MET') });
    expect(late).toMatchObject({ ok: false, conflict: true });
    expect(late.ok === false && late.errors[0].path).toBe('closeoutDate');
  });

  it('day 181 is a conflict even with wrong results', () => {
    expect(evaluateCloseout({ ...base, closeoutDate: addDays(statusDate, period + 1), results: {} })).toMatchObject({
      ok: false,
      conflict: true,
    });
  });

  it('MET or N/A count as met', () => {
    expect(
      evaluateCloseout({ ...base, closeoutDate: '2026-03-01', results: { 'AC.L2-3.1.3': 'NOT_APPLICABLE', 'SC.L2-3.13.11': 'MET' } }),
    ).toEqual({ ok: true, result: 'SUCCESS', stillNotMet: [] });
  });

  it.each([
    ['one still NOT MET', { 'AC.L2-3.1.3': 'NOT_MET', 'SC.L2-3.13.11': 'MET' }, ['AC.L2-3.1.3']],
    ['3.13.11 still PARTIAL', { 'AC.L2-3.1.3': 'MET', 'SC.L2-3.13.11': 'PARTIAL' }, ['SC.L2-3.13.11']],
  ])('FAILED when %s', (_n, res, stillNotMet) => {
    expect(evaluateCloseout({ ...base, closeoutDate: '2026-03-01', results: res })).toEqual({
      ok: true,
      result: 'FAILED',
      stillNotMet,
    });
  });

  it.each([
    ['a POA&M requirement missing', { 'AC.L2-3.1.3': 'MET' }, ['results.SC.L2-3.13.11']],
    ['a requirement not on the POA&M', { ...all(poam, 'MET'), 'AC.L2-3.1.4': 'MET' }, ['results.AC.L2-3.1.4']],
    ['nothing named', {}, ['results.AC.L2-3.1.3', 'results.SC.L2-3.13.11']],
    ['PARTIAL where no partial credit', { 'AC.L2-3.1.3': 'PARTIAL', 'SC.L2-3.13.11': 'MET' }, ['results.AC.L2-3.1.3']],
    ['a bad value', { 'AC.L2-3.1.3': 'DONE', 'SC.L2-3.13.11': 'MET' }, ['results.AC.L2-3.1.3']],
  ])('wrong requirement set or value → validation error: %s', (_n, res, paths) => {
    const out = evaluateCloseout({ ...base, closeoutDate: '2026-03-01', results: res });
    expect(out).toMatchObject({ ok: false, conflict: false });
    expect(out.ok === false && out.errors.map((e) => e.path)).toEqual(paths);
  });

  describe('an imported Conditional without a POA&M list', () => {
    const imported = { level: 'L3_DIBCAC' as Level, poam: [], statusDate, closeoutDate: '2026-02-01' };
    it('accepts any non-empty set of requirements of its level', () => {
      expect(evaluateCloseout({ ...imported, results: { 'AC.L3-3.1.2e': 'MET', 'IR.L3-3.6.1e': 'MET' } })).toEqual({
        ok: true,
        result: 'SUCCESS',
        stillNotMet: [],
      });
      expect(evaluateCloseout({ ...imported, results: { 'AC.L3-3.1.2e': 'NOT_MET' } })).toEqual({
        ok: true,
        result: 'FAILED',
        stillNotMet: ['AC.L3-3.1.2e'],
      });
    });
    it('rejects an empty set', () => {
      expect(evaluateCloseout({ ...imported, results: {} })).toMatchObject({ ok: false, conflict: false });
    });
    it('rejects a requirement of another level', () => {
      const out = evaluateCloseout({ ...imported, results: { 'AC.L2-3.1.3': 'MET' } });
      expect(out).toMatchObject({ ok: false, conflict: false, errors: [{ path: 'results.AC.L2-3.1.3' }] });
    });
  });

  it('a closeout dated before the status date is rejected', () => {
    expect(evaluateCloseout({ ...base, closeoutDate: '2025-12-31', results: all(poam, 'MET') })).toMatchObject({
      ok: false,
      conflict: false,
    });
  });

  it('Level 1 has nothing to close out', () => {
    expect(
      evaluateCloseout({ level: 'L1_SELF', poam: [], statusDate, closeoutDate: '2026-02-01', results: { 'AC.L1-b.1.i': 'MET' } }),
    ).toMatchObject({ ok: false, conflict: true });
  });
});
