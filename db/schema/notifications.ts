/**
 * Reminders (issue 11): what was sent to whom, the e-mail outbox, the in-app inbox state, each
 * user's preferences and calendar-feed token.
 *
 * - `notifications`: one row per (recipient, kind, subject, deadline, days before). The unique
 *   index is what makes "at most once" hold whatever runs the daily pass, how often, on how many
 *   instances. A recipient is a user (who also sees it in the inbox, `read_at`) or one of the
 *   company's Affirming Officials on file (e-mail only: officials have no account).
 * - `notification_outbox`: the transactional outbox. Rows are written in the same transaction as
 *   their notifications and delivered afterwards; `message_id` is fixed when the row is written, so
 *   a message sent again after a crash carries the same Message-ID and the receiver can drop the copy.
 * - `notification_preferences` / `notification_opt_outs`: a reminder address and the kinds a user
 *   switched off. The CHECK keeps AFFIRMATION_OVERDUE and POAM_CLOSEOUT_DUE on for everyone.
 * - `calendar_tokens`: the secret of a user's calendar feed URL, stored as its SHA-256 like API tokens.
 * @see ../../src/services/notifications/pass.ts
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { dateCheck, idOf, oneOf, serialId } from './columns.js';
import { affirmingOfficials } from './contractor.js';
import { byUser, users } from './core.js';
import { REMINDER_KINDS, SWITCHABLE_KINDS } from '../../src/domain/reminders.js';

export const OUTBOX_STATES = ['PENDING', 'SENT', 'FAILED'] as const;


export const notifications = sqliteTable(
  'notifications',
  {
    id: serialId(),
    kind: text({ enum: REMINDER_KINDS }).notNull(),
    /** What it is about: a UID, a contract number, or "<prime contract>/<sub CAGE>" for a flowdown re-check. */
    subject: text().notNull(),
    /** The last day the thing holds (the cliff is the day after). */
    deadline: text().notNull(),
    /** Days from the day it was sent to the deadline; negative once overdue. */
    daysBefore: integer().notNull(),
    /** `u:<user id>` or `o:<official id>`: one column, so the unique index covers both kinds of recipient. */
    recipientKey: text().notNull(),
    userId: byUser(),
    officialId: integer().references(() => affirmingOfficials.id),
    /** The company (HLO) whose record it is about; null for an officer's contract reminder. */
    companyHlo: text(),
    /** Facts the message shows besides the subject (level, contract, option, subcontractor); never CUI. */
    detailJson: text(),
    /** The pass's "today". */
    createdOn: text().notNull(),
    createdAt: text().notNull(),
    /** In-app inbox: when the user marked it read (users only). */
    readAt: text(),
  },
  (t) => [
    uniqueIndex('notifications_once_idx').on(t.recipientKey, t.kind, t.subject, t.deadline, t.daysBefore),
    index('notifications_inbox_idx').on(t.userId, t.id),
    check('notifications_kind', oneOf('kind', REMINDER_KINDS)),
    check('notifications_one_recipient', sql`(user_id IS NULL) <> (official_id IS NULL)`),
    check('notifications_deadline', dateCheck('deadline')),
  ],
);

export const notificationOutbox = sqliteTable(
  'notification_outbox',
  {
    id: serialId(),
    notificationId: idOf(() => notifications.id),
    toAddress: text().notNull(),
    /** `<…@…>`, fixed when the row is written. */
    messageId: text().notNull(),
    state: text({ enum: OUTBOX_STATES }).notNull(),
    attempts: integer().notNull().default(0),
    /** ISO-8601 UTC instant: not before this (exponential backoff after a failed attempt). */
    nextAttemptAt: text().notNull(),
    /** A sender took the row until this instant; a sender that died stops holding it then. */
    claimedUntil: text(),
    lastError: text(),
    sentAt: text(),
    createdAt: text().notNull(),
  },
  (t) => [
    uniqueIndex('notification_outbox_notification_idx').on(t.notificationId),
    uniqueIndex('notification_outbox_message_id_idx').on(t.messageId),
    index('notification_outbox_due_idx').on(t.state, t.nextAttemptAt),
    check('notification_outbox_state', oneOf('state', OUTBOX_STATES)),
  ],
);

export const notificationPreferences = sqliteTable('notification_preferences', {
  userId: integer().primaryKey().references(() => users.id),
  /** Where reminders go instead of the account's e-mail; null = the account's. */
  email: text(),
  updatedAt: text().notNull(),
});

export const notificationOptOuts = sqliteTable(
  'notification_opt_outs',
  {
    userId: idOf(() => users.id),
    kind: text({ enum: SWITCHABLE_KINDS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] }), check('notification_opt_outs_kind', oneOf('kind', SWITCHABLE_KINDS))],
);

export const calendarTokens = sqliteTable(
  'calendar_tokens',
  {
    userId: integer().primaryKey().references(() => users.id),
    tokenHash: text().notNull(),
    createdAt: text().notNull(),
  },
  (t) => [uniqueIndex('calendar_tokens_hash_idx').on(t.tokenHash)],
);

export type NotificationRow = typeof notifications.$inferSelect;
export type OutboxRow = typeof notificationOutbox.$inferSelect;
export type OutboxState = (typeof OUTBOX_STATES)[number];
