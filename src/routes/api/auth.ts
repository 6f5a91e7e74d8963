import { createMiddleware } from 'hono/factory';
import { may, rolesFor, type Action } from '../../domain/permissions.js';
import { ServiceError } from '../../services/errors.js';
import { actorForApiToken } from '../../services/users.js';
import type { AppEnv } from '../env.js';

/** Bearer-token authentication for /api/v1 (api.md "Auth"). Missing or invalid → 401. */
export const bearerAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const actor = m ? await actorForApiToken(c.var.ctx.database.db, m[1]) : null;
  if (!actor) throw new ServiceError('unauthorized', m ? 'The API token is not valid' : 'Send Authorization: Bearer <token>');
  c.set('actor', actor);
  await next();
});

/** Gate for a route on an action of the permissions table (rules §9): a role that may not do it at all gets 403. */
export const allow = (action: Action) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!c.var.actor || !may(c.var.actor.role, action)) throw new ServiceError('forbidden', `This needs the role ${rolesFor(action).join(' or ')}`);
    await next();
  });

export const actorOf = (c: { var: AppEnv['Variables'] }) => c.var.actor!;
