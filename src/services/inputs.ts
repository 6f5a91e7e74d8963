/**
 * zod schemas for every input the product accepts, shared by the JSON API, the pages and the
 * OpenAPI document (the API routes declare these schemas, so the document shows what is validated).
 * Identifiers are trimmed and upper-cased before they are validated (api.md).
 * Objects are strict: an unknown field is an error. `.meta({ id })` names a schema in the document;
 * a schema that is also used `.nullish()` gets no id (the generator then loses the null).
 */
import { z } from 'zod';
import { isValidDate } from '../domain/dates.js';
import { DATE_BOUNDS, withinDateBounds } from '../domain/import-rules.js';
import { CAGE_PATTERN, normaliseId, UEI_PATTERN, UID_PATTERN } from '../domain/identifiers.js';
import { DEFAULT_LOOK_AHEAD_DAYS } from '../domain/eligibility.js';
import { INFORMATION, LEVELS, NIST_CONFIDENCES, PURPOSES, REQUIREMENT_RESULTS, ROLES, STATUS_TYPES } from '../domain/levels.js';
import { ACTION_TYPES } from '../../db/schema/officer.js';

/** Strings are normalised before validation; the document then shows the pattern a normalised value meets. */
const normalised = (f: (s: string) => string) => (v: unknown) => (typeof v === 'string' ? f(v) : v);
const upper = (pattern: RegExp, message: string) =>
  z.preprocess(normalised(normaliseId), z.string().regex(pattern, message)).meta({ description: 'Trimmed and upper-cased before validation' });

export const uidField = upper(UID_PATTERN, 'a CMMC UID is 10 characters, A–Z and 0–9');
export const cageField = upper(CAGE_PATTERN, 'a CAGE code is 5 characters, A–Z (not I or O) and 0–9');
export const ueiField = upper(UEI_PATTERN, 'a UEI is 12 characters, A–Z and 0–9');
// ---- text a person types (issue 12, finding 4): the one schema every text input is built on ----

/** C0 controls other than tab and line breaks, DEL and the C1 controls. */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;
const TAB_OR_LINE_BREAK = /[\t\n\r]/;
/** Half of a UTF-16 pair without the other half: not text, and SQLite would store U+FFFD in its place. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Characters that show nothing: format controls (zero-width, bidi, BOM, soft hyphen), separators and blank letters. */
const INVISIBLE = /[\p{Cf}\p{Z}\s\u115F\u1160\u3164\uFFA0\u2800]/gu;

const codePoint = (ch: string) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

export interface TextRules {
  max: number;
  /** Message for blank text (also text of invisible characters only); unset, the text may be empty. */
  required?: string;
  /** Message for text longer than `max` (default "at most N characters"). */
  tooLong?: string;
  /** Tab and line breaks are allowed (a line break is stored as \n, as a textarea's CRLF arrives). */
  multiline?: boolean;
}

/**
 * Text as a person types it, trimmed: refuses control characters (C0 except tab and line breaks in
 * a multi-line field, DEL, C1) and unpaired surrogates, which would be stored other than they were
 * hashed (the verification and audit chains); a required text must show something.
 */
export function textField({ max, required, tooLong = `at most ${max} characters`, multiline = false }: TextRules) {
  let s = z.string();
  if (multiline) s = s.overwrite((v) => v.replace(/\r\n?/g, '\n'));
  s = s.trim().superRefine((v, ctx) => {
    const control = (multiline ? null : TAB_OR_LINE_BREAK.exec(v)) ? 'Must be a single line: no tab or line break' : null;
    const other = CONTROL.exec(v);
    const lone = LONE_SURROGATE.exec(v);
    if (control) ctx.addIssue({ code: 'custom', message: control });
    if (other) ctx.addIssue({ code: 'custom', message: `Contains a control character (${codePoint(other[0])}); use printable text only` });
    if (lone) ctx.addIssue({ code: 'custom', message: `Contains an unpaired surrogate (${codePoint(lone[0])}); send well-formed Unicode text` });
  });
  if (required) s = s.min(1, required).refine((v) => v === '' || v.replace(INVISIBLE, '') !== '', required);
  return s.max(max, tooLong);
}

export const dateField = z
  .string()
  .refine(isValidDate, 'must be a calendar date written YYYY-MM-DD')
  .refine((d) => !isValidDate(d) || withinDateBounds(d), `must be a date from ${DATE_BOUNDS.earliest} to ${DATE_BOUNDS.latest}`)
  // One message for a bad date, so the pattern is documented rather than checked a second time.
  .meta({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', examples: ['2026-11-23'] });
const text = (max: number) => textField({ max, required: 'required' });
const email = z.preprocess(
  normalised((s) => s.trim().toLowerCase()),
  z.email('must be an email address').max(320).meta({ description: 'Trimmed and lower-cased before validation' }),
);

export const levelField = z.enum(LEVELS);
export const purposeField = z.enum(PURPOSES);
export const informationField = z.enum(INFORMATION);
export const resultField = z.enum(REQUIREMENT_RESULTS);

export const AffirmationInput = z.strictObject({
  name: text(200),
  title: text(200),
  email: email.optional(),
  phone: textField({ max: 40 }).optional(),
});
export type AffirmationInput = z.infer<typeof AffirmationInput>;

// ---- import (api.md POST /api/v1/import) ----
export const ImportCompany = z.strictObject({
  cage: cageField,
  name: text(200),
  uei: ueiField.nullish(),
  hloCage: cageField.nullish(),
  samActive: z.boolean().default(true),
  address: textField({ max: 500 }).nullish(),
}).meta({ id: 'ImportCompany' });
export const ImportAffirmation = AffirmationInput.extend({ date: dateField, statement: textField({ max: 2000, multiline: true }).optional() });
export const ImportAssessment = z.strictObject({
  uid: uidField,
  level: levelField,
  status: z.enum(STATUS_TYPES),
  statusDate: dateField,
  cages: z.array(cageField).min(1, 'at least one CAGE code').max(500),
  scope: text(200),
  scopeDescription: textField({ max: 1000, multiline: true }).nullish(),
  score: z.number().int().nullish(),
  supersedes: uidField.nullish(),
  affirmations: z.array(ImportAffirmation).max(200).default([]),
  complianceChanges: z.array(z.strictObject({ date: dateField, description: textField({ max: 2000, required: 'required', multiline: true }) })).max(200).default([]),
  closeout: z.strictObject({ date: dateField, result: z.enum(['SUCCESS', 'FAILED']) }).nullish(),
  poam: z.array(textField({ max: 64 })).max(110).optional(),
}).meta({ id: 'ImportAssessment' });
export const ImportNist = z.strictObject({
  cages: z.array(cageField).min(1).max(500),
  confidence: z.enum(NIST_CONFIDENCES),
  assessmentDate: dateField,
  score: z.number().int().min(-203, 'a summary score is at least −203').max(110, 'a summary score is at most 110'),
  fullImplementationDate: dateField.nullish(),
  standard: text(200).default('NIST SP 800-171 Rev 2'),
  assessingOrganization: text(200).default('Contractor self-assessment'),
  planDescription: textField({ max: 1000, multiline: true }).nullish(),
}).meta({ id: 'ImportNistAssessment' });
export const ImportInput = z.strictObject({
  companies: z.array(ImportCompany).max(100_000).default([]),
  assessments: z.array(ImportAssessment).max(100_000).default([]),
  nistAssessments: z.array(ImportNist).max(100_000).default([]),
}).meta({ id: 'ImportInput' });
export type ImportInput = z.infer<typeof ImportInput>;
export type ImportAssessment = z.infer<typeof ImportAssessment>;

// ---- users ----
export const UserInput = z.strictObject({
  email,
  role: z.enum(ROLES),
  companyCage: cageField.nullish(),
  name: textField({ max: 200 }).nullish(),
  password: z
    .string()
    .min(1, 'must not be empty (omit it for an API-only account)')
    .max(200, 'at most 200 characters')
    .nullish()
    .meta({ description: 'At least 15 characters (8 for roles that sign in with a second factor), and not a common or predictable password; omit for an API-only account' }),
}).meta({ id: 'UserInput' });

// ---- checks ----
export const CheckInputSchema = z.strictObject({
  purpose: purposeField,
  requiredLevel: levelField,
  asOf: dateField.nullish(),
  uids: z.array(textField({ max: 100 }).transform(normaliseId)).max(1000),
  offerorCage: cageField.nullish(),
  lookAheadDays: z.number().int().min(0).max(3650).nullish(),
  lookAheadUntil: dateField.nullish(),
  nist: z.strictObject({ cages: z.array(cageField).max(100), maxAgeDays: z.number().int().min(1).max(3650).nullish() }).nullish(),
  record: z.boolean().default(false),
  contractNumber: textField({ max: 60 }).nullish(),
  solicitationNumber: textField({ max: 60 }).nullish(),
  sam: z.strictObject({ active: z.boolean(), ueiCageNameAddressMatch: z.boolean() }).nullish(),
}).meta({ id: 'CheckInput' });

// ---- postings ----
export const PostAssessmentInput = z.strictObject({
  level: levelField,
  scope: text(200),
  scopeDescription: textField({ max: 1000, multiline: true }).nullish(),
  cages: z.array(cageField).min(1).max(500).optional(),
  results: z.record(z.string(), z.unknown()).meta({ description: `Every requirement id of the level, and nothing else, with its result: ${REQUIREMENT_RESULTS.join(' | ')}` }),
  affirmation: AffirmationInput.nullish(),
}).meta({ id: 'PostAssessmentInput' });
export const AffirmInput = AffirmationInput;
export const CloseoutInput = z.strictObject({ results: z.record(z.string(), z.unknown()), affirmation: AffirmationInput.nullish() }).meta({ id: 'CloseoutInput' });
export const ComplianceChangeInput = z.strictObject({ date: dateField, description: textField({ max: 2000, required: 'required', multiline: true }) }).meta({ id: 'ComplianceChangeInput' });
export const EngagementInput = z.strictObject({ companyCage: cageField, assessorEmail: email }).meta({ id: 'EngagementInput' });

// ---- applicability and flowdown ----
export const ApplicabilityInputSchema = z.strictObject({
  issueDate: dateField,
  cotsOnly: z.boolean().default(false),
  waiver: z.boolean().default(false),
  programOfficeLevel: levelField.nullish(),
  information: informationField,
}).meta({ id: 'ApplicabilityInput' });
export const FlowdownLevelInput = z
  .strictObject({
    primeLevel: levelField,
    information: informationField,
    cotsOnly: z.boolean().default(false).meta({ description: 'Solely commercially available off-the-shelf items: nothing flows down (DFARS 252.204-7021(f)(1))' }),
  })
  .meta({ id: 'FlowdownLevelInput' });

// ---- signed status attestations and flowdown checks (api.md; rules §7) ----
/** A compact JWS is three base64url parts; 64 KiB is far above any attestation this product issues. */
// Multi-line: a token pasted from an e-mail may arrive wrapped; verifying it says what is wrong with it.
const tokenField = textField({ max: 64 * 1024, required: 'required', tooLong: 'at most 64 KiB', multiline: true });

export const AttestationInput = z.strictObject({
  uids: z.array(uidField).min(1, 'at least one UID').max(100),
  audienceCage: cageField.nullish(),
  validDays: z.number().int().min(1, 'at least 1 day').max(365, 'at most 365 days').default(30),
  /** Ids of the company's own flowdown checks it shares with the prime (the multi-tier tree). */
  flowdownCheckIds: z.array(textField({ max: 64, required: 'required' })).max(100).default([]),
}).meta({ id: 'AttestationInput' });
export type AttestationInput = z.infer<typeof AttestationInput>;

export const AttestationVerifyInput = z.strictObject({ token: tokenField, asOf: dateField.nullish() }).meta({ id: 'AttestationVerifyInput' });
export const AttestationRevokeInput = z.strictObject({ reason: text(500) }).meta({ id: 'AttestationRevokeInput' });

export const FLOWDOWN_TYPED_EVIDENCE = ['SPRS_PRINTOUT', 'CERTIFICATE', 'OTHER'] as const;
export const FlowdownEvidenceInput = z
  .strictObject({
    kind: z.enum(FLOWDOWN_TYPED_EVIDENCE),
    reference: textField({ max: 500 }).nullish(),
    uids: z.array(uidField).max(100).default([]),
    level: levelField.nullish(),
    type: z.enum(STATUS_TYPES).nullish(),
    statusDate: dateField.nullish(),
    affirmationDate: dateField.nullish(),
    /** The sub's NIST SP 800-171 DoD Assessment as the evidence shows it (rules §7; DFARS 252.204-7020(g)(2)). */
    nist: z
      .strictObject({
        confidence: z.enum(NIST_CONFIDENCES),
        assessmentDate: dateField,
        score: z.number().int().min(-203, 'a summary score is at least −203').max(110, 'a summary score is at most 110'),
      })
      .nullish(),
  })
  .superRefine((e, ctx) => {
    // The status facts describe the UIDs: with UIDs they are needed, and without UIDs the evidence must show an assessment.
    if (e.uids.length) {
      for (const k of ['level', 'type', 'statusDate'] as const) if (!e[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required when UIDs are given' });
    } else if (!e.nist) {
      ctx.addIssue({ code: 'custom', path: ['uids'], message: 'at least one UID, or the NIST SP 800-171 assessment' });
    }
    // DFARS 204.7501: there is no Conditional Level 1 (Self) status.
    if (e.level === 'L1_SELF' && e.type === 'CONDITIONAL') ctx.addIssue({ code: 'custom', path: ['type'], message: 'Level 1 (Self) has no Conditional status' });
  });
export type FlowdownEvidenceInput = z.infer<typeof FlowdownEvidenceInput>;

export const FlowdownCheckInput = z
  .strictObject({
    primeContractNumber: text(60),
    primeLevel: levelField,
    subcontractor: z.strictObject({ cage: cageField, name: text(200) }),
    information: informationField,
    cotsOnly: z.boolean().default(false).meta({ description: 'Solely commercially available off-the-shelf items: no minimum level and no NIST test (rules §7)' }),
    nist7012: z.boolean().default(false).meta({ description: "The subcontract is subject to DFARS 252.204-7012: the sub's NIST SP 800-171 test applies (rules §7)" }),
    asOf: dateField.nullish(),
    lookAheadDays: z.number().int().min(0).max(3650).nullish(),
    lookAheadUntil: dateField.nullish().meta({
      description: "The subcontract's next milestone (option, renewal, end of a period): EXPIRES_WITHIN warns of a lapse before it, and the re-check list lists the sub when its status or NIST assessment lapses before it",
    }),
    attestation: tokenField.nullish(),
    /** With an attestation: the attested UIDs this subcontract uses (all when omitted); the rest are recorded as not relied on. */
    uids: z.array(uidField).min(1, 'at least one UID').max(100).nullish().meta({ description: 'With an attestation: the attested UIDs this subcontract uses (all when omitted); the others are recorded as not relied on' }),
    evidence: FlowdownEvidenceInput.nullish(),
  })
  .superRefine((i, ctx) => {
    if (i.attestation && i.evidence) ctx.addIssue({ code: 'custom', path: ['evidence'], message: 'give either a signed attestation or typed evidence, not both' });
    if (i.uids && !i.attestation) ctx.addIssue({ code: 'custom', path: ['uids'], message: 'choose UIDs of an attestation only; typed evidence lists its own UIDs' });
    if (i.lookAheadUntil && i.asOf && i.lookAheadUntil < i.asOf) ctx.addIssue({ code: 'custom', path: ['lookAheadUntil'], message: 'the next milestone must be on or after the decision date' });
  })
  .meta({ id: 'FlowdownCheckInput' });
export type FlowdownCheckInput = z.infer<typeof FlowdownCheckInput>;

export const FlowdownRecheckQuery = z.object({
  days: z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number().int().min(0).max(3650)).default(DEFAULT_LOOK_AHEAD_DAYS).meta({ description: `Horizon in days from today (the checks' ${DEFAULT_LOOK_AHEAD_DAYS}-day look-ahead by default)` }),
});

// ---- contracting officer workspace (rules §5, §8; DFARS 204.7503, 204.7504, 217.207) ----
const said = (max: number, what: string) => textField({ max, required: `Enter ${what}`, tooLong: `${what[0].toUpperCase()}${what.slice(1)} is at most ${max} characters` });
const docNumber = (what: string) => said(60, what).transform((s) => s.toUpperCase());
/** A typed date: a calendar date written YYYY-MM-DD within the bounds every date keeps (rules decisions). */
const typedDate = (what: string, s: z.ZodString) => {
  const What = `${what[0].toUpperCase()}${what.slice(1)}`;
  return s
    .refine(isValidDate, `${What} must be a calendar date written YYYY-MM-DD`)
    .refine((d) => !isValidDate(d) || withinDateBounds(d), `${What} must be from ${DATE_BOUNDS.earliest} to ${DATE_BOUNDS.latest}`);
};
const dateSaid = (what: string) => typedDate(what, z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`));
const optionalDate = (what: string) => typedDate(what, z.string().trim()).nullish();
const yesNo = (what: string) => z.boolean({ error: `Answer yes or no: ${what}` });

export const ActionTypeField = z.enum(ACTION_TYPES, { error: 'Choose the action type' });

export const SolicitationInput = z.strictObject({
  number: docNumber('the solicitation number'),
  title: said(300, 'a title'),
  issueDate: dateSaid('the issue date'),
  actionType: ActionTypeField,
  cotsOnly: z.boolean().default(false),
  waiver: z.boolean().default(false),
  programOfficeLevel: z.enum(LEVELS, { error: 'Choose a CMMC level or "none set"' }).nullish(),
  information: z.enum(INFORMATION, { error: 'Choose what contractor systems will handle' }),
  nistApplies: z.boolean().default(false),
  // Rules §5: a solicitation may set a lesser maximum age than 3 years (1096 days covers a leap day).
  nistMaxAgeDays: z.number({ error: 'The NIST maximum age is a whole number of days' }).int('The NIST maximum age is a whole number of days').min(1, 'The NIST maximum age is at least 1 day').max(1096, 'The NIST maximum age can only shorten the 3-year period (at most 1096 days)').nullish(),
  plannedAwardDate: optionalDate('the planned award date'),
});
export type SolicitationInput = z.infer<typeof SolicitationInput>;

/** An offer's UIDs are kept as typed (normalised): the check reports format errors and duplicates. */
export const offerUidsField = z.array(textField({ max: 100 }).transform(normaliseId)).max(1000, 'At most 1000 UIDs');

export const OfferInput = z.strictObject({
  offerorName: said(200, "the offeror's name"),
  cage: upper(CAGE_PATTERN, 'A CAGE code is 5 characters, A–Z (not I or O) and 0–9'),
  uei: upper(UEI_PATTERN, 'A UEI is 12 characters, A–Z and 0–9'),
  uids: offerUidsField,
});
export type OfferInput = z.infer<typeof OfferInput>;

/** Every check of the workspace has an "as of" date (default today) and an optional look-ahead date. */
export const CheckDatesInput = z.strictObject({
  asOf: optionalDate('the "as of" date'),
  lookAheadUntil: optionalDate('the look-ahead date'),
});
export type CheckDatesInput = z.infer<typeof CheckDatesInput>;

export const OptionPeriodInput = z
  .strictObject({
    label: said(60, 'a label'),
    startDate: dateSaid('the start date'),
    endDate: dateSaid('the end date'),
  })
  .superRefine((p, ctx) => {
    // Said with the other field messages, not after them (contracts.ts checks it again for every caller).
    if (isValidDate(p.startDate) && isValidDate(p.endDate) && p.endDate < p.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: `${p.label}: the end date is before the start date` });
  });
export type OptionPeriodInput = z.infer<typeof OptionPeriodInput>;

export const ContractInput = z.strictObject({
  awardVerificationId: textField({ max: 64, required: 'Choose the award verification' }),
  number: docNumber('the contract number'),
  awardDate: dateSaid('the award date'),
  basePeriodEnd: dateSaid('the end of the base period'),
  optionPeriods: z.array(OptionPeriodInput).max(20, 'At most 20 option periods').default([]),
});
export type ContractInput = z.infer<typeof ContractInput>;

/** DFARS 217.207(c)(1): what the officer confirms in SAM before an option or extension. */
export const SamAttestationInput = z.strictObject({
  active: yesNo('is the SAM registration active?'),
  ueiCageNameAddressMatch: yesNo('do the UEI, CAGE, name and physical address match the contract?'),
});

export const OptionVerificationInput = CheckDatesInput.extend({
  optionPeriodId: z.number({ error: 'Choose the option period' }).int().positive('Choose the option period'),
  sam: SamAttestationInput,
});
export type OptionVerificationInput = z.infer<typeof OptionVerificationInput>;

export const ExtensionVerificationInput = CheckDatesInput.extend({
  extendedTo: dateSaid('the new end of the period of performance'),
  sam: SamAttestationInput,
});
export type ExtensionVerificationInput = z.infer<typeof ExtensionVerificationInput>;

export const NewUidVerificationInput = CheckDatesInput.extend({
  uids: offerUidsField.refine((u) => u.length > 0, 'Enter at least one new UID'),
});
export type NewUidVerificationInput = z.infer<typeof NewUidVerificationInput>;

// ---- NIST SP 800-171 DoD Assessment postings (rules §6; DFARS 252.204-7019/7020) ----
/** `POST /api/v1/companies/{cage}/nist-assessments`; the date defaults to today, the CAGE codes to the company's. */
export const NistAssessmentInput = z.strictObject({
  cages: z.array(cageField).min(1, 'at least one CAGE code').max(500).optional(),
  confidence: z.enum(NIST_CONFIDENCES).default('BASIC'),
  assessmentDate: dateField.nullish(),
  score: z.number().int('a whole number').min(-203, 'a summary score is at least −203').max(110, 'a summary score is at most 110'),
  fullImplementationDate: dateField.nullish(),
  standard: text(200).default('NIST SP 800-171 Rev 2'),
  assessingOrganization: textField({ max: 200 }).nullish(),
  planDescription: textField({ max: 1000, multiline: true }).nullish(),
}).meta({ id: 'NistAssessmentInput' });
export type NistAssessmentInput = z.infer<typeof NistAssessmentInput>;
