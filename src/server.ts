/**
 * The only file of src/ that reads the environment and listens. Migrates (idempotent), ensures the
 * ADMIN_API_TOKEN account, serves, and shuts down cleanly on SIGTERM/SIGINT (src/ops/shutdown.ts).
 * Scheduled jobs are created here and registered with the shutdown, so it stops them and waits
 * for their running batch.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname } from 'node:path';
import { serve } from '@hono/node-server';
import { createDatabase, localDatabasePath, migrateDatabase } from '../db/client.js';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { authSettings, DEMO_REFUSAL, demoMode, emassSettings, loadConfig, publicUrl, reminderSettings } from './config.js';
import { createRequestTracker } from './ops/http.js';
import { createLogger } from './ops/logger.js';
import { createShutdown, EXIT_WORK_CUT_OFF } from './ops/shutdown.js';
import type { ServiceContext } from './services/context.js';
import { countOpenQuarantine, EMASS_LEASE_TTL_MS, EMASS_SYNC_LEASE, emassReadiness, emassSyncJob } from './services/emass/runs.js';
import { deliverOutbox } from './services/notifications/outbox.js';
import { DAILY_PASS_JOB, DAILY_PASS_LEASE_MS, OUTBOX_JOB, runDailyPass } from './services/notifications/pass.js';
import { scheduleBackups } from './services/ops/backup.js';
import { holdInstanceLease } from './services/ops/instance.js';
import { createMetrics } from './services/ops/metrics.js';
import { createReadiness } from './services/ops/readiness.js';
import { dailyAtPattern, everyMinutesPattern, scheduleExclusive } from './services/schedule.js';
import { demoAccountsPresent } from './services/users-lifecycle.js';
import { ensureAdminToken } from './services/users.js';

const config = loadConfig(process.env);
const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' && process.stdout.isTTY === true });
/**
 * Exits once the log is flushed. The log is written asynchronously (src/ops/logger.ts), and exiting
 * while a write is under way could lose it, the last line (the shutdown's outcome) included; a stuck
 * stdout cannot hold the process more than two seconds.
 */
const exitAfterLog = (code: number) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
  logger.flush(() => process.exit(code));
};
process.on('uncaughtException', (err) => {
  logger.fatal({ err }, 'uncaught exception: the server stops');
  exitAfterLog(1);
});

const databaseFile = localDatabasePath(config.DATABASE_URL);
if (databaseFile) mkdirSync(dirname(databaseFile), { recursive: true });
const metrics = createMetrics({ processMetrics: true });
const database = await createDatabase({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN, readUrl: config.DATABASE_READ_URL, onQuery: metrics.observeQuery });
// `npm start` runs seeds/bootstrap.ts first (prestart): it migrates and seeds a new database.
await migrateDatabase(database);
const clock = systemClock(config.RULES_TIME_ZONE, config.APP_TODAY ?? null);
const ctx: ServiceContext = { database, clock, metrics, signingKeyFile: config.SIGNING_KEY_FILE ?? null };
if (config.ADMIN_API_TOKEN) await ensureAdminToken(ctx, config.ADMIN_API_TOKEN);
if (!demoMode(config) && (await demoAccountsPresent(ctx))) {
  console.error(DEMO_REFUSAL);
  database.close();
  process.exit(1);
}

const readiness = createReadiness(database, { databaseFile });
const requests = createRequestTracker();
const shutdown = createShutdown({ logger, requests, readiness, database, graceMs: config.SHUTDOWN_GRACE_SECONDS * 1000 });
// Tells `npm run db:restore` that this deployment is in use (only an embedded database is restored that way).
if (databaseFile) {
  const instance = await holdInstanceLease(ctx, { onRenewalError: (err) => logger.warn({ err }, 'could not renew this instance\'s lease') });
  shutdown.beforeClose(() => instance.release());
}

// Reminders (issue 11): the daily pass at NOTIFY_AT; with a relay, the outbox is also worked every
// minute so retries (backoff from one minute) and messages left by a crash go out without waiting a day.
const reminders = reminderSettings(config);
shutdown.register(
  scheduleExclusive(ctx, {
    name: DAILY_PASS_JOB,
    pattern: dailyAtPattern(config.NOTIFY_AT),
    timezone: config.RULES_TIME_ZONE,
    ttlMs: DAILY_PASS_LEASE_MS,
    job: async (signal) => logger.info({ result: await runDailyPass(ctx, reminders, { delivery: { signal } }) }, 'reminder pass finished'),
    onError: (err) => logger.error({ err }, 'the reminder pass failed'),
  }),
);
if (reminders.smtpUrl) {
  shutdown.register(
    scheduleExclusive(ctx, {
      name: OUTBOX_JOB,
      pattern: everyMinutesPattern(1),
      timezone: config.RULES_TIME_ZONE,
      job: (signal) => deliverOutbox(ctx, reminders, { signal }),
      onError: (err) => logger.error({ err }, 'reminder delivery failed'),
    }),
  );
}

// The CMMC eMASS feed (issue 9): a sync every EMASS_SYNC_MINUTES, one run at a time across instances.
const emass = emassSettings(config);
if (emass) {
  readiness.register('emass', () => emassReadiness(ctx));
  metrics.onScrape(async () => metrics.emassQuarantined.set(await countOpenQuarantine(ctx)));
}
if (emass && emass.syncMinutes > 0) {
  shutdown.register(
    scheduleExclusive(ctx, {
      name: EMASS_SYNC_LEASE,
      ttlMs: EMASS_LEASE_TTL_MS,
      pattern: everyMinutesPattern(emass.syncMinutes),
      timezone: config.RULES_TIME_ZONE,
      job: async (signal) => {
        const run = await emassSyncJob(ctx, emass)(signal);
        logger.info({ run: run.id, outcome: run.outcome, counts: run.counts }, 'eMASS sync finished');
      },
      onError: (err) => logger.error({ err }, 'the eMASS sync failed'),
    }),
  );
}

// Scheduled jobs: create each with scheduleExclusive and hand its handle to shutdown.register.
if (config.BACKUP_DIR) {
  shutdown.register(
    scheduleBackups(
      ctx,
      { databaseUrl: config.DATABASE_URL, dir: config.BACKUP_DIR, everyHours: config.BACKUP_EVERY_HOURS ?? 24, keep: config.BACKUP_KEEP, timezone: config.RULES_TIME_ZONE },
      {
        done: (file, removed) => logger.info({ file, removed }, 'scheduled backup written'),
        failed: (err) => logger.error({ err }, 'scheduled backup failed'),
      },
    ),
  );
}

const app = createApp({
  database,
  clock,
  signingKeyFile: config.SIGNING_KEY_FILE ?? null,
  auth: authSettings(config),
  reminders,
  publicUrl: publicUrl(config),
  ops: { logger, metrics, readiness, requests, metricsToken: config.METRICS_TOKEN ?? null },
  emass,
});
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  // Never the whole URL: a libSQL URL may carry its auth token.
  const url = config.DATABASE_URL;
  const where = databaseFile ? `file ${databaseFile}` : /^(https?|wss?|libsql):/.test(url) && URL.canParse(url) ? `libSQL server ${new URL(url).host}` : 'in memory';
  logger.info(
    { port: info.port, database: where, todayPinned: clock.pinned, metrics: config.METRICS_TOKEN ? 'on' : 'off', backups: config.BACKUP_DIR ? `every ${config.BACKUP_EVERY_HOURS ?? 24} h` : 'off' },
    `AwardGate listening on http://localhost:${info.port}`,
  );
}) as Server;
shutdown.setServer(server);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (shutdown.started) {
      // A second signal: the operator wants out now. SQLite rolls back whatever was not committed.
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(EXIT_WORK_CUT_OFF);
    }
    void shutdown.run(signal).then(exitAfterLog);
  });
}
