import { flowdownRegisterCsv, recheckList } from '../../../services/flowdown-register.js';
import { flowdownTree, getFlowdownCheck } from '../../../services/flowdown-tree.js';
import { listFlowdownChecks, recordFlowdownCheck } from '../../../services/flowdown.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { flowdownRecheckRoute, flowdownRegisterRoute, flowdownTreeRoute, getFlowdownCheckRoute, listFlowdownChecksRoute, recordFlowdownCheckRoute } from './routes.js';

/** Flowdown checks (api.md; rules §7): the contractor acting as prime records and reads its own. */
export const flowdownChecksApi = apiRouter()
  .openapi(recordFlowdownCheckRoute, async (c) => c.json(await recordFlowdownCheck(c.var.ctx, actorOf(c), c.req.valid('json')), 201))
  .openapi(listFlowdownChecksRoute, async (c) => c.json({ items: await listFlowdownChecks(c.var.ctx, actorOf(c), c.req.valid('query')) }, 200))
  .openapi(flowdownRegisterRoute, async (c) => {
    const csv = await flowdownRegisterCsv(c.var.ctx, actorOf(c), c.req.valid('query'));
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="flowdown-register.csv"' });
  })
  .openapi(flowdownTreeRoute, async (c) => c.json(await flowdownTree(c.var.ctx, actorOf(c), c.req.valid('query')), 200))
  .openapi(flowdownRecheckRoute, async (c) => c.json(await recheckList(c.var.ctx, actorOf(c), c.req.valid('query')), 200))
  .openapi(getFlowdownCheckRoute, async (c) => c.json(await getFlowdownCheck(c.var.ctx, actorOf(c), c.req.valid('param').id), 200));
