/** The company page: profile, scopes, workspace alerts and the Affirming Officials on file (added and removed here). */
import { Hono, type Context } from 'hono';
import { CompanyPage } from '../../../../views/pages/company/profile.js';
import { addOfficial, companyProfile, companyRecords, companyScopes, removeOfficial, workspaceAlerts } from '../../../services/contractor.js';
import { ownEngagements } from '../../../services/companies.js';
import { AffirmationInput, EngagementInput } from '../../../services/inputs.js';
import { createEngagement } from '../../../services/records.js';
import type { PagesEnv } from '../env.js';
import { opt } from '../form-values.js';
import { once } from '../idempotency.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, NO_INPUT, type FormState } from '../validator.js';
import { notice, officialInput } from './shared.js';

async function profileView(c: Context<PagesEnv>, form: FormState): Promise<View> {
  const actor = c.var.actor!;
  const [profile, scopes, records, engaged] = await Promise.all([companyProfile(c.var.ctx, actor), companyScopes(c.var.ctx, actor), companyRecords(c.var.ctx, actor), ownEngagements(c.var.ctx, actor)]);
  return {
    title: 'Company',
    page: <CompanyPage {...profile} scopes={scopes} alerts={workspaceAlerts(records)} engagements={engaged} csrf={c.var.csrfToken} values={form.values} errors={form.errors} notice={notice(c)} />,
  };
}

export function profilePages() {
  return new Hono<PagesEnv>()
    .get('/', async (c) => pageOrFragment(c, await profileView(c, NO_INPUT)))
    .post('/officials', once(), formValidator(AffirmationInput, (v) => officialInput(v), profileView), async (c) => {
      await addOfficial(c.var.ctx, c.var.actor!, c.req.valid('form').data);
      return c.redirect('/company?done=official-added#officials-heading', 303);
    })
    // A contractor engages its own assessor (rules §6): the engagement is with its company's HLO.
    .post(
      '/engagements',
      once(),
      formValidator(EngagementInput, (v, c) => ({ companyCage: c.var.actor!.companyHlo ?? '', assessorEmail: opt(v.assessorEmail) ?? '' }), profileView, { inputKinds: ['validation', 'conflict', 'not_found'] }),
      async (c) => {
        await createEngagement(c.var.ctx, c.var.actor!, c.req.valid('form').data);
        return c.redirect('/company?done=engaged', 303);
      },
    )
    .post('/officials/:id/remove', async (c) => {
      await removeOfficial(c.var.ctx, c.var.actor!, Number(c.req.param('id')));
      return c.redirect('/company?done=official-removed#officials-heading', 303);
    });
}
