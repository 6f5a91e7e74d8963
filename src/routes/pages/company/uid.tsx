/**
 * One of the company's UIDs and what the company does with it: affirm (32 CFR 170.22), close out
 * the POA&M (170.21(b)), record a change in compliance (rules §3.3). A refused form comes back on
 * this page with its messages; a UID the company may not see is a 404 like one that does not exist.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CompanyUidPage, type UidForm } from '../../../../views/pages/company/uid.js';
import { engagedAssessors } from '../../../services/assessor.js';
import { companyRecord, listOfficials } from '../../../services/contractor.js';
import { may, postAction } from '../../../domain/permissions.js';
import { AFFIRMATION_STATEMENT } from '../../../domain/affirmation-schedule.js';
import { AffirmationInput, CloseoutInput } from '../../../services/inputs.js';
import { affirm, closeOut, recordComplianceChange } from '../../../services/records.js';
import { ComplianceChangeForm, complianceChangeInput } from '../compliance-change.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { closeoutFormFacts, closeoutResults } from '../closeout.js';
import { CONFIRM_AFFIRMATION } from '../confirmations.js';
import { answersFromForm, opt, ticked } from '../form-values.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, type FormState, type FormView } from '../validator.js';
import { affirmationFrom, notice } from './shared.js';

async function uidView(c: Context<PagesEnv>, uid: string, failed: (FormState & { form: UidForm }) | null): Promise<View> {
  const r = await companyRecord(c.var.ctx, c.var.actor!, uid);
  const officials = await listOfficials(c.var.ctx, c.var.actor!);
  const answers = failed?.form === 'closeout' ? answersFromForm(failed.values) : undefined;
  // The company closes out only what it may post (Level 2 (Self)); otherwise the page names who does.
  const closer = may(c.var.actor!.role, postAction(r.rec.level))
    ? null
    : r.rec.level === 'L2_C3PAO'
      ? { kind: 'C3PAO' as const, assessors: await engagedAssessors(c.var.ctx, r.rec.hloCage) }
      : { kind: 'DIBCAC' as const, assessors: [] };
  return {
    title: `UID ${r.rec.uid}`,
    page: <CompanyUidPage r={r} today={c.var.ctx.clock.today()} csrf={c.var.csrfToken} officials={officials} statement={AFFIRMATION_STATEMENT} failed={failed && { ...failed, answers }} closer={closer} stillNotMet={closeoutFormFacts(answers ?? {}).stillNotMet} notice={notice(c)} />,
  };
}

/** An affirmation cannot be taken back (32 CFR 170.22 makes it the official's signed statement): it is confirmed first. */
const AffirmForm = AffirmationInput.extend({ confirm: z.literal('on', { error: CONFIRM_AFFIRMATION }) });

/** The UID page again, with the refused form's values and messages. */
const refused =
  (form: UidForm): FormView =>
  (c, state) =>
    uidView(c, c.req.param('uid') ?? '', { form, ...state });

export function uidPages() {
  return new Hono<PagesEnv>()
    .get('/:uid', async (c) => pageOrFragment(c, await uidView(c, c.req.param('uid'), null)))
    .post('/:uid/affirm', once(), formValidator(AffirmForm, async (v, c) => ({ ...((await affirmationFrom(c, v, '')) as object), confirm: opt(v.confirm) }), refused('affirm')), async (c) => {
      const { confirm: _confirmed, ...affirmation } = c.req.valid('form').data;
      const r = await affirm(c.var.ctx, c.var.actor!, c.req.param('uid'), affirmation);
      return c.redirect(`/company/uids/${r.uid}?done=affirmed`, 303);
    })
    .post(
      '/:uid/closeout',
      once(),
      formValidator(CloseoutInput, async (v, c) => ({ results: closeoutResults(v), affirmation: ticked(v.affirmNow) ? await affirmationFrom(c, v, 'affirmation.') : null }), refused('closeout')),
      async (c) => {
        const r = await closeOut(c.var.ctx, c.var.actor!, c.req.param('uid'), c.req.valid('form').data);
        return c.redirect(`/company/uids/${r.uid}?done=${r.type === 'FINAL' ? 'closeout-success' : 'closeout-failed'}`, 303);
      },
    )
    .post('/:uid/compliance-change', formValidator(ComplianceChangeForm, complianceChangeInput, refused('change')), async (c) => {
      const { date, description } = c.req.valid('form').data;
      const r = await recordComplianceChange(c.var.ctx, c.var.actor!, c.req.param('uid'), { date, description });
      return c.redirect(`/company/uids/${r.uid}?done=changed`, 303);
    });
}
