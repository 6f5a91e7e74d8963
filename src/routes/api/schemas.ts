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

const FlowdownFact = StatusFacts.extend({ issuerReasons: z.array(z.string()).optional() });

export const FlowdownCheck = z
  .object({
    id: z.string(),
    primeCage: z.string(),
    primeContractNumber: z.string(),
    primeLevel: level,
    subcontractor: z.object({ cage: z.string(), name: z.string() }),
    information,
    subMinimumLevel: level.nullable(),
    citation: z.string(),
    explanation: z.string(),
    mayAward: z.boolean(),
    reasons,
    uids: z.array(z.object({ uid: z.string(), meets: z.boolean(), currentThrough: isoDate.nullable(), reasons })),
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
        })
        .nullable(),
    }),
    evidenceCurrentThrough: isoDate.nullable(),
    asOf: isoDate,
    decidedBy: z.string(),
    decidedAt: instant,
    decidedOn: isoDate.meta({ description: 'The day of the decision in the rules\' time zone (decidedAt is the instant, in UTC)' }),
    sharedCheckIds: z.array(z.string()),
  })
  .meta({ id: 'FlowdownCheck' });
