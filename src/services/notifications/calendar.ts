/**
 * A personal calendar feed (RFC 5545) per user: every future deadline the user's reminders are about,
 * as an all-day event on the last day it holds, with alarms on the days the reminders go out. The
 * feed lives at a secret URL; only the token's SHA-256 is stored (like API tokens), so the URL is
 * shown when it is made, and rotating it makes the old one stop working.
 */
import { randomBytes } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { calendarTokens, companies, engagements, notificationOptOuts } from '../../../db/schema.js';
import { addDays, parseDate, type IsoDate } from '../../domain/dates.js';
import { assessesWhereEngaged, may, reachOf } from '../../domain/permissions.js';
import { alarmDaysBefore, longestAgeDays, statusDeadlines, type ReminderKind } from '../../domain/reminders.js';
import type { Actor } from '../actor.js';
import { appendAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { recheckList } from '../flowdown-register.js';
import { actorForUserId, hashToken } from '../users.js';
import { watchList } from '../watch-list.js';
import { CONTRACT_RECORDERS, statusRecordsOf } from './due.js';
import { renderReminder, type Audience, type ReminderDetail } from './messages.js';
import { linkTo, type ReminderSettings } from './settings.js';

export interface CalendarDeadline {
  kind: ReminderKind;
  subject: string;
  /** The last day it holds. */
  date: IsoDate;
  companyName: string | null;
  detail: ReminderDetail;
}

const ALARM_HOUR = 9;

/** Deadlines of status records: a contractor's own company's UIDs, or a C3PAO's engaged companies' Level 2 (C3PAO) Conditionals. */
async function recordDeadlines(ctx: ServiceContext, today: IsoDate, uids: string[], kinds: ReminderKind[]): Promise<CalendarDeadline[]> {
  const out: CalendarDeadline[] = [];
  for await (const rec of statusRecordsOf(ctx, uids))
    for (const d of statusDeadlines(rec, today)) if (kinds.includes(d.kind)) out.push({ kind: d.kind, subject: rec.uid, date: d.date, companyName: null, detail: {} });
  return out;
}

/** Every future deadline the user's reminders are about, soonest first (opted-out kinds left out, as for e-mail). */
export async function calendarDeadlines(ctx: ServiceContext, actor: Actor): Promise<CalendarDeadline[]> {
  const { db } = ctx.database;
  const today = ctx.clock.today();
  const out: CalendarDeadline[] = [];
  const names = new Map<string, string>();
  const named = async (hlos: string[]) => {
    if (hlos.length) for (const c of await db.select({ cage: companies.cage, name: companies.name }).from(companies).where(inArray(companies.cage, hlos))) names.set(c.cage, c.name);
  };
  if (reachOf(actor.role, 'company.workspace') === 'own-company' && actor.companyHlo) {
    const hlo = actor.companyHlo;
    await named([hlo]);
    const uids = (await db.all<{ uid: string }>(sql`SELECT uid FROM assessments WHERE hlo_cage = ${hlo} AND posted_type <> 'NONE'`)).map((r) => r.uid);
    for (const d of await recordDeadlines(ctx, today, uids, ['AFFIRMATION_DUE', 'POAM_CLOSEOUT_DUE', 'STATUS_EXPIRING'])) out.push({ ...d, companyName: names.get(hlo) ?? null });
    // Evidence is never current for longer than a status is, so that horizon covers every re-check.
    const { items } = await recheckList(ctx, actor, { days: longestAgeDays(today) + 1 });
    for (const r of items)
      if (r.lapsesAfter >= today)
        out.push({
          kind: 'FLOWDOWN_RECHECK',
          subject: `${r.primeContractNumber}/${r.subcontractor.cage}`,
          date: r.lapsesAfter,
          companyName: names.get(hlo) ?? null,
          detail: { primeContractNumber: r.primeContractNumber, subName: r.subcontractor.name, subCage: r.subcontractor.cage },
        });
  } else if (assessesWhereEngaged(actor.role)) {
    const hlos = (await db.select({ hlo: engagements.companyHloCage }).from(engagements).where(eq(engagements.assessorUserId, actor.id))).map((r) => r.hlo);
    await named(hlos);
    const rows = hlos.length
      ? await db.all<{ uid: string; hlo: string }>(
          sql`SELECT uid, hlo_cage AS hlo FROM assessments WHERE level = 'L2_C3PAO' AND posted_type = 'CONDITIONAL' AND hlo_cage IN (${sql.join(hlos.map((h) => sql`${h}`), sql`, `)})`,
        )
      : [];
    const hloOf = new Map(rows.map((r) => [r.uid, r.hlo]));
    for (const d of await recordDeadlines(ctx, today, rows.map((r) => r.uid), ['POAM_CLOSEOUT_DUE'])) out.push({ ...d, companyName: names.get(hloOf.get(d.subject)!) ?? null });
  } else if (may(actor.role, 'officer.workspace')) {
    const mine = new Set(
      (await db.all<{ id: number }>(sql`SELECT contract_id AS id FROM (${CONTRACT_RECORDERS}) WHERE recorded_by = ${actor.id}`)).map((r) => r.id),
    );
    if (mine.size) {
      const { entries } = await watchList(ctx, actor, { asOf: today });
      for (const e of entries)
        if (mine.has(e.contract.id))
          out.push({
            kind: 'OPTION_AT_RISK',
            subject: e.contract.number,
            date: e.nextOption.startDate,
            companyName: null,
            detail: { contractId: e.contract.id, contractNumber: e.contract.number, contractorName: e.contract.contractorName, optionLabel: e.nextOption.label, uids: e.uids.map((u) => u.uid) },
          });
    }
  }
  const off = new Set<string>((await db.select({ kind: notificationOptOuts.kind }).from(notificationOptOuts).where(eq(notificationOptOuts.userId, actor.id))).map((r) => r.kind));
  return out.filter((d) => !off.has(d.kind)).sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
}

const dateArray = (d: IsoDate): DateArray => {
  const dt = parseDate(d);
  return [dt.year, dt.month, dt.day];
};

/** The feed as iCalendar text. Event UIDs are stable per deadline, so a calendar updates an event rather than adding a copy. */
export function calendarIcs(deadlines: CalendarDeadline[], role: Actor['role'], settings: Pick<ReminderSettings, 'publicUrl'>, now: Date, today: IsoDate): string {
  const audience: Audience = assessesWhereEngaged(role) ? 'ASSESSOR' : 'COMPANY';
  const host = new URL(settings.publicUrl).hostname || 'awardgate';
  const events: EventAttributes[] = deadlines.map((d) => {
    const m = renderReminder({ kind: d.kind, subject: d.subject, deadline: d.date, daysBefore: 0, companyName: d.companyName, detail: d.detail }, d.kind === 'OPTION_AT_RISK' ? 'OFFICER' : audience, settings);
    return {
      uid: `${d.kind.toLowerCase()}.${d.subject.replace(/[^A-Za-z0-9-]/g, '-')}.${d.date}@${host}`,
      title: m.deadlineTitle,
      description: m.body,
      url: m.url,
      start: dateArray(d.date),
      end: dateArray(addDays(d.date, 1)),
      timestamp: now.getTime(),
      transp: 'TRANSPARENT',
      // At 09:00 on the reminder day: an all-day event starts at midnight, so n days before less 9 hours.
      // (In hours, as a duration of days alone comes out of the library as "P60DT", which RFC 5545 does not allow.)
      alarms: alarmDaysBefore(d.kind)
        .filter((n) => addDays(d.date, -n) >= today)
        .map((n) => ({ action: 'display' as const, description: `AwardGate deadline in ${n} days`, trigger: { hours: n * 24 - ALARM_HOUR, before: true } })),
    } as EventAttributes;
  });
  const { error, value } = createEvents(events, { productId: '-//AwardGate//Reminders//EN', calName: 'AwardGate deadlines', method: 'PUBLISH' });
  if (error || !value) throw error ?? new Error('the calendar could not be written');
  return value;
}

/** `cal_` and 32 random bytes in base64url, as `writeCalendarToken` makes them. */
const CALENDAR_TOKEN = /^cal_[A-Za-z0-9_-]{43}$/;

export const calendarFeedUrl = (settings: Pick<ReminderSettings, 'publicUrl'>, token: string): string => linkTo(settings, `/calendar/${token}.ics`);

/**
 * Makes a new secret feed URL for the user, replacing the old one (which stops working at once).
 * The URL is returned only here: the database keeps the token's hash.
 */
export async function rotateCalendarToken(ctx: ServiceContext, actor: Actor, settings: Pick<ReminderSettings, 'publicUrl'>): Promise<{ url: string; createdAt: string }> {
  return (await writeCalendarToken(ctx, actor, settings, 'replace'))!;
}

/**
 * The user's feed URL when this call made it (the first time), else null with the date of the one
 * that exists (which only a rotation can show again). Two first calls at once make one URL: the
 * second finds the first's row and answers null, so no URL handed out is silently replaced.
 */
export async function ensureCalendarToken(
  ctx: ServiceContext,
  actor: Actor,
  settings: Pick<ReminderSettings, 'publicUrl'>,
): Promise<{ url: string | null; createdAt: string }> {
  const made = await writeCalendarToken(ctx, actor, settings, 'if-absent');
  if (made) return made;
  const existing = await calendarSubscription(ctx, actor);
  if (!existing) throw new Error('the calendar token row vanished while it was read');
  return { url: null, createdAt: existing.createdAt };
}

/** Writes a new token (replacing the old one, or only when the user has none); null when one existed and was kept. */
async function writeCalendarToken(ctx: ServiceContext, actor: Actor, settings: Pick<ReminderSettings, 'publicUrl'>, mode: 'replace' | 'if-absent'): Promise<{ url: string; createdAt: string } | null> {
  const token = `cal_${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock.now();
  const createdAt = now.toISOString();
  const written = await ctx.database.db.transaction(async (tx) => {
    const insert = tx.insert(calendarTokens).values({ userId: actor.id, tokenHash: hashToken(token), createdAt });
    const rows =
      mode === 'replace'
        ? await insert.onConflictDoUpdate({ target: calendarTokens.userId, set: { tokenHash: hashToken(token), createdAt } }).returning({ userId: calendarTokens.userId })
        : await insert.onConflictDoNothing({ target: calendarTokens.userId }).returning({ userId: calendarTokens.userId });
    if (!rows.length) return false;
    await appendAudit(tx, now, [{ userId: actor.id, action: mode === 'replace' ? 'calendar.rotate' : 'calendar.create', entity: 'user', entityId: String(actor.id) }]);
    return true;
  });
  return written ? { url: calendarFeedUrl(settings, token), createdAt } : null;
}

/** Whether the user has a feed URL, and since when (the URL itself cannot be shown again). */
export async function calendarSubscription(ctx: ServiceContext, actor: Actor): Promise<{ createdAt: string } | null> {
  const [row] = await ctx.database.db.select({ createdAt: calendarTokens.createdAt }).from(calendarTokens).where(eq(calendarTokens.userId, actor.id));
  return row ?? null;
}

/** The feed behind a secret token, or null when no active account holds it (the route answers 404). */
export async function calendarFeed(ctx: ServiceContext, settings: Pick<ReminderSettings, 'publicUrl'>, token: string): Promise<string | null> {
  // Only a token of the form this module makes is looked up: anything else (a typo, a probe) is unknown.
  if (!CALENDAR_TOKEN.test(token.trim())) return null;
  const [row] = await ctx.database.db.select({ userId: calendarTokens.userId }).from(calendarTokens).where(eq(calendarTokens.tokenHash, hashToken(token.trim())));
  if (!row) return null;
  const actor = await actorForUserId(ctx.database.db, row.userId);
  if (!actor) return null;
  return calendarIcs(await calendarDeadlines(ctx, actor), actor.role, settings, ctx.clock.now(), ctx.clock.today());
}
