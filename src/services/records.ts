/**
 * Status records: who may see them (rules §9), the record as the API shows it, and the writes a
 * company or assessor makes against a UID: postings, affirmations, closeouts, compliance changes.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  affirmations,
  assessmentCages,
  assessments,
  closeouts,
  companies,
  complianceChanges,
  engagements,
  poamItems,
  requirementResults,
  users,
} from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { AFFIRMATION_STATEMENT } from '../domain/affirmation-schedule.js';
import { statusAsOf } from '../domain/currency.js';
import { isUid, normaliseId, uidFromBytes } from '../domain/identifiers.js';
import { levelFamily, type Level, type RequirementResult } from '../domain/levels.js';
import { evaluateCloseout } from '../domain/closeout.js';
import { scoreAssessment } from '../domain/scoring.js';
import { isGovernmentReader, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { conflict, forbidden, invalid, notFound, type FieldError } from './errors.js';
import type { AffirmationInput } from './inputs.js';
import { scopeKey } from '../domain/supersession.js';
import { relinkSupersession, scopeIdFor } from './scopes.js';
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

/** A fresh UID: 10 characters without I or O, never reused (the primary key refuses a repeat). */
async function newUid(db: Pick<Db, 'all'>): Promise<string> {
  for (;;) {
    const uid = uidFromBytes(randomBytes(24));
    const [hit] = await db.all<{ n: number }>(sql`SELECT 1 AS n FROM assessments WHERE uid = ${uid}`);
    if (!hit) return uid;
  }
}

function affirmationRow(uid: string, date: string, a: AffirmationInput, actor: Actor, at: string) {
  return { assessmentUid: uid, date, name: a.name, title: a.title, email: a.email ?? null, phone: a.phone ?? null, statement: AFFIRMATION_STATEMENT, recordedBy: actor.id, createdAt: at };
}

export interface PostingInput {
  level: Level;
  scope: string;
  scopeDescription?: string | null;
  cages?: string[];
  results: Record<string, unknown>;
  affirmation?: AffirmationInput | null;
}

/** Posts a Level 1/2/3 result: scores it, assigns UID and status date, supersedes the scope's previous UID. */
export async function postAssessment(ctx: ServiceContext, actor: Actor, companyCage: string, input: PostingInput) {
  const { db } = ctx.database;
  const company = await companyOf(db, companyCage);
  if (!company) throw notFound('No such company');
  const hlo = company.hloCage;
  await assertMayPost(db, actor, hlo, input.level);
  const today = ctx.clock.today();
  const errors: FieldError[] = [];
  const cages = [...new Set((input.cages?.length ? input.cages : [company.cage]).map(normaliseId))];
  const hierarchy = await db.select({ cage: companies.cage }).from(companies).where(eq(companies.hloCage, hlo));
  const inHierarchy = new Set([hlo, ...hierarchy.map((h) => h.cage)]);
  cages.forEach((c, i) => {
    if (!inHierarchy.has(c)) errors.push({ path: `cages.${i}`, message: `CAGE ${c} is not in this company's CAGE hierarchy` });
  });
  const outcome = scoreAssessment(input.level, input.results as Record<string, RequirementResult>);
  if (!outcome.ok) errors.push(...outcome.errors);
  if (errors.length || !outcome.ok) {
    const noScore = !outcome.ok && outcome.errors.some((e) => /No CMMC Score/.test(e.message));
    throw invalid(noScore ? 'No CMMC Score: the System Security Plan requirement (3.12.4) is NOT MET, so the assessment cannot be completed' : 'The results cannot be posted', errors);
  }
  if (input.level === 'L3_DIBCAC') {
    // 32 CFR 170.18: Level 3 needs a current Final Level 2 (C3PAO) on the same scope at posting time.
    const key = scopeKey(input.scope);
    const l2 = await db.all<{ uid: string }>(
      sql`SELECT a.uid FROM assessments a JOIN scopes s ON s.id = a.scope_id WHERE s.hlo_cage = ${hlo} AND s.name_key = ${key} AND a.level = 'L2_C3PAO'`,
    );
    const recs = await loadStatusRecords(db, l2.map((r) => r.uid));
    const ok = [...recs.values()].some((r) => {
      const s = statusAsOf(r, today);
      return s.current && s.type === 'FINAL';
    });
    if (!ok) throw invalid('Level 3 needs a current Final Level 2 (C3PAO) status on the same scope', [{ path: 'scope', message: `scope "${input.scope}" has no current Final Level 2 (C3PAO) status on ${today}` }]);
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  const uid = await db.transaction(async (tx) => {
    const uid = await newUid(tx);
    const scopeId = await scopeIdFor(tx, hlo, input.scope, input.scopeDescription ?? null, at);
    const [{ maxSeq }] = await tx.all<{ maxSeq: number | null }>(sql`SELECT max(seq) AS maxSeq FROM assessments`);
    const family = levelFamily(input.level);
    await tx.insert(assessments).values({
      uid,
      hloCage: hlo,
      scopeId,
      level: input.level,
      family,
      postedType: outcome.type,
      statusDate: today,
      score: outcome.score,
      cagesJson: JSON.stringify(cages),
      source: 'POSTING',
      postedBy: actor.id,
      seq: (maxSeq ?? 0) + 1,
      createdAt: at,
    });
    await tx.insert(assessmentCages).values(cages.map((cage) => ({ assessmentUid: uid, cage })));
    await tx.insert(requirementResults).values(Object.entries(input.results).map(([requirementId, result]) => ({ assessmentUid: uid, requirementId, result: result as RequirementResult })));
    if (outcome.poam.length) await tx.insert(poamItems).values(outcome.poam.map((requirementId) => ({ assessmentUid: uid, requirementId })));
    if (input.affirmation) await tx.insert(affirmations).values(affirmationRow(uid, today, input.affirmation, actor, at));
    await relinkSupersession(tx, { scopeId, family });
    await appendAudit(tx, now, [
      { userId: actor.id, action: 'assessment.post', entity: 'assessment', entityId: uid, detail: { company: hlo, level: input.level, type: outcome.type, score: outcome.score, scope: input.scope } },
    ]);
    return uid;
  });
  const rec = (await loadStatusRecords(db, [uid])).get(uid)!;
  const s = statusAsOf(rec, today);
  return {
    uid,
    level: input.level,
    type: outcome.type,
    score: outcome.score,
    statusDate: today,
    currentThrough: s.currentThrough,
    poam: outcome.poam,
    blocking: outcome.blocking,
    explanation: outcome.explanation,
    scope: rec.scope,
    cages,
    awaitingAffirmation: outcome.type !== 'NONE' && !s.latestAffirmation,
  };
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
