/**
 * Posting a CMMC result (rules §6; 32 CFR 170.15–170.18): scored by the domain, given a new UID and
 * today's status date, and superseding the previous UID of its scope and level family (rules §3.5).
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { affirmations, assessmentCages, assessments, companies, poamItems, requirementResults } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { statusAsOf } from '../domain/currency.js';
import { normaliseId, uidFromBytes } from '../domain/identifiers.js';
import { levelFamily, type Level, type RequirementResult } from '../domain/levels.js';
import { scoreAssessment } from '../domain/scoring.js';
import { scopeKey } from '../domain/supersession.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { invalid, notFound, type FieldError } from './errors.js';
import type { AffirmationInput } from './inputs.js';
import { affirmationRow, assertMayPost, companyOf } from './records.js';
import { relinkSupersession, scopeIdFor } from './scopes.js';
import { loadStatusRecords } from './status-records.js';

/** A fresh UID: 10 characters without I or O, never reused (the primary key refuses a repeat). */
async function newUid(db: Pick<Db, 'all'>): Promise<string> {
  for (;;) {
    const uid = uidFromBytes(randomBytes(24));
    const [hit] = await db.all<{ n: number }>(sql`SELECT 1 AS n FROM assessments WHERE uid = ${uid}`);
    if (!hit) return uid;
  }
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
