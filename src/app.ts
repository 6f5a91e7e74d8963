/**
 * createApp({ database, clock }) → the whole Hono app. The database and clock are injected; nothing
 * here reads the environment or holds a module-level connection.
 */
import { Hono } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { Database } from '../db/client.js';
import type { Clock } from './clock.js';
import { loadConfig, reminderSettings } from './config.js';
import { calendarFeedRoute } from './routes/calendar.js';
import { API_DOCS_PATH, apiDocs } from './routes/api/docs.js';
import { apiApp } from './routes/api/index.js';
import type { AppEnv } from './routes/env.js';
import { pagesApp } from './routes/pages/index.js';
import { staticAssets } from './routes/static.js';
import type { ServiceContext } from './services/context.js';
import type { ReminderSettings } from './services/notifications/settings.js';
import { jwks } from './services/signing-keys.js';

export interface AppDeps {
  database: Database;
  clock: Clock;
  /** Set when served over TLS (cookies get `Secure`). */
  secureCookies?: boolean;
  /** SIGNING_KEY_FILE: attestation signing key file (else the key lives in the database). */
  signingKeyFile?: string | null;
  /** PUBLIC_URL, MAIL_FROM, SMTP_URL for reminders; unset, the defaults of src/config.ts (no relay). */
  reminders?: ReminderSettings;
}

export function createApp(deps: AppDeps) {
  const ctx: ServiceContext = { database: deps.database, clock: deps.clock, signingKeyFile: deps.signingKeyFile ?? null };
  const reminders = deps.reminders ?? reminderSettings(loadConfig({}));
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    c.set('actor', null);
    c.set('csrfToken', null);
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
  app.route('/assets', staticAssets());
  // Public keys of signed status attestations, so anyone can verify offline (api.md).
  app.get('/.well-known/jwks.json', async (c) => c.json(await jwks(ctx), 200, { 'Cache-Control': 'public, max-age=300' }));
  app.route(API_DOCS_PATH, apiDocs());
  // A calendar application fetches the feed without signing in: the secret URL is the credential.
  app.route('/calendar', calendarFeedRoute(reminders));
  app.route('/api/v1', apiApp({ reminders }));
  app.route('/', pagesApp({ secureCookies: deps.secureCookies ?? false, reminders }));
  return app;
}

export type App = ReturnType<typeof createApp>;
