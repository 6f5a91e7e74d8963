/**
 * zod schemas for every input the product accepts, shared by the JSON API, the pages and the
 * OpenAPI document. Identifiers are trimmed and upper-cased before they are validated (api.md).
 * Objects are strict: an unknown field is an error.
 */
import { z } from 'zod';
import { isValidDate } from '../domain/dates.js';
import { CAGE_PATTERN, normaliseId, UEI_PATTERN, UID_PATTERN } from '../domain/identifiers.js';
import { INFORMATION, LEVELS, NIST_CONFIDENCES, PURPOSES, REQUIREMENT_RESULTS, ROLES, STATUS_TYPES } from '../domain/levels.js';

const upper = (pattern: RegExp, message: string) =>
  z
    .string()
    .transform(normaliseId)
    .pipe(z.string().regex(pattern, message));

export const uidField = upper(UID_PATTERN, 'a CMMC UID is 10 characters, A–Z and 0–9');
export const cageField = upper(CAGE_PATTERN, 'a CAGE code is 5 characters, A–Z (not I or O) and 0–9');
export const ueiField = upper(UEI_PATTERN, 'a UEI is 12 characters, A–Z and 0–9');
export const dateField = z.string().refine(isValidDate, 'must be a calendar date written YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const email = z.string().trim().toLowerCase().pipe(z.email('must be an email address')).pipe(z.string().max(320));

export const levelField = z.enum(LEVELS);
export const purposeField = z.enum(PURPOSES);
export const informationField = z.enum(INFORMATION);
export const resultField = z.enum(REQUIREMENT_RESULTS);

export const AffirmationInput = z.strictObject({
  name: text(200),
  title: text(200),
  email: email.optional(),
  phone: z.string().trim().max(40).optional(),
});
export type AffirmationInput = z.infer<typeof AffirmationInput>;

// ---- import (api.md POST /api/v1/import) ----
export const ImportCompany = z.strictObject({
  cage: cageField,
  name: text(200),
  uei: ueiField.nullish(),
  hloCage: cageField.nullish(),
  samActive: z.boolean().default(true),
  address: z.string().trim().max(500).nullish(),
});
export const ImportAffirmation = AffirmationInput.extend({ date: dateField, statement: z.string().trim().max(2000).optional() });
export const ImportAssessment = z.strictObject({
  uid: uidField,
  level: levelField,
  status: z.enum(STATUS_TYPES),
  statusDate: dateField,
  cages: z.array(cageField).min(1, 'at least one CAGE code').max(500),
  scope: text(200),
  scopeDescription: z.string().trim().max(1000).nullish(),
  score: z.number().int().nullish(),
  supersedes: uidField.nullish(),
  affirmations: z.array(ImportAffirmation).max(200).default([]),
  complianceChanges: z.array(z.strictObject({ date: dateField, description: text(2000) })).max(200).default([]),
  closeout: z.strictObject({ date: dateField, result: z.enum(['SUCCESS', 'FAILED']) }).nullish(),
  poam: z.array(z.string().trim()).max(110).optional(),
});
export const ImportNist = z.strictObject({
  cages: z.array(cageField).min(1).max(500),
  confidence: z.enum(NIST_CONFIDENCES),
  assessmentDate: dateField,
  score: z.number().int().min(-203, 'a summary score is at least −203').max(110, 'a summary score is at most 110'),
  fullImplementationDate: dateField.nullish(),
  standard: text(200).default('NIST SP 800-171 Rev 2'),
  assessingOrganization: text(200).default('Contractor self-assessment'),
  planDescription: z.string().trim().max(1000).nullish(),
});
export const ImportInput = z.strictObject({
  companies: z.array(ImportCompany).max(100_000).default([]),
  assessments: z.array(ImportAssessment).max(100_000).default([]),
  nistAssessments: z.array(ImportNist).max(100_000).default([]),
});
export type ImportInput = z.infer<typeof ImportInput>;
export type ImportAssessment = z.infer<typeof ImportAssessment>;

// ---- users ----
export const UserInput = z.strictObject({
  email,
  role: z.enum(ROLES),
  companyCage: cageField.nullish(),
  name: z.string().trim().max(200).nullish(),
  password: z.string().min(12, 'at least 12 characters').max(200).nullish(),
});

// ---- checks ----
export const CheckInputSchema = z.strictObject({
  purpose: purposeField,
  requiredLevel: levelField,
  asOf: dateField.nullish(),
  uids: z.array(z.string().max(100).transform(normaliseId)).max(1000),
  offerorCage: cageField.nullish(),
  lookAheadDays: z.number().int().min(0).max(3650).nullish(),
  lookAheadUntil: dateField.nullish(),
  nist: z.strictObject({ cages: z.array(cageField).max(100), maxAgeDays: z.number().int().min(1).max(3650).nullish() }).nullish(),
  record: z.boolean().default(false),
  contractNumber: z.string().trim().max(60).nullish(),
  solicitationNumber: z.string().trim().max(60).nullish(),
  sam: z.strictObject({ active: z.boolean(), ueiCageNameAddressMatch: z.boolean() }).nullish(),
});

// ---- postings ----
export const PostAssessmentInput = z.strictObject({
  level: levelField,
  scope: text(200),
  scopeDescription: z.string().trim().max(1000).nullish(),
  cages: z.array(cageField).min(1).max(500).optional(),
  results: z.record(z.string(), z.unknown()),
  affirmation: AffirmationInput.nullish(),
});
export const AffirmInput = AffirmationInput;
export const CloseoutInput = z.strictObject({ results: z.record(z.string(), z.unknown()), affirmation: AffirmationInput.nullish() });
export const ComplianceChangeInput = z.strictObject({ date: dateField, description: text(2000) });
export const EngagementInput = z.strictObject({ companyCage: cageField, assessorEmail: email });
export const NistPostInput = ImportNist.omit({}).extend({ assessmentDate: dateField.nullish() });

// ---- applicability and flowdown ----
export const ApplicabilityInputSchema = z.strictObject({
  issueDate: dateField,
  cotsOnly: z.boolean().default(false),
  waiver: z.boolean().default(false),
  programOfficeLevel: levelField.nullish(),
  information: informationField,
});
export const FlowdownLevelInput = z.strictObject({ primeLevel: levelField, information: informationField });
