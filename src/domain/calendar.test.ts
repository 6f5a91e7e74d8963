import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calendar, parseCalendar } from './calendar.js';

const data = () => JSON.parse(readFileSync(new URL('../data/regulatory-calendar.json', import.meta.url), 'utf8'));

describe('the regulatory calendar data file', () => {
  it('loads the dates and periods the rule book states', () => {
    expect(calendar.dfarsCmmcRuleEffective).toBe('2025-11-10');
    expect(calendar.validity.CONDITIONAL.days).toBe(180);
    expect(calendar.validity.FINAL_L2.years).toBe(3);
    expect(calendar.thresholds.L2_CONDITIONAL_MIN_SCORE).toBe(88);
    expect(calendar.phases.map((p) => p.start)).toEqual(['2025-11-10', '2026-11-10', '2027-11-10', '2028-11-10']);
  });

  it('refuses a file with an impossible date, naming the field', () => {
    const d = data();
    d.phases[1].start = '2026-02-30';
    expect(() => parseCalendar(d)).toThrow('The regulatory calendar src/data/regulatory-calendar.json is malformed: phases.1.start: must be a calendar date written YYYY-MM-DD');
  });

  it('refuses a period with neither days nor years, and an unknown level', () => {
    const d = data();
    delete d.validity.CONDITIONAL.days;
    d.phases[0].atAward = ['L4_SELF'];
    const message = (() => {
      try {
        parseCalendar(d);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toContain('validity.CONDITIONAL: must give either days or years');
    expect(message).toContain('phases.0.atAward.0:');
  });

  it('refuses a file without its citations', () => {
    const d = data();
    delete d.citations;
    expect(() => parseCalendar(d)).toThrow(/malformed: citations: /);
  });
});
