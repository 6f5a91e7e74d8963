import { z } from 'zod';
import { allow } from '../auth.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';
import { pagingQuery, RecordedVerification } from '../schemas.js';

const readers = allow('verifications.read');

const ListQuery = z.object({
  contractNumber: z.string().optional().meta({ description: 'Only verifications recorded for this contract' }),
  ...pagingQuery(100, 500, 'Verifications'),
});

export const listVerificationsRoute = apiRoute({
  method: 'get', path: '/', operationId: 'listVerifications', tags: ['Checks'], summary: 'Recorded verifications, newest first (contracting officer, DIBCAC, administrator)',
  middleware: readers, query: ListQuery, errors: [...SIGNED_IN],
  ok: {
    200: jsonAnswer(z.object({ items: z.array(RecordedVerification), limit: z.number().int(), offset: z.number().int() }).meta({ id: 'VerificationList' }), 'A page of recorded verifications'),
  },
});

export const getVerificationRoute = apiRoute({
  method: 'get', path: '/{id}', operationId: 'getVerification', tags: ['Checks'], summary: 'One recorded verification, exactly as recorded',
  description: 'Later changes to SPRS records never change it.',
  middleware: readers, errors: [...SIGNED_IN, 404],
  params: z.object({ id: z.string().meta({ description: 'The `verificationId` a recorded check answered' }) }), ok: { 200: jsonAnswer(RecordedVerification, 'The recorded verification') },
});
