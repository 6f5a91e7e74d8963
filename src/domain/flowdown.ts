/**
 * Minimum CMMC level a subcontractor needs (rules §7; DFARS 252.204-7021(d)(1)(ii), (f);
 * 32 CFR 170.23). The citation comes from the regulatory calendar.
 */
import { citation } from './calendar.js';
import { affirmationThrough, ageThrough } from './currency.js';
import { addDays, minDate, type IsoDate } from './dates.js';
import { LEVEL_LABEL, meetsRank, type Information, type Level, type StatusType } from './levels.js';
import { hasError, makeReason, reason, type Reason } from './reasons.js';

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

// ---- the flowdown decision (rules §7 with §3–§4 applied to the sub's evidence) ----

/** What the evidence says about one of the sub's systems (one UID). */
export interface FlowdownFact {
  uid: string;
  level: Level;
  type: StatusType;
  statusDate: IsoDate;
  /** Last date the status is current as the evidence shows it (null: not current). */
  currentThrough: IsoDate | null;
  latestAffirmationDate: IsoDate | null;
  /**
   * Codes the issuing AwardGate computed on the issue date (attestations only). Only those the
   * facts cannot show are used: the ending reasons and COMPLIANCE_CHANGED (rules §3.3, §3.5, §3.6).
   */
  issuerReasons?: string[];
}

export interface FlowdownDecisionInput {
  primeLevel: Level;
  information: Information;
  asOf: IsoDate;
  lookAheadDays: number;
  facts: FlowdownFact[];
  /** True when the facts come from a verified signed attestation. */
  verified: boolean;
}

export interface FlowdownUidRow {
  uid: string;
  meets: boolean;
  currentThrough: IsoDate | null;
  reasons: Reason[];
}

export interface FlowdownDecision {
  subMinimumLevel: Level | null;
  citation: string;
  explanation: string;
  mayAward: boolean;
  /** Every reason: decision-level first, then each UID's (their detail names the UID). */
  reasons: Reason[];
  uids: FlowdownUidRow[];
  /** Earliest currentThrough among the UIDs (null when none, or any is not current). */
  evidenceCurrentThrough: IsoDate | null;
}

/**
 * currentThrough from typed facts (rules §3 "currentThrough"): the earlier of the age bound and the
 * affirmation + 1 year; null when there is no status or no affirmation on or after the status date.
 */
export function factsCurrentThrough(level: Level, type: StatusType, statusDate: IsoDate, affirmationDate: IsoDate | null): IsoDate | null {
  if (type === 'NONE' || !affirmationDate || affirmationDate < statusDate) return null;
  return minDate(ageThrough(level, type, statusDate), affirmationThrough(affirmationDate));
}

const ENDING_CODES = ['NO_CMMC_STATUS', 'POAM_CLOSEOUT_FAILED', 'SUPERSEDED'] as const;

function decideFact(f: FlowdownFact, minimum: Level, input: FlowdownDecisionInput): FlowdownUidRow {
  const D = input.asOf;
  const issuer = f.issuerReasons ?? [];
  const reasons: Reason[] = [];
  const ended = ENDING_CODES.filter((c) => issuer.includes(c));
  if (f.type === 'NONE' && !ended.length) ended.push('NO_CMMC_STATUS');
  if (f.statusDate > D) {
    // As-of semantics (rules §3): a status dated after D does not exist for a decision on D.
    reasons.push(reason('UID_NOT_FOUND', `The evidence shows ${f.uid} with a status date of ${f.statusDate}, after the decision date ${D}.`));
  } else if (ended.length) {
    // An ended status reports only its ending reason(s) (rules §3, "Reporting").
    for (const code of ended) {
      const why =
        code === 'NO_CMMC_STATUS'
          ? `${f.uid} has no CMMC status according to the evidence.`
          : code === 'SUPERSEDED'
            ? `The attestation states that ${f.uid} had been superseded by a newer assessment when it was issued; ask the subcontractor for its current UID.`
            : `The attestation states that the POA&M closeout of ${f.uid} failed, ending its Conditional status.`;
      reasons.push(reason(code, why));
    }
  } else {
    if (f.type === 'CONDITIONAL' && minimum === 'L1_SELF') {
      reasons.push(reason('CONDITIONAL_NOT_ALLOWED_FOR_L1', `A Level 1 minimum needs a Final status; ${f.uid} is Conditional (${LEVEL_LABEL[f.level]}).`));
    }
    if (!meetsRank(f.level, minimum)) {
      reasons.push(reason('LEVEL_TOO_LOW', `${f.uid} holds ${LEVEL_LABEL[f.level]}; the subcontractor needs ${LEVEL_LABEL[minimum]} or higher.`));
    }
    const age = ageThrough(f.level, f.type === 'CONDITIONAL' ? 'CONDITIONAL' : 'FINAL', f.statusDate);
    if (D > age) {
      reasons.push(
        f.type === 'CONDITIONAL'
          ? reason('CONDITIONAL_EXPIRED', `The Conditional status of ${f.statusDate} was current through ${age} and has expired.`, { through: age })
          : reason('STATUS_EXPIRED', `The Final status of ${f.statusDate} was current through ${age} and has expired.`, { through: age }),
      );
    }
    if (issuer.includes('COMPLIANCE_CHANGED')) {
      reasons.push(reason('COMPLIANCE_CHANGED', `The attestation states that a change in compliance was recorded for ${f.uid}; its status is not current.`));
    }
    if (!f.latestAffirmationDate || f.latestAffirmationDate < f.statusDate) {
      reasons.push(reason('AFFIRMATION_MISSING', `The evidence shows no affirmation of continuous compliance for ${f.uid} dated on or after its status date ${f.statusDate}.`));
    } else {
      const through = affirmationThrough(f.latestAffirmationDate);
      if (D > through) {
        reasons.push(
          reason('AFFIRMATION_EXPIRED', `The latest affirmation for ${f.uid} (${f.latestAffirmationDate}) was current through ${through} and is older than one year.`, {
            latestAffirmation: f.latestAffirmationDate,
            through,
          }),
        );
      }
    }
    if (!hasError(reasons) && (f.currentThrough === null || f.currentThrough < D)) {
      reasons.push(
        makeReason(
          'STATUS_NOT_CURRENT',
          f.currentThrough === null
            ? `The evidence states that ${f.uid} was not current when it was issued.`
            : `The evidence states that ${f.uid} is current only through ${f.currentThrough}, before ${D}.`,
        ),
      );
    }
  }
  const meets = !hasError(reasons);
  if (meets && f.currentThrough) {
    const horizon = addDays(D, input.lookAheadDays);
    if (f.currentThrough < horizon) {
      reasons.push(
        reason('EXPIRES_WITHIN', `${f.uid} is current only through ${f.currentThrough}, before ${horizon} (${input.lookAheadDays} days ahead); plan a re-check.`, {
          currentThrough: f.currentThrough,
          horizon,
        }),
      );
    }
  }
  for (const r of reasons) r.detail = { ...r.detail, uid: f.uid };
  return { uid: f.uid, meets, currentThrough: meets ? f.currentThrough : null, reasons };
}

/**
 * May the prime award the subcontract? (rules §7). The sub needs, for each of its systems in the
 * subcontract, a current status (rules §3) at the minimum level or higher (rules §4) with a current
 * affirmation. Pure: the facts come from a verified attestation or from what the prime typed.
 */
export function decideFlowdown(input: FlowdownDecisionInput): FlowdownDecision {
  const min = subMinimumLevel(input.primeLevel, input.information);
  const reasons: Reason[] = [];
  if (min.subMinimumLevel === null) {
    reasons.push(makeReason('FLOWDOWN_NOT_REQUIRED', min.explanation));
    return { subMinimumLevel: null, citation: min.citation, explanation: min.explanation, mayAward: true, reasons, uids: [], evidenceCurrentThrough: null };
  }
  if (min.mismatch) reasons.push(makeReason('PRIME_LEVEL_MISMATCH', min.explanation));
  const seen = new Set<string>();
  const facts: FlowdownFact[] = [];
  for (const f of input.facts) {
    if (seen.has(f.uid)) {
      if (!reasons.some((r) => r.code === 'DUPLICATE_UID' && r.detail?.uid === f.uid)) {
        reasons.push(reason('DUPLICATE_UID', `${f.uid} was listed more than once; it is decided once.`, { uid: f.uid }));
      }
      continue;
    }
    seen.add(f.uid);
    facts.push(f);
  }
  if (!facts.length) {
    reasons.push(
      reason('NO_UIDS_PROVIDED', `No UID of the subcontractor's systems was given; a sub that handles ${input.information} needs a current ${LEVEL_LABEL[min.subMinimumLevel]} status or higher for each.`),
    );
  } else if (!input.verified) {
    reasons.push(
      makeReason(
        'EVIDENCE_UNVERIFIED',
        'These facts were typed from evidence the subcontractor shared (print-out, certificate or other); AwardGate could not verify them. A signed status attestation from the subcontractor can be verified.',
      ),
    );
  }
  const rows = facts.map((f) => decideFact(f, min.subMinimumLevel!, input));
  const all = [...reasons, ...rows.flatMap((r) => r.reasons)];
  const throughs = rows.map((r) => r.currentThrough);
  return {
    subMinimumLevel: min.subMinimumLevel,
    citation: min.citation,
    explanation: min.explanation,
    mayAward: !hasError(all),
    reasons: all,
    uids: rows,
    evidenceCurrentThrough: throughs.length && throughs.every((t): t is IsoDate => t !== null) ? minDate(...throughs) : null,
  };
}
