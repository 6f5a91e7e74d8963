/**
 * Sortable, paginated tables driven by query parameters (`sort`, `dir`, `page`), so sorting and
 * paging work as plain links without JavaScript (src/routes/pages/paging.ts reads them).
 */
import type { Child } from 'hono/jsx';
import { EmptyState } from './alerts.js';

export interface Paging {
  page: number;
  pageSize: number;
  total: number;
}

const withParams = (base: string, params: Record<string, string | number | undefined>) => {
  const [path, qs] = base.split('?');
  const u = new URLSearchParams(qs ?? '');
  for (const [k, v] of Object.entries(params)) if (v === undefined) u.delete(k);
  else u.set(k, String(v));
  const s = u.toString();
  return s ? `${path}?${s}` : path;
};

export function SortHeader({ label, field, current, base }: { label: string; field: string; current: { sort: string; dir: 'asc' | 'desc' }; base: string }) {
  const active = current.sort === field;
  const next = active && current.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={active ? (current.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={withParams(base, { sort: field, dir: next, page: undefined })}>
        {label}
        {active ? (current.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </a>
    </th>
  );
}

export function Pagination({ paging, base }: { paging: Paging; base: string }) {
  const pages = Math.max(1, Math.ceil(paging.total / paging.pageSize));
  if (pages <= 1) return null;
  const link = (p: number, label: Child, cls = '') => (
    <li class={`usa-pagination__item ${cls}`}>
      <a href={withParams(base, { page: p })} class={`usa-pagination__link${p === paging.page ? ' usa-current' : ''}`} aria-current={p === paging.page ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  const shown = [...new Set([1, paging.page - 1, paging.page, paging.page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav aria-label="Pagination" class="usa-pagination">
      <ul class="usa-pagination__list">
        {paging.page > 1 ? link(paging.page - 1, 'Previous', 'usa-pagination__arrow') : null}
        {shown.map((p) => link(p, String(p), 'usa-pagination__page-no'))}
        {paging.page < pages ? link(paging.page + 1, 'Next', 'usa-pagination__arrow') : null}
      </ul>
      <p class="usa-hint">
        Page {paging.page} of {pages} · {paging.total} in all
      </p>
    </nav>
  );
}

/** Column headers that do not sort; `action` names a last column of row actions for screen readers only. */
export function ColumnHeads({ labels, action }: { labels: string[]; action?: string }) {
  return (
    <>
      {labels.map((label) => (
        <th scope="col">{label}</th>
      ))}
      {action ? (
        <th scope="col">
          <span class="usa-sr-only">{action}</span>
        </th>
      ) : null}
    </>
  );
}

export interface TableProps {
  /** The table's name: a caption, or the id of the heading above it, or an aria-label. */
  caption?: Child;
  labelledBy?: string;
  label?: string;
  id?: string;
  /** The USWDS variant and any utilities; striped unless told ("" for the plain table). */
  class?: string;
  /** The header row's cells (`ColumnHeads`, `SortHeader`s…). */
  head: Child;
  /** With `base`, the table is followed by its page links. */
  paging?: Paging;
  base?: string;
  children: Child;
}

/** A data table with one header row, named for assistive technology, and its pagination when paged. */
export function Table(p: TableProps) {
  const variant = p.class ?? 'usa-table--striped';
  const table = (
    <table class={`usa-table${variant ? ` ${variant}` : ''}`} id={p.id} aria-label={p.label} aria-labelledby={p.labelledBy}>
      {p.caption === undefined ? null : <caption>{p.caption}</caption>}
      <thead>
        <tr>{p.head}</tr>
      </thead>
      <tbody>{p.children}</tbody>
    </table>
  );
  if (!p.paging || p.base === undefined) return table;
  return (
    <>
      {table}
      <Pagination paging={p.paging} base={p.base} />
    </>
  );
}

/** The order a sortable list is shown in (src/routes/pages/paging.ts reads it from the query). */
export interface SortState {
  sort: string;
  dir: 'asc' | 'desc';
}

/** One column of a `DataTable`: its header, how it sorts (if it does) and the cell of a row. */
export interface Column<R> {
  label: string;
  /** The sort field: the header becomes a sort link. */
  sort?: string;
  /** Classes of the body cell (`ag-mono`, `ag-nowrap`). */
  class?: string;
  cell: (row: R) => Child;
}

/** A page of a list as the route reads it: its rows, the page, the order and the address the links build on. */
export interface ListState<R> {
  rows: R[];
  paging?: Paging;
  sort?: SortState;
  base?: string;
}

export interface DataTableProps<R> extends Omit<TableProps, 'head' | 'children' | 'paging' | 'base'> {
  columns: Column<R>[];
  /** The rows and, when any column sorts or the list is paged, the order, page and base address. */
  list: ListState<R>;
  /** The first cell names its row (`<th scope="row">`) unless told otherwise. */
  rowHeader?: boolean;
  /** What an empty list says instead of the table (an `EmptyState`'s content). */
  empty?: Child;
}

/**
 * A list table from column definitions: sort links on the sortable headers, the first cell as the
 * row's header, page links when paged, and the empty state when there are no rows.
 */
export function DataTable<R>(p: DataTableProps<R>) {
  const { columns, list, rowHeader = true, empty, ...table } = p;
  const { rows, sort, paging, base = '' } = list;
  if (!rows.length && empty !== undefined)
    return (
      <>
        <EmptyState>{empty}</EmptyState>
        {paging ? <Pagination paging={paging} base={base} /> : null}
      </>
    );
  const head = columns.map((c) => (c.sort && sort ? <SortHeader label={c.label} field={c.sort} current={sort} base={base} /> : <th scope="col">{c.label}</th>));
  const cells = (row: R) =>
    columns.map((c, i) =>
      i === 0 && rowHeader ? (
        <th scope="row" class={c.class}>
          {c.cell(row)}
        </th>
      ) : (
        <td class={c.class}>{c.cell(row)}</td>
      ),
    );
  return (
    <Table {...table} head={<>{head}</>} paging={paging} base={list.base}>
      {rows.map((row) => (
        <tr>{cells(row)}</tr>
      ))}
    </Table>
  );
}
