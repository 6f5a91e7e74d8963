import { Hono } from 'hono';
import { NistAssessmentInput, PostAssessmentInput } from '../../services/inputs.js';
import { postNistAssessment } from '../../services/nist-postings.js';
import { postAssessment } from '../../services/postings.js';
import type { AppEnv } from '../env.js';
import { actorOf } from './auth.js';
import { jsonBody } from './problem.js';

export const companiesApi = new Hono<AppEnv>()
  .post('/:cage/assessments', async (c) => {
    const input = await jsonBody(c, PostAssessmentInput);
    return c.json(await postAssessment(c.var.ctx, actorOf(c), c.req.param('cage'), input), 201);
  })
  // Rules §6 "NIST SP 800-171 DoD Assessment": contractor Basic (own company), DIBCAC Medium/High, admin any.
  .post('/:cage/nist-assessments', async (c) => {
    const input = await jsonBody(c, NistAssessmentInput);
    return c.json(await postNistAssessment(c.var.ctx, actorOf(c), c.req.param('cage'), input), 201);
  });
