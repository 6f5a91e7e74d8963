import { check, recordVerification } from '../../../services/checks.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { checkRoute } from './routes.js';

export const checksApi = apiRouter().openapi(checkRoute, async (c) => {
  const input = c.req.valid('json');
  return c.json(input.record ? await recordVerification(c.var.ctx, actorOf(c), input) : await check(c.var.ctx, actorOf(c), input), 200);
});
