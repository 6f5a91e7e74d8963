/**
 * `once()`: a record-creating form's route answers a repeated submit of the same form (its hidden
 * `_idem` key, minted when the form rendered) with a redirect to the record the first submit created.
 */
import type { MiddlewareHandler } from 'hono';
import { isIdempotencyKey, rememberSubmission, submittedBefore } from '../../services/idempotency.js';
import type { PagesEnv } from './env.js';

export const once = (): MiddlewareHandler<PagesEnv> => async (c, next) => {
  const body = await c.req.parseBody({ all: true });
  const key = isIdempotencyKey(body._idem) ? body._idem : null;
  if (key) {
    const before = await submittedBefore(c.var.ctx, key);
    if (before) return c.redirect(before, 303);
  }
  await next();
  const location = c.res.headers.get('location');
  if (key && c.res.status === 303 && location) await rememberSubmission(c.var.ctx, key, location);
};
