// `npm run notify`: the daily reminder pass for today, as the scheduler runs it at NOTIFY_AT; prints
// { created, sent, failed }. Exit 2 when another instance holds the pass's lease right now.
import { createDatabase, migrateDatabase } from '../db/client.js';
import { systemClock } from '../src/clock.js';
import { loadConfig, reminderSettings } from '../src/config.js';
import { runDailyPassNow } from '../src/services/notifications/pass.js';

const config = loadConfig(process.env);
const database = await createDatabase({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
await migrateDatabase(database);
const ctx = { database, clock: systemClock(config.RULES_TIME_ZONE, config.APP_TODAY ?? null) };
const result = await runDailyPassNow(ctx, reminderSettings(config), null);
database.close();
if (!result) {
  console.error('another instance is running the daily reminder pass; try again when it has finished');
  process.exit(2);
}
const { created, sent, failed } = result;
console.log(JSON.stringify({ created, sent, failed }));
if (!config.SMTP_URL && created) console.error(`SMTP_URL is not set: the ${created} new message(s) wait in the outbox`);
