import { HTTPException } from 'hono/http-exception';
import { importStream } from '../../../services/import-stream.js';
import { actorOf, allow } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { JSON_TYPE } from '../problem.js';
import { importRoute } from './routes.js';

const { middleware: _gate, ...described } = importRoute;

/**
 * The import reads its body as a stream (services/import-stream.ts) rather than through the route
 * validator, which would hold the whole batch and parse it in one turn; each record is checked by
 * the same schemas the document publishes, so the route is described as any other.
 */
export const importApi = apiRouter();
importApi.openAPIRegistry.registerPath(described);
importApi.post('/', allow('records.import'), async (c) => {
  const body = c.req.raw.body;
  if (body && !JSON_TYPE.test(c.req.header('content-type') ?? '')) throw new HTTPException(415);
  return c.json(await importStream(c.var.ctx, actorOf(c), body), 201);
});
