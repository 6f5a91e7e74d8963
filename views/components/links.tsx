import type { Child } from 'hono/jsx';

/** The way back to where a page was reached from; not printed. */
export function BackLink({ href, children }: { href: string; children: Child }) {
  return (
    <p class="ag-noprint">
      <a href={href}>{children}</a>
    </p>
  );
}
