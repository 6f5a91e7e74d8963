import { z } from 'zod';
import { ImportInput } from '../../../services/inputs.js';
import { allow } from '../auth.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';

const count = z.number().int().min(0);
const Imported = z.object({ imported: z.object({ companies: count, assessments: count, nistAssessments: count }) }).meta({ id: 'ImportCounts' });

export const importRoute = apiRoute({
  method: 'post', path: '/', operationId: 'importRecords', tags: ['Administration'], summary: 'Load SPRS records with their historical dates, all or nothing (administrator)',
  description:
    'One invalid record → 422 and nothing is stored; a UID already stored, or twice in the request → 409. ' +
    'Imported records follow the supersession rule of postings (rules §3.5).',
  middleware: allow('records.import'), body: ImportInput, errors: [...SIGNED_IN, 409], ok: { 201: jsonAnswer(Imported, 'How many records were imported') },
});
