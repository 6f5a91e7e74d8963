import { z } from 'zod';
import { EngagementInput } from '../../../services/inputs.js';
import { allow } from '../auth.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';
import { instant } from '../schemas.js';

export const createEngagementRoute = apiRoute({
  method: 'post', path: '/', operationId: 'createEngagement', tags: ['Postings'], summary: 'Engage a C3PAO with a company (administrator, or a contractor for its own company)',
  description: 'That C3PAO user may then post Level 2 (C3PAO) results for the company. A duplicate engagement → 409.',
  middleware: allow('engagements.create'), body: EngagementInput, errors: [...SIGNED_IN, 404, 409],
  ok: {
    201: jsonAnswer(
      z.object({ id: z.number().int(), companyCage: z.string(), assessorEmail: z.string(), createdAt: instant }).meta({ id: 'Engagement' }),
      'The engagement',
    ),
  },
});
