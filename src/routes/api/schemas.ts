/**
 * Answers of the API shared by several resources, as zod schemas: the routes declare them, so the
 * OpenAPI document publishes them and the handlers' return types are checked against them. Objects
 * are open (api.md: fields may be added, never renamed or dropped); every field listed is returned.
 */
import { z } from 'zod';
import { INFORMATION, LEVELS, NIST_CONFIDENCES, PURPOSES, STATUS_TYPES } from '../../domain/levels.js';
import { REASON_CODES } from '../../domain/reasons.js';

/** `null` or the schema; a named schema's own `.nullable()` would make the named schema itself nullable in the document. */
export const orNull = <S extends z.ZodType>(schema: S) => z.union([schema, z.null()]);

export const isoDate = z.string().meta({ format: 'date', examples: ['2026-11-23'] });
export const instant = z.string().meta({ format: 'date-time' });
export const level = z.enum(LEVELS);
export const statusType = z.enum(STATUS_TYPES);
export const information = z.enum(INFORMATION);

/** Whole, finite numbers only: a fraction, 1e300 or Infinity would reach SQL LIMIT/OFFSET and fail (500). */
const wholeOr = (v: string | undefined, fallback: number) => (Number.isFinite(Number(v)) ? Math.trunc(Number(v)) : fallback);

/** `limit` and `offset` of a paged list, lenient as they always were: clamped into range, never refused. */
export const pagingQuery = (size: number, max: number, skipped: string) => ({
  limit: z
    .string()
    .optional()
    .transform((v) => Math.min(Math.max(wholeOr(v, size) || size, 1), max))
    .meta({ type: 'integer', minimum: 1, maximum: max, default: size, description: `Page size; 0 or a value that is not a number means ${size}, others are clamped into the range` }),
  offset: z
    .string()
    .optional()
    .transform((v) => Math.min(Math.max(wholeOr(v, 0), 0), Number.MAX_SAFE_INTEGER))
    .meta({ type: 'integer', minimum: 0, default: 0, description: `${skipped} to skip; clamped at 0` }),
});

export const Reason = z
  .object({
    code: z.enum(REASON_CODES),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string(),
    citation: z.string().meta({ examples: ['DFARS 204.7503(b)'] }),
    detail: z.record(z.string(), z.unknown()).optional().meta({ description: 'Extra facts for display (e.g. the replacement UID); never needed to read the verdict' }),
  })
  .meta({ id: 'Reason' });
const reasons = z.array(Reason);

// ---- the check (api.md POST /api/v1/checks) ----

const UidStatus = z
  .object({
    level,
    type: statusType,
    statusDate: isoDate,
    currentThrough: isoDate.nullable().meta({ description: 'Last date every currency condition holds; null when not current' }),
    cages: z.array(z.string()),
    scope: z.string(),
    score: z.number().int().nullable(),
    latestAffirmation: isoDate.nullable(),
    supersededBy: z.string().nullable(),
  })
  .meta({ id: 'UidStatus' });

export const NistRecord = z.object({
  id: z.number().int(),
  cages: z.array(z.string()),
  confidence: z.enum(NIST_CONFIDENCES),
  assessmentDate: isoDate,
  score: z.number().int(),
  fullImplementationDate: isoDate.nullable(),
  standard: z.string(),
  assessingOrganization: z.string(),
  planDescription: z.string().nullable(),
});

export const CheckAnswer = z
  .object({
    eligible: z.boolean().meta({ description: 'True only when no reason anywhere has severity error' }),
    asOf: isoDate,
    purpose: z.enum(PURPOSES),
    requiredLevel: level,
    offerorCage: z.string().nullable(),
    reasons: reasons.meta({ description: 'Offer-level reasons' }),
    uids: z.array(z.object({ uid: z.string(), eligible: z.boolean(), status: orNull(UidStatus), reasons })),
    nist: z.array(
      z.object({
        cage: z.string(),
        eligible: z.boolean(),
        assessment: NistRecord.extend({ confidenceLevel: z.enum(['Low', 'Medium', 'High']), validThrough: isoDate }).nullable(),
        reasons,
      }),
    ),
    phase: z.object({ phase: z.number().int().nullable(), advisory: z.string(), citation: z.string().nullable() }),
    assumptions: z.array(z.object({ id: z.string(), text: z.string() })).meta({ description: 'The rule book\'s Decisions the verdict rests on' }),
    verificationId: z.string().nullable(),
  })
  .meta({ id: 'CheckAnswer' });

export const RecordedVerification = CheckAnswer.extend({
  verificationId: z.string(),
  contractNumber: z.string().nullable(),
  solicitationNumber: z.string().nullable(),
  recordedBy: z.string().meta({ description: 'E-mail of the account that recorded it' }),
  recordedAt: instant,
  request: z.record(z.string(), z.unknown()).meta({ description: 'The check request as recorded' }),
  hash: z.string().meta({ description: 'Link of the verifications\' hash chain' }),
}).meta({ id: 'RecordedVerification', description: 'An immutable recorded verification: the answer exactly as given, who recorded it and when' });

// ---- the status record (api.md GET /api/v1/uids/{uid}) ----

export const StatusRecord = z
  .object({
    uid: z.string(),
    level,
    type: statusType.meta({ description: 'Status type on `asOf` (a successful closeout makes a Conditional Final)' }),
    postedType: statusType,
    statusDate: isoDate,
    currentThrough: isoDate.nullable(),
    current: z.boolean(),
    asOf: isoDate,
    cages: z.array(z.string()),
    scope: z.string(),
    score: z.number().int().nullable(),
    affirmations: z.array(z.object({ date: isoDate, name: z.string(), title: z.string(), email: z.string().nullable() })),
    affirmationBaseline: isoDate,
    complianceChanges: z.array(z.object({ date: isoDate, description: z.string() })),
    closeout: z.object({ date: isoDate, result: z.enum(['SUCCESS', 'FAILED']) }).nullable(),
    supersededBy: z.string().nullable(),
    poam: z.array(z.string()),
    reasons: reasons.meta({ description: 'What ended the status or stops it being current on `asOf`' }),
    source: z.string().meta({ description: 'Where the record came from (IMPORT, POSTING, …)' }),
  })
  .meta({ id: 'StatusRecord' });

// ---- flowdown checks (api.md; rules §7) ----

/** A UID's status facts as an attestation carries them, and as a flowdown check relies on them. */
export const StatusFacts = z.object({
  uid: z.string(),
  level,
  type: statusType,
  statusDate: isoDate,
  currentThrough: isoDate.nullable(),
  latestAffirmationDate: isoDate.nullable(),
});

const FlowdownFact = StatusFacts.extend({
  issuerReasons: z.array(z.string()).optional(),
  live: z.boolean().optional().meta({ description: "True when the fact is the issuer's live status on the decision date (records held here), not the signed claim" }),
});

const nistConfidence = z.enum(NIST_CONFIDENCES);

/** The sub's NIST SP 800-171 DoD Assessment as evidence shows it (rules §7). */
export const SubNistAssessment = z.object({
  confidence: nistConfidence,
  assessmentDate: isoDate,
  score: z.number().int(),
  cages: z.array(z.string()).optional().meta({ description: 'The CAGE codes it covers, when the evidence says (attestations)' }),
});

const SubNistResult = z
  .object({
    outcome: z.enum(['CURRENT', 'MISSING', 'EXPIRED']),
    source: z.enum(['ATTESTATION', 'ATTESTATION_WITHOUT_CLAIM', 'TYPED', 'NONE']).meta({
      description: 'Where the assessment came from; ATTESTATION_WITHOUT_CLAIM: a token issued before attestations carried the `nist` claim',
    }),
    assessment: orNull(SubNistAssessment),
    validThrough: isoDate.nullable().meta({ description: 'Last date the assessment counts (assessment date + 3 calendar years)' }),
    reasons,
  })
  .meta({ id: 'SubNistResult' });

export const FlowdownCheck = z
  .object({
    id: z.string(),
    primeCage: z.string(),
    primeContractNumber: z.string(),
    primeLevel: level,
    subcontractor: z.object({ cage: z.string(), name: z.string() }),
    information,
    cotsOnly: z.boolean().meta({ description: 'Solely COTS items: nothing flowed down (rules §7)' }),
    nist7012: z.boolean().meta({ description: "Subject to DFARS 252.204-7012: the sub's NIST SP 800-171 test applied (rules §7)" }),
    subMinimumLevel: level.nullable(),
    citation: z.string(),
    explanation: z.string(),
    mayAward: z.boolean(),
    reasons,
    uids: z.array(z.object({ uid: z.string(), meets: z.boolean(), currentThrough: isoDate.nullable(), reasons })),
    nist: orNull(SubNistResult).meta({ description: "The sub's NIST SP 800-171 test; null when it did not apply (no 7012, or COTS only)" }),
    evidence: z.object({
      kind: z.enum(['ATTESTATION', 'SPRS_PRINTOUT', 'CERTIFICATE', 'OTHER']).nullable(),
      verified: z.boolean(),
      reference: z.string().nullable(),
      attestationJti: z.string().nullable(),
      facts: z.array(FlowdownFact),
      typed: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Typed evidence exactly as the prime entered it (unverified)' }),
      attestation: z
        .object({
          jti: z.string(),
          kid: z.string().nullable(),
          iss: z.string(),
          issuedOn: isoDate.nullable(),
          validThrough: isoDate.nullable(),
          audience: z.string().nullable(),
          company: z.object({ name: z.string(), hloCage: z.string(), cages: z.array(z.string()) }),
          sharedCheckIds: z.array(z.string()),
          token: z.string().optional().meta({ description: 'Only on the caller\'s own checks' }),
          signedFacts: z.array(FlowdownFact).optional().meta({ description: 'The signed facts of every attested UID, as issued' }),
          nist: orNull(SubNistAssessment).optional().meta({ description: 'The signed `nist` claim; absent for a token issued before the claim existed' }),
        })
        .nullable(),
      notReliedOn: z.array(z.string()).meta({ description: 'Attested UIDs the prime said this subcontract does not use: recorded, not decided on' }),
    }),
    evidenceCurrentThrough: isoDate.nullable(),
    lookAheadUntil: isoDate.nullable().meta({ description: "The subcontract's next milestone, when the prime gave one" }),
    asOf: isoDate,
    decidedBy: z.string(),
    decidedAt: instant,
    decidedOn: isoDate.meta({ description: 'The day of the decision in the rules\' time zone (decidedAt is the instant, in UTC)' }),
    sharedCheckIds: z.array(z.string()),
  })
  .meta({ id: 'FlowdownCheck' });
