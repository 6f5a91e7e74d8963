/**
 * The pages' error pages (403, 404, 409/422 outside a form, 500), in the layout, each with a way
 * back: the signed-in user's home and the workspace area the page belongs to.
 */
import type { Role } from '../../src/domain/levels.js';
import { NAV } from '../nav.js';

/** The workspace link a path falls under (its most specific one), else the role's first area. */
function areaOf(role: Role | null, path: string) {
  const links = role ? NAV[role] : [];
  return links.filter((l) => path === l.href || path.startsWith(`${l.href}/`)).sort((a, b) => b.href.length - a.href.length)[0] ?? links[0] ?? null;
}

export function ErrorPage({ heading, message, role, path }: { heading: string; message: string; role: Role | null; path: string }) {
  const area = areaOf(role, path);
  return (
    <>
      <h1>{heading}</h1>
      <p class="usa-intro">{message}</p>
      <ul class="usa-list" aria-label="Ways back">
        {area && area.href !== path ? (
          <li>
            <a href={area.href}>Back to {area.label}</a>
          </li>
        ) : null}
        <li>
          <a href="/">Go to your home page</a>
        </li>
      </ul>
    </>
  );
}

/** What an htmx request gets instead (htmx does not swap it in; the page's error alert says it failed). */
export function ErrorFragment({ message }: { message: string }) {
  return <p role="alert">{message}</p>;
}
