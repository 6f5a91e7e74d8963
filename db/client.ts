/**
 * Database factory. The app never holds a module-level connection: `createDatabase` is called by
 * server.ts (from the environment) or by a test (`:memory:` or a temp file) and handed to createApp.
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };
export interface Database {
  db: Db;
  client: Client;
  /** Where checks may read (a libSQL read replica); the primary when none is configured. */
  readDb: Db;
  close(): void;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface DatabaseOptions {
  url: string;
  authToken?: string;
  /** Optional read replica URL (scale-out, README "Running on a libSQL server"). */
  readUrl?: string;
}

function open(url: string, authToken?: string): Client {
  return createClient({ url, authToken, intMode: 'number' });
}

export async function createDatabase(opts: DatabaseOptions): Promise<Database> {
  const client = open(opts.url, opts.authToken);
  const local = opts.url.startsWith('file:') || opts.url === ':memory:';
  if (local) {
    // WAL lets readers run beside the single writer; busy_timeout absorbs short write contention.
    if (opts.url !== ':memory:') await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema, casing: 'snake_case' }) as Db;
  let readDb = db;
  let readClient: Client | undefined;
  if (opts.readUrl) {
    readClient = open(opts.readUrl, opts.authToken);
    readDb = drizzle(readClient, { schema, casing: 'snake_case' }) as Db;
  }
  return {
    db,
    client,
    readDb,
    close() {
      client.close();
      readClient?.close();
    },
  };
}

/** A database is new when no migration has ever been applied to it. */
export async function isNewDatabase(database: Database): Promise<boolean> {
  const r = await database.client.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'");
  return Number(r.rows[0].n) === 0;
}

/** Applies the committed migrations (idempotent). */
export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** A migrated in-memory database, for tests and tools. */
export async function createTestDatabase(url = ':memory:'): Promise<Database> {
  const d = await createDatabase({ url });
  await migrateDatabase(d);
  return d;
}
