import { describe, it, expect } from 'vitest';
import { subMinimumLevel } from './flowdown.js';
import { LEVELS, type Information, type Level } from './levels.js';

describe('rules §7 flowdown: the sub\'s minimum level (32 CFR 170.23; DFARS 252.204-7021(d)(1)(ii), (f))', () => {
  // [information, prime level, sub minimum, mismatch]: the full table.
  const table: [Information, Level, Level | null, boolean][] = [
    ...LEVELS.map((l): [Information, Level, Level | null, boolean] => ['NONE', l, null, false]),
    ...LEVELS.map((l): [Information, Level, Level | null, boolean] => ['FCI', l, 'L1_SELF', false]),
    ['CUI', 'L2_SELF', 'L2_SELF', false],
    ['CUI', 'L2_C3PAO', 'L2_C3PAO', false],
    ['CUI', 'L3_DIBCAC', 'L2_C3PAO', false],
    ['CUI', 'L1_SELF', 'L2_SELF', true],
  ];

  it.each(table)('%s under a %s prime → %s (mismatch %s)', (information, prime, min, mismatch) => {
    const out = subMinimumLevel(prime, information);
    expect(out.subMinimumLevel).toBe(min);
    expect(out.mismatch).toBe(mismatch);
    expect(out.citation).toBe('32 CFR 170.23(a); DFARS 252.204-7021(d)(1)(ii), (f)(2)');
    expect(out.explanation.length).toBeGreaterThan(0);
  });

  it('covers every prime level × information', () => expect(table).toHaveLength(12));

  it('no FCI/CUI: CMMC does not flow down', () => {
    expect(subMinimumLevel('L3_DIBCAC', 'NONE').explanation).toMatch(/does not flow down/);
  });

  it('CUI under an L1_SELF prime: the mismatch is explained (Decision)', () => {
    expect(subMinimumLevel('L1_SELF', 'CUI').explanation).toMatch(/Decision/);
  });
});
