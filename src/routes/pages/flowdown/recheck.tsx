/** Subcontractors to check again: recorded checks whose statuses lapse within the chosen number of days. */
import { Hono, type Context } from 'hono';
import type { FormErrors } from '../../../../views/components/form.js';
import { RecheckPage } from '../../../../views/pages/flowdown/recheck.js';
import { recheckList } from '../../../services/flowdown-register.js';
import { FlowdownRecheckQuery } from '../../../services/inputs.js';
import type { PagesEnv } from '../env.js';
import { opt } from '../form-values.js';
import { pageOrFragment, type View } from '../render.js';
import { queryValidator, type FormState } from '../validator.js';

/** The list for `days` (the default window when the typed number is refused). */
async function recheckView(c: Context<PagesEnv>, form: FormState, days?: number): Promise<View> {
  const r = await recheckList(c.var.ctx, c.var.actor!, { days });
  const errors: FormErrors = form.errors.days ? { days: 'Enter a whole number of days from 0 to 3650' } : {};
  return { title: 'Re-check list', page: <RecheckPage asOf={r.asOf} days={r.days} items={r.items} values={{ days: form.values.days ?? String(r.days) }} errors={errors} /> };
}

export function recheckPages() {
  return new Hono<PagesEnv>().get('/', queryValidator(FlowdownRecheckQuery, (v) => ({ days: opt(v.days) }), recheckView), async (c) => {
    const { data, values } = c.req.valid('query');
    return pageOrFragment(c, await recheckView(c, { values, errors: {} }, data.days));
  });
}
