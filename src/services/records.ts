/**
 * Status records: who may see them (rules §9), the record as the API shows it, who may post what,
 * and the writes a company or assessor makes against a UID: affirmations, closeouts, compliance
 * changes. Posting a new result is postings.ts.
 */
import { and, eq } from 'drizzle-orm';
import { affirmations, closeouts, companies, complianceChanges, engagements, users } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { AFFIRMATION_STATEMENT } from '../domain/affirmation-schedule.js';
import { evaluateCloseout } from '../domain/closeout.js';
import { statusAsOf } from '../domain/currency.js';
import { isUid, normaliseId } from '../domain/identifiers.js';
import type { Level } from '../domain/levels.js';
import { isGovernmentReader, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { conflict, forbidden, invalid, notFound } from './errors.js';
import type { AffirmationInput } from './inputs.js';
import { loadStatusRecords, type LoadedRecord } from './status-records.js';

// ---- visibility ----

export function maySeeRecord(actor: Actor, rec: LoadedRecord): boolean {
  if (isGovernmentReader(actor)) return true;
  if (actor.role === 'CONTRACTOR') return !!actor.companyHlo && (rec.hloCage === actor.companyHlo || rec.cageHlos.includes(actor.companyHlo));
  if (actor.role === 'C3PAO') return rec.postedBy === actor.id;
  return false;
}

/** The record if the actor may see it; otherwise 404, never revealing that it exists. */
export async function visibleRecord(ctx: ServiceContext, actor: Actor, rawUid: string, db: Db = ctx.database.db): Promise<LoadedRecord> {
  const uid = normaliseId(rawUid);
  if (!isUid(uid)) throw notFound(`No UID ${uid}`);
  const rec = (await loadStatusRecords(db, [uid])).get(uid);
  if (!rec || !maySeeRecord(actor, rec)) throw notFound(`No UID ${uid}`);
  return rec;
}

/** The record as api.md `GET /api/v1/uids/{uid}` shows it, evaluated on `asOf` (default today). */
export function presentRecord(rec: LoadedRecord, asOf: string) {
  const s = statusAsOf(rec, asOf);
  return {
    uid: rec.uid,
    level: rec.level,
    type: s.type,
    postedType: rec.postedType,
    statusDate: rec.statusDate,
    currentThrough: s.currentThrough,
    current: s.current,
    asOf,
    cages: rec.cages,
    scope: rec.scope,
    score: rec.score,
    affirmations: rec.affirmations,
    affirmationBaseline: s.affirmationBaseline,
    complianceChanges: rec.complianceChanges,
    closeout: rec.closeout,
    supersededBy: s.replacedBy,
    poam: rec.poam,
    reasons: [...s.ended, ...s.currencyErrors],
    source: rec.source,
  };
}
export type PresentedRecord = ReturnType<typeof presentRecord>;

export async function getRecord(ctx: ServiceContext, actor: Actor, uid: string, asOf?: string | null) {
  const rec = await visibleRecord(ctx, actor, uid);
  return presentRecord(rec, asOf ?? ctx.clock.today());
}

// ---- who may post what for which company (rules §6, §9) ----

export async function companyOf(db: Db, cage: string) {
  const [c] = await db.select().from(companies).where(eq(companies.cage, normaliseId(cage)));
  return c ?? null;
}

async function engaged(db: Db, assessorId: number, hlo: string): Promise<boolean> {
  const [e] = await db.select({ id: engagements.id }).from(engagements).where(and(eq(engagements.assessorUserId, assessorId), eq(engagements.companyHloCage, hlo)));
  return !!e;
}

/** Throws unless the actor may post (or close out) `level` for the company with HLO `hlo`. */
export async function assertMayPost(db: Db, actor: Actor, hlo: string, level: Level): Promise<void> {
  switch (actor.role) {
    case 'ADMIN':
      return; // stands in for the SPRS and eMASS feeds
    case 'CONTRACTOR':
      if (actor.companyHlo !== hlo) throw notFound('No such company');
      if (level !== 'L1_SELF' && level !== 'L2_SELF') throw forbidden(`Contractors post self-assessments; ${level} results come from the assessor`);
      return;
    case 'C3PAO':
      if (level !== 'L2_C3PAO') throw forbidden('A C3PAO posts Level 2 (C3PAO) results only');
      if (!(await engaged(db, actor.id, hlo))) throw forbidden('You are not engaged with this company');
      return;
    case 'DIBCAC':
      if (level !== 'L3_DIBCAC' && level !== 'L2_C3PAO') throw forbidden('DIBCAC posts Level 3 (DIBCAC) and Level 2 (C3PAO) results');
      return;
    default:
      throw forbidden('Your role does not post assessment results');
  }
}

/** An affirmation row dated `date` with the 32 CFR 170.22 statement (postings, affirmations, closeouts). */
export function affirmationRow(uid: string, date: string, a: AffirmationInput, actor: Actor, at: string) {
  return { assessmentUid: uid, date, name: a.name, title: a.title, email: a.email ?? null, phone: a.phone ?? null, statement: AFFIRMATION_STATEMENT, recordedBy: actor.id, createdAt: at };
}

/** The record as seen by someone allowed to act on it for the company (contractor of it, or admin). */
async function recordForCompanyAction(ctx: ServiceContext, actor: Actor, uid: string, roles: Actor['role'][]): Promise<LoadedRecord> {
  const rec = await visibleRecord(ctx, actor, uid);
  if (!roles.includes(actor.role)) throw forbidden('Your role may not do this');
  return rec;
}

/** 32 CFR 170.22: the Affirming Official affirms continuous compliance for a UID, dated today. */
export async function affirm(ctx: ServiceContext, actor: Actor, rawUid: string, input: AffirmationInput) {
  const rec = await recordForCompanyAction(ctx, actor, rawUid, ['CONTRACTOR', 'ADMIN']);
  const today = ctx.clock.today();
  const s = statusAsOf(rec, today);
  if (s.ended.length) throw conflict(`Nothing to affirm: ${s.ended.map((r) => r.message).join(' ')}`);
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx.insert(affirmations).values(affirmationRow(rec.uid, today, input, actor, now.toISOString()));
    await appendAudit(tx, now, [{ userId: actor.id, action: 'affirmation.add', entity: 'assessment', entityId: rec.uid, detail: { date: today, name: input.name } }]);
  });
  return getRecord(ctx, actor, rec.uid);
}

/** 32 CFR 170.21(b): POA&M closeout, once, within 180 days; all met → Final with the same UID and status date. */
export async function closeOut(ctx: ServiceContext, actor: Actor, rawUid: string, input: { results: Record<string, unknown>; affirmation?: AffirmationInput | null }) {
  const rec = await visibleRecord(ctx, actor, rawUid);
  const { db } = ctx.database;
  await assertMayPost(db, actor, rec.hloCage, rec.level);
  const today = ctx.clock.today();
  if (rec.postedType !== 'CONDITIONAL') throw conflict(`Only a Conditional status has a POA&M to close out; ${rec.uid} is ${rec.postedType}`);
  if (rec.closeout) throw conflict(`The POA&M of ${rec.uid} was already closed out on ${rec.closeout.date}; a closeout happens once`);
  const s = statusAsOf(rec, today);
  if (s.replacedBy) throw conflict(`${rec.uid} was superseded by ${s.replacedBy}; close out the current assessment instead`);
  const outcome = evaluateCloseout({ level: rec.level, poam: rec.poam, statusDate: rec.statusDate, closeoutDate: today, results: input.results });
  if (!outcome.ok) {
    if (outcome.conflict) throw conflict(outcome.errors.map((e) => e.message).join('; '), outcome.errors);
    throw invalid('The closeout results are not valid', outcome.errors);
  }
  const now = ctx.clock.now();
  await db.transaction(async (tx) => {
    // Re-checked under the write lock: two racing closeouts must give the loser 409, not a 500
    // from the unique index (32 CFR 170.21(b): once only).
    const [done] = await tx.select({ date: closeouts.date }).from(closeouts).where(eq(closeouts.assessmentUid, rec.uid));
    if (done) throw conflict(`The POA&M of ${rec.uid} was already closed out on ${done.date}; a closeout happens once`);
    await tx.insert(closeouts).values({ assessmentUid: rec.uid, date: today, result: outcome.result, resultsJson: JSON.stringify(input.results), recordedBy: actor.id, createdAt: now.toISOString() });
    if (input.affirmation && outcome.result === 'SUCCESS') await tx.insert(affirmations).values(affirmationRow(rec.uid, today, input.affirmation, actor, now.toISOString()));
    await appendAudit(tx, now, [{ userId: actor.id, action: 'closeout.record', entity: 'assessment', entityId: rec.uid, detail: { date: today, result: outcome.result, stillNotMet: outcome.stillNotMet } }]);
  });
  return getRecord(ctx, actor, rec.uid);
}

/** Rules §3.3: a change in compliance ends currency from its own date. */
export async function recordComplianceChange(ctx: ServiceContext, actor: Actor, rawUid: string, input: { date: string; description: string }) {
  const rec = await recordForCompanyAction(ctx, actor, rawUid, ['CONTRACTOR', 'DIBCAC', 'ADMIN']);
  const today = ctx.clock.today();
  if (input.date > today) throw invalid('A compliance change is recorded once it has happened', [{ path: 'date', message: `must be on or before today (${today})` }]);
  const now = ctx.clock.now();
  const [row] = await ctx.database.db.transaction(async (tx) => {
    const r = await tx.insert(complianceChanges).values({ assessmentUid: rec.uid, date: input.date, description: input.description, recordedBy: actor.id, createdAt: now.toISOString() }).returning();
    await appendAudit(tx, now, [{ userId: actor.id, action: 'compliance_change.add', entity: 'assessment', entityId: rec.uid, detail: input }]);
    return r;
  });
  return { id: row.id, uid: rec.uid, date: row.date, description: row.description, record: await getRecord(ctx, actor, rec.uid) };
}

/** An engagement lets a C3PAO user post for the company (administrator, or the company's contractor). */
export async function createEngagement(ctx: ServiceContext, actor: Actor, input: { companyCage: string; assessorEmail: string }) {
  const { db } = ctx.database;
  if (actor.role !== 'ADMIN' && actor.role !== 'CONTRACTOR') throw forbidden('Engagements are made by the company or an administrator');
  const company = await companyOf(db, input.companyCage);
  if (!company || (actor.role === 'CONTRACTOR' && company.hloCage !== actor.companyHlo)) throw notFound('No such company');
  const [assessor] = await db.select().from(users).where(eq(users.email, input.assessorEmail.trim().toLowerCase()));
  if (!assessor || assessor.role !== 'C3PAO') throw invalid('The assessor must be a C3PAO account', [{ path: 'assessorEmail', message: 'no C3PAO account with this email' }]);
  const now = ctx.clock.now();
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: engagements.id }).from(engagements).where(and(eq(engagements.companyHloCage, company.hloCage), eq(engagements.assessorUserId, assessor.id)));
    if (dup) throw conflict('This assessor is already engaged with the company');
    const [row] = await tx.insert(engagements).values({ companyHloCage: company.hloCage, assessorUserId: assessor.id, createdBy: actor.id, createdAt: now.toISOString() }).returning();
    await appendAudit(tx, now, [{ userId: actor.id, action: 'engagement.create', entity: 'engagement', entityId: String(row.id), detail: { company: company.hloCage, assessor: assessor.email } }]);
    return { id: row.id, companyCage: company.hloCage, assessorEmail: assessor.email, createdAt: row.createdAt };
  });
}
