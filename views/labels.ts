/**
 * Every word the pages show users for a code: levels, status types, NIST confidences, purposes,
 * roles, information kinds, requirement results and families, evidence kinds, affirmation states
 * and reason codes. Views take labels from here and nowhere else. Only types come from the domain
 * (views may not import its values), so each table is keyed by the domain's type and the compiler
 * asks for a label whenever the domain adds a code. The domain keeps the rule book's own wording in
 * its rule messages (src/domain/levels.ts); test/views/labels.test.ts holds the two to the same words.
 */
import type { AffirmationState } from '../src/domain/affirmation-schedule.js';
import type { Information, Level, NistConfidence, Purpose, RequirementResult, Role, StatusType } from '../src/domain/levels.js';
import type { ReasonCode, Severity } from '../src/domain/reasons.js';

/** Rules §1, in rank order (the order forms offer them). */
export const LEVEL_LABEL: Record<Level, string> = {
  L1_SELF: 'CMMC Level 1 (Self)',
  L2_SELF: 'CMMC Level 2 (Self)',
  L2_C3PAO: 'CMMC Level 2 (C3PAO)',
  L3_DIBCAC: 'CMMC Level 3 (DIBCAC)',
};
export const LEVEL_CHOICES = Object.keys(LEVEL_LABEL) as Level[];

/** The status type alone (a table's level has its own column); "No CMMC Status" is rules §1's phrase. */
export const STATUS_TYPE_LABEL: Record<StatusType, string> = { FINAL: 'Final', CONDITIONAL: 'Conditional', NONE: 'No CMMC Status' };
export const STATUS_TYPE_CHOICES = Object.keys(STATUS_TYPE_LABEL) as StatusType[];

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

export const PURPOSE_LABEL: Record<Purpose, string> = {
  AWARD: 'Award',
  OPTION: 'Option exercise',
  EXTENSION: 'Period-of-performance extension',
  NEW_UID: 'New UIDs during performance',
};
export const PURPOSE_CHOICES = Object.keys(PURPOSE_LABEL) as Purpose[];

export const ROLE_LABEL: Record<Role, string> = {
  ADMIN: 'Administrator',
  CONTRACTING_OFFICER: 'Contracting officer',
  CONTRACTOR: 'Contractor',
  C3PAO: 'C3PAO assessor',
  DIBCAC: 'DIBCAC assessor',
};
export const ROLE_CHOICES = Object.keys(ROLE_LABEL) as Role[];

/** What the contractor's (or sub's) systems will process, store or transmit (rules §7, §8). */
export const INFORMATION_LABEL: Record<Information, string> = {
  NONE: 'Neither FCI nor CUI',
  FCI: 'Federal Contract Information (FCI) only',
  CUI: 'Controlled Unclassified Information (CUI)',
};
export const INFORMATION_CHOICES = Object.keys(INFORMATION_LABEL) as Information[];

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
  ATTESTATION_KEY_RETIRED: 'Signed with a retired key',
};
