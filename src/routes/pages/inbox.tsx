/** The in-app inbox (issue 11): every signed-in user's own reminders, paged, and "mark as read" with post/redirect/get. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { InboxPage } from '../../../views/pages/inbox.js';
import { INBOX_ORDERS, listInbox, markRead, type InboxOrder } from '../../services/notifications/inbox.js';
import type { ReminderSettings } from '../../services/notifications/settings.js';
import type { PagesEnv } from './env.js';
import { one } from './form-values.js';
import { parsePaging, queryOf } from './paging.js';
import { pageOrFragment, type View } from './render.js';
import { requireUser } from './session.js';
import { formValidator, NO_INPUT, type FormState } from './validator.js';

const orderOf = (v: string | undefined): InboxOrder => (INBOX_ORDERS as readonly string[]).includes(v ?? '') ? (v as InboxOrder) : 'unread-first';

const DONE: Record<string, string> = { read: 'Marked as read.', 'read-all': 'Every reminder is marked as read.' };

function inboxView(settings: ReminderSettings) {
  return async (c: Context<PagesEnv>, form: FormState): Promise<View> => {
    const order = orderOf(c.req.query('order'));
    const { page, pageSize, offset } = parsePaging(queryOf(c));
    const { items, total, unread } = await listInbox(c.var.ctx, c.var.actor!, settings, { order, offset, limit: pageSize });
    const notice = DONE[c.req.query('done') ?? ''] ?? null;
    return {
      title: unread ? `Inbox (${unread} unread)` : 'Inbox',
      page: <InboxPage items={items} paging={{ page, pageSize, total }} unread={unread} order={order} csrf={c.var.csrfToken} notice={notice} errors={form.errors} />,
    };
  };
}

/** `read`: one reminder's id, or `all`. Ids that are not the user's are ignored by the service. */
const MarkRead = z.object({
  read: z.union([z.literal('all'), z.coerce.number({ error: 'Choose a reminder to mark as read' }).int('Choose a reminder to mark as read').positive('Choose a reminder to mark as read')]),
  order: z.string(),
  page: z.string(),
});

export function inboxPages(settings: ReminderSettings) {
  const view = inboxView(settings);
  return new Hono<PagesEnv>()
    .use('*', requireUser())
    .get('/', async (c) => pageOrFragment(c, await view(c, NO_INPUT)))
    .post('/read', formValidator(MarkRead, (v) => ({ read: one(v.read) === 'all' ? 'all' : one(v.read), order: one(v.order), page: one(v.page) }), view), async (c) => {
      const { read, order, page } = c.req.valid('form').data;
      await markRead(c.var.ctx, c.var.actor!, read === 'all' ? 'all' : [read]);
      const back = new URLSearchParams({ order: orderOf(order), done: read === 'all' ? 'read-all' : 'read' });
      const p = parsePaging((k) => (k === 'page' ? page : undefined)).page;
      if (p > 1 && read !== 'all') back.set('page', String(p));
      return c.redirect(`/inbox?${back}`, 303);
    });
}
