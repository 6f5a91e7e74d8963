/** The watch list (rules §8): contracts whose next option is at risk because a UID will not be current then; page and CSV. */
import { Hono, type Context } from 'hono';
import { WatchListPage } from '../../../../views/pages/officer/watch.js';
import { toCsv } from '../../../services/csv.js';
import { CheckDatesInput } from '../../../services/inputs.js';
import { watchList } from '../../../services/watch-list.js';
import { csvAttachment } from '../csv.js';
import type { PagesEnv } from '../env.js';
import { opt } from '../form-values.js';
import { baseOf, pageOf, queryOf } from '../paging.js';
import { pageOrFragment, type View } from '../render.js';
import { queryValidator, type FormState } from '../validator.js';

const AsOfQuery = CheckDatesInput.pick({ asOf: true });
const asOfInput = (v: Record<string, string | string[] | undefined>) => ({ asOf: opt(v.asOf) ?? null });

/** The list as of `asOf` (today when the date typed is refused). */
async function watchView(c: Context<PagesEnv>, form: FormState, asOf: string | null = null): Promise<View> {
  const list = await watchList(c.var.ctx, c.var.actor!, { asOf });
  const { shown, paging } = pageOf(queryOf(c), list.entries);
  const exportHref = `/officer/watch/export?${new URLSearchParams({ asOf: list.asOf })}`;
  return {
    title: 'Watch list',
    page: <WatchListPage asOf={list.asOf} entries={shown} paging={paging} base={baseOf(c)} values={form.values} errors={form.errors} exportHref={exportHref} />,
  };
}

export function watchPages() {
  return new Hono<PagesEnv>()
    .get('/', queryValidator(AsOfQuery, asOfInput, watchView), async (c) => {
      const { data, values } = c.req.valid('query');
      return pageOrFragment(c, await watchView(c, { values, errors: {} }, data.asOf ?? null));
    })
    .get('/export', async (c) => {
      // A download has no form to correct: a date that is not one exports as of today.
      const asOf = AsOfQuery.safeParse(asOfInput(c.req.query()));
      const list = await watchList(c.var.ctx, c.var.actor!, { asOf: asOf.success ? (asOf.data.asOf ?? null) : null });
      const rows = list.entries.flatMap((e) =>
        e.uids.map((u) => [e.contract.number, e.contract.contractorName, e.contract.cage, e.nextOption.label, e.nextOption.startDate, u.uid, u.currentThrough ?? 'not current', u.reasons.map((r) => `${r.code}: ${r.message} (${r.citation})`).join(' | ')]),
      );
      return csvAttachment(c, toCsv(['contract_number', 'contractor', 'cage', 'next_option', 'next_option_date', 'uid', 'current_through', 'reasons'], rows), `watch-list-${list.asOf}.csv`);
    });
}
