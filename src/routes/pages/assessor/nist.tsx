/** NIST SP 800-171 DoD Assessments, Medium and High, posted by DIBCAC for any company (administrators also Basic); rules §6. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { FormValues } from '../../../../views/components/form.js';
import { AssessorNistPage } from '../../../../views/pages/assessor/nist.js';
import { normaliseId } from '../../../domain/identifiers.js';
import type { NistConfidence } from '../../../domain/levels.js';
import { may, nistPostAction } from '../../../domain/permissions.js';
import { NistAssessmentInput } from '../../../services/inputs.js';
import { postNistAssessment } from '../../../services/nist-postings.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { list, one, opt } from '../form-values.js';
import { scoreField, typedScore } from '../nist-score.js';
import { pageOrFragment, type View } from '../render.js';
import { requireUser } from '../session.js';
import { formValidator, type FormState } from '../validator.js';

/** The confidences this role posts, the government's first. */
const confidences = (c: Context<PagesEnv>): NistConfidence[] => (['MEDIUM', 'HIGH', 'BASIC'] as const).filter((k) => may(c.var.actor!.role, nistPostAction(k)));

function nistView(c: Context<PagesEnv>, form: FormState): View {
  return { title: 'NIST SP 800-171 assessment', page: <AssessorNistPage csrf={c.var.csrfToken} values={form.values} errors={form.errors} confidences={confidences(c)} /> };
}

const ENTER_SCORE = 'Enter the summary score, a whole number from −203 to 110';
const AssessorNistForm = NistAssessmentInput.extend({
  companyCage: z.string().min(1, 'Enter the company CAGE code'),
  score: scoreField(ENTER_SCORE, ENTER_SCORE),
});

const assessorNistInput = (v: FormValues) => ({
  companyCage: normaliseId(one(v.companyCage)),
  cages: list(v.cages).length ? list(v.cages) : undefined,
  confidence: one(v.confidence) || 'MEDIUM',
  assessmentDate: opt(v.assessmentDate),
  score: typedScore(v.score),
  fullImplementationDate: opt(v.fullImplementationDate),
  standard: opt(v.standard),
  assessingOrganization: opt(v.assessingOrganization),
  planDescription: opt(v.planDescription),
});

export function assessorNistPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser(nistPostAction('MEDIUM')))
    .get('/new', (c) =>
      pageOrFragment(
        c,
        nistView(c, {
          values: { companyCage: normaliseId(c.req.query('cage') ?? ''), assessmentDate: c.var.ctx.clock.today(), standard: 'NIST SP 800-171 Rev 2', assessingOrganization: 'DCMA DIBCAC', confidence: 'MEDIUM' },
          errors: {},
        }),
      ),
    )
    .post('/new', once(), formValidator(AssessorNistForm, assessorNistInput, nistView), async (c) => {
      const { companyCage, ...input } = c.req.valid('form').data;
      await postNistAssessment(c.var.ctx, c.var.actor!, companyCage, input);
      return c.redirect('/assessor?done=nist-posted', 303);
    });
}
