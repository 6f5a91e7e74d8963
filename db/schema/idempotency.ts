import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Idempotency keys of record-creating forms (issue 10): a key minted when the form renders, and where
 * the record its first submit created lives, so a second submit (back button, double click) on any
 * instance sharing the database shows that record instead of creating another.
 */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  key: text().primaryKey(),
  /** The page the first submit redirected to (the record it created). */
  location: text().notNull(),
  createdAt: text().notNull(),
});
