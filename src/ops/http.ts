/**
 * The operations edge of the app (README "Operating AwardGate"): one log line and one metrics
 * sample per request, the requests in flight (so a shutdown can wait for them), and the public
 * /healthz and /readyz and the token-guarded /metrics.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { requestId, type RequestIdVariables } from 'hono/request-id';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../routes/env.js';
import type { Metrics } from '../services/ops/metrics.js';
import type { Readiness } from '../services/ops/readiness.js';
import type { Logger } from './logger.js';

export interface InFlightRequest {
  method: string;
  route: string;
  startedAt: number;
}

/** The requests being served now. A shutdown waits for them and, meanwhile, closes each connection after its answer. */
export interface RequestTracker {
  begin(req: InFlightRequest): () => void;
  readonly size: number;
  list(): InFlightRequest[];
  /** Resolves when no request is in flight. */
  idle(): Promise<void>;
  /** Answers from now on carry `Connection: close`, so kept-alive connections end after their request. */
  drain(): void;
  readonly draining: boolean;
}

export function createRequestTracker(): RequestTracker {
  const live = new Set<InFlightRequest>();
  let waiters: (() => void)[] = [];
  let draining = false;
  return {
    begin(req) {
      live.add(req);
      return () => {
        live.delete(req);
        if (live.size === 0) {
          for (const w of waiters) w();
          waiters = [];
        }
      };
    },
    get size() {
      return live.size;
    },
    list: () => [...live],
    idle: () => (live.size === 0 ? Promise.resolve() : new Promise<void>((ok) => waiters.push(ok))),
    drain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}

/**
 * The route pattern a request went to (`/api/v1/uids/:uid`), never the raw path: paths carry ids,
 * and metrics need a bounded set of labels. The first matched route with a method is the endpoint;
 * a request no endpoint matched is labelled with the catch-all it fell into (`*`, `/api/v1/*`).
 */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  const endpoint = routes.find((r) => r.method !== 'ALL');
  return endpoint?.path ?? routes.at(c.req.routeIndex)?.path ?? '*';
}

/** Probes, scrapes and static assets are logged at debug level: at info they would drown the requests people make. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);
const quiet = (route: string) => QUIET.has(route) || route.startsWith('/assets/');

export interface RequestLogOptions {
  logger: Logger;
  metrics: Metrics;
  requests: RequestTracker;
}

/**
 * Request id (`X-Request-Id`: a sane incoming one is kept, else one is made), then after the answer
 * one log line: id, method, route pattern, status, duration, the actor's id and role; an error that
 * became a 5xx is logged here with its stack, once (the API's and pages' onError answer, this logs).
 */
export function requestLog(opts: RequestLogOptions): MiddlewareHandler[] {
  const { logger, metrics, requests } = opts;
  const track = createMiddleware<{ Variables: AppEnv['Variables'] & RequestIdVariables }>(async (c, next) => {
    const t0 = performance.now();
    const route = routeOf(c);
    const method = c.req.method;
    const end = requests.begin({ method, route, startedAt: Date.now() });
    metrics.httpInFlight.inc();
    try {
      await next();
    } finally {
      end();
      metrics.httpInFlight.dec();
      if (requests.draining) c.header('Connection', 'close');
      const status = c.res.status;
      const seconds = (performance.now() - t0) / 1000;
      const labels = { method, route, status: String(status) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      // Set by the API's bearer auth or the pages' session, further in.
      const actor = c.var.actor ?? null;
      const line = {
        reqId: c.var.requestId,
        method,
        route,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        actorId: actor?.id ?? null,
        actorRole: actor?.role ?? null,
        ...(status >= 500 && c.error ? { err: c.error } : {}),
      };
      const msg = `${method} ${route} ${status}`;
      if (status >= 500) logger.error(line, msg);
      else if (quiet(route)) logger.debug(line, msg);
      else logger.info(line, msg);
    }
  });
  return [requestId({ limitLength: 128 }), track];
}

export interface OpsRoutesOptions {
  metrics: Metrics;
  readiness: Readiness;
  /** METRICS_TOKEN; null → /metrics does not exist. */
  metricsToken: string | null;
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** /healthz, /readyz and /metrics: no sign-in, no configuration in the answers. */
export function opsRoutes(opts: OpsRoutesOptions) {
  const app = new Hono();
  const noStore = { 'Cache-Control': 'no-store' };
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, noStore));
  app.get('/readyz', async (c) => {
    const r = await opts.readiness.evaluate();
    return c.json({ status: r.status, checks: r.checks }, r.ready ? 200 : 503, noStore);
  });
  app.get('/metrics', async (c) => {
    if (!opts.metricsToken) return c.notFound();
    const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!m || !sameSecret(m[1], opts.metricsToken)) return c.text('Send Authorization: Bearer <METRICS_TOKEN>', 401, { 'WWW-Authenticate': 'Bearer realm="metrics"', ...noStore });
    return c.body(await opts.metrics.render(), 200, { 'Content-Type': opts.metrics.registry.contentType, ...noStore });
  });
  return app;
}
