/**
 * The daily reminder pass (issue 11): finds every reminder due today, writes one notification per
 * recipient and its outbox row in one transaction, then delivers the outbox. Scheduled at NOTIFY_AT
 * (src/server.ts), run by `npm run notify`, and by an administrator from the API.
 *
 * Running it twice on a day creates nothing new: the notifications' unique index drops every row
 * already written (ON CONFLICT DO NOTHING), whichever instance wrote it. Recipients are resolved in
 * SQL from the company of the record (its HLO), never from a list built elsewhere, so a company's
 * reminders cannot reach another company's users.
 */
import { sql } from 'drizzle-orm';
import { ROLES, type Role } from '../../domain/levels.js';
import { assessesWhereEngaged, bindsToCompany, may } from '../../domain/permissions.js';
import type { Actor } from '../actor.js';
import { appendAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { runExclusive } from '../leases.js';
import { CONTRACT_RECORDERS, findDueReminders, type DueItem } from './due.js';
import { deliverOutbox, type DeliveryOptions } from './outbox.js';
import { messageIdDomain, type ReminderSettings } from './settings.js';

/** The roles the permissions table gives a reach, as an SQL list (who receives which reminder). */
const rolesIn = (test: (role: Role) => boolean) => sql.join(ROLES.filter(test).map((r) => sql`${r}`), sql`, `);

/** Lease names of the scheduled jobs (one run at a time across instances). */
export const DAILY_PASS_JOB = 'reminders.daily-pass';
export const OUTBOX_JOB = 'reminders.outbox';
/** How long a run holds the pass's lease between renewals: far beyond one batch of the pass. */
export const DAILY_PASS_LEASE_MS = 10 * 60_000;

export interface PassResult {
  /** The pass's "today". */
  date: string;
  /** Notifications written by this run (one per recipient). */
  created: number;
  /** Messages the relay accepted during this run. */
  sent: number;
  /** Delivery attempts that failed during this run (retried later unless out of attempts). */
  failed: number;
}

export interface PassOptions {
  /** Who asked (an administrator through the API), for the audit log; null for the schedule and the CLI. */
  userId?: number | null;
  /** Called once the notifications and outbox rows are committed, before anything is sent (the crash test stops the process here). */
  afterOutboxWritten?: () => Promise<void>;
  delivery?: DeliveryOptions;
}

/** Fans the due items out to their recipients and writes notifications + outbox rows; returns how many notifications are new. */
export async function writeNotifications(ctx: ServiceContext, settings: ReminderSettings, today: string, items: DueItem[], userId: number | null = null): Promise<number> {
  if (!items.length) return 0;
  const now = ctx.clock.now();
  const payload = JSON.stringify(
    items.map((i) => ({ ...i, detail: Object.keys(i.detail).length ? i.detail : null })),
  );
  return ctx.database.db.transaction(async (tx) => {
    const [{ before }] = await tx.all<{ before: number }>(sql`SELECT coalesce(max(id), 0) AS before FROM notifications`);
    const inserted = await tx.run(sql`
      WITH items AS (
        SELECT json_extract(value, '$.kind') AS kind, json_extract(value, '$.subject') AS subject,
          json_extract(value, '$.deadline') AS deadline, json_extract(value, '$.daysBefore') AS days_before,
          json_extract(value, '$.companyHlo') AS company_hlo, json_extract(value, '$.level') AS level,
          json_extract(value, '$.contractId') AS contract_id, json_extract(value, '$.detail') AS detail
        FROM json_each(${payload})
      ),
      -- The company's contractor users: accounts whose CAGE is in the record's company (HLO) hierarchy.
      company_users AS (
        SELECT c.hlo_cage, u.id AS user_id, coalesce(p.email, u.email) AS address
        FROM companies c JOIN users u ON u.company_cage = c.cage LEFT JOIN notification_preferences p ON p.user_id = u.id
        WHERE u.role IN (${rolesIn(bindsToCompany)}) AND NOT u.disabled AND c.hlo_cage IN (SELECT company_hlo FROM items)
      ),
      recipients AS (
        SELECT i.*, cu.user_id, NULL AS official_id FROM items i JOIN company_users cu ON cu.hlo_cage = i.company_hlo
        WHERE i.kind IN ('AFFIRMATION_DUE', 'AFFIRMATION_OVERDUE', 'POAM_CLOSEOUT_DUE', 'STATUS_EXPIRING', 'FLOWDOWN_RECHECK')
        UNION ALL
        -- Its Affirming Officials on file (they affirm; e-mail only), unless one already gets it as a user.
        SELECT i.*, NULL, o.id FROM items i JOIN affirming_officials o ON o.hlo_cage = i.company_hlo
        WHERE i.kind IN ('AFFIRMATION_DUE', 'AFFIRMATION_OVERDUE') AND o.removed_at IS NULL AND coalesce(o.email, '') <> ''
          AND NOT EXISTS (SELECT 1 FROM company_users cu WHERE cu.hlo_cage = i.company_hlo AND lower(cu.address) = lower(o.email))
        UNION ALL
        -- A Level 2 (C3PAO) closeout is the engaged C3PAO's to record too (32 CFR 170.21(b)).
        SELECT i.*, u.id, NULL FROM items i JOIN engagements e ON e.company_hlo_cage = i.company_hlo JOIN users u ON u.id = e.assessor_user_id
        WHERE i.kind = 'POAM_CLOSEOUT_DUE' AND i.level = 'L2_C3PAO' AND u.role IN (${rolesIn(assessesWhereEngaged)}) AND NOT u.disabled
        UNION ALL
        -- The officers who recorded the contract's verifications (award, options, extensions, new UIDs).
        SELECT i.*, u.id, NULL FROM items i
        JOIN (${CONTRACT_RECORDERS}) r ON r.contract_id = i.contract_id
        JOIN users u ON u.id = r.recorded_by
        WHERE i.kind = 'OPTION_AT_RISK' AND NOT u.disabled
      )
      INSERT INTO notifications (kind, subject, deadline, days_before, recipient_key, user_id, official_id, company_hlo, detail_json, created_on, created_at)
      SELECT r.kind, r.subject, r.deadline, r.days_before,
        CASE WHEN r.user_id IS NOT NULL THEN 'u:' || r.user_id ELSE 'o:' || r.official_id END,
        r.user_id, r.official_id, r.company_hlo, r.detail, ${today}, ${now.toISOString()}
      FROM recipients r
      WHERE NOT EXISTS (SELECT 1 FROM notification_opt_outs x WHERE x.user_id = r.user_id AND x.kind = r.kind)
        -- Weekly while at risk: not again within 7 days of the last one for the same option date.
        AND NOT (r.kind = 'OPTION_AT_RISK' AND EXISTS (
          SELECT 1 FROM notifications p WHERE p.recipient_key = 'u:' || r.user_id AND p.kind = r.kind AND p.subject = r.subject
            AND p.deadline = r.deadline AND p.days_before > r.days_before AND p.days_before < r.days_before + 7))
      ON CONFLICT DO NOTHING`);
    const created = inserted.rowsAffected;
    if (!created) return 0;
    // The Message-ID is fixed here, with the row: a copy sent again after a crash carries the same one.
    await tx.run(sql`
      INSERT INTO notification_outbox (notification_id, to_address, message_id, state, attempts, next_attempt_at, created_at)
      SELECT n.id, coalesce(p.email, u.email, o.email), '<reminder-' || n.id || '.' || lower(hex(randomblob(8))) || '@' || ${messageIdDomain(settings)} || '>',
        'PENDING', 0, ${now.toISOString()}, ${now.toISOString()}
      FROM notifications n
      LEFT JOIN users u ON u.id = n.user_id
      LEFT JOIN notification_preferences p ON p.user_id = n.user_id
      LEFT JOIN affirming_officials o ON o.id = n.official_id
      WHERE n.id > ${before}`);
    await appendAudit(tx, now, [{ userId, action: 'notifications.pass', entity: 'notifications', entityId: today, detail: { created } }]);
    return created;
  });
}

/** The daily pass for today (the clock's): write what is due, then deliver the outbox. */
export async function runDailyPass(ctx: ServiceContext, settings: ReminderSettings, opts: PassOptions = {}): Promise<PassResult> {
  const { today, items } = await findDueReminders(ctx);
  const created = await writeNotifications(ctx, settings, today, items, opts.userId ?? null);
  await opts.afterOutboxWritten?.();
  const { sent, failed } = await deliverOutbox(ctx, settings, opts.delivery);
  return { date: today, created, sent, failed };
}

/**
 * Today's pass on demand (an administrator, `npm run notify`), under the same lease as the schedule,
 * so it never runs twice at once across instances. Null when another run holds the lease now.
 * `actor` null is the system itself (the command line).
 */
export async function runDailyPassNow(ctx: ServiceContext, settings: ReminderSettings, actor: Actor | null): Promise<PassResult | null> {
  if (actor && !may(actor.role, 'notifications.run')) throw forbidden('Only administrators run the reminder pass');
  const run = await runExclusive(ctx, DAILY_PASS_JOB, (signal) => runDailyPass(ctx, settings, { userId: actor?.id ?? null, delivery: { signal } }), { ttlMs: DAILY_PASS_LEASE_MS });
  return run.ran ? run.value : null;
}
