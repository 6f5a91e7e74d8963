/**
 * Page middleware: the session cookie → actor; CSRF for every state-changing form (the session's
 * token must come back as `_csrf` or `X-CSRF-Token`, and the Origin must be ours); sign-in gate.
 */
import type { Context } from 'hono';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import { ROLE_LABEL } from '../../../views/labels.js';
import type { Role } from '../../domain/levels.js';
import { may, reachOf, rolesFor, type Action, type Reach } from '../../domain/permissions.js';
import { forbidden } from '../../services/errors.js';
import { sessionActor } from '../../services/sessions.js';
import { demoAccountsPresent } from '../../services/users-lifecycle.js';
import { readCookie, SESSION_COOKIE } from './auth-request.js';
import type { PagesEnv } from './env.js';
import { boundaryOf, leadingField } from './multipart.js';

export const loadSession = createMiddleware<PagesEnv>(async (c, next) => {
  // Every page carries the demo banner while an enabled demo account exists (issue 12, finding 7).
  c.set('demoAccounts', await demoAccountsPresent(c.var.ctx));
  const id = readCookie(c, SESSION_COOKIE);
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

async function postedToken(c: Context<PagesEnv>): Promise<string | undefined> {
  const h = c.req.header('x-csrf-token');
  if (h) return h;
  const type = c.req.header('content-type') ?? '';
  const boundary = boundaryOf(type);
  // Only the bulk import streams its upload; other forms with a file (a few MiB at most) are read whole below.
  if (boundary && c.req.raw.body && c.req.path === '/admin/import') {
    // Its token is read from the fields before the file, and the body is left whole for the route (multipart.ts).
    const [peek, rest] = c.req.raw.body.tee();
    c.req.raw = new Request(c.req.raw, { body: rest, duplex: 'half' } as RequestInit);
    const token = await leadingField(peek, boundary, '_csrf');
    if (token !== undefined) return token;
  }
  if (/form/.test(type)) {
    const body = await c.req.parseBody({ all: true });
    const v = body['_csrf'];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

/** Signed-in forms must post the session's CSRF token. */
export const csrfToken = createMiddleware<PagesEnv>(async (c, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) || !c.var.actor) return next();
  const t = await postedToken(c);
  if (!t || t !== c.var.csrfToken) throw forbidden('The form expired or did not come from AwardGate. Nothing was changed; go back, reload the page and try again.');
  await next();
});

/**
 * Pages for signed-in users; with an action of the permissions table (rules §9), only for the roles
 * that may do it (with `reach`, only those with that reach). Others go to sign-in or get the 403 page.
 */
export const requireUser = (action?: Action, reach?: Reach) =>
  createMiddleware<PagesEnv>(async (c, next) => {
    const a = c.var.actor;
    if (!a) {
      const next_ = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
      if (c.req.header('hx-request')) {
        c.header('HX-Redirect', `/sign-in?next=${next_}`);
        return c.body(null, 204);
      }
      return c.redirect(`/sign-in?next=${next_}`, 303);
    }
    if (action) {
      const allowed = (role: Role) => (reach ? reachOf(role, action) === reach : may(role, action));
      if (!allowed(a.role)) {
        const who = rolesFor(action).filter(allowed).map((r) => ROLE_LABEL[r]);
        const named = who.length > 1 ? `${who.slice(0, -1).join(', ')} and ${who[who.length - 1]}` : who.join('');
        throw forbidden(`This page is for ${named} accounts; you are signed in as ${ROLE_LABEL[a.role]}`);
      }
    }
    await next();
  });
