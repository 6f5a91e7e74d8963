/** The prime's register of recorded flowdown checks (rules §7): filtered, sorted, paged, and as CSV. */
import { Hono, type Context } from 'hono';
import { FlowdownRegisterPage, REGISTER_SORTS, type RegisterSort } from '../../../../views/pages/flowdown/register.js';
import { listFlowdownChecks, type PresentedFlowdownCheck } from '../../../services/flowdown.js';
import { flowdownRegisterCsv } from '../../../services/flowdown-register.js';
import type { PagesEnv } from '../env.js';
import { pageOf, parseSort, queryOf } from '../paging.js';

const REGISTER_ORDER: Record<RegisterSort, (a: PresentedFlowdownCheck, b: PresentedFlowdownCheck) => number> = {
  decidedAt: (a, b) => a.decidedAt.localeCompare(b.decidedAt),
  primeContractNumber: (a, b) => a.primeContractNumber.localeCompare(b.primeContractNumber) || a.decidedAt.localeCompare(b.decidedAt),
  subcontractor: (a, b) => a.subcontractor.name.localeCompare(b.subcontractor.name) || a.subcontractor.cage.localeCompare(b.subcontractor.cage),
  decision: (a, b) => Number(a.mayAward) - Number(b.mayAward) || a.decidedAt.localeCompare(b.decidedAt),
};

const filterOf = (c: Context<PagesEnv>) => ({ primeContractNumber: c.req.query('primeContractNumber') ?? null, subCage: c.req.query('subCage') ?? null });

export function registerPages() {
  return new Hono<PagesEnv>()
    .get('/', async (c) => {
      // Newest first unless the reader chose another order.
      const sort = parseSort(queryOf(c), REGISTER_SORTS, 'decidedAt', 'desc');
      const filter = filterOf(c);
      const all = await listFlowdownChecks(c.var.ctx, c.var.actor!, filter);
      const { shown, paging } = pageOf(queryOf(c), [...all].sort((a, b) => (sort.dir === 'asc' ? 1 : -1) * REGISTER_ORDER[sort.sort](a, b)));
      return c.render(
        <FlowdownRegisterPage
          rows={shown}
          paging={paging}
          sort={sort}
          filter={{ primeContractNumber: filter.primeContractNumber ?? '', subCage: filter.subCage ?? '' }}
          filtered={Boolean(filter.primeContractNumber?.trim() || filter.subCage?.trim())}
        />,
        { title: 'Flowdown checks' },
      );
    })
    .get('/register.csv', async (c) => {
      const csv = await flowdownRegisterCsv(c.var.ctx, c.var.actor!, filterOf(c));
      return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="flowdown-register.csv"' });
    });
}
