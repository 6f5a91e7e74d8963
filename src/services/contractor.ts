/**
 * The contractor workspace (rules §9: a contractor reads and writes only its own company's records):
 * company profile and scopes, the company's status records with their affirmation schedule, POA&M
 * deadlines and the offer list of DFARS 252.204-7025(d), and Affirming Officials. Self-assessment
 * drafts are drafts.ts. Postings, affirmations, closeouts and compliance changes go through
 * records.ts, the same services the API uses.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { affirmingOfficials, companies, scopes } from '../../db/schema.js';
import { affirmationDue, type AffirmationDue } from '../domain/affirmation-schedule.js';
import { calendar } from '../domain/calendar.js';
import { statusAsOf, type StatusAsOf } from '../domain/currency.js';
import { addDays, daysBetween, type IsoDate } from '../domain/dates.js';
import { levelFamily, type Level } from '../domain/levels.js';
import { ownCompany, requireReach, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import { DEFAULT_LOOK_AHEAD_DAYS } from '../domain/eligibility.js';
import { may } from '../domain/permissions.js';
import type { ServiceContext } from './context.js';
import { invalid, notFound } from './errors.js';
import type { AffirmationInput } from './inputs.js';
import { affirm, presentRecord, visibleRecord, type PresentedRecord } from './records.js';
import { loadStatusRecords, type LoadedRecord } from './status-records.js';

/** Self-assessments are the levels a contractor posts (rules §6). */
export const SELF_LEVELS = ['L1_SELF', 'L2_SELF'] as const satisfies readonly Level[];
export type SelfLevel = (typeof SELF_LEVELS)[number];
export const isSelfLevel = (l: unknown): l is SelfLevel => (SELF_LEVELS as readonly unknown[]).includes(l);

/** The contractor's company (HLO); anyone else has no company workspace. */
export function companyHloOf(actor: Actor): string {
  const refusal = 'The company workspace is for contractor accounts';
  requireReach(actor, 'company.workspace', refusal);
  return ownCompany(actor, refusal);
}

// ---- profile and scopes ----

export async function companyProfile(ctx: ServiceContext, actor: Actor) {
  const hlo = companyHloOf(actor);
  const { db } = ctx.database;
  const hierarchy = await db.select().from(companies).where(eq(companies.hloCage, hlo)).orderBy(asc(companies.cage));
  const company = hierarchy.find((c) => c.cage === hlo) ?? null;
  return { hlo, company, hierarchy, officials: await listOfficials(ctx, actor) };
}

export interface ScopeSummary {
  id: number;
  name: string;
  description: string | null;
  /** CAGE codes of the scope's most recent assessment. */
  cages: string[];
  /** The newest record of each level family on the scope (rules §3.5: the newest is its truth). */
  latest: PresentedRecord[];
}

export async function companyScopes(ctx: ServiceContext, actor: Actor): Promise<ScopeSummary[]> {
  const hlo = companyHloOf(actor);
  const rows = await ctx.database.db.select().from(scopes).where(eq(scopes.hloCage, hlo)).orderBy(asc(scopes.nameKey));
  const records = await companyRecords(ctx, actor);
  return rows.map((s) => {
    const mine = records.filter((r) => r.rec.scopeKey === s.nameKey && r.rec.hloCage === hlo);
    const newestFirst = [...mine].sort((a, b) => (a.rec.statusDate === b.rec.statusDate ? 0 : a.rec.statusDate < b.rec.statusDate ? 1 : -1));
    const byFamily = new Map<string, CompanyRecord>();
    for (const r of newestFirst) if (!byFamily.has(levelFamily(r.rec.level))) byFamily.set(levelFamily(r.rec.level), r);
    return { id: s.id, name: s.name, description: s.description, cages: newestFirst[0]?.rec.cages ?? [], latest: [...byFamily.values()].map((r) => r.presented) };
  });
}

// ---- the company's status records ----

export interface CompanyRecord {
  rec: LoadedRecord;
  presented: PresentedRecord;
  status: StatusAsOf;
  /** Affirmation schedule; null when there is nothing to affirm. */
  due: AffirmationDue | null;
  /** Conditional with an open POA&M: the last day a closeout is accepted (32 CFR 170.21(b)). */
  closeoutBy: IsoDate | null;
  closeoutDaysLeft: number | null;
}

/** Every record the company may see (its HLO, or any of its CAGE codes), evaluated today. */
export async function companyRecords(ctx: ServiceContext, actor: Actor): Promise<CompanyRecord[]> {
  const hlo = companyHloOf(actor);
  const { db } = ctx.database;
  const today = ctx.clock.today();
  const uids = await db.all<{ uid: string }>(
    sql`SELECT uid FROM assessments WHERE hlo_cage = ${hlo}
        UNION SELECT ac.assessment_uid FROM assessment_cages ac JOIN companies c ON c.cage = ac.cage WHERE c.hlo_cage = ${hlo}`,
  );
  const loaded = await loadStatusRecords(db, uids.map((u) => u.uid));
  const period = calendar.validity.CONDITIONAL.days!;
  return [...loaded.values()]
    .sort((a, b) => (a.statusDate === b.statusDate ? a.uid.localeCompare(b.uid) : a.statusDate < b.statusDate ? 1 : -1))
    .map((rec) => {
      const status = statusAsOf(rec, today);
      // A UID that only lists one of the company's CAGE codes is shown, but affirming it or closing
      // out its POA&M is its owning company's (rules §9), so nothing of it is due here.
      const owned = rec.hloCage === hlo;
      const openPoam = owned && rec.postedType === 'CONDITIONAL' && !rec.closeout && !status.ended.length;
      const closeoutBy = openPoam ? addDays(rec.statusDate, period) : null;
      return {
        rec,
        presented: presentRecord(rec, today),
        status,
        due: owned ? affirmationDue(status, today, DEFAULT_LOOK_AHEAD_DAYS) : null,
        closeoutBy,
        closeoutDaysLeft: closeoutBy ? daysBetween(today, closeoutBy) : null,
      };
    });
}

/** One of the company's records (404 for anything else, never revealing it exists). */
export async function companyRecord(ctx: ServiceContext, actor: Actor, uid: string): Promise<CompanyRecord> {
  companyHloOf(actor);
  const rec = await visibleRecord(ctx, actor, uid);
  const all = await companyRecords(ctx, actor);
  const found = all.find((r) => r.rec.uid === rec.uid);
  if (!found) throw notFound(`No UID ${rec.uid}`);
  return found;
}


// ---- Affirming Officials (32 CFR 170.22) ----

export async function listOfficials(ctx: ServiceContext, actor: Actor) {
  const hlo = companyHloOf(actor);
  return ctx.database.db
    .select()
    .from(affirmingOfficials)
    .where(and(eq(affirmingOfficials.hloCage, hlo), isNull(affirmingOfficials.removedAt)))
    .orderBy(asc(affirmingOfficials.name), asc(affirmingOfficials.id));
}

export async function addOfficial(ctx: ServiceContext, actor: Actor, input: AffirmationInput) {
  const hlo = companyHloOf(actor);
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(affirmingOfficials)
      .values({ hloCage: hlo, name: input.name, title: input.title, email: input.email ?? null, phone: input.phone || null, createdBy: actor.id, createdAt: now.toISOString() })
      .returning();
    await appendAudit(tx, now, [{ userId: actor.id, action: 'official.add', entity: 'affirming_official', entityId: String(row.id), detail: { company: hlo, name: input.name, title: input.title } }]);
    return row;
  });
}

export async function removeOfficial(ctx: ServiceContext, actor: Actor, id: number): Promise<void> {
  const hlo = companyHloOf(actor);
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    const done = await tx
      .update(affirmingOfficials)
      .set({ removedAt: now.toISOString() })
      .where(and(eq(affirmingOfficials.id, id), eq(affirmingOfficials.hloCage, hlo), isNull(affirmingOfficials.removedAt)))
      .returning({ id: affirmingOfficials.id });
    if (!done.length) throw notFound('No such Affirming Official');
    await appendAudit(tx, now, [{ userId: actor.id, action: 'official.remove', entity: 'affirming_official', entityId: String(id) }]);
  });
}

/** An official on file as the affirmation's signer. */
export async function officialAsAffirmation(ctx: ServiceContext, actor: Actor, id: number): Promise<AffirmationInput> {
  const o = (await listOfficials(ctx, actor)).find((x) => x.id === id);
  if (!o) throw invalid('Choose an Affirming Official on file', [{ path: 'officialId', message: 'no such Affirming Official for your company' }]);
  return { name: o.name, title: o.title, ...(o.email ? { email: o.email } : {}), ...(o.phone ? { phone: o.phone } : {}) };
}

/** One-click re-affirmation by an official on file (records.affirm dates it today). */
export async function reaffirm(ctx: ServiceContext, actor: Actor, uid: string, officialId: number) {
  companyHloOf(actor);
  await companyRecord(ctx, actor, uid);
  return affirm(ctx, actor, uid, await officialAsAffirmation(ctx, actor, officialId));
}


// ---- the dashboard banner ----

export interface WorkspaceAlerts {
  overdue: string[];
  dueSoon: string[];
  awaiting: string[];
  closeoutsOpen: { uid: string; closeoutBy: IsoDate; daysLeft: number }[];
}

export function workspaceAlerts(records: CompanyRecord[]): WorkspaceAlerts {
  const by = (state: AffirmationDue['state']) => records.filter((r) => r.due?.state === state).map((r) => r.rec.uid);
  return {
    overdue: by('OVERDUE'),
    dueSoon: by('DUE_SOON'),
    awaiting: by('AWAITING'),
    closeoutsOpen: records
      .filter((r) => r.closeoutBy && r.closeoutDaysLeft !== null && r.closeoutDaysLeft >= 0)
      .map((r) => ({ uid: r.rec.uid, closeoutBy: r.closeoutBy!, daysLeft: r.closeoutDaysLeft! })),
  };
}

/** The banner's facts for a contractor (null for anyone else), for the home page. */
export async function contractorAlerts(ctx: ServiceContext, actor: Actor): Promise<WorkspaceAlerts | null> {
  if (!may(actor.role, 'company.workspace') || !actor.companyHlo) return null;
  return workspaceAlerts(await companyRecords(ctx, actor));
}
