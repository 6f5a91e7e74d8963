import { affirm, closeOut, getRecord, recordComplianceChange } from '../../../services/records.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { affirmRoute, closeoutRoute, complianceChangeRoute, getRecordRoute } from './routes.js';

export const uidsApi = apiRouter()
  .openapi(getRecordRoute, async (c) => c.json(await getRecord(c.var.ctx, actorOf(c), c.req.valid('param').uid, c.req.valid('query').asOf), 200))
  .openapi(affirmRoute, async (c) => c.json(await affirm(c.var.ctx, actorOf(c), c.req.valid('param').uid, c.req.valid('json')), 201))
  .openapi(closeoutRoute, async (c) => c.json(await closeOut(c.var.ctx, actorOf(c), c.req.valid('param').uid, c.req.valid('json')), 200))
  .openapi(complianceChangeRoute, async (c) => c.json(await recordComplianceChange(c.var.ctx, actorOf(c), c.req.valid('param').uid, c.req.valid('json')), 201));
