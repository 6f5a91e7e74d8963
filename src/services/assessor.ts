/**
 * The assessor workspace (rules §9): a C3PAO user posts Level 2 (C3PAO) results for the companies
 * it is engaged with and reads what it posted; a DIBCAC user posts Level 3 (DIBCAC) (not Level 2 (C3PAO))
 * and NIST Medium/High for any company. Postings go through records.postAssessment and
 * nist-postings.postNistAssessment, the services the API uses.
 */
import { asc, desc, eq } from 'drizzle-orm';
import { assessments, companies, engagements } from '../../db/schema.js';
import { dateInZone } from '../domain/dates.js';
import type { Level } from '../domain/levels.js';
import { may, nistPostAction, postAction, reachOf } from '../domain/permissions.js';
import { requireReach, type Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { presentRecord } from './records.js';
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
