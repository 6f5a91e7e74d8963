/** Affirmations due (32 CFR 170.22): what needs attention first, every UID's due date, and one-click re-affirmation by an official on file. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AffirmationsPage, AFFIRMATION_SORTS, type AffirmationSort } from '../../../../views/pages/company/affirmations.js';
import { isUid, normaliseId } from '../../../domain/identifiers.js';
import { DEFAULT_LOOK_AHEAD_DAYS } from '../../../domain/eligibility.js';
import { companyRecords, listOfficials, reaffirm, type CompanyRecord } from '../../../services/contractor.js';
import { AFFIRMATION_STATEMENT } from '../../../domain/affirmation-schedule.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { CONFIRM_AFFIRMATION } from '../confirmations.js';
import { one, ticked } from '../form-values.js';
import { pageOf, parseSort, queryOf, sortBy } from '../paging.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, NO_INPUT, type FormState } from '../validator.js';

const URGENCY = { OVERDUE: 0, AWAITING: 1, DUE_SOON: 2, OK: 3, STATUS_EXPIRED: 4 } as const;

async function affirmationsView(c: Context<PagesEnv>, form: FormState): Promise<View> {
  const actor = c.var.actor!;
  const [records, officials] = await Promise.all([companyRecords(c.var.ctx, actor), listOfficials(c.var.ctx, actor)]);
  const rows = records.filter((r) => r.due !== null);
  const attention = sortBy(
    rows.filter((r) => r.due!.state === 'OVERDUE' || r.due!.state === 'AWAITING' || r.due!.state === 'DUE_SOON'),
    (r) => `${URGENCY[r.due!.state]}${r.due!.dueBy ?? ''}`,
    'asc',
  );
  const sort = parseSort<AffirmationSort>(queryOf(c), AFFIRMATION_SORTS, 'dueBy');
  const key = (r: CompanyRecord): string | number | null =>
    sort.sort === 'uid' ? r.rec.uid : sort.sort === 'state' ? URGENCY[r.due!.state] : sort.sort === 'latest' ? r.due!.latest : (r.due!.dueBy ?? '');
  const { shown, paging } = pageOf(queryOf(c), sortBy(rows, key, sort.dir));
  const chosen = Number(c.req.query('official'));
  const official = officials.find((o) => o.id === chosen) ?? officials[0] ?? null;
  const uid = normaliseId(c.req.query('uid') ?? '');
  const done = c.req.query('done') === 'affirmed' && isUid(uid) ? `UID ${uid} affirmed today; it holds for one year.` : null;
  const { confirm: confirmError, ...others } = form.errors;
  const error = Object.values(others).join(' ') || null;
  // A row's "Re-affirm" button posts here first: the page asks for the confirmation of that UID.
  const asked = normaliseId(one(form.values.uid));
  const confirming = !error && isUid(asked) ? { uid: asked, official: officials.find((o) => o.id === Number(one(form.values.officialId))) ?? null, error: confirmError ?? null } : null;
  return {
    title: 'Affirmations',
    page: (
      <AffirmationsPage
        attention={attention}
        rows={shown}
        paging={paging}
        sort={sort}
        officials={officials}
        official={official}
        statement={AFFIRMATION_STATEMENT}
        csrf={c.var.csrfToken}
        notice={done}
        error={error}
        confirming={confirming}
        windowDays={DEFAULT_LOOK_AHEAD_DAYS}
      />
    ),
  };
}

const ReaffirmForm = z.object({ uid: z.string(), officialId: z.number({ error: 'Choose an Affirming Official on file' }) });

export function affirmationPages() {
  return new Hono<PagesEnv>()
    .get('/', async (c) => pageOrFragment(c, await affirmationsView(c, NO_INPUT)))
    /** One click: the official on file affirms the statement for one UID (records.affirm dates it today). */
    .post('/', once(), formValidator(ReaffirmForm, (v) => ({ uid: one(v.uid), officialId: Number(one(v.officialId)) }), affirmationsView), async (c) => {
      const { data, values } = c.req.valid('form');
      if (!ticked(values.confirm)) {
        const step = one(values.step) === 'confirm';
        return pageOrFragment(c, await affirmationsView(c, { values, errors: step ? { confirm: CONFIRM_AFFIRMATION } : {} }), step ? 422 : 200);
      }
      const r = await reaffirm(c.var.ctx, c.var.actor!, data.uid, data.officialId);
      return c.redirect(`/company/affirmations?done=affirmed&uid=${r.uid}&official=${encodeURIComponent(one(values.officialId))}`, 303);
    });
}
