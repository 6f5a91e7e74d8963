/**
 * Runs before the server (`prestart`): migrates the database and, when it is new, loads the demo
 * data set unless DEMO_SEED=off (or NODE_ENV=production without DEMO_SEED=on: src/config.ts
 * `seedsDemo`). Kept out of src/ so the app never depends on seeds/.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDatabase, isNewDatabase, migrateDatabase } from '../db/client.js';
import { systemClock } from '../src/clock.js';
import { loadConfig, reminderSettings, seedsDemo } from '../src/config.js';
import { seedDemo } from './demo.js';

const config = loadConfig(process.env);
if (config.DATABASE_URL.startsWith('file:')) {
  const path = config.DATABASE_URL.slice('file:'.length).split('?')[0];
  if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
}
const database = await createDatabase({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
const fresh = await isNewDatabase(database);
await migrateDatabase(database);
if (fresh && seedsDemo(config)) {
  const clock = systemClock(config.RULES_TIME_ZONE, config.APP_TODAY ?? null);
  const summary = await seedDemo({ database, clock }, reminderSettings(config));
  console.log(`seeded the demo data set (${summary})`);
}
database.close();
