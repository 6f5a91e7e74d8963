import { z } from 'zod';
import { CheckInputSchema } from '../../../services/inputs.js';
import { allow } from '../auth.js';
import { apiRoute, jsonAnswer, SIGNED_IN } from '../openapi.js';
import { CheckAnswer, RecordedVerification } from '../schemas.js';

export const checkRoute = apiRoute({
  method: 'post',
  path: '/',
  operationId: 'checkOffer',
  tags: ['Checks'],
  summary: 'Award, option, extension or new-UID check; `record: true` stores an immutable verification',
  description:
    'Does every UID carry a current CMMC status at the required level or higher on `asOf` (default today)? ' +
    'Every reason cites its rule. With `record: true` the answer carries `verificationId` and the recorded fields.',
  middleware: allow('checks.run'),
  body: CheckInputSchema,
  errors: [...SIGNED_IN],
  ok: {
    // api.md answers 200 for every check, also when it records one.
    200: jsonAnswer(z.union([RecordedVerification, CheckAnswer]), 'The verdict (a recorded verification when `record` is true)'),
  },
});
