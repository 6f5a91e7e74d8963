import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * While this one-row table holds its row, the check_timeline triggers (migration
 * check_timeline_bulk_bypass) stand aside: a bulk writer inserts the row and deletes it again inside
 * its own transaction, and recomputes check_timeline for its batch's UIDs in one statement before it
 * commits (src/services/import-bulk.ts). The row is never committed, so no other connection ever
 * sees it, and every other writer keeps the triggers.
 */
export const checkTimelineBulkMode = sqliteTable('check_timeline_bulk_mode', { id: integer().primaryKey() }, () => [check('check_timeline_bulk_mode_one_row', sql`id = 1`)]);
