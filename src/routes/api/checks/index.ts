import { runCheck } from '../../../services/checks.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { checkRoute } from './routes.js';

export const checksApi = apiRouter().openapi(checkRoute, async (c) => c.json(await runCheck(c.var.ctx, actorOf(c), c.req.valid('json')), 200));
