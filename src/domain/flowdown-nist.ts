/**
 * The sub's NIST SP 800-171 DoD Assessment (rules §7; DFARS 252.204-7020(g)(2)): when the
 * subcontract is subject to DFARS 252.204-7012, the prime may not award it unless the sub completed,
 * within the last 3 years, at least a Basic assessment covering its CAGE. Any confidence counts; the
 * period is the calendar's NIST validity (3 calendar years, inclusive, rules §2), the same as the
 * officer's check uses (nist.ts). Separate from the CMMC level, so it applies with information NONE
 * too. Pure: the assessment comes from the evidence the sub shared.
 */
import type { IsoDate } from './dates.js';
import type { NistConfidence } from './levels.js';
import { nistValidThrough } from './nist.js';
import { makeReason, type Reason } from './reasons.js';

/** An assessment as the evidence shows it: a signed attestation's `nist` claim, or what the prime typed. */
export interface SubNistAssessment {
  confidence: NistConfidence;
  assessmentDate: IsoDate;
  score: number;
  /** The CAGE codes it covers, when the evidence says (an attestation does; a typed print-out is taken as the sub's). */
  cages?: string[];
}

/**
 * Where the assessment came from. `ATTESTATION_WITHOUT_CLAIM`: a token issued before attestations
 * carried the `nist` claim, so the evidence cannot show an assessment either way.
 */
export type SubNistSource = 'ATTESTATION' | 'ATTESTATION_WITHOUT_CLAIM' | 'TYPED' | 'NONE';

export interface SubNistEvidence {
  source: SubNistSource;
  assessment: SubNistAssessment | null;
}

export type SubNistOutcome = 'CURRENT' | 'MISSING' | 'EXPIRED';

export interface SubNistResult {
  outcome: SubNistOutcome;
  source: SubNistSource;
  /** The assessment the test looked at (also when it did not count). */
  assessment: SubNistAssessment | null;
  /** Last date the assessment counts (assessment date + 3 calendar years); null when there is none that could count. */
  validThrough: IsoDate | null;
  reasons: Reason[];
}

const CONFIDENCE_WORD: Record<NistConfidence, string> = { BASIC: 'Basic', MEDIUM: 'Medium', HIGH: 'High' };

const describe = (a: SubNistAssessment) => `${CONFIDENCE_WORD[a.confidence]}, ${a.assessmentDate}, score ${a.score}`;

function missing(cage: string, asOf: IsoDate, evidence: SubNistEvidence): string {
  switch (evidence.source) {
    case 'ATTESTATION_WITHOUT_CLAIM':
      return 'The attestation carries no NIST SP 800-171 DoD Assessment: it was issued before attestations carried one. Ask the subcontractor for a fresh attestation, or record its assessment as typed evidence.';
    case 'ATTESTATION':
      return `The attestation shows no NIST SP 800-171 DoD Assessment posted for the subcontractor's CAGE codes when it was issued; CAGE ${cage} needs one dated within 3 years of ${asOf}.`;
    default:
      return `No NIST SP 800-171 DoD Assessment of the subcontractor (CAGE ${cage}) was given; it needs at least a Basic assessment dated within 3 years of ${asOf} before award.`;
  }
}

/**
 * The test of rules §7 on the decision date `asOf`: the assessment must cover the sub's CAGE, be dated
 * on or before `asOf` (as-of semantics, rules §3), and not be more than 3 years old on `asOf`.
 */
export function checkSubNist(cage: string, asOf: IsoDate, evidence: SubNistEvidence): SubNistResult {
  const a = evidence.assessment;
  const out = (outcome: SubNistOutcome, validThrough: IsoDate | null, reasons: Reason[]): SubNistResult => ({ outcome, source: evidence.source, assessment: a, validThrough, reasons });
  if (!a) return out('MISSING', null, [makeReason('SUB_NIST_ASSESSMENT_MISSING', missing(cage, asOf, evidence), { cage })]);
  if (a.cages && !a.cages.includes(cage)) {
    return out('MISSING', null, [
      makeReason('SUB_NIST_ASSESSMENT_MISSING', `The assessment in the evidence (${describe(a)}) covers CAGE ${a.cages.join(', ')}, not the subcontractor's CAGE ${cage}.`, { cage }),
    ]);
  }
  if (a.assessmentDate > asOf) {
    return out('MISSING', null, [
      makeReason('SUB_NIST_ASSESSMENT_MISSING', `The assessment in the evidence (${describe(a)}) is dated after the decision date ${asOf}, so it does not count for a decision on that date.`, { cage }),
    ]);
  }
  const validThrough = nistValidThrough(a.assessmentDate);
  if (validThrough < asOf) {
    return out('EXPIRED', validThrough, [
      makeReason(
        'SUB_NIST_ASSESSMENT_EXPIRED',
        `The subcontractor's latest NIST SP 800-171 DoD Assessment (${describe(a)}) counted through ${validThrough}: on ${asOf} it is more than 3 years old.`,
        { cage, validThrough },
      ),
    ]);
  }
  return out('CURRENT', validThrough, []);
}
