import { Hono } from 'hono';
import { runCheck } from '../../services/checks.js';
import { CheckInputSchema } from '../../services/inputs.js';
import type { AppEnv } from '../env.js';
import { actorOf, allow } from './auth.js';
import { jsonBody } from './problem.js';

export const checksApi = new Hono<AppEnv>().post('/', allow('CONTRACTING_OFFICER', 'ADMIN'), async (c) => {
  const input = await jsonBody(c, CheckInputSchema);
  // api.md answers 200 for every check; with `record: true` the body carries the verificationId.
  return c.json(await runCheck(c.var.ctx, actorOf(c), input), 200);
});
