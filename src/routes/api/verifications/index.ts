import { getVerification, listVerifications } from '../../../services/checks.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { getVerificationRoute, listVerificationsRoute } from './routes.js';

export const verificationsApi = apiRouter()
  .openapi(listVerificationsRoute, async (c) => {
    const { contractNumber, limit, offset } = c.req.valid('query');
    const items = await listVerifications(c.var.ctx, actorOf(c), { contractNumber, limit, offset });
    return c.json({ items, limit, offset }, 200);
  })
  .openapi(getVerificationRoute, async (c) => c.json(await getVerification(c.var.ctx, actorOf(c), c.req.valid('param').id), 200));
