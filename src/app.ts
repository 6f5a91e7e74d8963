/**
 * createApp({ database, clock }) → the whole Hono app. The database and clock are injected; nothing
 * here reads the environment or holds a module-level connection.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { Database } from '../db/client.js';
import type { Clock } from './clock.js';
import { loadConfig, reminderSettings } from './config.js';
import { createRequestTracker, opsRoutes, requestLog, type RequestTracker } from './ops/http.js';
import { silentLogger, type Logger } from './ops/logger.js';
import { API_DOCS_PATH, apiDocs } from './routes/api/docs.js';
import { apiApp } from './routes/api/index.js';
import { calendarFeedRoute } from './routes/calendar.js';
import { noStoreWhenSignedIn, servedMethods, wellFormedAddress } from './routes/edge.js';
import type { AppEnv } from './routes/env.js';
import { pagesApp } from './routes/pages/index.js';
import { staticAssets } from './routes/static.js';
import { DEFAULT_AUTH_SETTINGS, type AuthSettings } from './services/auth/settings.js';
import type { ServiceContext } from './services/context.js';
import type { EmassSettings } from './services/emass/settings.js';
import type { ReminderSettings } from './services/notifications/settings.js';
import { createMetrics, type Metrics } from './services/ops/metrics.js';
import { createReadiness, type Readiness } from './services/ops/readiness.js';
import { jwks } from './services/signing-keys.js';

export interface AppDeps {
  database: Database;
  clock: Clock;
  /** SIGNING_KEY_FILE: attestation signing key file (else the key lives in the database). */
  signingKeyFile?: string | null;
  /** Sign-in settings (TRUST_PROXY, demo mode); tests default to plain http on localhost. */
  auth?: Partial<Omit<AuthSettings, 'publicUrl'>>;
  /** MAIL_FROM, SMTP_URL for reminders; unset, the defaults of src/config.ts (no relay). */
  reminders?: Omit<ReminderSettings, 'publicUrl'>;
  /**
   * PUBLIC_URL (src/config.ts publicUrl): the one origin of links (attestations, reminders, calendar
   * feeds) and of the WebAuthn relying party; tests default to http://localhost, app.request's origin.
   */
  publicUrl?: string;
  /** Operations (README "Operating AwardGate"); each part has a quiet default, as tests want. */
  ops?: Partial<AppOps>;
  /** The eMASS feed's settings (src/config.ts emassSettings); null or absent: the feed is not configured. */
  emass?: EmassSettings | null;
  /** scrypt cost of new password hashes (ServiceContext.passwordHashN): for tests only; the server leaves it unset. */
  passwordHashN?: number;
}

export interface AppOps {
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  requests: RequestTracker;
  /** METRICS_TOKEN; null → GET /metrics answers 404. */
  metricsToken: string | null;
}

export function createApp(deps: AppDeps) {
  const ops: AppOps = {
    logger: deps.ops?.logger ?? silentLogger(),
    metrics: deps.ops?.metrics ?? createMetrics(),
    readiness: deps.ops?.readiness ?? createReadiness(deps.database),
    requests: deps.ops?.requests ?? createRequestTracker(),
    metricsToken: deps.ops?.metricsToken ?? null,
  };
  const ctx: ServiceContext = { database: deps.database, clock: deps.clock, signingKeyFile: deps.signingKeyFile ?? null, metrics: ops.metrics, passwordHashN: deps.passwordHashN, requestsInFlight: () => ops.requests.size };
  const publicUrl = (deps.publicUrl ?? DEFAULT_AUTH_SETTINGS.publicUrl).replace(/\/+$/, '');
  const auth: AuthSettings = { ...DEFAULT_AUTH_SETTINGS, ...deps.auth, publicUrl };
  const reminders: ReminderSettings = { ...(deps.reminders ?? reminderSettings(loadConfig({}))), publicUrl };
  const app = new Hono<AppEnv>();
  app.use('*', ...requestLog(ops));
  // Errors the sub-apps do not answer themselves; requestLog logs them (Hono's default would print them again).
  app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : c.text('The server could not complete the request; nothing was changed by it.', 500)));
  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    c.set('auth', auth);
    c.set('actor', null);
    c.set('csrfToken', null);
    c.set('emass', deps.emass ?? null);
    c.set('publicUrl', publicUrl);
    await next();
  });
  const csp = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
  };
  const headers = secureHeaders({ contentSecurityPolicy: csp, referrerPolicy: 'same-origin' });
  // The API reference initialises its bundle with one inline script: a per-request nonce on that page only.
  const docsHeaders = secureHeaders({ contentSecurityPolicy: { ...csp, scriptSrc: ["'self'", NONCE] }, referrerPolicy: 'same-origin' });
  app.use('*', (c, next) => (c.req.path === API_DOCS_PATH ? docsHeaders(c, next) : headers(c, next)));
  app.use('*', servedMethods(() => app.routes), wellFormedAddress, noStoreWhenSignedIn);
  app.route('/', opsRoutes(ops));
  app.route('/assets', staticAssets());
  // Public keys of signed status attestations, so anyone can verify offline (api.md).
  app.get('/.well-known/jwks.json', async (c) => c.json(await jwks(ctx), 200, { 'Cache-Control': 'public, max-age=300' }));
  app.route(API_DOCS_PATH, apiDocs());
  // A calendar application fetches the feed without signing in: the secret URL is the credential.
  app.route('/calendar', calendarFeedRoute(reminders));
  app.route('/api/v1', apiApp({ reminders }));
  app.route('/', pagesApp({ reminders }));
  return app;
}

export type App = ReturnType<typeof createApp>;
