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
 * itself; a key of the calendar's citations shared by several codes; `clause-window`, the calendar's
 * clause prescription in force on the issue date (rules §8), which the caller passes; or a fixed text
 * for a rule no date or renumbering attaches to.
 */
type Cite = 'own' | 'clause-window' | { key: string } | { text: string };

interface Entry {
  severity: Severity;
  family: ReasonFamily;
  cite: Cite;
  /** An ending reason (rules §3 "Reporting"): the status has ended, and no other error is listed for the UID. */
  ending?: true;
}

const flowdownRule = { key: 'FLOWDOWN_MINIMUM_LEVEL' } as const;

export const REASONS = {
  // ---- the award check (api.md reason codes; rules §3–§5) ----
  UID_INVALID_FORMAT: { severity: 'error', family: 'eligibility', cite: 'own' },
  UID_NOT_FOUND: { severity: 'error', family: 'eligibility', cite: 'own' },
  NO_UIDS_PROVIDED: { severity: 'error', family: 'eligibility', cite: 'own' },
  DUPLICATE_UID: { severity: 'warning', family: 'eligibility', cite: 'own' },
  NO_CMMC_STATUS: { severity: 'error', family: 'eligibility', cite: 'own', ending: true },
  LEVEL_TOO_LOW: { severity: 'error', family: 'eligibility', cite: 'own' },
  CONDITIONAL_NOT_ALLOWED_FOR_L1: { severity: 'error', family: 'eligibility', cite: 'own' },
  CONDITIONAL_EXPIRED: { severity: 'error', family: 'eligibility', cite: 'own' },
  STATUS_EXPIRED: { severity: 'error', family: 'eligibility', cite: 'own' },
  AFFIRMATION_MISSING: { severity: 'error', family: 'eligibility', cite: 'own' },
  AFFIRMATION_EXPIRED: { severity: 'error', family: 'eligibility', cite: 'own' },
  COMPLIANCE_CHANGED: { severity: 'error', family: 'eligibility', cite: 'own' },
  SUPERSEDED: { severity: 'error', family: 'eligibility', cite: 'own', ending: true },
  POAM_CLOSEOUT_FAILED: { severity: 'error', family: 'eligibility', cite: 'own', ending: true },
  /** Rules §3 item 7: CMMC eMASS deleted a record it had sent; ended from the day AwardGate saw it. */
  RECORD_WITHDRAWN: { severity: 'error', family: 'eligibility', cite: 'own', ending: true },
  NIST_ASSESSMENT_MISSING: { severity: 'error', family: 'eligibility', cite: 'own' },
  NIST_ASSESSMENT_EXPIRED: { severity: 'error', family: 'eligibility', cite: 'own' },
  SAM_NOT_CONFIRMED: { severity: 'error', family: 'eligibility', cite: 'own' },
  EXPIRES_WITHIN: { severity: 'warning', family: 'eligibility', cite: 'own' },
  L3_PREREQUISITE_LAPSED: { severity: 'warning', family: 'eligibility', cite: 'own' },
  UID_NOT_OFFEROR_CAGE: { severity: 'info', family: 'eligibility', cite: 'own' },

  // ---- when the clauses are used (rules §8) ----
  CLAUSE_NOT_YET_EFFECTIVE: { severity: 'info', family: 'applicability', cite: 'clause-window' },
  // DFARS 204.7504 and 32 CFR 170.5(d) carry no date, so the calendar does not list them.
  COTS_ONLY: { severity: 'info', family: 'applicability', cite: { text: 'DFARS 204.7504' } },
  WAIVER: { severity: 'info', family: 'applicability', cite: { text: '32 CFR 170.5(d)' } },
  NO_LEVEL_SET: { severity: 'info', family: 'applicability', cite: 'clause-window' },
  LEVEL_SET: { severity: 'info', family: 'applicability', cite: 'clause-window' },
  LEVEL_WITHOUT_INFORMATION: { severity: 'warning', family: 'applicability', cite: 'clause-window' },
  FCI_OR_CUI: { severity: 'info', family: 'applicability', cite: 'clause-window' },
  LEVEL_NEEDED: { severity: 'warning', family: 'applicability', cite: 'clause-window' },
  NO_FCI_OR_CUI: { severity: 'info', family: 'applicability', cite: 'clause-window' },

  // ---- flowdown decisions (rules §7; 32 CFR 170.23) ----
  /** Information NONE or a COTS-only subcontract: CMMC does not flow down (rules §7). */
  FLOWDOWN_NOT_REQUIRED: { severity: 'info', family: 'flowdown', cite: flowdownRule },
  /** CUI under an L1_SELF prime: the Decision of rules §7, flagged to the prime. */
  PRIME_LEVEL_MISMATCH: { severity: 'warning', family: 'flowdown', cite: flowdownRule },
  /** Facts typed from a print-out or certificate: the product could not verify them. */
  EVIDENCE_UNVERIFIED: { severity: 'warning', family: 'flowdown', cite: flowdownRule },
  /** The attestation states the UID was not current when issued, for a reason its facts do not carry. */
  STATUS_NOT_CURRENT: { severity: 'error', family: 'flowdown', cite: flowdownRule },
  /** DFARS 252.204-7020(g)(2): no NIST SP 800-171 DoD Assessment of the sub (rules §7). */
  SUB_NIST_ASSESSMENT_MISSING: { severity: 'error', family: 'flowdown', cite: { key: 'SUB_NIST_ASSESSMENT' } },
  /** DFARS 252.204-7020(g)(2): the sub's latest assessment is more than 3 years old (rules §7). */
  SUB_NIST_ASSESSMENT_EXPIRED: { severity: 'error', family: 'flowdown', cite: { key: 'SUB_NIST_ASSESSMENT' } },

  // ---- attestation verification: the attestation is the flowdown evidence of rules §7 ----
  ATTESTATION_MALFORMED: { severity: 'error', family: 'attestation', cite: flowdownRule },
  ATTESTATION_UNKNOWN_KEY: { severity: 'error', family: 'attestation', cite: flowdownRule },
  ATTESTATION_ALGORITHM_NOT_ALLOWED: { severity: 'error', family: 'attestation', cite: flowdownRule },
  ATTESTATION_SIGNATURE_INVALID: { severity: 'error', family: 'attestation', cite: flowdownRule },
  ATTESTATION_CLAIMS_ALTERED: { severity: 'error', family: 'attestation', cite: flowdownRule },
  ATTESTATION_EXPIRED: { severity: 'error', family: 'attestation', cite: flowdownRule },
  ATTESTATION_CLAIM_INVALID: { severity: 'error', family: 'attestation', cite: flowdownRule },
  /** Still valid: signed by a key since rotated out (it stays in the JWKS for verification). */
  ATTESTATION_KEY_RETIRED: { severity: 'info', family: 'attestation', cite: flowdownRule },
} as const satisfies Record<string, Entry>;

export type ReasonCode = keyof typeof REASONS;

/** Every code, in the registry's order (the OpenAPI Reason enum is built from it). */
export const REASON_CODES = Object.keys(REASONS) as [ReasonCode, ...ReasonCode[]];

export const isReasonCode = (code: string): code is ReasonCode => Object.hasOwn(REASONS, code);

/** The codes of one family, in the registry's order. */
export const reasonCodesOf = (family: ReasonFamily): ReasonCode[] => REASON_CODES.filter((c) => REASONS[c].family === family);

/** Rules §3 "Reporting": does this reason end the status? */
export const isEndingReason = (code: string): boolean => isReasonCode(code) && !!(REASONS[code] as Entry).ending;

/** The citation a code's reason carries; a `clause-window` code needs the window's citation from the caller. */
export function citationOf(code: ReasonCode, clauseWindow?: string): string {
  const cite: Cite = REASONS[code].cite;
  if (cite === 'own') return citation(code);
  if (cite === 'clause-window') {
    if (!clauseWindow) throw new Error(`${code} cites the clause prescription in force: pass its citation`);
    return clauseWindow;
  }
  if ('text' in cite) return cite.text;
  return citation(cite.key);
}

/** A family's codes with their severity and citation (the rules page lists the award check's). */
export const describeReasons = (family: Exclude<ReasonFamily, 'applicability'>): { code: ReasonCode; severity: Severity; citation: string }[] =>
  reasonCodesOf(family).map((code) => ({ code, severity: REASONS[code].severity, citation: citationOf(code) }));

/** Builds a reason from the registry: the one way any answer gets one. */
export function makeReason(code: ReasonCode, message: string, detail?: Record<string, unknown>, clauseWindow?: string): Reason {
  const r: Reason = { code, severity: REASONS[code].severity, message, citation: citationOf(code, clauseWindow) };
  if (detail) r.detail = detail;
  return r;
}

/** The short name the rule modules use for `makeReason`. */
export { makeReason as reason };

export const hasError = (reasons: readonly Reason[]): boolean => reasons.some((r) => r.severity === 'error');
