/**
 * The only file of src/ that reads the environment and listens. Migrates (idempotent), ensures the
 * ADMIN_API_TOKEN account, then serves.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { serve } from '@hono/node-server';
import { createDatabase, migrateDatabase } from '../db/client.js';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { loadConfig } from './config.js';
import { EMASS_LEASE_TTL_MS, EMASS_SYNC_LEASE, emassSyncJob } from './services/emass/runs.js';
import { emassSettings } from './services/emass/settings.js';
import { everyMinutesPattern, scheduleExclusive, type ScheduledJob } from './services/schedule.js';
import { ensureAdminToken } from './services/users.js';

const config = loadConfig(process.env);
if (config.DATABASE_URL.startsWith('file:')) {
  const path = config.DATABASE_URL.slice('file:'.length).split('?')[0];
  if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
}
const database = await createDatabase({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN, readUrl: config.DATABASE_READ_URL });
// `npm start` runs seeds/bootstrap.ts first (prestart): it migrates and seeds a new database.
await migrateDatabase(database);
const clock = systemClock(config.RULES_TIME_ZONE, config.APP_TODAY ?? null);
const ctx = { database, clock };
if (config.ADMIN_API_TOKEN) await ensureAdminToken(ctx, config.ADMIN_API_TOKEN);

const app = createApp({ database, clock, secureCookies: false, signingKeyFile: config.SIGNING_KEY_FILE ?? null });
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  console.log(`AwardGate listening on http://localhost:${info.port} (database ${config.DATABASE_URL}${clock.pinned ? `, today pinned to ${clock.pinned}` : ''})`);
});

const jobs: ScheduledJob[] = [];
const emass = emassSettings(config);
if (emass && emass.syncMinutes > 0) {
  jobs.push(
    scheduleExclusive(ctx, {
      name: EMASS_SYNC_LEASE,
      ttlMs: EMASS_LEASE_TTL_MS,
      pattern: everyMinutesPattern(emass.syncMinutes),
      timezone: config.RULES_TIME_ZONE,
      job: emassSyncJob(ctx, emass),
      onError: (e) => console.error(`eMASS sync: ${(e as Error)?.message ?? e}`),
    }),
  );
}

const shutdown = () => {
  for (const job of jobs) job.stop();
  server.close(() => {
    database.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
