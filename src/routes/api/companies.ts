import { Hono } from 'hono';
import { PostAssessmentInput } from '../../services/inputs.js';
import { postAssessment } from '../../services/records.js';
import type { AppEnv } from '../env.js';
import { actorOf } from './auth.js';
import { jsonBody } from './problem.js';

export const companiesApi = new Hono<AppEnv>().post('/:cage/assessments', async (c) => {
  const input = await jsonBody(c, PostAssessmentInput);
  return c.json(await postAssessment(c.var.ctx, actorOf(c), c.req.param('cage'), input), 201);
});
