import { Hono } from 'hono';
import { listFlowdownChecks, recordFlowdownCheck } from '../../services/flowdown.js';
import { flowdownRegisterCsv, recheckList } from '../../services/flowdown-register.js';
import { flowdownTree, getFlowdownCheck } from '../../services/flowdown-tree.js';
import { FlowdownCheckInput, FlowdownRecheckQuery } from '../../services/inputs.js';
import { ServiceError } from '../../services/errors.js';
import type { AppEnv } from '../env.js';
import { actorOf, allow } from './auth.js';
import { jsonBody, zodErrors } from './problem.js';

const readers = allow('CONTRACTOR', 'ADMIN');
const filterOf = (c: { req: { query: (k: string) => string | undefined } }) => ({
  primeContractNumber: c.req.query('primeContractNumber') ?? null,
  subCage: c.req.query('subCage') ?? null,
});

/** Flowdown checks (api.md; rules §7): the contractor acting as prime records and reads its own. */
export const flowdownChecksApi = new Hono<AppEnv>()
  .post('/', allow('CONTRACTOR'), async (c) => {
    const input = await jsonBody(c, FlowdownCheckInput);
    return c.json(await recordFlowdownCheck(c.var.ctx, actorOf(c), input), 201);
  })
  .get('/', readers, async (c) => c.json({ items: await listFlowdownChecks(c.var.ctx, actorOf(c), filterOf(c)) }))
  .get('/register.csv', readers, async (c) => {
    const csv = await flowdownRegisterCsv(c.var.ctx, actorOf(c), filterOf(c));
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="flowdown-register.csv"' });
  })
  .get('/tree', readers, async (c) => c.json(await flowdownTree(c.var.ctx, actorOf(c), filterOf(c))))
  .get('/recheck', readers, async (c) => {
    const q = FlowdownRecheckQuery.safeParse({ days: c.req.query('days') ?? undefined });
    if (!q.success) throw new ServiceError('validation', 'Invalid query', zodErrors(q.error));
    return c.json(await recheckList(c.var.ctx, actorOf(c), { days: q.data.days }));
  })
  .get('/:id', readers, async (c) => c.json(await getFlowdownCheck(c.var.ctx, actorOf(c), c.req.param('id'))));
