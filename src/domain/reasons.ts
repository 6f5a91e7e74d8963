/**
 * The reason registry: every reason code any answer carries (the award check of api.md, the
 * applicability answer, flowdown decisions and attestation verification), with its severity, its
 * family and where its citation comes from. Every reason is built here by `makeReason`, so a code
 * cannot be used without an entry, and each cites what its entry says. The users' short label of
 * each code is in views/labels.ts (keyed by `ReasonCode`, so the compiler asks for one per code).
 */
import { citation } from './calendar.js';

export type Severity = 'error' | 'warning' | 'info';
export type ReasonFamily = 'eligibility' | 'applicability' | 'flowdown' | 'attestation';

export interface Reason {
  code: ReasonCode;
  severity: Severity;
  message: string;
  citation: string;
  /** Extra facts for the UI (e.g. the replacement UID); never needed to read the verdict. */
  detail?: Record<string, unknown>;
}

/**
 * Where a reason's citation comes from: `own`, the regulatory calendar's citation under the code
 * itself; a key of the calendar's citations shared by several codes (`or`: other keys a caller may
 * choose instead, when one code has two grounds); `clause-window`, the calendar's clause
 * prescription in force on the issue date (rules §8), which the caller passes; or a fixed text for a
 * rule no date or renumbering attaches to.
 */
type Cite = 'own' | 'clause-window' | { key: string; or?: readonly string[] } | { text: string };

interface Entry {
  severity: Severity;
  family: ReasonFamily;
  cite: Cite;
  /** An ending reason (rules §3 "Reporting"): the status has ended, and no other error is listed for the UID. */
  ending?: true;
}

const flowdownRule = { key: 'FLOWDOWN_MINIMUM_LEVEL' } as const;

/** The entries of a family whose codes cite alike: only the severity (and whether it ends the status) differs. */
const entryOf =
  (family: ReasonFamily, cite: Cite) =>
  (severity: Severity, ending?: 'ending'): Entry => ({ severity, family, cite, ...(ending ? { ending: true } : {}) });
/** An award-check reason, cited by the calendar's entry under the code itself. */
const award = entryOf('eligibility', 'own');
/** When the clauses are used: cited by the clause prescription in force on the issue date. */
const clauseUse = entryOf('applicability', 'clause-window');
/** Flowdown decisions and attestation verification: cited by the flowdown rule (32 CFR 170.23). */
const flowdown = entryOf('flowdown', flowdownRule);
const attestation = entryOf('attestation', flowdownRule);
/** The sub's NIST SP 800-171 test of rules §7 (DFARS 252.204-7020(g)(2)). */
const subNist = entryOf('flowdown', { key: 'SUB_NIST_ASSESSMENT' });

export const REASONS = {
  // ---- the award check (api.md reason codes; rules §3–§5) ----
  UID_INVALID_FORMAT: award('error'),
  UID_NOT_FOUND: award('error'),
  NO_UIDS_PROVIDED: award('error'),
  DUPLICATE_UID: award('warning'),
  NO_CMMC_STATUS: award('error', 'ending'),
  LEVEL_TOO_LOW: award('error'),
  CONDITIONAL_NOT_ALLOWED_FOR_L1: award('error'),
  CONDITIONAL_EXPIRED: award('error'),
  STATUS_EXPIRED: award('error'),
  AFFIRMATION_MISSING: award('error'),
  AFFIRMATION_EXPIRED: award('error'),
  COMPLIANCE_CHANGED: award('error'),
  SUPERSEDED: award('error', 'ending'),
  POAM_CLOSEOUT_FAILED: award('error', 'ending'),
  /** Rules §3 item 7: CMMC eMASS deleted a record it had sent; ended from the day AwardGate saw it. */
  RECORD_WITHDRAWN: award('error', 'ending'),
  NIST_ASSESSMENT_MISSING: award('error'),
  NIST_ASSESSMENT_EXPIRED: award('error'),
  SAM_NOT_CONFIRMED: award('error'),
  EXPIRES_WITHIN: award('warning'),
  L3_PREREQUISITE_LAPSED: award('warning'),
  UID_NOT_OFFEROR_CAGE: award('info'),

  // ---- when the clauses are used (rules §8) ----
  CLAUSE_NOT_YET_EFFECTIVE: clauseUse('info'),
  // DFARS 204.7504 and 32 CFR 170.5(d) carry no date, so the calendar does not list them.
  COTS_ONLY: { severity: 'info', family: 'applicability', cite: { text: 'DFARS 204.7504' } },
  WAIVER: { severity: 'info', family: 'applicability', cite: { text: '32 CFR 170.5(d)' } },
  NO_LEVEL_SET: clauseUse('info'),
  LEVEL_SET: clauseUse('info'),
  LEVEL_WITHOUT_INFORMATION: clauseUse('warning'),
  FCI_OR_CUI: clauseUse('info'),
  LEVEL_NEEDED: clauseUse('warning'),
  NO_FCI_OR_CUI: clauseUse('info'),

  // ---- flowdown decisions (rules §7; 32 CFR 170.23) ----
  /** Information NONE, or a COTS-only subcontract (which cites the COTS exclusion): CMMC does not flow down (rules §7). */
  FLOWDOWN_NOT_REQUIRED: { severity: 'info', family: 'flowdown', cite: { key: 'FLOWDOWN_MINIMUM_LEVEL', or: ['FLOWDOWN_COTS_EXCLUSION'] } },
  /** CUI under an L1_SELF prime: the Decision of rules §7, flagged to the prime. */
  PRIME_LEVEL_MISMATCH: flowdown('warning'),
  /** Facts typed from a print-out or certificate: the product could not verify them. */
  EVIDENCE_UNVERIFIED: flowdown('warning'),
  /** The attestation states the UID was not current when issued, for a reason its facts do not carry. */
  STATUS_NOT_CURRENT: flowdown('error'),
  /** DFARS 252.204-7020(g)(2): no NIST SP 800-171 DoD Assessment of the sub (rules §7). */
  SUB_NIST_ASSESSMENT_MISSING: subNist('error'),
  /** DFARS 252.204-7020(g)(2): the sub's latest assessment is more than 3 years old (rules §7). */
  SUB_NIST_ASSESSMENT_EXPIRED: subNist('error'),

  // ---- attestation verification: the attestation is the flowdown evidence of rules §7 ----
  ATTESTATION_MALFORMED: attestation('error'),
  ATTESTATION_UNKNOWN_KEY: attestation('error'),
  ATTESTATION_ALGORITHM_NOT_ALLOWED: attestation('error'),
  ATTESTATION_SIGNATURE_INVALID: attestation('error'),
  ATTESTATION_CLAIMS_ALTERED: attestation('error'),
  ATTESTATION_EXPIRED: attestation('error'),
  ATTESTATION_CLAIM_INVALID: attestation('error'),
  /** The issuing company revoked the attestation (issue 12): genuine claims, no longer evidence. */
  ATTESTATION_REVOKED: attestation('error'),
  /** Still valid: signed by a key since rotated out (it stays in the JWKS for verification). */
  ATTESTATION_KEY_RETIRED: attestation('info'),
} as const satisfies Record<string, Entry>;

export type ReasonCode = keyof typeof REASONS;

/** Every code, in the registry's order (the OpenAPI Reason enum is built from it). */
export const REASON_CODES = Object.keys(REASONS) as [ReasonCode, ...ReasonCode[]];

export const isReasonCode = (code: string): code is ReasonCode => Object.hasOwn(REASONS, code);

/** The codes of one family, in the registry's order. */
export const reasonCodesOf = (family: ReasonFamily): ReasonCode[] => REASON_CODES.filter((c) => REASONS[c].family === family);

/** Rules §3 "Reporting": does this reason end the status? */
export const isEndingReason = (code: string): boolean => isReasonCode(code) && !!(REASONS[code] as Entry).ending;

/**
 * The citation a code's reason carries. `chosen`: for a `clause-window` code the window's citation
 * (required); for a code with alternative keys, the key of the ground that applies.
 */
export function citationOf(code: ReasonCode, chosen?: string): string {
  const cite: Cite = REASONS[code].cite;
  if (cite === 'own') return citation(code);
  if (cite === 'clause-window') {
    if (!chosen) throw new Error(`${code} cites the clause prescription in force: pass its citation`);
    return chosen;
  }
  if ('text' in cite) return cite.text;
  if (chosen === undefined) return citation(cite.key);
  if (!cite.or?.includes(chosen)) throw new Error(`${code} cannot cite ${chosen}`);
  return citation(chosen);
}

/** A family's codes with their severity and citation (the rules page lists the award check's). */
export const describeReasons = (family: Exclude<ReasonFamily, 'applicability'>): { code: ReasonCode; severity: Severity; citation: string }[] =>
  reasonCodesOf(family).map((code) => ({ code, severity: REASONS[code].severity, citation: citationOf(code) }));

/** Builds a reason from the registry: the one way any answer gets one (`cite` as `citationOf`'s `chosen`). */
export function makeReason(code: ReasonCode, message: string, detail?: Record<string, unknown>, cite?: string): Reason {
  const r: Reason = { code, severity: REASONS[code].severity, message, citation: citationOf(code, cite) };
  if (detail) r.detail = detail;
  return r;
}

/** The short name the rule modules use for `makeReason`. */
export { makeReason as reason };

export const hasError = (reasons: readonly Reason[]): boolean => reasons.some((r) => r.severity === 'error');
