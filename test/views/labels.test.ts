/**
 * The words pages show for codes (views/labels.ts) are the rule book's (rules §1, §5), and the
 * domain's rule messages use the same ones (src/domain/levels.ts keeps its own copy for them).
 */
import { describe, expect, it } from 'vitest';
import { LEVEL_LABEL as RULE_LEVEL_NAME, LEVELS, STATUS_TYPES, statusLabel as ruleStatusName } from '../../src/domain/levels.js';
import { REASON_CODES } from '../../src/domain/reasons.js';
import { LEVEL_CHOICES, LEVEL_LABEL, NIST_CONFIDENCE_LABEL, REASON_LABEL, statusLabel, STATUS_TYPE_CHOICES } from '../../views/labels.js';

describe('views/labels.ts: the rule book\'s words', () => {
  it('names the four levels as rules §1 does, in rank order', () => {
    expect(LEVEL_CHOICES.map((l) => LEVEL_LABEL[l])).toEqual(['CMMC Level 1 (Self)', 'CMMC Level 2 (Self)', 'CMMC Level 2 (C3PAO)', 'CMMC Level 3 (DIBCAC)']);
    expect(LEVEL_CHOICES).toEqual([...LEVELS]);
  });

  it('names the seven statuses of DFARS 204.7501 and "No CMMC Status"', () => {
    expect(statusLabel('L1_SELF', 'FINAL')).toBe('Final Level 1 (Self)');
    expect(statusLabel('L2_SELF', 'CONDITIONAL')).toBe('Conditional Level 2 (Self)');
    expect(statusLabel('L2_C3PAO', 'FINAL')).toBe('Final Level 2 (C3PAO)');
    expect(statusLabel('L3_DIBCAC', 'CONDITIONAL')).toBe('Conditional Level 3 (DIBCAC)');
    expect(statusLabel('L2_C3PAO', 'NONE')).toBe('No CMMC Status');
    expect(STATUS_TYPE_CHOICES).toEqual([...STATUS_TYPES]);
  });

  it('shows the NIST SP 800-171 confidences as rules §5 names them', () => {
    expect(NIST_CONFIDENCE_LABEL).toEqual({ BASIC: 'Basic', MEDIUM: 'Medium', HIGH: 'High' });
  });

  it('uses the same level and status words as the domain\'s rule messages', () => {
    for (const level of LEVELS) {
      expect(LEVEL_LABEL[level]).toBe(RULE_LEVEL_NAME[level]);
      for (const type of STATUS_TYPES) expect(statusLabel(level, type)).toBe(ruleStatusName(level, type));
    }
  });

  it('has a short label for every code of the reason registry', () => {
    expect(Object.keys(REASON_LABEL).sort()).toEqual([...REASON_CODES].sort());
    for (const code of REASON_CODES) expect(REASON_LABEL[code].length).toBeGreaterThan(0);
  });
});
