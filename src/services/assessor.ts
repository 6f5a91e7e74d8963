/**
 * The assessor workspace (rules §9): a C3PAO user posts Level 2 (C3PAO) results for the companies
 * it is engaged with and reads what it posted; a DIBCAC user posts Level 3 (DIBCAC) and NIST
 * Medium/High for any company. Postings go through records.postAssessment and
 * nist-postings.postNistAssessment, the services the API uses.
 */
import { asc, desc, eq } from 'drizzle-orm';
import { assessments, companies, engagements } from '../../db/schema.js';
import type { Level } from '../domain/levels.js';
import type { Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { forbidden } from './errors.js';
import { presentRecord } from './records.js';
import { loadStatusRecords } from './status-records.js';

/** The levels each assessor role posts from this workspace (records.assertMayPost has the final word). */
export function assessorLevels(actor: Actor): Level[] {
  switch (actor.role) {
    case 'C3PAO':
      return ['L2_C3PAO'];
    case 'DIBCAC':
      return ['L3_DIBCAC', 'L2_C3PAO'];
    case 'ADMIN':
      return ['L2_C3PAO', 'L3_DIBCAC', 'L2_SELF', 'L1_SELF'];
    default:
      throw forbidden('The assessor workspace is for C3PAO, DIBCAC and administrator accounts');
  }
}

export const mayPostNist = (actor: Actor) => actor.role === 'DIBCAC' || actor.role === 'ADMIN';

/** Companies a C3PAO user is engaged with (an engagement links the assessor to the company). */
export async function engagedCompanies(ctx: ServiceContext, actor: Actor) {
  if (actor.role !== 'C3PAO') return [];
  return ctx.database.db
    .select({ cage: companies.cage, name: companies.name, since: engagements.createdAt })
    .from(engagements)
    .innerJoin(companies, eq(companies.cage, engagements.companyHloCage))
    .where(eq(engagements.assessorUserId, actor.id))
    .orderBy(asc(companies.name));
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
