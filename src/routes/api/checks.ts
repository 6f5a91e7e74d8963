import { Hono } from 'hono';
import { check, recordVerification } from '../../services/checks.js';
import { CheckInputSchema } from '../../services/inputs.js';
import type { AppEnv } from '../env.js';
import { actorOf, allow } from './auth.js';
import { jsonBody } from './problem.js';

export const checksApi = new Hono<AppEnv>().post('/', allow('CONTRACTING_OFFICER', 'ADMIN'), async (c) => {
  const input = await jsonBody(c, CheckInputSchema);
  // api.md answers 200 for every check; with `record: true` the body carries the verificationId.
  return c.json(input.record ? await recordVerification(c.var.ctx, actorOf(c), input) : await check(c.var.ctx, actorOf(c), input), 200);
});
