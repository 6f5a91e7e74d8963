/**
 * The in-app inbox: a user's own notifications, newest first, each linking to where the user acts.
 * Affirming Officials have no account, so their reminders are e-mail only and never appear here.
 */
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { notifications } from '../../../db/schema.js';
import type { ReminderKind } from '../../domain/reminders.js';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import type { ReminderSettings } from './settings.js';
import { renderStored, selectReminders } from './stored.js';

export interface InboxItem {
  id: number;
  kind: ReminderKind;
  subject: string;
  deadline: string;
  title: string;
  /** Path of the page where the user acts. */
  path: string;
  body: string;
  createdOn: string;
  read: boolean;
}

/** Newest first, or the unread ones first (each part newest first). */
export const INBOX_ORDERS = ['unread-first', 'newest'] as const;
export type InboxOrder = (typeof INBOX_ORDERS)[number];

export async function unreadCount(ctx: ServiceContext, actor: Actor): Promise<number> {
  const [{ n }] = await ctx.database.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
  return n;
}

export async function listInbox(
  ctx: ServiceContext,
  actor: Actor,
  settings: Pick<ReminderSettings, 'publicUrl'>,
  opts: { offset?: number; limit?: number; unreadOnly?: boolean; order?: InboxOrder } = {},
): Promise<{ items: InboxItem[]; total: number; unread: number }> {
  const { db } = ctx.database;
  const mine = and(eq(notifications.userId, actor.id), opts.unreadOnly ? isNull(notifications.readAt) : undefined);
  const ids = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(mine)
    .orderBy(...(opts.order === 'unread-first' ? [desc(isNull(notifications.readAt)), desc(notifications.id)] : [desc(notifications.id)]))
    .limit(opts.limit ?? 20)
    .offset(opts.offset ?? 0);
  const rows = ids.length ? await selectReminders(db, inArray(notifications.id, ids.map((r) => r.id))) : [];
  const items = rows
    .sort((a, b) => b.id - a.id)
    .map((r) => {
      const m = renderStored(r, settings);
      return { id: r.id, kind: r.kind, subject: r.subject, deadline: r.deadline, title: m.title, path: m.path, body: m.body, createdOn: r.createdOn, read: r.readAt !== null };
    });
  const [{ n }] = await db.select({ n: count() }).from(notifications).where(mine);
  return { items, total: n, unread: await unreadCount(ctx, actor) };
}

/** Marks the user's own notifications read (others' ids are ignored); returns how many changed. */
export async function markRead(ctx: ServiceContext, actor: Actor, ids: number[] | 'all'): Promise<number> {
  if (ids !== 'all' && !ids.length) return 0;
  const res = await ctx.database.db
    .update(notifications)
    .set({ readAt: ctx.clock.now().toISOString() })
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt), ids === 'all' ? undefined : inArray(notifications.id, ids)));
  return res.rowsAffected;
}
