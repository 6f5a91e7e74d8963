/** SAM-style company and CAGE records (administrators maintain them; rules §9), and who is engaged with each. */
import { aliasedTable, asc, count, desc, eq, like, or } from 'drizzle-orm';
import { assessments, companies, engagements, users } from '../../db/schema.js';
import { normaliseId } from '../domain/identifiers.js';
import { reachOf } from '../domain/permissions.js';
import { ownCompany, requireReach, type Actor } from './actor.js';
import type { ServiceContext } from './context.js';
import { forbidden, notFound } from './errors.js';

export const COMPANY_SORTS = ['cage', 'name', 'hloCage', 'samActive'] as const;
export type CompanySort = (typeof COMPANY_SORTS)[number];

export async function listCompanies(ctx: ServiceContext, actor: Actor, opts: { q?: string; sort?: CompanySort; dir?: 'asc' | 'desc'; offset: number; limit: number }) {
  requireReach(actor, 'companies.list', 'Company records are listed for government users');
  const { db } = ctx.database;
  const q = opts.q?.trim();
  const where = q ? or(like(companies.cage, `${q.toUpperCase()}%`), like(companies.name, `%${q}%`), like(companies.uei, `${q.toUpperCase()}%`)) : undefined;
  // Unsorted, a hierarchy's CAGE codes stay together under their HLO.
  const order = opts.sort ? [(opts.dir === 'desc' ? desc : asc)(companies[opts.sort]), asc(companies.cage)] : [asc(companies.hloCage), asc(companies.cage)];
  const rows = await db
    .select()
    .from(companies)
    .where(where)
    .orderBy(...order)
    .limit(opts.limit)
    .offset(opts.offset);
  const [{ n }] = await db.select({ n: count() }).from(companies).where(where);
  return { rows, total: n };
}

/** The CAGE hierarchy of a company: the HLO and every CAGE under it. */
export async function companyHierarchy(ctx: ServiceContext, hloCage: string) {
  return ctx.database.db.select().from(companies).where(eq(companies.hloCage, hloCage)).orderBy(asc(companies.cage));
}

/** One CAGE record with its company's whole hierarchy, the C3PAOs engaged with the company, and how many UIDs it owns. */
export async function companyDetail(ctx: ServiceContext, actor: Actor, rawCage: string) {
  requireReach(actor, 'companies.list', 'Company records are shown to government users');
  const { db } = ctx.database;
  const [company] = await db.select().from(companies).where(eq(companies.cage, normaliseId(rawCage)));
  if (!company) throw notFound(`No company with CAGE ${normaliseId(rawCage)}`);
  const [hierarchy, engaged, [{ uids }]] = await Promise.all([
    companyHierarchy(ctx, company.hloCage),
    engagementRows(ctx).where(eq(engagements.companyHloCage, company.hloCage)).orderBy(asc(engagements.createdAt)),
    db.select({ uids: count() }).from(assessments).where(eq(assessments.hloCage, company.hloCage)),
  ]);
  return { company, hierarchy, engagements: engaged, uids };
}

export const ENGAGEMENT_SORTS = ['createdAt', 'companyName', 'assessorEmail'] as const;
export type EngagementSort = (typeof ENGAGEMENT_SORTS)[number];

const assessor = aliasedTable(users, 'assessor');
const creator = aliasedTable(users, 'creator');
const hlo = aliasedTable(companies, 'hlo');

const engagementRows = (ctx: ServiceContext) =>
  ctx.database.db
    .select({ id: engagements.id, companyCage: engagements.companyHloCage, companyName: hlo.name, assessorEmail: assessor.email, createdAt: engagements.createdAt, createdByEmail: creator.email })
    .from(engagements)
    .innerJoin(hlo, eq(hlo.cage, engagements.companyHloCage))
    .innerJoin(assessor, eq(assessor.id, engagements.assessorUserId))
    .leftJoin(creator, eq(creator.id, engagements.createdBy))
    .$dynamic();

/** Every engagement (C3PAO ↔ company), for administrators: who may post Level 2 (C3PAO) results for whom (rules §6). */
export async function listEngagements(ctx: ServiceContext, actor: Actor, opts: { sort: EngagementSort; dir: 'asc' | 'desc'; offset: number; limit: number }) {
  if (reachOf(actor.role, 'engagements.create') !== 'any') throw forbidden('Every engagement is listed for administrators');
  const col = { createdAt: engagements.id, companyName: hlo.name, assessorEmail: assessor.email }[opts.sort];
  const rows = await engagementRows(ctx)
    .orderBy((opts.dir === 'desc' ? desc : asc)(col), asc(engagements.id))
    .limit(opts.limit)
    .offset(opts.offset);
  const [{ n }] = await ctx.database.db.select({ n: count() }).from(engagements);
  return { rows, total: n };
}

/** The C3PAOs engaged with the contractor's own company (its company page lists them). */
export async function ownEngagements(ctx: ServiceContext, actor: Actor) {
  const hloCage = ownCompany(actor, 'Engagements are listed for the company');
  return engagementRows(ctx).where(eq(engagements.companyHloCage, hloCage)).orderBy(asc(engagements.createdAt));
}
