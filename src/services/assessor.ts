/**
 * The assessor workspace (rules §9): a C3PAO user posts Level 2 (C3PAO) results for the companies
 * it is engaged with and reads what it posted; a DIBCAC user posts Level 3 (DIBCAC) (not Level 2 (C3PAO))
 * and NIST Medium/High for any company. Postings go through records.postAssessment and
 * nist-postings.postNistAssessment, the services the API uses.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { assessments, companies, engagements, users } from '../../db/schema.js';
import { statusAsOf } from '../domain/currency.js';
import { dateInZone, daysBetween, type IsoDate } from '../domain/dates.js';
import type { Level } from '../domain/levels.js';
import { may, nistPostAction, postAction, reachOf } from '../domain/permissions.js';
import { requireReach, type Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { closeoutDeadline } from './contractor.js';
import { presentRecord, recordToCloseOut, type PresentedRecord } from './records.js';
import { loadStatusRecords } from './status-records.js';

/** The order the workspace offers levels in: the assessors' own first. */
const ASSESSOR_ORDER: readonly Level[] = ['L2_C3PAO', 'L3_DIBCAC', 'L2_SELF', 'L1_SELF'];

/** The levels the actor posts from this workspace (rules §6; records.assertMayPost has the final word per company). */
export function assessorLevels(actor: Actor): Level[] {
  requireReach(actor, 'assessor.workspace', 'The assessor workspace is for C3PAO, DIBCAC and administrator accounts');
  return ASSESSOR_ORDER.filter((l) => may(actor.role, postAction(l)));
}

/** Medium or High: the government assessor's NIST SP 800-171 DoD Assessments (rules §6). */
export const mayPostNist = (actor: Actor) => may(actor.role, nistPostAction('MEDIUM')) || may(actor.role, nistPostAction('HIGH'));

/** Companies a C3PAO user is engaged with (an engagement links the assessor to the company). */
export async function engagedCompanies(ctx: ServiceContext, actor: Actor): Promise<{ cage: string; name: string; since: string }[]> {
  if (reachOf(actor.role, 'assessor.workspace') !== 'engaged') return [];
  const rows = await ctx.database.db
    .select({ cage: companies.cage, name: companies.name, createdAt: engagements.createdAt })
    .from(engagements)
    .innerJoin(companies, eq(companies.cage, engagements.companyHloCage))
    .where(eq(engagements.assessorUserId, actor.id))
    .orderBy(asc(companies.name));
  // `since` is the day of the engagement in the rules' time zone, not the UTC instant.
  return rows.map((r) => ({ cage: r.cage, name: r.name, since: dateInZone(r.createdAt, ctx.clock.zone) }));
}

/** The results this assessor posted, newest first, evaluated today. */
export async function postedBy(ctx: ServiceContext, actor: Actor) {
  assessorLevels(actor);
  const { db } = ctx.database;
  const rows = await db.select({ uid: assessments.uid }).from(assessments).where(eq(assessments.postedBy, actor.id)).orderBy(desc(assessments.statusDate), desc(assessments.seq));
  const recs = await loadStatusRecords(db, rows.map((r) => r.uid));
  const today = ctx.clock.today();
  return rows.map((r) => presentRecord(recs.get(r.uid)!, today));
}

/** A Conditional status whose POA&M the actor may close out now (api.md closeouts; 32 CFR 170.21(b)). */
export interface OpenPoam {
  rec: PresentedRecord;
  companyName: string;
  closeoutBy: IsoDate;
  daysLeft: number;
}

async function companyNames(ctx: ServiceContext, cages: string[]): Promise<Map<string, string>> {
  if (!cages.length) return new Map();
  const rows = await ctx.database.db.select({ cage: companies.cage, name: companies.name }).from(companies).where(inArray(companies.cage, [...new Set(cages)]));
  return new Map(rows.map((r) => [r.cage, r.name]));
}

/**
 * The POA&Ms this assessor may close out, soonest deadline first: whoever may post the level for the
 * company closes it out (api.md), so a C3PAO sees every engaged company's Level 2 (C3PAO) Conditional
 * statuses, also those another C3PAO posted; DIBCAC its Level 3; an administrator all.
 */
export async function closeoutsOpen(ctx: ServiceContext, actor: Actor): Promise<OpenPoam[]> {
  const levels = assessorLevels(actor);
  const { db } = ctx.database;
  const conditional = and(eq(assessments.postedType, 'CONDITIONAL'), inArray(assessments.level, levels));
  const engagedOnly = levels.some((l) => reachOf(actor.role, postAction(l)) === 'engaged');
  const rows = engagedOnly
    ? await db
        .select({ uid: assessments.uid })
        .from(assessments)
        .innerJoin(engagements, eq(engagements.companyHloCage, assessments.hloCage))
        .where(and(conditional, eq(engagements.assessorUserId, actor.id)))
    : await db.select({ uid: assessments.uid }).from(assessments).where(conditional);
  const recs = await loadStatusRecords(db, rows.map((r) => r.uid));
  const today = ctx.clock.today();
  const names = await companyNames(ctx, [...recs.values()].map((r) => r.hloCage));
  const open: OpenPoam[] = [];
  for (const rec of recs.values()) {
    const by = closeoutDeadline(rec, statusAsOf(rec, today));
    if (!by || by < today) continue;
    open.push({ rec: presentRecord(rec, today), companyName: names.get(rec.hloCage) ?? rec.hloCage, closeoutBy: by, daysLeft: daysBetween(today, by) });
  }
  return open.sort((a, b) => (a.closeoutBy === b.closeoutBy ? a.rec.uid.localeCompare(b.rec.uid) : a.closeoutBy < b.closeoutBy ? -1 : 1));
}

/** One POA&M the actor is about to close out (403/404 as the closeout itself; null deadline once closed or too late). */
export async function closeoutFor(ctx: ServiceContext, actor: Actor, uid: string): Promise<{ rec: PresentedRecord; companyName: string; closeoutBy: IsoDate | null; daysLeft: number | null }> {
  const rec = await recordToCloseOut(ctx, actor, uid);
  const today = ctx.clock.today();
  const by = closeoutDeadline(rec, statusAsOf(rec, today));
  const names = await companyNames(ctx, [rec.hloCage]);
  return { rec: presentRecord(rec, today), companyName: names.get(rec.hloCage) ?? rec.hloCage, closeoutBy: by, daysLeft: by ? daysBetween(today, by) : null };
}

/** The C3PAO accounts engaged with a company: who the contractor asks to close out a Level 2 (C3PAO) POA&M. */
export async function engagedAssessors(ctx: ServiceContext, hloCage: string): Promise<{ name: string | null; email: string }[]> {
  return ctx.database.db
    .select({ name: users.name, email: users.email })
    .from(engagements)
    .innerJoin(users, eq(users.id, engagements.assessorUserId))
    .where(eq(engagements.companyHloCage, hloCage))
    .orderBy(asc(users.email));
}
