/** One term and its value in a definition list (`<dl class="ag-facts">` or `<dl class="usa-list">`). */
import type { Child } from 'hono/jsx';

/** `ifPresent`: render nothing when the value is missing (null, undefined or empty), for optional facts. */
export function Fact({ term, mono, ifPresent, children }: { term: Child; mono?: boolean; ifPresent?: boolean; children: Child }) {
  if (ifPresent && (children === null || children === undefined || children === '')) return null;
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
