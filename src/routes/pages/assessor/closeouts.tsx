/** POA&M closeouts by the assessor (api.md closeouts): the list it may close out, and one closeout form. */
import { Hono, type Context } from 'hono';
import { CloseoutPage, CloseoutsPage } from '../../../../views/pages/assessor/closeouts.js';
import { closeoutFor, closeoutsOpen } from '../../../services/assessor.js';
import { CloseoutInput } from '../../../services/inputs.js';
import { closeOut } from '../../../services/records.js';
import { closeoutFormFacts, closeoutResults } from '../closeout.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { answersFromForm } from '../form-values.js';
import type { View } from '../render.js';
import { formValidator, NO_INPUT, type FormState } from '../validator.js';

async function closeoutView(c: Context<PagesEnv>, uid: string, form: FormState): Promise<View> {
  const t = await closeoutFor(c.var.ctx, c.var.actor!, uid);
  const answers = answersFromForm(form.values);
  const done = c.req.query('done');
  const notice = done === 'closeout-success' ? 'Closeout recorded: all POA&M items met, the status is Final.' : done === 'closeout-failed' ? 'Closeout recorded: items still NOT MET, the status has ended.' : null;
  return {
    title: `Close out ${t.rec.uid}`,
    page: <CloseoutPage {...t} csrf={c.var.csrfToken} values={form.values} errors={form.errors} answers={answers} {...closeoutFormFacts(answers)} notice={notice} />,
  };
}

export function assessorCloseoutPages() {
  return new Hono<PagesEnv>()
    .get('/', async (c) => {
      const open = (await closeoutsOpen(c.var.ctx, c.var.actor!)).map((o) => ({ uid: o.rec.uid, level: o.rec.level, statusDate: o.rec.statusDate, companyName: o.companyName, closeoutBy: o.closeoutBy, daysLeft: o.daysLeft }));
      return c.render(<CloseoutsPage open={open} />, { title: 'POA&M closeouts' });
    })
    .get('/:uid', async (c) => {
      const v = await closeoutView(c, c.req.param('uid'), NO_INPUT);
      return c.render(v.page, { title: v.title });
    })
    .post(
      '/:uid',
      once(),
      // Assessors do not affirm: the affirmation is the company's Affirming Official's (32 CFR 170.22).
      formValidator(CloseoutInput, (v) => ({ results: closeoutResults(v), affirmation: null }), (c, form) => closeoutView(c, c.req.param('uid') ?? '', form)),
      async (c) => {
        const r = await closeOut(c.var.ctx, c.var.actor!, c.req.param('uid'), c.req.valid('form').data);
        return c.redirect(`/assessor/closeouts/${r.uid}?done=${r.type === 'FINAL' ? 'closeout-success' : 'closeout-failed'}`, 303);
      },
    );
}
