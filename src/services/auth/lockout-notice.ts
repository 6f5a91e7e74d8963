/**
 * Tells an account holder that sign-in to their account was paused (issue 12, finding 5), through
 * the reminders' notifications and their e-mail outbox: the message is in the user's inbox and goes
 * to the account's own address (not a reminder address: a security notice belongs to the account).
 * At most one a day per account (the notifications' unique index), so nobody can flood a mailbox by
 * failing on purpose.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { messageIdDomain, type ReminderSettings } from '../notifications/settings.js';

type Tx = Pick<Db, 'run' | 'all'>;

export interface LockoutFacts {
  userId: number;
  email: string;
  today: string;
  failures: number;
  pausedUntil: Date;
  address: string;
}

export async function writeLockoutNotice(tx: Tx, settings: Pick<ReminderSettings, 'mailFrom' | 'publicUrl'>, facts: LockoutFacts, now: Date): Promise<void> {
  const detail = JSON.stringify({ failures: facts.failures, pausedUntil: facts.pausedUntil.toISOString(), address: facts.address });
  const [notification] = await tx.all<{ id: number }>(sql`
    INSERT INTO notifications (kind, subject, deadline, days_before, recipient_key, user_id, company_hlo, detail_json, created_on, created_at)
    VALUES ('SIGN_IN_LOCKED', ${facts.email}, ${facts.today}, 0, ${`u:${facts.userId}`}, ${facts.userId}, NULL, ${detail}, ${facts.today}, ${now.toISOString()})
    ON CONFLICT DO NOTHING RETURNING id`);
  if (!notification) return;
  // The Message-ID is fixed with the row, as for reminders, so a copy sent again after a crash is recognisable.
  await tx.run(sql`
    INSERT INTO notification_outbox (notification_id, to_address, message_id, state, attempts, next_attempt_at, created_at)
    VALUES (${notification.id}, ${facts.email}, '<security-' || ${notification.id} || '.' || lower(hex(randomblob(8))) || '@' || ${messageIdDomain(settings)} || '>',
      'PENDING', 0, ${now.toISOString()}, ${now.toISOString()})`);
}
