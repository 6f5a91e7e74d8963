// `npm run db:migrate`: apply the committed migrations to DATABASE_URL without starting the server.
import { loadConfig } from '../src/config.js';
import { createDatabase, migrateDatabase } from './client.js';

const config = loadConfig(process.env);
const database = await createDatabase({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
await migrateDatabase(database);
database.close();
console.log(`migrated ${config.DATABASE_URL}`);
