import { Hono } from 'hono';
import { EngagementInput } from '../../services/inputs.js';
import { createEngagement } from '../../services/records.js';
import type { AppEnv } from '../env.js';
import { actorOf, allow } from './auth.js';
import { jsonBody } from './problem.js';

export const engagementsApi = new Hono<AppEnv>().post('/', allow('ADMIN', 'CONTRACTOR'), async (c) => {
  const input = await jsonBody(c, EngagementInput);
  return c.json(await createEngagement(c.var.ctx, actorOf(c), input), 201);
});
