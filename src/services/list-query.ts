/**
 * The plumbing every sortable, paged list shares (accounts, solicitations, contracts, recorded
 * verifications): what the pages ask for, the order, and the pager's total.
 */
import { asc, count, desc, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteSelect, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';

/** What a list page asks for (`?q=&sort=&dir=&page=`), the page already turned into offset and limit. */
export interface ListQuery<S extends string> {
  q?: string;
  sort: S;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** The chosen column in the chosen direction, then a unique tie-break, so pages neither overlap nor skip a row. */
export const orderFor = (col: SQLiteColumn | SQL, dir: 'asc' | 'desc', tieBreak: SQL): [SQL, SQL] => [dir === 'desc' ? desc(col) : asc(col), tieBreak];

/** How many rows of `table` match the list's filter (the pager's total). */
async function totalOf(db: Db, table: SQLiteTable, where?: SQL): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(table).where(where);
  return n;
}

/**
 * One page of a list: `query` (a `$dynamic()` select of `table`) filtered by `where`, in `order`,
 * cut at the page's offset and limit, with the pager's total of the same filter.
 */
export async function pageOf<Q extends SQLiteSelect>(db: Db, table: SQLiteTable, query: Q, where: SQL | undefined, order: SQL[], page: { offset: number; limit: number }) {
  const rows = await query.where(where).orderBy(...order).limit(page.limit).offset(page.offset);
  return { rows, total: await totalOf(db, table, where) };
}
