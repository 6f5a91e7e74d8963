/**
 * An offer (rules §5; DFARS 204.7503): its check as of a date (the fragment htmx swaps), its UID
 * list as the offeror updates it, and the award verification recorded from it.
 */
import { Hono, type Context } from 'hono';
import type { FormValues } from '../../../../views/components/form.js';
import { OfferCheckArea, OfferPage } from '../../../../views/pages/officer/offers.js';
import type { CheckAnswer } from '../../../domain/eligibility.js';
import { CheckDatesInput, offerUidsField } from '../../../services/inputs.js';
import { checkOfferNow, getOffer, recordAward, updateOfferUids } from '../../../services/offers.js';
import type { PagesEnv } from '../env.js';
import { CONFIRM_RECORDING } from '../confirmations.js';
import { pastePreview, splitUids, ticked } from '../form-values.js';
import { previewBeforeSaving } from './uid-preview.js';
import { once } from '../idempotency.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, NO_INPUT, queryValidator, type FormState } from '../validator.js';
import { datesInput, idOf } from './check-dates.js';

const offerOf = (c: Context<PagesEnv>) => getOffer(c.var.ctx, c.var.actor!, idOf(c));

/** The offer's page with its dates form (`form`), and the replacement UID list form when that was posted. */
async function offerView(c: Context<PagesEnv>, form: FormState, uidForm?: FormState): Promise<View> {
  const offer = await offerOf(c);
  const uidErrors = uidForm && Object.keys(uidForm.errors).length ? { uids: Object.values(uidForm.errors)[0] } : undefined;
  return {
    title: `Offer from ${offer.offerorName}`,
    page: <OfferPage csrf={c.var.csrfToken} offer={offer} values={form.values} errors={form.errors} uidErrors={uidErrors} uidValues={uidForm?.values} uidPreview={pastePreview(uidForm?.values.uids)} answer={null} lookAheadUntil={null} />,
  };
}

/** After a redirect: what was just saved (fixed texts; nothing from the query is echoed). */
const SAVED: Record<string, string> = { saved: 'Offer saved. Its check as of today is below.', updated: 'UID list replaced. The check below uses the new list.' };

/** The check as of the dates asked for; without an answer, the dates form with its messages. */
async function checkView(c: Context<PagesEnv>, form: FormState, checked: { answer: CheckAnswer; lookAheadUntil: string | null } | null = null): Promise<View> {
  const offer = await offerOf(c);
  const { saved: _s, updated: _u, ...values } = form.values;
  const saved = checked ? Object.keys(SAVED).map((k) => (c.req.query(k) === '1' ? SAVED[k] : undefined)).find(Boolean) : undefined;
  const answer = checked?.answer ?? null;
  const until = checked?.lookAheadUntil ?? null;
  return {
    title: `Check of ${offer.offerorName}'s offer`,
    page: <OfferPage csrf={c.var.csrfToken} offer={offer} values={values} errors={form.errors} answer={answer} lookAheadUntil={until} saved={saved} />,
    fragment: <OfferCheckArea csrf={c.var.csrfToken} offer={offer} answer={answer} lookAheadUntil={until} errors={form.errors} />,
  };
}

export function offerPages() {
  return new Hono<PagesEnv>()
    .get('/:id{[0-9]+}', async (c) => pageOrFragment(c, await offerView(c, NO_INPUT)))
    .get('/:id{[0-9]+}/check', queryValidator(CheckDatesInput, datesInput, checkView), async (c) => {
      const { data, values } = c.req.valid('query');
      const { answer, input } = await checkOfferNow(c.var.ctx, c.var.actor!, idOf(c), data);
      return pageOrFragment(c, await checkView(c, { values, errors: {} }, { answer, lookAheadUntil: input.lookAheadUntil ?? null }));
    })
    .post('/:id{[0-9]+}/uids', previewBeforeSaving((c, form) => offerView(c, NO_INPUT, form)), formValidator(offerUidsField, (v: FormValues) => splitUids(v.uids), (c, form) => offerView(c, NO_INPUT, form)), async (c) => {
      const offer = await offerOf(c);
      await updateOfferUids(c.var.ctx, c.var.actor!, offer.id, c.req.valid('form').data);
      return c.redirect(`/officer/offers/${offer.id}/check?updated=1`, 303);
    })
    .post('/:id{[0-9]+}/award', once(), formValidator(CheckDatesInput, datesInput, offerView), async (c) => {
      const { data, values } = c.req.valid('form');
      if (!ticked(values.confirm)) {
        // Back to the verdict it would record, with the confirmation step's message (issue 10).
        const { answer, input } = await checkOfferNow(c.var.ctx, c.var.actor!, idOf(c), data);
        return pageOrFragment(c, await checkView(c, { values, errors: { confirm: CONFIRM_RECORDING } }, { answer, lookAheadUntil: input.lookAheadUntil ?? null }), 422);
      }
      const offer = await offerOf(c);
      const v = await recordAward(c.var.ctx, c.var.actor!, offer.id, c.req.valid('form').data);
      return c.redirect(`/officer/verifications/${v.verificationId}?recorded=1`, 303);
    });
}
