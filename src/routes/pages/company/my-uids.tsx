/** "My UIDs" for an offer (DFARS 252.204-7025(d)): the company's current UIDs, sortable, and as CSV. */
import { Hono, type Context } from 'hono';
import { OfferUidsPage, OFFER_SORTS, type OfferSort } from '../../../../views/pages/company/offer-uids.js';
import { LEVEL_RANK, statusLabel } from '../../../domain/levels.js';
import { companyHloOf, companyRecords } from '../../../services/contractor.js';
import { toCsv } from '../../../services/csv.js';
import type { PresentedRecord } from '../../../services/records.js';
import type { PagesEnv } from '../env.js';
import { pageOf, parseSort, queryOf, sortBy } from '../paging.js';

async function offerRows(c: Context<PagesEnv>) {
  const records = (await companyRecords(c.var.ctx, c.var.actor!)).map((r) => r.presented);
  return { current: records.filter((r) => r.current), notCurrent: records.filter((r) => !r.current && !r.supersededBy && r.type !== 'NONE') };
}

export function myUidPages() {
  return new Hono<PagesEnv>()
    .get('/uids', async (c) => {
      const { current, notCurrent } = await offerRows(c);
      const sort = parseSort<OfferSort>(queryOf(c), OFFER_SORTS, 'currentThrough');
      const key = (r: PresentedRecord): string | number | null => (sort.sort === 'level' ? LEVEL_RANK[r.level] : r[sort.sort]);
      const { shown, paging } = pageOf(queryOf(c), sortBy(current, key, sort.dir));
      return c.render(<OfferUidsPage today={c.var.ctx.clock.today()} current={current} shown={shown} paging={paging} sort={sort} notCurrent={notCurrent} />, { title: 'My UIDs' });
    })
    .get('/uids.csv', async (c) => {
      const { current } = await offerRows(c);
      const csv = toCsv(
        ['uid', 'level', 'status', 'status_date', 'current_through', 'scope', 'cage_codes'],
        current.map((r) => [r.uid, r.level, statusLabel(r.level, r.type), r.statusDate, r.currentThrough, r.scope, r.cages.join(' ')]),
      );
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="uids-${companyHloOf(c.var.actor!)}-${c.var.ctx.clock.today()}.csv"`,
      });
    });
}
