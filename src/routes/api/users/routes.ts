import { z } from 'zod';
import { ROLES } from '../../../domain/levels.js';
import { UserInput } from '../../../services/inputs.js';
import { allow } from '../auth.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';

const CreatedUser = z
  .object({
    id: z.number().int(),
    email: z.string(),
    role: z.enum(ROLES),
    companyCage: z.string().nullable(),
    apiToken: z.string().meta({ description: 'Shown once: only its hash is stored' }),
  })
  .meta({ id: 'CreatedUser' });

export const createUserRoute = apiRoute({
  method: 'post', path: '/', operationId: 'createUser', tags: ['Administration'], summary: 'Create an account (administrator)',
  description: 'A CONTRACTOR belongs to the company whose CAGE hierarchy includes `companyCage` and sees that company\'s records only.',
  middleware: allow('accounts.manage'), body: UserInput, errors: [...SIGNED_IN, 409], ok: { 201: jsonAnswer(CreatedUser, 'The account and its API token') },
});
