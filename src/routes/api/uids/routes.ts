import { z } from 'zod';
import { isAcceptedDate } from '../../../domain/import-rules.js';
import { AffirmInput, CloseoutInput, ComplianceChangeInput } from '../../../services/inputs.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';
import { isoDate, StatusRecord } from '../schemas.js';

// Not validated here: an unknown or malformed UID in a path answers 404 (api.md), like one the caller may not see.
const UidPath = z.object({
  uid: z.string().meta({ description: 'CMMC UID (trimmed and upper-cased); a malformed or unknown UID answers 404', pattern: '^[A-Z0-9]{10}$', examples: ['A1B2C3D4E5'] }),
});

export const getRecordRoute = apiRoute({
  method: 'get', path: '/{uid}', operationId: 'getStatusRecord', tags: ['Status records'], summary: 'The status record of a UID',
  description:
    'Contracting officers, DIBCAC users and administrators: any UID. Contractors: their company\'s only; C3PAO users: the ones they posted (else 404).',
  params: UidPath,
  query: z.object({
    // Kept lenient as it always was: a value that is not a date means today.
    asOf: z
      .string()
      .optional()
      .transform((v) => (v && isAcceptedDate(v) ? v : null))
      .meta({ format: 'date', description: 'Evaluate the record as of this past date (default today; a value that is not a date from 2000-01-01 to 2100-12-31 is ignored)' }),
  }),
  ok: { 200: jsonAnswer(StatusRecord, 'The status record on `asOf`') },
  errors: [...SIGNED_IN, 404],
});

export const affirmRoute = apiRoute({
  method: 'post', path: '/{uid}/affirmations', operationId: 'affirm', tags: ['Status records'], summary: 'Affirm continuous compliance, dated today (contractor of the company, administrator)',
  params: UidPath, body: AffirmInput, errors: [...SIGNED_IN, 404, 409], ok: { 201: jsonAnswer(StatusRecord, 'The record with the new affirmation') },
});

export const closeoutRoute = apiRoute({
  method: 'post', path: '/{uid}/closeout', operationId: 'closeOut', tags: ['Status records'], summary: 'POA&M closeout: once, within 180 days of a Conditional status',
  description: 'Who may close out is who may post that level for the company. After day 180 or a second time → 409.',
  params: UidPath, body: CloseoutInput, errors: [...SIGNED_IN, 404, 409], ok: { 200: jsonAnswer(StatusRecord, 'The record after the closeout (same UID and status date)') },
});

export const complianceChangeRoute = apiRoute({
  method: 'post', path: '/{uid}/compliance-changes', operationId: 'recordComplianceChange', tags: ['Status records'], summary: 'Record a change in compliance (contractor of the company, DIBCAC, administrator)',
  description: 'A change ends currency from its own date (rules §3.3); a date after today → 422.',
  params: UidPath, body: ComplianceChangeInput, errors: [...SIGNED_IN, 404],
  ok: {
    201: jsonAnswer(
      z.object({ id: z.number().int(), uid: z.string(), date: isoDate, description: z.string(), record: StatusRecord }).meta({ id: 'ComplianceChange' }),
      'The change and the record after it',
    ),
  },
});
