/**
 * A user's reminder preferences: the kinds switched off (never AFFIRMATION_OVERDUE or
 * POAM_CLOSEOUT_DUE: both end a status, and the database refuses them too) and an address for
 * reminder e-mail instead of the account's.
 */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { notificationOptOuts, notificationPreferences } from '../../../db/schema.js';
import { MANDATORY_KINDS, REMINDER_KINDS, isSwitchableKind, type ReminderKind, type SwitchableKind } from '../../domain/reminders.js';
import type { Actor } from '../actor.js';
import { appendAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';

export const ReminderPreferencesInput = z.object({
  email: z
    .string({ error: 'Reminder e-mail must be text' })
    .trim()
    .transform((s) => (s === '' ? null : s.toLowerCase()))
    .pipe(z.email({ error: 'Reminder e-mail must be an e-mail address' }).nullable())
    .nullable()
    .optional(),
  disabledKinds: z
    .array(z.enum(REMINDER_KINDS, { error: `Reminder kinds must be among ${REMINDER_KINDS.join(', ')}` }))
    .default([])
    .refine((ks) => !ks.some((k) => (MANDATORY_KINDS as readonly string[]).includes(k)), {
      error: `${MANDATORY_KINDS.join(' and ')} cannot be switched off: both end a status`,
    }),
});
export type ReminderPreferencesInput = z.input<typeof ReminderPreferencesInput>;

export interface ReminderPreferences {
  /** Where reminders go: the reminder address, else the account's. */
  address: string;
  /** The reminder address; null = the account's. */
  email: string | null;
  kinds: { kind: ReminderKind; enabled: boolean; mandatory: boolean }[];
}

export async function getPreferences(ctx: ServiceContext, actor: Actor): Promise<ReminderPreferences> {
  const { db } = ctx.database;
  const [pref] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.id));
  const off = new Set<string>((await db.select({ kind: notificationOptOuts.kind }).from(notificationOptOuts).where(eq(notificationOptOuts.userId, actor.id)).orderBy(asc(notificationOptOuts.kind))).map((r) => r.kind));
  return {
    address: pref?.email ?? actor.email,
    email: pref?.email ?? null,
    kinds: REMINDER_KINDS.map((kind) => ({ kind, enabled: !off.has(kind), mandatory: !isSwitchableKind(kind) })),
  };
}

export async function setPreferences(ctx: ServiceContext, actor: Actor, input: unknown): Promise<ReminderPreferences> {
  const parsed = ReminderPreferencesInput.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      'The reminder preferences were not saved',
      parsed.error.issues.map((i) => ({ path: i.path.length ? String(i.path[0]) : 'preferences', message: i.message })),
    );
  }
  const email = parsed.data.email ?? null;
  const off = [...new Set(parsed.data.disabledKinds)].filter(isSwitchableKind) as SwitchableKind[];
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx
      .insert(notificationPreferences)
      .values({ userId: actor.id, email, updatedAt: now.toISOString() })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: { email, updatedAt: now.toISOString() } });
    await tx.delete(notificationOptOuts).where(eq(notificationOptOuts.userId, actor.id));
    if (off.length) await tx.insert(notificationOptOuts).values(off.map((kind) => ({ userId: actor.id, kind })));
    await appendAudit(tx, now, [{ userId: actor.id, action: 'notifications.preferences', entity: 'user', entityId: String(actor.id), detail: { email, disabledKinds: off } }]);
  });
  return getPreferences(ctx, actor);
}
