/** Reason codes of the public API (api.md) with their severities; citations come from the calendar. */
import { citation } from './calendar.js';

export type Severity = 'error' | 'warning' | 'info';
export interface Reason {
  code: string;
  severity: Severity;
  message: string;
  citation: string;
  /** Extra facts for the UI (e.g. the replacement UID); never needed to read the verdict. */
  detail?: Record<string, unknown>;
}

export const SEVERITY = {
  UID_INVALID_FORMAT: 'error',
  UID_NOT_FOUND: 'error',
  NO_UIDS_PROVIDED: 'error',
  DUPLICATE_UID: 'warning',
  NO_CMMC_STATUS: 'error',
  LEVEL_TOO_LOW: 'error',
  CONDITIONAL_NOT_ALLOWED_FOR_L1: 'error',
  CONDITIONAL_EXPIRED: 'error',
  STATUS_EXPIRED: 'error',
  AFFIRMATION_MISSING: 'error',
  AFFIRMATION_EXPIRED: 'error',
  COMPLIANCE_CHANGED: 'error',
  SUPERSEDED: 'error',
  POAM_CLOSEOUT_FAILED: 'error',
  RECORD_WITHDRAWN: 'error',
  NIST_ASSESSMENT_MISSING: 'error',
  NIST_ASSESSMENT_EXPIRED: 'error',
  SAM_NOT_CONFIRMED: 'error',
  EXPIRES_WITHIN: 'warning',
  L3_PREREQUISITE_LAPSED: 'warning',
  UID_NOT_OFFEROR_CAGE: 'info',
} as const satisfies Record<string, Severity>;
export type ReasonCode = keyof typeof SEVERITY;

/** Builds a reason; every family of codes (check, applicability, flowdown, attestation) goes through here. */
export function makeReason(code: string, severity: Severity, message: string, cite: string, detail?: Record<string, unknown>): Reason {
  const r: Reason = { code, severity, message, citation: cite };
  if (detail) r.detail = detail;
  return r;
}

export const reason = (code: ReasonCode, message: string, detail?: Record<string, unknown>): Reason => makeReason(code, SEVERITY[code], message, citation(code), detail);

export const hasError = (reasons: readonly Reason[]): boolean => reasons.some((r) => r.severity === 'error');
