/**
 * Sorting and paging read from the query (`sort`, `dir`, `page`), so list pages sort and page with
 * plain links (views/components/table.tsx renders the links).
 */
import type { Context } from 'hono';

export type Query = (k: string) => string | undefined;
export const queryOf = (c: Context): Query => (k) => c.req.query(k);

export function parsePaging(q: Query, pageSize = 25): { page: number; pageSize: number; offset: number } {
  // A whole page number: `?page=1.5` would otherwise reach SQL OFFSET as a fraction (SQLITE_MISMATCH → 500).
  const page = Math.max(1, Math.min(100_000, Math.trunc(Number(q('page') ?? 1)) || 1));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** The chosen sort if it is one of `allowed`; `unsorted` is the direction when the reader chose no sort (else `dir` decides). */
export function parseSort<K extends string>(q: Query, allowed: readonly K[], fallback: K, unsorted?: 'asc' | 'desc'): { sort: K; dir: 'asc' | 'desc' } {
  const s = q('sort') as K | undefined;
  if (!s && unsorted) return { sort: fallback, dir: unsorted };
  return { sort: s && allowed.includes(s) ? s : fallback, dir: q('dir') === 'desc' ? 'desc' : 'asc' };
}

/** A database-paged list's query: the page, the order (`unsorted` when the reader chose none) and the search text. */
export function listQuery<K extends string>(c: Context, allowed: readonly K[], fallback: K, unsorted?: 'asc' | 'desc') {
  const q = queryOf(c);
  return { paging: parsePaging(q), sort: parseSort(q, allowed, fallback, unsorted), search: q('q') ?? '' };
}

/** `base` for sort and page links: the path plus the query as it stands. */
export const baseOf = (c: Context) => {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
};

/** One page of rows held in memory, with the paging the table shows. */
export function pageOf<T>(q: Query, rows: T[]) {
  const { page, pageSize, offset } = parsePaging(q);
  return { shown: rows.slice(offset, offset + pageSize), paging: { page, pageSize, total: rows.length } };
}

/** Rows sorted in memory by `key`; blanks last whichever the direction. */
export function sortBy<T>(rows: T[], key: (r: T) => string | number | null, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}

/** What a database-paged list asks its service for: the search text, the order and the page. */
export interface ListRequest<K extends string> {
  q: string;
  sort: K;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/**
 * One page of a database-paged list for its view: reads the query (`listQuery`), asks `load` for
 * the page, and gives the rows with the paging, order, search text and link base the table needs.
 */
export async function loadList<K extends string, R>(
  c: Context,
  sorts: { allowed: readonly K[]; fallback: K; unsorted?: 'asc' | 'desc' },
  load: (request: ListRequest<K>) => Promise<{ rows: R[]; total: number }>,
) {
  const { paging, sort, search } = listQuery(c, sorts.allowed, sorts.fallback, sorts.unsorted);
  const { rows, total } = await load({ q: search, ...sort, offset: paging.offset, limit: paging.pageSize });
  return { rows, paging: { ...paging, total }, sort, q: search, base: baseOf(c) };
}
