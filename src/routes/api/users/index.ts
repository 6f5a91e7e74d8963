import { createUser } from '../../../services/users.js';
import { actorOf } from '../auth.js';
import { apiRouter } from '../openapi.js';
import { createUserRoute } from './routes.js';

export const usersApi = apiRouter().openapi(createUserRoute, async (c) => c.json(await createUser(c.var.ctx, actorOf(c), c.req.valid('json')), 201));
