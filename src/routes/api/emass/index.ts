import { HTTPException } from 'hono/http-exception';
import { conflict, notFound } from '../../../services/errors.js';
import { getRun, listRuns, syncNow } from '../../../services/emass/runs.js';
import { apiRouter } from '../openapi.js';
import { getRunRoute, listRunsRoute, syncRoute } from './routes.js';

export const emassApi = apiRouter()
  .openapi(syncRoute, async (c) => {
    const settings = c.var.emass;
    // Not a failure of the request: the deployment lacks a setting (the API's onError answers problem+json).
    if (!settings) throw new HTTPException(503, { message: 'The eMASS feed is not configured: set EMASS_URL, EMASS_API_KEY and EMASS_USER_UID, then restart' });
    const result = await syncNow(c.var.ctx, settings);
    if (result.busy) throw conflict('Another eMASS sync is in progress; try again when it has finished');
    return c.json(result.run, 200);
  })
  .openapi(listRunsRoute, async (c) => {
    const { limit, offset } = c.req.valid('query');
    return c.json({ runs: await listRuns(c.var.ctx, { limit, offset }), limit, offset }, 200);
  })
  .openapi(getRunRoute, async (c) => {
    const id = c.req.valid('param').id;
    const run = /^\d{1,15}$/.test(id) ? await getRun(c.var.ctx, Number(id)) : null;
    if (!run) throw notFound(`No eMASS run ${id}`);
    return c.json(run, 200);
  });
