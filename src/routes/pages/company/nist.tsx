/**
 * The contractor's NIST SP 800-171 DoD Assessment, Basic (rules §6; DFARS 252.204-7019): typed, or
 * its score taken from a complete Level 2 draft or record of the company.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { FormValues } from '../../../../views/components/form.js';
import { CompanyNistPage } from '../../../../views/pages/company/nist.js';
import { LEVEL_LABEL } from '../../../domain/levels.js';
import { previewScore } from '../../../domain/scoring.js';
import { companyHloOf, companyProfile, companyRecords } from '../../../services/contractor.js';
import { listDrafts, nistScoreFrom } from '../../../services/drafts.js';
import { cageField, NistAssessmentInput } from '../../../services/inputs.js';
import { postNistAssessment } from '../../../services/nist-postings.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { all, one, opt } from '../form-values.js';
import { scoreField, typedScore } from '../nist-score.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, type FormState } from '../validator.js';

async function nistView(c: Context<PagesEnv>, form: FormState): Promise<View> {
  const actor = c.var.actor!;
  const [profile, drafts, records] = await Promise.all([companyProfile(c.var.ctx, actor), listDrafts(c.var.ctx, actor), companyRecords(c.var.ctx, actor)]);
  const scoreSources = [
    ...drafts.filter((d) => d.level === 'L2_SELF' && d.answered === d.total).map((d) => ({ value: `draft:${d.id}`, label: `Level 2 draft "${d.scope || 'no scope'}" (score ${previewScore(d.level, d.answers).score ?? '—'})` })),
    ...records
      .filter((r) => (r.rec.level === 'L2_SELF' || r.rec.level === 'L2_C3PAO') && r.rec.score !== null)
      .map((r) => ({ value: `uid:${r.rec.uid}`, label: `UID ${r.rec.uid}, ${LEVEL_LABEL[r.rec.level]}, ${r.rec.statusDate} (score ${r.rec.score})` })),
  ];
  return {
    title: 'NIST SP 800-171 Basic',
    page: <CompanyNistPage csrf={c.var.csrfToken} values={form.values} errors={form.errors} hierarchy={profile.hierarchy} scoreSources={scoreSources} />,
  };
}

const CompanyNistForm = NistAssessmentInput.extend({
  cages: z.array(cageField).min(1, 'Choose at least one CAGE code').max(500),
  score: scoreField('Enter the summary score, or take it from a Level 2 assessment', 'a whole number from −203 to 110'),
});

/** The score is typed, or taken from a Level 2 draft or record (then shown in the form as taken). */
async function companyNistInput(values: FormValues, c: Context<PagesEnv>) {
  const from = one(values.scoreFrom);
  if (from) values.score = String((await nistScoreFrom(c.var.ctx, c.var.actor!, from)).score);
  return {
    cages: all(values.cages),
    confidence: 'BASIC',
    assessmentDate: opt(values.assessmentDate),
    score: typedScore(values.score),
    fullImplementationDate: opt(values.fullImplementationDate),
    standard: opt(values.standard),
    planDescription: opt(values.planDescription),
  };
}

export function companyNistPages() {
  return new Hono<PagesEnv>()
    .get('/new', async (c) =>
      pageOrFragment(c, await nistView(c, { values: { assessmentDate: c.var.ctx.clock.today(), standard: 'NIST SP 800-171 Rev 2', cages: [companyHloOf(c.var.actor!)] }, errors: {} })),
    )
    .post('/new', once(), formValidator(CompanyNistForm, companyNistInput, nistView), async (c) => {
      await postNistAssessment(c.var.ctx, c.var.actor!, companyHloOf(c.var.actor!), c.req.valid('form').data);
      return c.redirect('/company/assessments?done=nist-posted#nist-heading', 303);
    });
}
