/**
 * Operations state that must hold across several server instances sharing one database (README
 * "Scale-out"): leases that let exactly one instance run a scheduled job (the eMASS sync, the daily
 * reminder pass, a backup) at a time. Never in memory: an in-process flag cannot see another process.
 */
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One row per job name; whoever holds an unexpired lease runs the job. */
export const leases = sqliteTable('leases', {
  name: text().primaryKey(),
  /** A random id per acquisition (instance + attempt), so a late release never frees someone else's lease. */
  holder: text().notNull(),
  acquiredAt: text().notNull(),
  /** ISO-8601 UTC instant; a holder that died is replaced once this has passed. */
  expiresAt: text().notNull(),
});

export type LeaseRow = typeof leases.$inferSelect;
