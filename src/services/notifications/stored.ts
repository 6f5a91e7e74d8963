/** Notifications as stored, read back with what their message needs (company name, recipient's role). */
import { eq, inArray, type SQL } from 'drizzle-orm';
import { companies, notifications, users, type NotificationRow } from '../../../db/schema.js';
import type { Db } from '../../../db/client.js';
import type { Role } from '../../domain/levels.js';
import { assessesWhereEngaged } from '../../domain/permissions.js';
import { renderReminder, type Audience, type RenderedReminder, type ReminderDetail, type ReminderFacts } from './messages.js';
import type { ReminderSettings } from './settings.js';

export interface StoredReminder extends NotificationRow {
  companyName: string | null;
  recipientRole: Role | null;
}

export async function selectReminders(db: Db, where: SQL | undefined): Promise<StoredReminder[]> {
  const rows = await db
    .select({ n: notifications, companyName: companies.name, recipientRole: users.role })
    .from(notifications)
    .leftJoin(companies, eq(companies.cage, notifications.companyHlo))
    .leftJoin(users, eq(users.id, notifications.userId))
    .where(where);
  return rows.map((r) => ({ ...r.n, companyName: r.companyName, recipientRole: r.recipientRole }));
}

export const remindersByIds = async (db: Db, ids: number[]): Promise<Map<number, StoredReminder>> =>
  new Map((ids.length ? await selectReminders(db, inArray(notifications.id, ids)) : []).map((r) => [r.id, r]));

const audienceOf = (r: StoredReminder): Audience => (r.kind === 'OPTION_AT_RISK' ? 'OFFICER' : r.recipientRole && assessesWhereEngaged(r.recipientRole) ? 'ASSESSOR' : 'COMPANY');

export function factsOf(r: StoredReminder): ReminderFacts {
  return {
    kind: r.kind,
    subject: r.subject,
    deadline: r.deadline,
    daysBefore: r.daysBefore,
    companyName: r.companyName,
    detail: r.detailJson ? (JSON.parse(r.detailJson) as ReminderDetail) : {},
  };
}

export const renderStored = (r: StoredReminder, settings: Pick<ReminderSettings, 'publicUrl'>): RenderedReminder => renderReminder(factsOf(r), audienceOf(r), settings);
