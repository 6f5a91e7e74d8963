/**
 * Self-assessment drafts (rules §6): answers kept between sittings, never a posting until submitted
 * through the one posting service, and the NIST SP 800-171 score a complete Level 2 draft or posted
 * Level 2 record gives.
 */
import { and, desc, eq } from 'drizzle-orm';
import { assessmentDrafts } from '../../db/schema.js';
import { levelFamily } from '../domain/levels.js';
import { requirementsFor } from '../domain/requirements.js';
import { previewScore } from '../domain/scoring.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { companyHloOf, companyRecord, isSelfLevel, type SelfLevel } from './contractor.js';
import { forbidden, invalid, notFound } from './errors.js';
import { postAssessment, type PostingInput } from './postings.js';

export interface DraftInput {
  id?: number | null;
  level: SelfLevel;
  scope: string;
  scopeDescription?: string | null;
  cages: string[];
  answers: Record<string, string>;
}

export type Draft = Omit<typeof assessmentDrafts.$inferSelect, 'cagesJson' | 'answersJson'> & { cages: string[]; answers: Record<string, string> };

const toDraft = (r: typeof assessmentDrafts.$inferSelect): Draft => {
  const { cagesJson, answersJson, ...rest } = r;
  return { ...rest, cages: JSON.parse(cagesJson), answers: JSON.parse(answersJson) };
};

export async function listDrafts(ctx: ServiceContext, actor: Actor): Promise<(Draft & { answered: number; total: number })[]> {
  const hlo = companyHloOf(actor);
  const rows = await ctx.database.db.select().from(assessmentDrafts).where(eq(assessmentDrafts.hloCage, hlo)).orderBy(desc(assessmentDrafts.updatedAt), desc(assessmentDrafts.id));
  return rows.map((r) => {
    const d = toDraft(r);
    const p = previewScore(d.level, d.answers);
    return { ...d, answered: p.answered, total: p.total };
  });
}

export async function getDraft(ctx: ServiceContext, actor: Actor, id: number): Promise<Draft> {
  const hlo = companyHloOf(actor);
  const [row] = await ctx.database.db.select().from(assessmentDrafts).where(and(eq(assessmentDrafts.id, id), eq(assessmentDrafts.hloCage, hlo)));
  if (!row) throw notFound('No such draft');
  return toDraft(row);
}

/** Saves (creates or updates) a draft. Only answers naming requirements of the level are kept. */
export async function saveDraft(ctx: ServiceContext, actor: Actor, input: DraftInput): Promise<Draft> {
  const hlo = companyHloOf(actor);
  if (!isSelfLevel(input.level)) throw invalid('Drafts are for self-assessments', [{ path: 'level', message: 'Level 1 (Self) or Level 2 (Self)' }]);
  const ids = new Set(requirementsFor(input.level).map((r) => r.id));
  const answers = Object.fromEntries(Object.entries(input.answers).filter(([k, v]) => ids.has(k) && typeof v === 'string' && v !== ''));
  const { db } = ctx.database;
  const now = ctx.clock.now();
  const values = {
    hloCage: hlo,
    level: input.level,
    scope: input.scope.trim(),
    scopeDescription: input.scopeDescription?.trim() || null,
    cagesJson: JSON.stringify(input.cages),
    answersJson: JSON.stringify(answers),
    updatedAt: now.toISOString(),
    updatedBy: actor.id,
  };
  const id = await db.transaction(async (tx) => {
    let id = input.id ?? null;
    if (id !== null) {
      const [row] = await tx.select({ id: assessmentDrafts.id }).from(assessmentDrafts).where(and(eq(assessmentDrafts.id, id), eq(assessmentDrafts.hloCage, hlo)));
      if (!row) throw notFound('No such draft');
      await tx.update(assessmentDrafts).set(values).where(eq(assessmentDrafts.id, id));
    } else {
      [{ id }] = await tx.insert(assessmentDrafts).values(values).returning({ id: assessmentDrafts.id });
    }
    await appendAudit(tx, now, [{ userId: actor.id, action: 'draft.save', entity: 'assessment_draft', entityId: String(id), detail: { level: input.level, scope: values.scope, answered: Object.keys(answers).length } }]);
    return id!;
  });
  return getDraft(ctx, actor, id);
}

export async function deleteDraft(ctx: ServiceContext, actor: Actor, id: number): Promise<void> {
  const hlo = companyHloOf(actor);
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    const gone = await tx.delete(assessmentDrafts).where(and(eq(assessmentDrafts.id, id), eq(assessmentDrafts.hloCage, hlo))).returning({ id: assessmentDrafts.id });
    if (!gone.length) throw notFound('No such draft');
    await appendAudit(tx, now, [{ userId: actor.id, action: 'draft.delete', entity: 'assessment_draft', entityId: String(id) }]);
  });
}

/**
 * Submits a self-assessment through the one posting service (records.postAssessment: the system
 * assigns the UID and status date), then removes the draft it came from.
 */
export async function submitSelfAssessment(ctx: ServiceContext, actor: Actor, input: PostingInput, draftId?: number | null) {
  const hlo = companyHloOf(actor);
  if (!isSelfLevel(input.level)) throw forbidden(`Contractors post self-assessments; ${input.level} results come from the assessor`);
  const posted = await postAssessment(ctx, actor, hlo, input);
  if (draftId) await deleteDraft(ctx, actor, draftId).catch(() => undefined); // already gone is fine
  return posted;
}

// ---- NIST SP 800-171 score from the Level 2 answers ----

/**
 * A NIST SP 800-171 DoD Assessment (Basic) summary score uses the same 110-point methodology as the
 * Level 2 score (32 CFR 170.24), so it can be taken from a complete Level 2 draft or a posted Level 2
 * record. `source` is `draft:<id>` or `uid:<UID>`.
 */
export async function nistScoreFrom(ctx: ServiceContext, actor: Actor, source: string): Promise<{ score: number; label: string }> {
  const [kind, ref] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
  if (kind === 'draft') {
    const d = await getDraft(ctx, actor, Number(ref));
    const p = previewScore(d.level, d.answers);
    if (levelFamily(d.level) !== 'L2') throw invalid('Only a Level 2 draft has a score', [{ path: 'scoreFrom', message: 'choose a Level 2 draft' }]);
    if (!p.complete || p.score === null)
      throw invalid('The draft is not complete', [{ path: 'scoreFrom', message: p.noScore ? p.explanation : `answer every requirement of the draft first (${p.unanswered.length} unanswered)` }]);
    return { score: p.score, label: `Level 2 draft "${d.scope}"` };
  }
  if (kind === 'uid') {
    const r = await companyRecord(ctx, actor, ref);
    if (levelFamily(r.rec.level) !== 'L2' || r.rec.score === null) throw invalid('That UID has no Level 2 score', [{ path: 'scoreFrom', message: 'choose a Level 2 record with a score' }]);
    return { score: r.rec.score, label: `UID ${r.rec.uid}` };
  }
  throw invalid('Unknown score source', [{ path: 'scoreFrom', message: 'choose a Level 2 draft or record, or type the score' }]);
}
