/**
 * Administrators' company and CAGE records and engagements (issue 10): lists that search, sort and
 * page with plain links, one company's record with its hierarchy, and engaging a C3PAO.
 */
import { Hono, type Context } from 'hono';
import { CompaniesPage, CompanyPage } from '../../../../views/pages/admin/companies.js';
import { EngagementsPage } from '../../../../views/pages/admin/engagements.js';
import { EngagementInput } from '../../../services/inputs.js';
import { COMPANY_SORTS, companyDetail, ENGAGEMENT_SORTS, listCompanies, listEngagements } from '../../../services/companies.js';
import { createEngagement } from '../../../services/records.js';
import type { PagesEnv } from '../env.js';
import { opt } from '../form-values.js';
import { once } from '../idempotency.js';
import { baseOf, listQuery, loadList, queryOf } from '../paging.js';
import { pageOrFragment, type View } from '../render.js';
import { requireUser } from '../session.js';
import { formValidator, NO_INPUT, type FormState } from '../validator.js';

export function adminCompanyPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser('companies.manage'))
    .get('/', async (c) => {
      const { paging, sort, search } = listQuery(c, COMPANY_SORTS, 'cage');
      // No sort chosen: the hierarchy order (each HLO with its CAGE codes).
      const chosen = queryOf(c)('sort') ? sort : { sort: undefined, dir: sort.dir };
      const { rows, total } = await listCompanies(c.var.ctx, c.var.actor!, { q: search, ...chosen, offset: paging.offset, limit: paging.pageSize });
      return c.render(<CompaniesPage rows={rows} paging={{ ...paging, total }} sort={sort} search={search} base={baseOf(c)} />, { title: 'Companies' });
    })
    .get('/:cage{[0-9A-Za-z]{5}}', async (c) => {
      const d = await companyDetail(c.var.ctx, c.var.actor!, c.req.param('cage'));
      return c.render(<CompanyPage {...d} />, { title: `Company ${d.company.cage}` });
    });
}

async function engagementsView(c: Context<PagesEnv>, form: FormState): Promise<View> {
  const list = await loadList(c, { allowed: ENGAGEMENT_SORTS, fallback: 'createdAt', unsorted: 'desc' }, (q) => listEngagements(c.var.ctx, c.var.actor!, q));
  // A company page's "Engage one" link fills in its CAGE.
  const values = { companyCage: c.req.query('companyCage') ?? '', ...form.values };
  return {
    title: 'Engagements',
    page: <EngagementsPage {...list} csrf={c.var.csrfToken} values={values} errors={form.errors} done={c.req.query('done') === '1'} />,
  };
}

export function adminEngagementPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser('engagements.create', 'any'))
    .get('/', async (c) => pageOrFragment(c, await engagementsView(c, NO_INPUT)))
    .post(
      '/',
      once(),
      formValidator(EngagementInput, (v) => ({ companyCage: opt(v.companyCage) ?? '', assessorEmail: opt(v.assessorEmail) ?? '' }), engagementsView, { inputKinds: ['validation', 'conflict', 'not_found'] }),
      async (c) => {
        await createEngagement(c.var.ctx, c.var.actor!, c.req.valid('form').data);
        return c.redirect('/admin/engagements?done=1', 303);
      },
    );
}
