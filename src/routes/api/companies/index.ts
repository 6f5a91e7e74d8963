import { postNistAssessment } from '../../../services/nist-postings.js';
import { postAssessment } from '../../../services/postings.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { postAssessmentRoute, postNistAssessmentRoute } from './routes.js';

export const companiesApi = apiRouter()
  .openapi(postAssessmentRoute, async (c) => c.json(await postAssessment(c.var.ctx, actorOf(c), c.req.valid('param').cage, c.req.valid('json')), 201))
  // Rules §6 "NIST SP 800-171 DoD Assessment": contractor Basic (own company), DIBCAC Medium/High, admin any.
  .openapi(postNistAssessmentRoute, async (c) => c.json(await postNistAssessment(c.var.ctx, actorOf(c), c.req.valid('param').cage, c.req.valid('json')), 201));
