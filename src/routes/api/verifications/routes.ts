import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow } from '../auth.js';
import { jsonAnswer, problems, SIGNED_IN } from '../openapi.js';
import { RecordedVerification } from '../schemas.js';

const readers = allow('verifications.read');

/** Whole, finite numbers only: a fraction, 1e300 or Infinity would reach SQL LIMIT/OFFSET and fail (500). */
const wholeOr = (v: string | undefined, fallback: number) => (Number.isFinite(Number(v)) ? Math.trunc(Number(v)) : fallback);

const ListQuery = z.object({
  contractNumber: z.string().optional().meta({ description: 'Only verifications recorded for this contract' }),
  limit: z
    .string()
    .optional()
    .transform((v) => Math.min(Math.max(wholeOr(v, 100) || 100, 1), 500))
    .meta({ type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'Page size; 0 or a value that is not a number means 100, others are clamped into the range' }),
  offset: z
    .string()
    .optional()
    .transform((v) => Math.min(Math.max(wholeOr(v, 0), 0), Number.MAX_SAFE_INTEGER))
    .meta({ type: 'integer', minimum: 0, default: 0, description: 'Verifications to skip; clamped at 0' }),
});

export const listVerificationsRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listVerifications',
  tags: ['Checks'],
  summary: 'Recorded verifications, newest first (contracting officer, DIBCAC, administrator)',
  middleware: readers,
  request: { query: ListQuery },
  responses: {
    200: jsonAnswer(z.object({ items: z.array(RecordedVerification), limit: z.number().int(), offset: z.number().int() }).meta({ id: 'VerificationList' }), 'A page of recorded verifications'),
    ...problems(...SIGNED_IN, 422),
  },
});

export const getVerificationRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getVerification',
  tags: ['Checks'],
  summary: 'One recorded verification, exactly as recorded',
  description: 'Later changes to SPRS records never change it.',
  middleware: readers,
  request: { params: z.object({ id: z.string().meta({ description: 'The `verificationId` a recorded check answered' }) }) },
  responses: { 200: jsonAnswer(RecordedVerification, 'The recorded verification'), ...problems(...SIGNED_IN, 404, 422) },
});
