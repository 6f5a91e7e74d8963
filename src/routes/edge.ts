/**
 * What every request passes before it reaches a route (issue 12, findings 8 and 11): a method the
 * app serves (else 405 with `Allow`), an address whose percent-escapes decode (else 400, where a
 * route's own decoding would have thrown), and `Cache-Control: no-store` on every answer to a
 * signed-in caller (pages, CSV exports, the API), so no browser or proxy cache keeps SPRS data.
 * Refusals under /api/ are problem+json (api.md Conventions); elsewhere plain text.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { problem } from './api/problem.js';
import type { AppEnv } from './env.js';

function refuse(c: Context, status: ContentfulStatusCode, message: string, headers: Record<string, string> = {}) {
  const res = c.req.path.startsWith('/api/') ? problem(c, status, message) : c.text(message, status);
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

/**
 * 405 for a method no route answers (TRACE, CONNECT, PUT…), with `Allow`. The methods are read from
 * the app's routes when the first request arrives (all routes are mounted by then), so a route added
 * later with a new method is served without a change here.
 */
export function servedMethods(routes: () => readonly { method: string }[]): MiddlewareHandler<AppEnv> {
  let served: Set<string> | null = null;
  let allow = '';
  return async (c, next) => {
    if (!served) {
      served = new Set(routes().map((r) => r.method).filter((m) => m !== 'ALL'));
      if (served.has('GET')) served.add('HEAD');
      allow = [...served].sort().join(', ');
    }
    if (!served.has(c.req.method)) return refuse(c, 405, `AwardGate does not answer ${c.req.method.slice(0, 20)} requests; it answers ${allow}.`, { Allow: allow });
    await next();
  };
}

/** 400 for an address with a percent-escape that does not decode (`%zz`, `%E0%A4%A`). */
export const wellFormedAddress: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url;
  const rest = url.slice(url.indexOf('/', url.indexOf('//') + 2));
  try {
    decodeURIComponent(rest);
  } catch {
    return refuse(c, 400, 'The address has a malformed percent-escape (%); nothing was done.');
  }
  await next();
};

/** Answers to a signed-in caller are never stored by a browser or proxy cache. */
export const noStoreWhenSignedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.var.actor) c.res.headers.set('Cache-Control', 'no-store');
};
