/**
 * Page middleware: the session cookie → actor; CSRF for every state-changing form (the session's
 * token must come back as `_csrf` or `X-CSRF-Token`, and the Origin must be ours); sign-in gate.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../domain/levels.js';
import { sessionActor } from '../../services/sessions.js';
import type { AppEnv } from '../env.js';

export const SESSION_COOKIE = 'ag_session';

export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) {
    const s = await sessionActor(c.var.ctx, id);
    if (s) {
      c.set('actor', s.actor);
      c.set('csrfToken', s.csrfToken);
    }
  }
  await next();
});

/** hono/csrf rejects cross-origin form posts by their Origin header. */
export const originCheck = csrf();

async function postedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const h = c.req.header('x-csrf-token');
  if (h) return h;
  const type = c.req.header('content-type') ?? '';
  if (/form/.test(type)) {
    const body = await c.req.parseBody({ all: true });
    const v = body['_csrf'];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

/** Signed-in forms must post the session's CSRF token. */
export const csrfToken = createMiddleware<AppEnv>(async (c, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) || !c.var.actor) return next();
  const t = await postedToken(c);
  if (!t || t !== c.var.csrfToken) return c.text('The form expired or did not come from AwardGate. Go back, reload the page and try again.', 403);
  await next();
});

/** Pages for signed-in users (optionally of given roles); others go to sign-in or get 403. */
export const requireUser = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const a = c.var.actor;
    if (!a) {
      const next_ = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
      if (c.req.header('hx-request')) {
        c.header('HX-Redirect', `/sign-in?next=${next_}`);
        return c.body(null, 204);
      }
      return c.redirect(`/sign-in?next=${next_}`, 303);
    }
    if (roles.length && !roles.includes(a.role)) return c.text(`This page is for ${roles.join(' / ')} accounts.`, 403);
    await next();
  });
