import type { Child } from 'hono/jsx';

/** An unstyled list of `items` (a table cell's several UIDs, verifications…), one `<li>` each. */
export function PlainList<T>({ items, item, class: cls }: { items: T[]; item: (x: T) => Child; class?: string }) {
  return (
    <ul class={`usa-list usa-list--unstyled${cls ? ` ${cls}` : ''}`}>
      {items.map((x) => (
        <li>{item(x)}</li>
      ))}
    </ul>
  );
}
