/**
 * The page renderer: every full page is wrapped in the one Layout; an htmx request (HX-Request)
 * for a fragment gets the bare component the full page also renders.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { jsxRenderer } from 'hono/jsx-renderer';
import { Layout } from '../../../views/layout.js';
import type { AppEnv } from '../env.js';

declare module 'hono' {
  interface ContextRenderer {
    (content: Child, props: { title: string }): Response | Promise<Response>;
  }
}

export const renderer = jsxRenderer(
  ({ children, title }, c) => {
    const ctx = c as unknown as Context<AppEnv>;
    return (
      <Layout title={title} actor={ctx.var.actor} csrfToken={ctx.var.csrfToken} pinnedToday={ctx.var.ctx.clock.pinned} path={ctx.req.path}>
        {children}
      </Layout>
    );
  },
  { docType: true },
);

// A history restore (back button after hx-push-url, with historyCacheSize 0) needs the full page.
export const isHtmx = (c: Context) =>
  c.req.header('hx-request') === 'true' && c.req.header('hx-boosted') !== 'true' && c.req.header('hx-history-restore-request') !== 'true';

/** Full page, or just `fragment` for an htmx swap of it. */
export function pageOrFragment(c: Context<AppEnv>, title: string, page: Child, fragment: Child, status: 200 | 201 | 422 = 200) {
  c.status(status);
  if (isHtmx(c)) return c.html(<>{fragment}</>);
  return c.render(page, { title });
}

/** The 500 page: the user is told nothing was changed; the request log (src/ops/http.ts) logs the error. */
export function serverErrorPage(c: Context<AppEnv>, _err: unknown) {
  c.status(500);
  return c.render(
    <>
      <h1>Something went wrong</h1>
      <p>The server could not complete the request; nothing was changed by it. Please try again.</p>
    </>,
    { title: 'Error' },
  );
}
