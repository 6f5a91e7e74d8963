/**
 * Minimum CMMC level a subcontractor needs (rules §7; DFARS 252.204-7021(d)(1)(ii), (f);
 * 32 CFR 170.23). The citation comes from the regulatory calendar.
 */
import { citation } from './calendar.js';
import { LEVEL_LABEL, type Information, type Level } from './levels.js';

export interface FlowdownMinimum {
  subMinimumLevel: Level | null;
  citation: string;
  explanation: string;
  /** True when the prime's level is too low for the information the sub handles (CUI under L1_SELF). */
  mismatch: boolean;
}

/** Sub's minimum level for CUI, by the prime's required level (rules §7 table). */
const CUI_MINIMUM: Record<Level, Level> = {
  L1_SELF: 'L2_SELF',
  L2_SELF: 'L2_SELF',
  L2_C3PAO: 'L2_C3PAO',
  L3_DIBCAC: 'L2_C3PAO',
};

export function subMinimumLevel(primeLevel: Level, information: Information): FlowdownMinimum {
  const cite = citation('FLOWDOWN_MINIMUM_LEVEL');
  const prime = LEVEL_LABEL[primeLevel];
  switch (information) {
    case 'NONE':
      return {
        subMinimumLevel: null,
        citation: cite,
        explanation:
          'The subcontractor will not process, store or transmit FCI or CUI on its systems, so CMMC does not flow down to it.',
        mismatch: false,
      };
    case 'FCI':
      return {
        subMinimumLevel: 'L1_SELF',
        citation: cite,
        explanation: `The subcontractor will handle FCI only: it needs at least ${LEVEL_LABEL.L1_SELF}, whatever the prime's level (${prime}).`,
        mismatch: false,
      };
    case 'CUI': {
      const min = CUI_MINIMUM[primeLevel];
      if (primeLevel === 'L1_SELF') {
        return {
          subMinimumLevel: min,
          citation: cite,
          explanation:
            `The subcontractor will handle CUI, but the prime's required level is only ${prime}. ` +
            `CUI always needs at least ${LEVEL_LABEL[min]} (Decision), so that is the sub's minimum; ` +
            'the prime contract level looks too low for CUI and should be raised with the contracting officer.',
          mismatch: true,
        };
      }
      const note = primeLevel === 'L3_DIBCAC' ? ' (a Level 3 prime flows down Level 2 (C3PAO) for CUI)' : '';
      return {
        subMinimumLevel: min,
        citation: cite,
        explanation: `The subcontractor will handle CUI under a ${prime} prime: it needs at least ${LEVEL_LABEL[min]}${note}.`,
        mismatch: false,
      };
    }
  }
}
