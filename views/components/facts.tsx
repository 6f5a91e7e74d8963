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
