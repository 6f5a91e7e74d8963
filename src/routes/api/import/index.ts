import { importRecords } from '../../../services/import.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { importRoute } from './routes.js';

export const importApi = apiRouter().openapi(importRoute, async (c) => c.json(await importRecords(c.var.ctx, actorOf(c), c.req.valid('json')), 201));
