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
import { appPublicUrl, loadConfig, reminderSettings } from './config.js';
import { deliverOutbox } from './services/notifications/outbox.js';
import { DAILY_PASS_JOB, OUTBOX_JOB, runDailyPass } from './services/notifications/pass.js';
import { dailyAtPattern, everyMinutesPattern, scheduleExclusive } from './services/schedule.js';
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

const app = createApp({ database, clock, secureCookies: false, signingKeyFile: config.SIGNING_KEY_FILE ?? null, publicUrl: appPublicUrl(config) });
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  console.log(`AwardGate listening on http://localhost:${info.port} (database ${config.DATABASE_URL}${clock.pinned ? `, today pinned to ${clock.pinned}` : ''})`);
});

// Reminders (issue 11): the daily pass at NOTIFY_AT; with a relay, the outbox is also worked every
// minute so retries (backoff from one minute) and messages left by a crash go out without waiting a day.
const reminders = reminderSettings(config);
const jobs = [
  scheduleExclusive(ctx, {
    name: DAILY_PASS_JOB,
    pattern: dailyAtPattern(config.NOTIFY_AT),
    timezone: config.RULES_TIME_ZONE,
    ttlMs: 10 * 60_000,
    job: async (signal) => console.log(`reminder pass: ${JSON.stringify(await runDailyPass(ctx, reminders, { delivery: { signal } }))}`),
    onError: (err) => console.error('the reminder pass failed:', err),
  }),
  ...(reminders.smtpUrl
    ? [
        scheduleExclusive(ctx, {
          name: OUTBOX_JOB,
          pattern: everyMinutesPattern(1),
          timezone: config.RULES_TIME_ZONE,
          job: (signal) => deliverOutbox(ctx, reminders, { signal }),
          onError: (err) => console.error('reminder delivery failed:', err),
        }),
      ]
    : []),
];

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
