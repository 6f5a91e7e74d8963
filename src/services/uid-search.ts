/**
 * The UID lookup's search (issue 10): by UID, CAGE code or company name, each answer showing the
 * company that owns the UID. Only records the user may see are returned (rules §9), so a search
 * never reveals a UID the user could not open.
 */
import { eq, inArray, or, sql } from 'drizzle-orm';
import { assessmentCages, assessments, companies } from '../../db/schema.js';
import { statusAsOf, statusFacts } from '../domain/currency.js';
import { normaliseId } from '../domain/identifiers.js';
import type { CompanyName, UidSearchRow } from '../domain/uid-search.js';
import type { Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { maySeeRecord } from './records.js';
import { loadStatusRecords } from './status-records.js';

export type { CompanyName, UidSearchRow };

/** More matches than this ask the user to narrow the search (a name like "Inc" would list thousands). */
export const UID_SEARCH_LIMIT = 50;

/** The owning company (HLO) of a UID, for the lookup's single-record answer (the caller has checked the user may see it). */
export async function companyOfUid(ctx: ServiceContext, uid: string): Promise<CompanyName | null> {
  const [c] = await ctx.database.db
    .select({ cage: companies.cage, name: companies.name })
    .from(assessments)
    .innerJoin(companies, eq(companies.cage, assessments.hloCage))
    .where(eq(assessments.uid, normaliseId(uid)));
  return c ?? null;
}

/**
 * The UIDs a CAGE code or company-name search finds: every UID owned by a matching company or
 * listing one of its CAGE codes, that the user may see, evaluated today. `more` says the list was
 * cut at UID_SEARCH_LIMIT.
 */
export async function searchUids(ctx: ServiceContext, actor: Actor, query: string): Promise<{ rows: UidSearchRow[]; more: boolean }> {
  const q = query.trim();
  if (!q) return { rows: [], more: false };
  const { db } = ctx.database;
  const escaped = q.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const matched = await db
    .select({ cage: companies.cage })
    .from(companies)
    .where(or(eq(companies.cage, normaliseId(q)), sql`${companies.name} LIKE ${`%${escaped}%`} ESCAPE '\\'`))
    .limit(500);
  const cages = matched.map((m) => m.cage);
  if (!cages.length) return { rows: [], more: false };
  const [owned, listing] = await Promise.all([
    db.select({ uid: assessments.uid }).from(assessments).where(inArray(assessments.hloCage, cages)),
    db.select({ uid: assessmentCages.assessmentUid }).from(assessmentCages).where(inArray(assessmentCages.cage, cages)),
  ]);
  const uids = [...new Set([...owned, ...listing].map((r) => r.uid))];
  const records = [...(await loadStatusRecords(db, uids)).values()].filter((r) => maySeeRecord(actor, r));
  records.sort((a, b) => b.statusDate.localeCompare(a.statusDate) || a.uid.localeCompare(b.uid));
  const shown = records.slice(0, UID_SEARCH_LIMIT);
  const hlos = [...new Set(shown.map((r) => r.hloCage))];
  const names = new Map(
    hlos.length ? (await db.select({ cage: companies.cage, name: companies.name }).from(companies).where(inArray(companies.cage, hlos))).map((c) => [c.cage, c.name]) : [],
  );
  const today = ctx.clock.today();
  const rows = shown.map((r) => {
    const s = statusAsOf(r, today);
    return { ...statusFacts(r, s), cages: r.cages, company: { cage: r.hloCage, name: names.get(r.hloCage) ?? r.hloCage } };
  });
  return { rows, more: records.length > UID_SEARCH_LIMIT };
}
