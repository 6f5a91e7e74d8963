import { Hono } from 'hono';
import { isValidDate } from '../../domain/dates.js';
import { AffirmInput, CloseoutInput, ComplianceChangeInput } from '../../services/inputs.js';
import { affirm, closeOut, getRecord, recordComplianceChange } from '../../services/records.js';
import type { AppEnv } from '../env.js';
import { actorOf } from './auth.js';
import { jsonBody } from './problem.js';

export const uidsApi = new Hono<AppEnv>()
  .get('/:uid', async (c) => {
    const asOf = c.req.query('asOf');
    return c.json(await getRecord(c.var.ctx, actorOf(c), c.req.param('uid'), asOf && isValidDate(asOf) ? asOf : null));
  })
  .post('/:uid/affirmations', async (c) => {
    const input = await jsonBody(c, AffirmInput);
    return c.json(await affirm(c.var.ctx, actorOf(c), c.req.param('uid'), input), 201);
  })
  .post('/:uid/closeout', async (c) => {
    const input = await jsonBody(c, CloseoutInput);
    return c.json(await closeOut(c.var.ctx, actorOf(c), c.req.param('uid'), input), 200);
  })
  .post('/:uid/compliance-changes', async (c) => {
    const input = await jsonBody(c, ComplianceChangeInput);
    return c.json(await recordComplianceChange(c.var.ctx, actorOf(c), c.req.param('uid'), input), 201);
  });
