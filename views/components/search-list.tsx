/** A list page with a search box: its heading, the button that adds one, the search and the table of what matches. */
import type { Child } from 'hono/jsx';
import { SearchForm } from './form.js';
import { DataTable, type Column, type ListState } from './table.js';

export interface SearchListProps<R> {
  /** The heading, and the table's caption (with what was searched for). */
  title: string;
  /** One item, in "No … matches": "contract". */
  noun: string;
  /** Where the search goes (the list's own address). */
  action: string;
  searchLabel: string;
  add: { href: string; label: string };
  q: string;
  columns: Column<R>[];
  list: ListState<R>;
  /** What an empty list says when nothing was searched for. */
  none: Child;
}

export function SearchList<R>(p: SearchListProps<R>) {
  return (
    <>
      <h1>{p.title}</h1>
      <p>
        <a class="usa-button" href={p.add.href}>
          {p.add.label}
        </a>
      </p>
      <SearchForm action={p.action} label={p.searchLabel} q={p.q} />
      <DataTable
        caption={`${p.title}${p.q ? ` matching "${p.q}"` : ''}`}
        columns={p.columns}
        list={p.list}
        empty={p.q ? <p>No {p.noun} matches "{p.q}".</p> : <p>{p.none}</p>}
      />
    </>
  );
}
