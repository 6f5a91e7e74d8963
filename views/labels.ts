/**
 * Every word the pages show users for a code: levels, status types, NIST confidences, purposes,
 * roles, information kinds, requirement results and families, evidence kinds, affirmation states,
 * reason codes, reminder kinds and delivery states. Views take labels from here and nowhere else.
 * Views may import only types from the domain, so each table is keyed by the domain's type and the
 * compiler asks for a label whenever the domain adds a code; the few rule-book figures and tables the
 * pages quote (requirement names, the Conditional period, score thresholds) come through this file
 * too, read from the domain's data rather than typed again. The domain keeps
 * the rule book's own wording in its rule messages (src/domain/levels.ts); test/views/labels.test.ts
 * holds the two to the same words.
 */
import type { AffirmationState } from '../src/domain/affirmation-schedule.js';
import type { EmassEvent } from '../src/domain/emass-changes.js';
import type { Information, Level, NistConfidence, Purpose, RequirementResult, Role, StatusType } from '../src/domain/levels.js';
import type { ReasonCode, Severity } from '../src/domain/reasons.js';
import type { ReminderKind } from '../src/domain/reminders.js';
import { calendar } from '../src/domain/calendar.js';
import { requirementById } from '../src/domain/requirements.js';

/** A label table's codes, in the table's order (the order forms offer them). */
export const codesOf = <K extends string>(labels: Record<K, unknown>): K[] => Object.keys(labels) as K[];

/** A select's options from a label table: every code in the table's order, or only `codes` in theirs. */
export const labelOptions = <K extends string>(labels: Record<K, string>, codes: readonly K[] = codesOf(labels)): { value: K; label: string }[] =>
  codes.map((code) => ({ value: code, label: labels[code] }));

/** Rules §1, in rank order (the order forms offer them). */
export const LEVEL_LABEL: Record<Level, string> = {
  L1_SELF: 'CMMC Level 1 (Self)',
  L2_SELF: 'CMMC Level 2 (Self)',
  L2_C3PAO: 'CMMC Level 2 (C3PAO)',
  L3_DIBCAC: 'CMMC Level 3 (DIBCAC)',
};
export const LEVEL_CHOICES = codesOf(LEVEL_LABEL);

/** The status type alone (a table's level has its own column); "No CMMC Status" is rules §1's phrase. */
export const STATUS_TYPE_LABEL: Record<StatusType, string> = { FINAL: 'Final', CONDITIONAL: 'Conditional', NONE: 'No CMMC Status' };
export const STATUS_TYPE_CHOICES = codesOf(STATUS_TYPE_LABEL);

/** The seven statuses of DFARS 204.7501 in words ("Final Level 2 (C3PAO)"), or "No CMMC Status". */
export const statusLabel = (level: Level, type: StatusType): string =>
  type === 'NONE' ? STATUS_TYPE_LABEL.NONE : `${STATUS_TYPE_LABEL[type]} ${LEVEL_LABEL[level].replace('CMMC ', '')}`;

/** Rules §5: "confidence (Basic = Low, Medium, High)". */
export const NIST_CONFIDENCE_LABEL: Record<NistConfidence, string> = { BASIC: 'Basic', MEDIUM: 'Medium', HIGH: 'High' };
/** Who produces each confidence, for the posting forms (rules §6). */
export const NIST_CONFIDENCE_DESCRIPTION: Record<NistConfidence, string> = {
  BASIC: 'Basic (contractor self-assessment; Low confidence)',
  MEDIUM: 'Medium (DoD review of the self-assessment)',
  HIGH: 'High (DoD on-site assessment)',
};

export const PURPOSE_LABEL: Record<Purpose, string> = { AWARD: 'Award', OPTION: 'Option exercise', EXTENSION: 'Period-of-performance extension', NEW_UID: 'New UIDs during performance' };

export const ROLE_LABEL: Record<Role, string> = { ADMIN: 'Administrator', CONTRACTING_OFFICER: 'Contracting officer', CONTRACTOR: 'Contractor', C3PAO: 'C3PAO assessor', DIBCAC: 'DIBCAC assessor' };

/** What the contractor's (or sub's) systems will process, store or transmit (rules §7, §8). */
export const INFORMATION_LABEL: Record<Information, string> = { NONE: 'Neither FCI nor CUI', FCI: 'Federal Contract Information (FCI) only', CUI: 'Controlled Unclassified Information (CUI)' };

export const RESULT_LABEL: Record<RequirementResult, string> = { MET: 'Met', NOT_MET: 'Not met', NOT_APPLICABLE: 'N/A', PARTIAL: 'Partial' };

/** NIST SP 800-171 requirement families, by the two letters of a requirement's id. */
export const FAMILY_NAME: Record<string, string> = {
  AC: 'Access Control',
  AT: 'Awareness and Training',
  AU: 'Audit and Accountability',
  CA: 'Security Assessment',
  CM: 'Configuration Management',
  IA: 'Identification and Authentication',
  IR: 'Incident Response',
  MA: 'Maintenance',
  MP: 'Media Protection',
  PE: 'Physical Protection',
  PS: 'Personnel Security',
  RA: 'Risk Assessment',
  SC: 'System and Communications Protection',
  SI: 'System and Information Integrity',
};

/** Flowdown evidence (rules §7: what the sub shares). */
export const EVIDENCE_LABEL = {
  ATTESTATION: 'Signed status attestation',
  SPRS_PRINTOUT: 'SPRS print-out',
  CERTIFICATE: 'Certificate',
  OTHER: 'Other evidence',
} as const;

export const AFFIRMATION_STATE_LABEL: Record<AffirmationState, string> = {
  OVERDUE: 'Overdue',
  AWAITING: 'Awaiting affirmation',
  DUE_SOON: 'Due soon',
  OK: 'Affirmed',
  STATUS_EXPIRED: 'Status expired',
};

/** A reason's severity, as its tag reads beside the message. */
export const SEVERITY_LABEL: Record<Severity, string> = { error: 'Fails', warning: 'Warning', info: 'Note' };

/** Each reason code in a few words (the message says the rest, with its facts). */
export const REASON_LABEL: Record<ReasonCode, string> = {
  UID_INVALID_FORMAT: 'Not a CMMC UID',
  UID_NOT_FOUND: 'UID not found in SPRS',
  NO_UIDS_PROVIDED: 'No UID provided',
  DUPLICATE_UID: 'UID listed twice',
  NO_CMMC_STATUS: 'No CMMC Status',
  LEVEL_TOO_LOW: 'Level too low',
  CONDITIONAL_NOT_ALLOWED_FOR_L1: 'Level 1 needs a Final status',
  CONDITIONAL_EXPIRED: 'Conditional status expired',
  STATUS_EXPIRED: 'Status expired',
  AFFIRMATION_MISSING: 'Affirmation missing',
  AFFIRMATION_EXPIRED: 'Affirmation expired',
  COMPLIANCE_CHANGED: 'Compliance changed',
  SUPERSEDED: 'Superseded',
  POAM_CLOSEOUT_FAILED: 'POA&M closeout failed',
  RECORD_WITHDRAWN: 'Withdrawn by CMMC eMASS',
  NIST_ASSESSMENT_MISSING: 'NIST SP 800-171 assessment missing',
  NIST_ASSESSMENT_EXPIRED: 'NIST SP 800-171 assessment expired',
  SAM_NOT_CONFIRMED: 'SAM record not confirmed',
  EXPIRES_WITHIN: 'Expires soon',
  L3_PREREQUISITE_LAPSED: 'Level 3 prerequisite lapsed',
  UID_NOT_OFFEROR_CAGE: 'Not the offeror\'s CAGE',
  CLAUSE_NOT_YET_EFFECTIVE: 'Rule not yet effective',
  COTS_ONLY: 'COTS items only',
  WAIVER: 'CMMC waived',
  NO_LEVEL_SET: 'No level set',
  LEVEL_SET: 'Level set by the program office',
  LEVEL_WITHOUT_INFORMATION: 'Level set without FCI or CUI',
  FCI_OR_CUI: 'FCI or CUI on contractor systems',
  LEVEL_NEEDED: 'Level needed',
  NO_FCI_OR_CUI: 'No FCI or CUI on contractor systems',
  FLOWDOWN_NOT_REQUIRED: 'CMMC does not flow down',
  PRIME_LEVEL_MISMATCH: 'Prime\'s level below the sub\'s minimum',
  EVIDENCE_UNVERIFIED: 'Evidence not verified',
  STATUS_NOT_CURRENT: 'Status not current when attested',
  SUB_NIST_ASSESSMENT_MISSING: 'Sub\'s NIST SP 800-171 assessment missing',
  SUB_NIST_ASSESSMENT_EXPIRED: 'Sub\'s NIST SP 800-171 assessment expired',
  ATTESTATION_MALFORMED: 'Attestation malformed',
  ATTESTATION_UNKNOWN_KEY: 'Unknown signing key',
  ATTESTATION_ALGORITHM_NOT_ALLOWED: 'Signing algorithm not allowed',
  ATTESTATION_SIGNATURE_INVALID: 'Signature invalid',
  ATTESTATION_CLAIMS_ALTERED: 'Claims altered',
  ATTESTATION_EXPIRED: 'Attestation expired',
  ATTESTATION_CLAIM_INVALID: 'Claim invalid',
  ATTESTATION_REVOKED: 'Attestation revoked',
  ATTESTATION_KEY_RETIRED: 'Signed with a retired key',
};

/** Where a status record came from (the UID page; api.md `source`). */
export const RECORD_SOURCE_LABEL: Record<'EMASS' | 'IMPORT' | 'POSTING', string> = { EMASS: 'CMMC eMASS feed', IMPORT: 'Bulk import', POSTING: 'Posted in AwardGate' };

/** What a run of the eMASS feed did to a UID (its feed history on the UID page). */
export const FEED_EVENT_LABEL: Record<EmassEvent, string> = {
  ADDED: 'Added by the eMASS feed',
  CLOSEOUT_SEEN: 'POA&M closeout seen (Conditional → Final)',
  CLOSEOUT_FAILED_SEEN: 'Failed POA&M closeout seen (Conditional → No CMMC Status)',
  CHANGED: 'Changed by the eMASS feed',
  WITHDRAWN: 'Withdrawn by CMMC eMASS',
};

// ---- reminders (issue 11): the kinds, when each goes out, why two cannot be switched off, delivery states ----

export const REMINDER_KIND_LABEL: Record<ReminderKind, string> = {
  AFFIRMATION_DUE: 'Affirmation due',
  AFFIRMATION_OVERDUE: 'Affirmation overdue',
  POAM_CLOSEOUT_DUE: 'POA&M closeout due',
  STATUS_EXPIRING: 'CMMC status expiring',
  OPTION_AT_RISK: 'Option at risk',
  FLOWDOWN_RECHECK: 'Flowdown re-check due',
  SIGN_IN_LOCKED: 'Sign-in paused',
};

/** When each kind goes out and about what; `days` are the domain's reminder days of the kind. */
export const REMINDER_KIND_WHEN: Record<ReminderKind, (days: readonly number[]) => string> = {
  AFFIRMATION_DUE: (d) => `${daysList(d)} before the latest affirmation of a current UID of your company turns one year.`,
  AFFIRMATION_OVERDUE: (d) => `The day after an affirmation lapsed, then every ${d[0]} days while the UID stays unaffirmed.`,
  POAM_CLOSEOUT_DUE: (d) => `${daysList(d)} before day 180 of a Conditional status (your company's, or one you assess).`,
  STATUS_EXPIRING: (d) => `${daysList(d)} before a Final status of your company reaches its age limit.`,
  OPTION_AT_RISK: (d) => `Every ${d[0]} days while a contract whose verifications you recorded has a UID that will not be current on its next option date.`,
  FLOWDOWN_RECHECK: (d) => `${daysList(d)} before the evidence of a flowdown check you recorded stops being current.`,
  SIGN_IN_LOCKED: () => 'When sign-in to your account pauses after repeated failed attempts (at most once a day).',
};

/** Why a kind cannot be switched off (both end a status for good). */
export const MANDATORY_KIND_WHY: Partial<Record<ReminderKind, string>> = {
  AFFIRMATION_OVERDUE: 'Always on: until it is affirmed again, the UID is not current, and no award, option or extension can rely on it (32 CFR 170.22).',
  POAM_CLOSEOUT_DUE: 'Always on: without a successful closeout by day 180, the Conditional status ends (32 CFR 170.21(b)).',
  SIGN_IN_LOCKED: 'Always on: it tells you that someone kept trying your password and sign-in paused.',
};

/** Where a reminder e-mail is: waiting (to be sent, or for a relay), sent, or refused for good. */
export type DeliveryState = 'PENDING' | 'SENT' | 'FAILED';
export const OUTBOX_STATE_LABEL: Record<DeliveryState, string> = { PENDING: 'Waiting', SENT: 'Sent', FAILED: 'Failed' };

function daysList(days: readonly number[]): string {
  const s = days.map(String);
  const joined = s.length > 1 ? `${s.slice(0, -1).join(', ')} and ${s[s.length - 1]}` : s.join('');
  return `${joined} days`;
}

// Rule-book figures and tables the pages quote, from the domain's data (never re-typed here).

/** A requirement's name from the requirement tables, '' for an unknown id. */
export const requirementName = (id: string): string => requirementById(id)?.name ?? '';
/** The requirements of a level, in the table's order (forms list them all). */
export { requirementsFor } from '../src/domain/requirements.js';
/** The score thresholds of 32 CFR 170.24 (regulatory calendar). */
export const SCORE_THRESHOLDS = calendar.thresholds;
/** Days a Conditional status lasts, within which POA&M items are closed out (32 CFR 170.21). */
export const CONDITIONAL_DAYS = calendar.validity.CONDITIONAL.days!;
/** The assumption (rules "Decision") a reason code rests on, by code. */
export { ASSUMPTION_OF } from '../src/domain/assumptions.js';
