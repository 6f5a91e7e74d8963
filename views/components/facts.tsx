/** One term and its value in a definition list (`<dl class="ag-facts">` or `<dl class="usa-list">`). */
import type { Child } from 'hono/jsx';

export function Fact({ term, mono, children }: { term: Child; mono?: boolean; children: Child }) {
  return (
    <>
      <dt>{term}</dt>
      <dd class={mono ? 'ag-mono' : undefined}>{children}</dd>
    </>
  );
}

/** One row of a fact list; `mono` sets codes (CAGE, UEI, UIDs, URLs) in the monospace face. */
export interface FactRow {
  term: Child;
  value: Child;
  mono?: boolean;
}

/** The facts about one thing as an `ag-facts` definition list, fed with term/value rows. */
export function FactList({ facts }: { facts: FactRow[] }) {
  return (
    <dl class="ag-facts">
      {facts.map((f) => (
        <Fact term={f.term} mono={f.mono}>
          {f.value}
        </Fact>
      ))}
    </dl>
  );
}
