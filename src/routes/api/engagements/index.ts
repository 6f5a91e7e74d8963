import { createEngagement } from '../../../services/records.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { createEngagementRoute } from './routes.js';

export const engagementsApi = apiRouter().openapi(createEngagementRoute, async (c) => c.json(await createEngagement(c.var.ctx, actorOf(c), c.req.valid('json')), 201));
