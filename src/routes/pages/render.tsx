/**
 * The page renderer: every full page is wrapped in the one Layout; an htmx request (HX-Request)
 * for a fragment gets the bare component the full page also renders.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { jsxRenderer } from 'hono/jsx-renderer';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Layout } from '../../../views/layout.js';
import { unreadCount } from '../../services/notifications/inbox.js';
import type { PagesEnv } from './env.js';

declare module 'hono' {
  interface ContextRenderer {
    (content: Child, props: { title: string }): Response | Promise<Response>;
  }
}

export const renderer = jsxRenderer(
  async ({ children, title }, c) => {
    const ctx = c as unknown as Context<PagesEnv>;
    const actor = ctx.var.actor;
    // The header's "Inbox, n unread": one indexed count per full page. A page that reports a failure
    // must still render, so a count that cannot be read is left out rather than failing it again.
    const unread = actor ? await unreadCount(ctx.var.ctx, actor).catch(() => null) : null;
    return (
      <Layout title={title} actor={actor} csrfToken={ctx.var.csrfToken} pinnedToday={ctx.var.ctx.clock.pinned} demoAccounts={ctx.var.demoAccounts ?? false} path={ctx.req.path} unread={unread}>
        {children}
      </Layout>
    );
  },
  { docType: true },
);

// A history restore (back button after hx-push-url, with historyCacheSize 0) needs the full page.
export const isHtmx = (c: Context) =>
  c.req.header('hx-request') === 'true' && c.req.header('hx-boosted') !== 'true' && c.req.header('hx-history-restore-request') !== 'true';

/** What a route shows: the page's title and body, and the fragment an htmx swap of it gets (if it has one). */
export interface View {
  title: string;
  page: Child;
  fragment?: Child;
}

/** The full page in the layout, or just the view's fragment for an htmx swap of it. */
export function pageOrFragment(c: Context<PagesEnv>, view: View, status: ContentfulStatusCode = 200) {
  c.status(status);
  if (view.fragment !== undefined && isHtmx(c)) return c.html(<>{view.fragment}</>);
  return c.render(view.page, { title: view.title });
}
