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
import { statusAsOf, statusFacts } from '../domain/currency.js';
import { isUid, normaliseId } from '../domain/identifiers.js';
import { LEVEL_LABEL, type Level } from '../domain/levels.js';
import { assessesWhereEngaged, postAction, reachOf, type Action } from '../domain/permissions.js';
import { assertMayForCompany, isEngaged, requireReach, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { conflict, forbidden, invalid, notFound } from './errors.js';
import type { AffirmationInput } from './inputs.js';
import { loadStatusRecords, type LoadedRecord } from './status-records.js';

// ---- visibility ----

/**
 * Rules §9: who reads a status record. A contractor reads its company's UIDs and any UID that lists
 * one of its CAGE codes; a C3PAO user what it posted.
 */
export function maySeeRecord(actor: Actor, rec: LoadedRecord): boolean {
  switch (reachOf(actor.role, 'records.read')) {
    case 'any':
      return true;
    case 'own-company':
      return !!actor.companyHlo && (rec.hloCage === actor.companyHlo || rec.cageHlos.includes(actor.companyHlo));
    case 'posted-by-self':
      return rec.postedBy === actor.id;
    default:
      return false;
  }
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
    ...statusFacts(rec, s),
    postedType: rec.postedType,
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

/** Throws unless the actor may post (or close out) `level` for the company with HLO `hlo` (rules §6). */
export async function assertMayPost(db: Db, actor: Actor, hlo: string, level: Level): Promise<void> {
  await assertMayForCompany(db, actor, postAction(level), hlo, `Your role does not post ${LEVEL_LABEL[level]} results`);
}

/** An affirmation row dated `date` with the 32 CFR 170.22 statement (postings, affirmations, closeouts). */
export function affirmationRow(uid: string, date: string, a: AffirmationInput, actor: Actor, at: string) {
  return { assessmentUid: uid, date, name: a.name, title: a.title, email: a.email ?? null, phone: a.phone ?? null, statement: AFFIRMATION_STATEMENT, recordedBy: actor.id, createdAt: at };
}

/**
 * The record a write against a UID acts on (rules §9). The write belongs to the UID's owning company
 * (its HLO), to an engaged assessor, or to a role whose reach is any record. A record the actor may
 * neither act on nor see is 404, like one that does not exist; one it may see but not act on is 403
 * (a contractor whose CAGE is listed on another company's UID reads it but does not write to it).
 */
async function recordForWrite(ctx: ServiceContext, actor: Actor, rawUid: string, action: (rec: LoadedRecord) => Action, refusal: string): Promise<LoadedRecord> {
  const uid = normaliseId(rawUid);
  if (!isUid(uid)) throw notFound(`No UID ${uid}`);
  const rec = (await loadStatusRecords(ctx.database.db, [uid])).get(uid);
  if (!rec) throw notFound(`No UID ${uid}`);
  const reach = reachOf(actor.role, action(rec));
  const allowed =
    reach === 'any' ||
    (reach === 'own-company' && !!actor.companyHlo && rec.hloCage === actor.companyHlo) ||
    (reach === 'engaged' && (await isEngaged(ctx.database.db, actor.id, rec.hloCage))) ||
    (reach === 'posted-by-self' && rec.postedBy === actor.id);
  if (allowed) return rec;
  if (!maySeeRecord(actor, rec)) throw notFound(`No UID ${uid}`);
  if (reach === 'own-company') throw forbidden(`${uid} belongs to another company: only that company acts on it`);
  if (reach === 'engaged') throw forbidden('You are not engaged with this company');
  throw forbidden(refusal);
}

/** The record after a write, as the writer may see it (an engaged assessor acting on it included). */
async function presentAfterWrite(ctx: ServiceContext, uid: string) {
  const rec = (await loadStatusRecords(ctx.database.db, [uid])).get(uid)!;
  return presentRecord(rec, ctx.clock.today());
}

/** 32 CFR 170.22: the Affirming Official affirms continuous compliance for a UID, dated today. */
export async function affirm(ctx: ServiceContext, actor: Actor, rawUid: string, input: AffirmationInput) {
  const rec = await recordForWrite(ctx, actor, rawUid, () => 'affirmations.add', 'Your role does not affirm CMMC statuses');
  const today = ctx.clock.today();
  const s = statusAsOf(rec, today);
  if (s.ended.length) throw conflict(`Nothing to affirm: ${s.ended.map((r) => r.message).join(' ')}`);
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx.insert(affirmations).values(affirmationRow(rec.uid, today, input, actor, now.toISOString()));
    await appendAudit(tx, now, [{ userId: actor.id, action: 'affirmation.add', entity: 'assessment', entityId: rec.uid, detail: { date: today, name: input.name } }]);
  });
  return presentAfterWrite(ctx, rec.uid);
}

/** The record an actor is about to close out (the closeout form's page): refused as the closeout itself would be. */
export async function recordToCloseOut(ctx: ServiceContext, actor: Actor, rawUid: string): Promise<LoadedRecord> {
  return recordForWrite(ctx, actor, rawUid, (r) => postAction(r.level), 'Your role does not close out this level');
}

/** 32 CFR 170.21(b): POA&M closeout, once, within 180 days; all met → Final with the same UID and status date. */
export async function closeOut(ctx: ServiceContext, actor: Actor, rawUid: string, input: { results: Record<string, unknown>; affirmation?: AffirmationInput | null }) {
  // api.md closeouts: whoever may post that level for the company closes out its POA&M.
  const rec = await recordToCloseOut(ctx, actor, rawUid);
  const { db } = ctx.database;
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
  return presentAfterWrite(ctx, rec.uid);
}

/** Rules §3.3: a change in compliance ends currency from its own date. */
export async function recordComplianceChange(ctx: ServiceContext, actor: Actor, rawUid: string, input: { date: string; description: string }) {
  const rec = await recordForWrite(ctx, actor, rawUid, () => 'compliance-changes.add', 'Your role does not record compliance changes');
  const today = ctx.clock.today();
  if (input.date > today) throw invalid('A compliance change is recorded once it has happened', [{ path: 'date', message: `must be on or before today (${today})` }]);
  const now = ctx.clock.now();
  const [row] = await ctx.database.db.transaction(async (tx) => {
    const r = await tx.insert(complianceChanges).values({ assessmentUid: rec.uid, date: input.date, description: input.description, recordedBy: actor.id, createdAt: now.toISOString() }).returning();
    await appendAudit(tx, now, [{ userId: actor.id, action: 'compliance_change.add', entity: 'assessment', entityId: rec.uid, detail: input }]);
    return r;
  });
  return { id: row.id, uid: rec.uid, date: row.date, description: row.description, record: await presentAfterWrite(ctx, rec.uid) };
}

/** An engagement lets a C3PAO user post for the company (administrator, or the company's contractor). */
export async function createEngagement(ctx: ServiceContext, actor: Actor, input: { companyCage: string; assessorEmail: string }) {
  const { db } = ctx.database;
  const refusal = 'Engagements are made by the company or an administrator';
  requireReach(actor, 'engagements.create', refusal);
  const company = await companyOf(db, input.companyCage);
  if (!company) throw notFound('No such company');
  await assertMayForCompany(db, actor, 'engagements.create', company.hloCage, refusal);
  const [assessor] = await db.select().from(users).where(eq(users.email, input.assessorEmail.trim().toLowerCase()));
  // The account must be one whose postings depend on an engagement (rules §6: a C3PAO user).
  if (!assessor || !assessesWhereEngaged(assessor.role)) throw invalid('The assessor must be a C3PAO account', [{ path: 'assessorEmail', message: 'no C3PAO account with this email' }]);
  const now = ctx.clock.now();
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: engagements.id }).from(engagements).where(and(eq(engagements.companyHloCage, company.hloCage), eq(engagements.assessorUserId, assessor.id)));
    if (dup) throw conflict('This assessor is already engaged with the company');
    const [row] = await tx.insert(engagements).values({ companyHloCage: company.hloCage, assessorUserId: assessor.id, createdBy: actor.id, createdAt: now.toISOString() }).returning();
    await appendAudit(tx, now, [{ userId: actor.id, action: 'engagement.create', entity: 'engagement', entityId: String(row.id), detail: { company: company.hloCage, assessor: assessor.email } }]);
    return { id: row.id, companyCage: company.hloCage, assessorEmail: assessor.email, createdAt: row.createdAt };
  });
}
