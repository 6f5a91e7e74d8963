/**
 * The e-mail outbox (a transactional outbox): rows are committed with their notifications, then a
 * sender claims a batch, hands each message to the SMTP relay and marks it SENT, or schedules a
 * retry with exponential backoff, or marks it FAILED after the last attempt or a permanent (5xx)
 * refusal. An administrator reads the outbox and resends a failed message.
 *
 * Crash safety: a claim is a lease on the rows (`claimed_until`), so two senders never work on one
 * row at once, and a sender that dies lets its rows go when the claim expires. A crash after the
 * relay took a message but before it was marked SENT means it is sent again, with the same
 * Message-ID (fixed when the row was written), so the receiving side can drop the copy: nothing is
 * lost, and nothing is delivered twice under two identities.
 */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { notificationOutbox, type OutboxRow, type OutboxState } from '../../../db/schema.js';
import { may } from '../../domain/permissions.js';
import type { Actor } from '../actor.js';
import { appendAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { createMailer, MailDeliveryError } from './mailer.js';
import type { RenderedReminder } from './messages.js';
import type { ReminderSettings } from './settings.js';
import { remindersByIds, renderStored, type StoredReminder } from './stored.js';

export interface DeliveryOptions {
  /** Attempts before a message is marked FAILED (default 6: about half an hour of retries). */
  maxAttempts?: number;
  /** Wait after the first failed attempt; doubled after each further one (default 1 minute). */
  backoffMs?: number;
  /** How long a sender holds the rows it claimed (default 5 minutes, far beyond the SMTP timeouts). */
  claimMs?: number;
  batchSize?: number;
  /** Stops between messages (lease lost, server shutting down). */
  signal?: AbortSignal;
  /** Called after the relay accepted a message, before it is marked SENT (the crash test stops here). */
  afterSend?: (messageId: string) => Promise<void>;
}

const DEFAULTS = { maxAttempts: 6, backoffMs: 60_000, claimMs: 5 * 60_000, batchSize: 50 };

/** The delivery states an outbox list can be filtered by. */
export { OUTBOX_STATES, type OutboxState } from '../../../db/schema.js';

/** Claims due PENDING rows in one statement, so two senders cannot take the same row. */
async function claim(ctx: ServiceContext, now: Date, claimMs: number, limit: number): Promise<OutboxRow[]> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + claimMs).toISOString();
  return ctx.database.db
    .update(notificationOutbox)
    .set({ claimedUntil: until })
    .where(
      sql`${notificationOutbox.id} IN (SELECT id FROM notification_outbox WHERE state = 'PENDING' AND next_attempt_at <= ${at}
        AND (claimed_until IS NULL OR claimed_until <= ${at}) ORDER BY id LIMIT ${limit})`,
    )
    .returning();
}

/** Delivers every due PENDING message once; returns what this run sent and how many attempts failed. */
export async function deliverOutbox(ctx: ServiceContext, settings: ReminderSettings, options: DeliveryOptions = {}): Promise<{ sent: number; failed: number }> {
  if (!settings.smtpUrl) return { sent: 0, failed: 0 };
  const o = { ...DEFAULTS, ...options };
  const { db } = ctx.database;
  const mailer = createMailer(settings.smtpUrl);
  let sent = 0;
  let failed = 0;
  try {
    // Each claimed row ends SENT, FAILED or due later, so the loop ends when nothing due is left.
    while (!o.signal?.aborted) {
      const rows = await claim(ctx, ctx.clock.now(), o.claimMs, o.batchSize);
      if (!rows.length) break;
      const reminders = await remindersByIds(db, rows.map((r) => r.notificationId));
      for (const row of rows) {
        if (o.signal?.aborted) break;
        const message = renderStored(reminders.get(row.notificationId)!, settings);
        const attempts = row.attempts + 1;
        try {
          await mailer.send({ from: settings.mailFrom, to: row.toAddress, subject: message.title, text: message.text, html: message.html, messageId: row.messageId });
          await o.afterSend?.(row.messageId);
          await db
            .update(notificationOutbox)
            .set({ state: 'SENT', attempts, sentAt: ctx.clock.now().toISOString(), claimedUntil: null, lastError: null })
            .where(eq(notificationOutbox.id, row.id));
          sent++;
        } catch (e) {
          if (!(e instanceof MailDeliveryError)) throw e;
          failed++;
          const last = e.permanent || attempts >= o.maxAttempts;
          const retryAt = new Date(ctx.clock.now().getTime() + o.backoffMs * 2 ** (attempts - 1)).toISOString();
          await db
            .update(notificationOutbox)
            .set({ state: last ? 'FAILED' : 'PENDING', attempts, nextAttemptAt: last ? row.nextAttemptAt : retryAt, claimedUntil: null, lastError: e.message.slice(0, 500) })
            .where(eq(notificationOutbox.id, row.id));
        }
      }
    }
  } finally {
    mailer.close();
  }
  return { sent, failed };
}

// ---- what administrators see ----

export interface OutboxEntry extends Omit<OutboxRow, 'claimedUntil'> {
  reminder: Pick<StoredReminder, 'kind' | 'subject' | 'deadline' | 'daysBefore' | 'companyHlo' | 'companyName' | 'userId' | 'officialId' | 'createdOn'>;
  /** The message as it is (or was) sent. */
  message: RenderedReminder;
}

function assertMay(actor: Actor, action: 'outbox.read' | 'notifications.run'): void {
  if (!may(actor.role, action)) throw forbidden('Only administrators see the reminder outbox');
}

async function entries(ctx: ServiceContext, settings: ReminderSettings, rows: OutboxRow[]): Promise<OutboxEntry[]> {
  const reminders = await remindersByIds(ctx.database.db, rows.map((r) => r.notificationId));
  return rows.map(({ claimedUntil: _c, ...row }) => {
    const r = reminders.get(row.notificationId)!;
    const { kind, subject, deadline, daysBefore, companyHlo, companyName, userId, officialId, createdOn } = r;
    return { ...row, reminder: { kind, subject, deadline, daysBefore, companyHlo, companyName, userId, officialId, createdOn }, message: renderStored(r, settings) };
  });
}

/** The outbox, newest first, optionally one state only (with the counts per state for the page's tabs). */
export async function listOutbox(
  ctx: ServiceContext,
  actor: Actor,
  settings: ReminderSettings,
  opts: { state?: OutboxState | null; offset?: number; limit?: number } = {},
): Promise<{ entries: OutboxEntry[]; total: number; counts: Record<OutboxState, number> }> {
  assertMay(actor, 'outbox.read');
  const { db } = ctx.database;
  const where = opts.state ? eq(notificationOutbox.state, opts.state) : undefined;
  const rows = await db
    .select()
    .from(notificationOutbox)
    .where(where)
    .orderBy(desc(notificationOutbox.id))
    .limit(opts.limit ?? 50)
    .offset(opts.offset ?? 0);
  const counts: Record<OutboxState, number> = { PENDING: 0, SENT: 0, FAILED: 0 };
  for (const c of await db.select({ state: notificationOutbox.state, n: count() }).from(notificationOutbox).groupBy(notificationOutbox.state)) counts[c.state] = c.n;
  const total = opts.state ? counts[opts.state] : counts.PENDING + counts.SENT + counts.FAILED;
  return { entries: await entries(ctx, settings, rows), total, counts };
}

export async function getOutboxEntry(ctx: ServiceContext, actor: Actor, settings: ReminderSettings, id: number): Promise<OutboxEntry> {
  assertMay(actor, 'outbox.read');
  const [row] = Number.isSafeInteger(id) ? await ctx.database.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id)) : [];
  if (!row) throw notFound('No such message in the outbox');
  return (await entries(ctx, settings, [row]))[0];
}

/**
 * Puts a FAILED message back in the queue with fresh attempts; the next delivery sends it with its
 * original Message-ID. Deliver at once with `deliverOutbox` if the caller wants it now.
 */
export async function resendMessage(ctx: ServiceContext, actor: Actor, settings: ReminderSettings, id: number): Promise<OutboxEntry> {
  assertMay(actor, 'notifications.run');
  const now = ctx.clock.now();
  const updated = await ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(notificationOutbox)
      .set({ state: 'PENDING', attempts: 0, nextAttemptAt: now.toISOString(), claimedUntil: null })
      .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.state, 'FAILED')))
      .returning();
    if (row) await appendAudit(tx, now, [{ userId: actor.id, action: 'notifications.resend', entity: 'notification_outbox', entityId: String(id), detail: { to: row.toAddress, messageId: row.messageId } }]);
    return row;
  });
  if (!updated) {
    const existing = await getOutboxEntry(ctx, actor, settings, id);
    throw conflict(`Only a failed message can be resent; this one is ${existing.state.toLowerCase()}`);
  }
  return (await entries(ctx, settings, [updated]))[0];
}
