/**
 * Solicitations (rules §8; DFARS 204.7504): the list, the form with its live applicability
 * decision, a solicitation's page, and the offers entered on it (new offer, side-by-side comparison).
 */
import { Hono, type Context } from 'hono';
import type { FormValues } from '../../../../views/components/form.js';
import { ComparePage, OfferFormPage } from '../../../../views/pages/officer/offers.js';
import { ApplicabilityPanel, SolicitationFormPage, SolicitationListPage, SolicitationPage } from '../../../../views/pages/officer/solicitations.js';
import { decideApplicability, type ApplicabilityDecision } from '../../../domain/applicability.js';
import { isAcceptedDate } from '../../../domain/import-rules.js';
import { INFORMATION, LEVELS } from '../../../domain/levels.js';
import { CheckDatesInput, OfferInput, SolicitationInput } from '../../../services/inputs.js';
import { compareOffers, createOffer, listOffers } from '../../../services/offers.js';
import { createSolicitation, getSolicitation, listSolicitations, SOLICITATION_SORTS, updateSolicitation, type Solicitation } from '../../../services/solicitations.js';
import type { PagesEnv } from '../env.js';
import { num, one, opt, pastePreview, splitUids, ticked } from '../form-values.js';
import { previewBeforeSaving } from './uid-preview.js';
import { once } from '../idempotency.js';
import { loadList } from '../paging.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, NO_INPUT, postedForm, queryValidator, type FormState } from '../validator.js';
import { datesInput, idOf } from './check-dates.js';

const solicitationInput = (v: FormValues) => ({
  number: one(v.number),
  title: one(v.title),
  issueDate: one(v.issueDate),
  actionType: opt(v.actionType),
  cotsOnly: ticked(v.cotsOnly),
  waiver: ticked(v.waiver),
  programOfficeLevel: opt(v.programOfficeLevel) ?? null,
  information: opt(v.information),
  nistApplies: ticked(v.nistApplies),
  nistMaxAgeDays: num(v.nistMaxAgeDays),
  plannedAwardDate: opt(v.plannedAwardDate) ?? null,
});

const solicitationValues = (s: Solicitation): FormValues => ({
  number: s.number,
  title: s.title,
  issueDate: s.issueDate,
  actionType: s.actionType,
  cotsOnly: s.cotsOnly ? 'on' : undefined,
  waiver: s.waiver ? 'on' : undefined,
  programOfficeLevel: s.programOfficeLevel ?? '',
  information: s.information,
  nistApplies: s.nistApplies ? 'on' : undefined,
  nistMaxAgeDays: s.nistMaxAgeDays ? String(s.nistMaxAgeDays) : '',
  plannedAwardDate: s.plannedAwardDate ?? '',
});

/** The DFARS 204.7504 decision for whatever the form holds so far (null until it can be decided). */
function previewDecision(v: FormValues) {
  const issueDate = one(v.issueDate).trim();
  const information = one(v.information);
  const level = opt(v.programOfficeLevel);
  if (!isAcceptedDate(issueDate) || !(INFORMATION as readonly string[]).includes(information)) return null;
  if (level && !(LEVELS as readonly string[]).includes(level)) return null;
  return decideApplicability({
    issueDate,
    cotsOnly: ticked(v.cotsOnly),
    waiver: ticked(v.waiver),
    programOfficeLevel: (level as (typeof LEVELS)[number] | undefined) ?? null,
    information: information as (typeof INFORMATION)[number],
  });
}

function solicitationFormView(c: Context<PagesEnv>, form: FormState, editing?: Solicitation, decision: ApplicabilityDecision | null = previewDecision(form.values)): View {
  return {
    title: editing ? `Edit ${editing.number}` : 'New solicitation',
    page: <SolicitationFormPage csrf={c.var.csrfToken} values={form.values} errors={form.errors} decision={decision} editing={editing} />,
  };
}

/** The edit form again: the solicitation it edits is read for it. */
const editView = async (c: Context<PagesEnv>, form: FormState) => solicitationFormView(c, form, await getSolicitation(c.var.ctx, c.var.actor!, idOf(c)));

async function offerFormView(c: Context<PagesEnv>, form: FormState): Promise<View> {
  const s = await getSolicitation(c.var.ctx, c.var.actor!, idOf(c));
  return { title: `Offer on ${s.number}`, page: <OfferFormPage csrf={c.var.csrfToken} s={s} values={form.values} errors={form.errors} preview={pastePreview(form.values.uids)} /> };
}

async function compareView(c: Context<PagesEnv>, form: FormState, rows: Parameters<typeof ComparePage>[0]['rows'] = []): Promise<View> {
  const s = await getSolicitation(c.var.ctx, c.var.actor!, idOf(c));
  return { title: `Compare offers on ${s.number}`, page: <ComparePage s={s} rows={rows} values={form.values} errors={form.errors} /> };
}

export function solicitationPages() {
  return new Hono<PagesEnv>()
    .get('/', async (c) => {
      // Newest first unless the reader chose another order.
      const list = await loadList(c, { allowed: SOLICITATION_SORTS, fallback: 'createdAt', unsorted: 'desc' }, (q) => listSolicitations(c.var.ctx, c.var.actor!, q));
      return c.render(<SolicitationListPage {...list} />, { title: 'Solicitations' });
    })
    .get('/new', (c) => pageOrFragment(c, solicitationFormView(c, { values: { actionType: 'CONTRACT' }, errors: {} })))
    .post('/applicability', postedForm(), (c) => c.html(<ApplicabilityPanel decision={previewDecision(c.req.valid('form').values)} />))
    .post('/', once(), formValidator(SolicitationInput, solicitationInput, solicitationFormView), async (c) => {
      const s = await createSolicitation(c.var.ctx, c.var.actor!, c.req.valid('form').data);
      return c.redirect(`/officer/solicitations/${s.id}?saved=1`, 303);
    })
    .get('/:id{[0-9]+}', async (c) => {
      const s = await getSolicitation(c.var.ctx, c.var.actor!, idOf(c));
      const offers = await listOffers(c.var.ctx, c.var.actor!, s.id);
      return c.render(<SolicitationPage s={s} offers={offers} saved={c.req.query('saved') === '1'} />, { title: `Solicitation ${s.number}` });
    })
    .get('/:id{[0-9]+}/edit', async (c) => {
      const s = await getSolicitation(c.var.ctx, c.var.actor!, idOf(c));
      return pageOrFragment(c, solicitationFormView(c, { values: solicitationValues(s), errors: {} }, s, s.decision));
    })
    .post('/:id{[0-9]+}', formValidator(SolicitationInput, solicitationInput, editView), async (c) => {
      const s = await getSolicitation(c.var.ctx, c.var.actor!, idOf(c));
      await updateSolicitation(c.var.ctx, c.var.actor!, s.id, c.req.valid('form').data);
      return c.redirect(`/officer/solicitations/${s.id}?saved=1`, 303);
    })
    .get('/:id{[0-9]+}/offers/new', async (c) => pageOrFragment(c, await offerFormView(c, NO_INPUT)))
    .post(
      '/:id{[0-9]+}/offers',
      previewBeforeSaving(offerFormView),
      once(),
      formValidator(OfferInput, (v) => ({ offerorName: one(v.offerorName), cage: one(v.cage), uei: one(v.uei), uids: splitUids(v.uids) }), offerFormView),
      async (c) => {
        const s = await getSolicitation(c.var.ctx, c.var.actor!, idOf(c));
        const o = await createOffer(c.var.ctx, c.var.actor!, s.id, c.req.valid('form').data);
        // Saving an offer runs its check at once: the officer sees the verdict without another click.
        return c.redirect(`/officer/offers/${o.id}/check?saved=1`, 303);
      },
    )
    .get('/:id{[0-9]+}/compare', queryValidator(CheckDatesInput, datesInput, compareView), async (c) => {
      const { data, values } = c.req.valid('query');
      const { rows } = await compareOffers(c.var.ctx, c.var.actor!, idOf(c), data);
      return pageOrFragment(c, await compareView(c, { values, errors: {} }, rows));
    });
}
