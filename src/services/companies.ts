/** SAM-style company and CAGE records (administrators maintain them; rules §9). */
import { asc, count, eq, like, or } from 'drizzle-orm';
import { companies } from '../../db/schema.js';
import { requireReach, type Actor } from './actor.js';
import type { ServiceContext } from './context.js';

export async function listCompanies(ctx: ServiceContext, actor: Actor, opts: { q?: string; offset: number; limit: number }) {
  requireReach(actor, 'companies.list', 'Company records are listed for government users');
  const { db } = ctx.database;
  const q = opts.q?.trim();
  const where = q ? or(like(companies.cage, `${q.toUpperCase()}%`), like(companies.name, `%${q}%`), like(companies.uei, `${q.toUpperCase()}%`)) : undefined;
  const rows = await db.select().from(companies).where(where).orderBy(asc(companies.hloCage), asc(companies.cage)).limit(opts.limit).offset(opts.offset);
  const [{ n }] = await db.select({ n: count() }).from(companies).where(where);
  return { rows, total: n };
}

/** The CAGE hierarchy of a company: the HLO and every CAGE under it. */
export async function companyHierarchy(ctx: ServiceContext, hloCage: string) {
  return ctx.database.db.select().from(companies).where(eq(companies.hloCage, hloCage)).orderBy(asc(companies.cage));
}
