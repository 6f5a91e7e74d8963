import { Hono } from 'hono';
import { runCheck } from '../../services/checks.js';
import { CheckInputSchema } from '../../services/inputs.js';
import type { AppEnv } from '../env.js';
import { actorOf, allow } from './auth.js';
import { jsonBody } from './problem.js';

export const checksApi = new Hono<AppEnv>().post('/', allow('CONTRACTING_OFFICER', 'ADMIN'), async (c) => {
  const input = await jsonBody(c, CheckInputSchema);
  const answer = await runCheck(c.var.ctx, actorOf(c), input);
  return c.json(answer, input.record ? 201 : 200);
});
