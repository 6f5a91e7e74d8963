/**
 * NIST SP 800-171 DoD Assessment postings (rules §6 "NIST SP 800-171 DoD Assessment"; DFARS
 * 252.204-7019/7020): one summary score per system security plan, with the CAGE codes it covers.
 * Who posts which confidence (rules §9): the contractor posts Basic (its own self-assessment) for
 * its own company; a DIBCAC user posts Medium or High for any company; an administrator any.
 */
import { desc, eq } from 'drizzle-orm';
import { companies, nistAssessmentCages, nistAssessments } from '../../db/schema.js';
import { nistValidThrough } from '../domain/nist.js';
import { nistPostAction } from '../domain/permissions.js';
import { assertMayForCompany, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { invalid, notFound, type FieldError } from './errors.js';
import type { NistAssessmentInput } from './inputs.js';
import { companyOf } from './records.js';

/** Who assessed, when the poster does not say: Basic is the contractor's own (DoD Assessment Methodology). */
const DEFAULT_ORGANIZATION = { BASIC: 'Contractor self-assessment', MEDIUM: 'DCMA DIBCAC', HIGH: 'DCMA DIBCAC' } as const;

export async function postNistAssessment(ctx: ServiceContext, actor: Actor, companyCage: string, input: NistAssessmentInput) {
  const { db } = ctx.database;
  const company = await companyOf(db, companyCage);
  if (!company) throw notFound('No such company');
  const hlo = company.hloCage;
  // Rules §6: Basic is the contractor's own self-assessment; Medium and High come from DoD assessors.
  await assertMayForCompany(db, actor, nistPostAction(input.confidence), hlo, `Your role does not post NIST SP 800-171 DoD Assessments of confidence ${input.confidence}`);
  const today = ctx.clock.today();
  const errors: FieldError[] = [];
  const cages = [...new Set(input.cages?.length ? input.cages : [company.cage])];
  const hierarchy = new Set((await db.select({ cage: companies.cage }).from(companies).where(eq(companies.hloCage, hlo))).map((r) => r.cage));
  cages.forEach((c, i) => {
    if (!hierarchy.has(c)) errors.push({ path: `cages.${i}`, message: `CAGE ${c} is not in this company's CAGE hierarchy` });
  });
  const assessmentDate = input.assessmentDate ?? today;
  if (assessmentDate > today) errors.push({ path: 'assessmentDate', message: `an assessment is posted once it has happened: on or before today (${today})` });
  // Decision: below 110 the plan must say when 110 is expected (SPRS asks for it; rules §5 shows it to officers).
  if (input.score < 110 && !input.fullImplementationDate) errors.push({ path: 'fullImplementationDate', message: 'give the date a score of 110 is expected (the score is below 110)' });
  if (input.fullImplementationDate && input.fullImplementationDate < assessmentDate)
    errors.push({ path: 'fullImplementationDate', message: `must be on or after the assessment date ${assessmentDate}` });
  if (errors.length) throw invalid('The NIST SP 800-171 DoD Assessment cannot be posted', errors);

  const now = ctx.clock.now();
  const at = now.toISOString();
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(nistAssessments)
      .values({
        hloCage: hlo,
        standard: input.standard,
        assessingOrganization: input.assessingOrganization || DEFAULT_ORGANIZATION[input.confidence],
        planDescription: input.planDescription || null,
        assessmentDate,
        score: input.score,
        fullImplementationDate: input.fullImplementationDate ?? null,
        confidence: input.confidence,
        cagesJson: JSON.stringify(cages),
        postedBy: actor.id,
        createdAt: at,
      })
      .returning();
    await tx.insert(nistAssessmentCages).values(cages.map((cage) => ({ nistAssessmentId: row.id, cage, assessmentDate })));
    await appendAudit(tx, now, [
      { userId: actor.id, action: 'nist_assessment.post', entity: 'nist_assessment', entityId: String(row.id), detail: { company: hlo, confidence: input.confidence, score: input.score, assessmentDate, cages } },
    ]);
    return row;
  });
  return presentNist(row);
}

type NistRow = typeof nistAssessments.$inferSelect;

/** A posting as the API and pages show it, with the date it counts through (rules §5, 3 years). */
export function presentNist(row: NistRow) {
  return {
    id: row.id,
    companyCage: row.hloCage,
    cages: JSON.parse(row.cagesJson) as string[],
    confidence: row.confidence,
    assessmentDate: row.assessmentDate,
    score: row.score,
    fullImplementationDate: row.fullImplementationDate,
    standard: row.standard,
    assessingOrganization: row.assessingOrganization,
    planDescription: row.planDescription,
    validThrough: nistValidThrough(row.assessmentDate),
  };
}
export type PresentedNist = ReturnType<typeof presentNist>;

/** The company's NIST postings, newest first (contractor: own company only; government readers: any). */
export async function listNistAssessments(ctx: ServiceContext, actor: Actor, hlo: string): Promise<PresentedNist[]> {
  await assertMayForCompany(ctx.database.db, actor, 'nist.read', hlo, 'Your role does not read NIST SP 800-171 DoD Assessments');
  const rows = await ctx.database.db.select().from(nistAssessments).where(eq(nistAssessments.hloCage, hlo)).orderBy(desc(nistAssessments.assessmentDate), desc(nistAssessments.id));
  return rows.map(presentNist);
}
