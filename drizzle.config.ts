import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates the committed migrations; the app applies them itself at start-up.
export default defineConfig({
  dialect: 'turso',
  schema: './db/schema.ts',
  out: './db/migrations',
  casing: 'snake_case',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'file:data/sprs.db' },
});
