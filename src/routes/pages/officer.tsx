/**
 * The contracting officer's workspace (issue 3; rules §5, §8): solicitations, offers and their
 * checks, recorded verifications (list, page, print record, CSV), contracts with option periods,
 * option / extension / new-UID verifications, and the watch list. Every page works without
 * JavaScript; htmx requests get the fragment the full page renders. Forms re-render with 422, their
 * messages and the user's values.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { ApplicabilityPanel, SolicitationFormPage, SolicitationListPage, SolicitationPage } from '../../../views/pages/officer/solicitations.js';
import { ComparePage, OfferCheckArea, OfferFormPage, OfferPage } from '../../../views/pages/officer/offers.js';
import { ContractActionPage, ContractFormPage, ContractListPage, ContractPage, OPTION_ROWS, type ContractAction } from '../../../views/pages/officer/contracts.js';
import { VerificationListPage, VerificationPage, VerificationPrintPage } from '../../../views/pages/officer/verifications.js';
import { WatchListPage } from '../../../views/pages/officer/watch.js';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import { parsePaging, parseSort } from '../../../views/components/table.js';
import { decideApplicability } from '../../domain/applicability.js';
import { isValidDate } from '../../domain/dates.js';
import { INFORMATION, LEVELS, PURPOSES, type Purpose } from '../../domain/levels.js';
import { getVerification } from '../../services/checks.js';
import {
  addOptionPeriod,
  awardsAwaitingContract,
  CONTRACT_SORTS,
  createContract,
  currentEndOf,
  getContract,
  listContracts,
  nextOptionOf,
} from '../../services/contracts.js';
import { previewContractAction, recordContractAction, type ContractActionInput, type ContractPurpose } from '../../services/contract-actions.js';
import { toCsv } from '../../services/csv.js';
import { ServiceError } from '../../services/errors.js';
import {
  CheckDatesInput,
  ContractInput,
  ExtensionVerificationInput,
  NewUidVerificationInput,
  OfferInput,
  offerUidsField,
  OptionPeriodInput,
  OptionVerificationInput,
  SolicitationInput,
} from '../../services/inputs.js';
import { checkOfferNow, compareOffers, createOffer, getOffer, listOffers, recordAward, updateOfferUids } from '../../services/offers.js';
import { companyOf } from '../../services/records.js';
import { createSolicitation, getSolicitation, listSolicitations, SOLICITATION_SORTS, updateSolicitation, type Solicitation } from '../../services/solicitations.js';
import { listVerificationSummaries, VERIFICATION_SORTS, verificationCsv, verificationLinks, verificationsCsv } from '../../services/verification-records.js';
import { watchList } from '../../services/watch-list.js';
import type { AppEnv } from '../env.js';
import { opt, parseForm, parseValues, readForm, serviceErrorsToForm } from './forms.js';
import { isHtmx, pageOrFragment, serverErrorPage } from './render.js';
import { requireUser } from './session.js';

type C = Context<AppEnv>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
/** "Any separators": a UID is letters and digits, so anything else separates two of them. */
export const splitUids = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v.join('\n') : (v ?? '')).split(/[^A-Za-z0-9]+/).filter(Boolean);
const yesNo = (v: string | string[] | undefined) => (one(v) === 'yes' ? true : one(v) === 'no' ? false : undefined);
const num = (v: string | string[] | undefined) => (opt(v) === undefined ? null : Number(opt(v)!.trim()));
const id = (c: C) => Number(c.req.param('id'));
const queryValues = (c: C): FormValues => ({ ...c.req.query() });
const actor = (c: C) => c.var.actor!;

/** Service refusals become form messages; anything else is a real failure. */
function formErrorsOf(e: unknown): FormErrors {
  const errors = serviceErrorsToForm(e);
  if (!errors) throw e;
  return errors;
}

const datesInput = (v: FormValues) => ({ asOf: opt(v.asOf) ?? null, lookAheadUntil: opt(v.lookAheadUntil) ?? null });

const solicitationInput = (v: FormValues) => ({
  number: one(v.number),
  title: one(v.title),
  issueDate: one(v.issueDate),
  actionType: opt(v.actionType),
  cotsOnly: one(v.cotsOnly) === 'on',
  waiver: one(v.waiver) === 'on',
  programOfficeLevel: opt(v.programOfficeLevel) ?? null,
  information: opt(v.information),
  nistApplies: one(v.nistApplies) === 'on',
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
  if (!isValidDate(issueDate) || !(INFORMATION as readonly string[]).includes(information)) return null;
  if (level && !(LEVELS as readonly string[]).includes(level)) return null;
  return decideApplicability({
    issueDate,
    cotsOnly: one(v.cotsOnly) === 'on',
    waiver: one(v.waiver) === 'on',
    programOfficeLevel: (level as (typeof LEVELS)[number] | undefined) ?? null,
    information: information as (typeof INFORMATION)[number],
  });
}

/** The contract form's option rows: blank rows are skipped, and messages go back to the row typed in. */
function optionRows(v: FormValues) {
  const rows: { index: number; label: string; startDate: string; endDate: string }[] = [];
  for (let i = 0; i < OPTION_ROWS; i++) {
    const [label, startDate, endDate] = ['label', 'startDate', 'endDate'].map((f) => one(v[`optionPeriods.${i}.${f}`]).trim());
    if (label || startDate || endDate) rows.push({ index: i, label: label || `Option ${i + 1}`, startDate, endDate });
  }
  return rows;
}
function reindexOptionErrors(errors: FormErrors, rows: { index: number }[]): FormErrors {
  const out: FormErrors = {};
  for (const [k, msg] of Object.entries(errors)) out[k.replace(/^optionPeriods\.(\d+)\./, (_, n) => `optionPeriods.${rows[Number(n)]?.index ?? n}.`)] = msg;
  return out;
}

const csv = (c: C, body: string, filename: string) =>
  c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` });

/** `base` for sort and page links: the path plus the query as it stands. */
const baseOf = (c: C) => {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
};

export function officerPages() {
  const app = new Hono<AppEnv>();
  // Rules §9: contracting officers run and record checks; administrators stand in for them.
  app.use('*', requireUser('CONTRACTING_OFFICER', 'ADMIN'));
  app.get('/', (c) => c.redirect('/officer/solicitations', 303));

  // ---- solicitations ----
  app.get('/solicitations', async (c) => {
    const q = (k: string) => c.req.query(k);
    const paging = parsePaging(q);
    const sort = q('sort') ? parseSort(q, SOLICITATION_SORTS, 'createdAt') : { sort: 'createdAt' as const, dir: 'desc' as const };
    const search = q('q') ?? '';
    const { rows, total } = await listSolicitations(c.var.ctx, actor(c), { q: search, ...sort, offset: paging.offset, limit: paging.pageSize });
    return c.render(<SolicitationListPage rows={rows} paging={{ ...paging, total }} sort={sort} q={search} base={baseOf(c)} />, { title: 'Solicitations' });
  });
  app.get('/solicitations/new', (c) =>
    c.render(<SolicitationFormPage csrf={c.var.csrfToken} values={{ actionType: 'CONTRACT' }} errors={{}} decision={null} />, { title: 'New solicitation' }),
  );
  app.post('/solicitations/applicability', async (c) => {
    const v = await readForm(c);
    return c.html(<ApplicabilityPanel decision={previewDecision(v)} />);
  });
  app.post('/solicitations', async (c) => {
    const form = await parseForm(c, SolicitationInput, solicitationInput);
    let errors = form.ok ? null : form.errors;
    if (form.ok) {
      try {
        const s = await createSolicitation(c.var.ctx, actor(c), form.data);
        return c.redirect(`/officer/solicitations/${s.id}?saved=1`, 303);
      } catch (e) {
        errors = formErrorsOf(e);
      }
    }
    c.status(422);
    return c.render(<SolicitationFormPage csrf={c.var.csrfToken} values={form.values} errors={errors!} decision={previewDecision(form.values)} />, { title: 'New solicitation' });
  });
  app.get('/solicitations/:id{[0-9]+}', async (c) => {
    const s = await getSolicitation(c.var.ctx, actor(c), id(c));
    const offers = await listOffers(c.var.ctx, actor(c), s.id);
    return c.render(<SolicitationPage s={s} offers={offers} saved={c.req.query('saved') === '1'} />, { title: `Solicitation ${s.number}` });
  });
  app.get('/solicitations/:id{[0-9]+}/edit', async (c) => {
    const s = await getSolicitation(c.var.ctx, actor(c), id(c));
    return c.render(<SolicitationFormPage csrf={c.var.csrfToken} values={solicitationValues(s)} errors={{}} decision={s.decision} editing={s} />, { title: `Edit ${s.number}` });
  });
  app.post('/solicitations/:id{[0-9]+}', async (c) => {
    const s = await getSolicitation(c.var.ctx, actor(c), id(c));
    const form = await parseForm(c, SolicitationInput, solicitationInput);
    let errors = form.ok ? null : form.errors;
    if (form.ok) {
      try {
        await updateSolicitation(c.var.ctx, actor(c), s.id, form.data);
        return c.redirect(`/officer/solicitations/${s.id}?saved=1`, 303);
      } catch (e) {
        errors = formErrorsOf(e);
      }
    }
    c.status(422);
    return c.render(<SolicitationFormPage csrf={c.var.csrfToken} values={form.values} errors={errors!} decision={previewDecision(form.values)} editing={s} />, { title: `Edit ${s.number}` });
  });

  // ---- offers ----
  app.get('/solicitations/:id{[0-9]+}/offers/new', async (c) => {
    const s = await getSolicitation(c.var.ctx, actor(c), id(c));
    return c.render(<OfferFormPage csrf={c.var.csrfToken} s={s} values={{}} errors={{}} />, { title: `Offer on ${s.number}` });
  });
  app.post('/solicitations/:id{[0-9]+}/offers', async (c) => {
    const s = await getSolicitation(c.var.ctx, actor(c), id(c));
    const form = await parseForm(c, OfferInput, (v) => ({ offerorName: one(v.offerorName), cage: one(v.cage), uei: one(v.uei), uids: splitUids(v.uids) }));
    let errors = form.ok ? null : form.errors;
    if (form.ok) {
      try {
        const o = await createOffer(c.var.ctx, actor(c), s.id, form.data);
        // Saving an offer runs its check at once: the officer sees the verdict without another click.
        return c.redirect(`/officer/offers/${o.id}/check?saved=1`, 303);
      } catch (e) {
        errors = formErrorsOf(e);
      }
    }
    c.status(422);
    return c.render(<OfferFormPage csrf={c.var.csrfToken} s={s} values={form.values} errors={errors!} />, { title: `Offer on ${s.number}` });
  });
  app.get('/solicitations/:id{[0-9]+}/compare', async (c) => {
    const s = await getSolicitation(c.var.ctx, actor(c), id(c));
    const dates = parseValues(queryValues(c), CheckDatesInput, datesInput);
    if (!dates.ok) {
      c.status(422);
      return c.render(<ComparePage s={s} rows={[]} values={dates.values} errors={dates.errors} />, { title: `Compare offers on ${s.number}` });
    }
    try {
      const { rows } = await compareOffers(c.var.ctx, actor(c), s.id, dates.data);
      return c.render(<ComparePage s={s} rows={rows} values={dates.values} errors={{}} />, { title: `Compare offers on ${s.number}` });
    } catch (e) {
      c.status(422);
      return c.render(<ComparePage s={s} rows={[]} values={dates.values} errors={formErrorsOf(e)} />, { title: `Compare offers on ${s.number}` });
    }
  });
  app.get('/offers/:id{[0-9]+}', async (c) => {
    const offer = await getOffer(c.var.ctx, actor(c), id(c));
    return c.render(<OfferPage csrf={c.var.csrfToken} offer={offer} values={{}} errors={{}} answer={null} lookAheadUntil={null} />, { title: `Offer from ${offer.offerorName}` });
  });
  app.get('/offers/:id{[0-9]+}/check', async (c) => {
    const offer = await getOffer(c.var.ctx, actor(c), id(c));
    const title = `Check of ${offer.offerorName}'s offer`;
    const saved =
      c.req.query('saved') === '1' ? 'Offer saved. Its check as of today is below.' : c.req.query('updated') === '1' ? 'UID list replaced. The check below uses the new list.' : undefined;
    const values = queryValues(c);
    delete values.saved;
    delete values.updated;
    const dates = parseValues(values, CheckDatesInput, datesInput);
    let errors: FormErrors = dates.ok ? {} : dates.errors;
    if (dates.ok) {
      try {
        const { answer, input } = await checkOfferNow(c.var.ctx, actor(c), offer.id, dates.data);
        const until = input.lookAheadUntil ?? null;
        return pageOrFragment(
          c,
          title,
          <OfferPage csrf={c.var.csrfToken} offer={offer} values={values} errors={{}} answer={answer} lookAheadUntil={until} saved={saved} />,
          <OfferCheckArea csrf={c.var.csrfToken} offer={offer} answer={answer} lookAheadUntil={until} errors={{}} />,
        );
      } catch (e) {
        errors = formErrorsOf(e);
      }
    }
    return pageOrFragment(
      c,
      title,
      <OfferPage csrf={c.var.csrfToken} offer={offer} values={values} errors={errors} answer={null} lookAheadUntil={null} />,
      <OfferCheckArea csrf={c.var.csrfToken} offer={offer} answer={null} lookAheadUntil={null} errors={errors} />,
      422,
    );
  });
  app.post('/offers/:id{[0-9]+}/uids', async (c) => {
    const offer = await getOffer(c.var.ctx, actor(c), id(c));
    const form = await parseForm(c, offerUidsField, (v) => splitUids(v.uids));
    if (form.ok) {
      await updateOfferUids(c.var.ctx, actor(c), offer.id, form.data);
      return c.redirect(`/officer/offers/${offer.id}/check?updated=1`, 303);
    }
    c.status(422);
    const errors = { uids: Object.values(form.errors)[0] };
    return c.render(<OfferPage csrf={c.var.csrfToken} offer={offer} values={{}} errors={{}} uidErrors={errors} uidValues={form.values} answer={null} lookAheadUntil={null} />, {
      title: `Offer from ${offer.offerorName}`,
    });
  });
  app.post('/offers/:id{[0-9]+}/award', async (c) => {
    const offer = await getOffer(c.var.ctx, actor(c), id(c));
    const form = await parseForm(c, CheckDatesInput, datesInput);
    let errors = form.ok ? null : form.errors;
    if (form.ok) {
      try {
        const v = await recordAward(c.var.ctx, actor(c), offer.id, form.data);
        return c.redirect(`/officer/verifications/${v.verificationId}?recorded=1`, 303);
      } catch (e) {
        errors = formErrorsOf(e);
      }
    }
    c.status(422);
    return c.render(<OfferPage csrf={c.var.csrfToken} offer={offer} values={form.values} errors={errors!} answer={null} lookAheadUntil={null} />, { title: `Offer from ${offer.offerorName}` });
  });

  // ---- recorded verifications ----
  const verificationQuery = (c: C) => {
    const q = (k: string) => c.req.query(k);
    const purpose = (PURPOSES as readonly string[]).includes(q('purpose') ?? '') ? (q('purpose') as Purpose) : null;
    const sort = q('sort') ? parseSort(q, VERIFICATION_SORTS, 'recordedAt') : { sort: 'recordedAt' as const, dir: 'desc' as const };
    return { number: q('number') ?? '', purpose, sort };
  };
  app.get('/verifications', async (c) => {
    const f = verificationQuery(c);
    const paging = parsePaging((k) => c.req.query(k));
    const { rows, total } = await listVerificationSummaries(c.var.ctx, actor(c), { number: f.number, purpose: f.purpose, ...f.sort, offset: paging.offset, limit: paging.pageSize });
    const filter = { number: f.number, purpose: f.purpose ?? '' };
    const exportHref = `/officer/verifications/export?${new URLSearchParams(filter)}`;
    return c.render(<VerificationListPage rows={rows} paging={{ ...paging, total }} sort={f.sort} filter={filter} base={baseOf(c)} exportHref={exportHref} />, { title: 'Recorded verifications' });
  });
  app.get('/verifications/export', async (c) => {
    const f = verificationQuery(c);
    const { rows } = await listVerificationSummaries(c.var.ctx, actor(c), { number: f.number, purpose: f.purpose, ...f.sort, offset: 0, limit: 100_000 });
    return csv(c, verificationsCsv(rows), `verifications-${c.var.ctx.clock.today()}.csv`);
  });
  const uuid = ':vid{[0-9a-fA-F-]{36}}';
  app.get(`/verifications/${uuid}`, async (c) => {
    const v = await getVerification(c.var.ctx, actor(c), c.req.param('vid'));
    const links = await verificationLinks(c.var.ctx, v.verificationId);
    return c.render(<VerificationPage v={v} links={links} recorded={c.req.query('recorded') === '1'} />, { title: `Verification ${v.contractNumber ?? v.solicitationNumber ?? ''}` });
  });
  app.get(`/verifications/${uuid}/print`, async (c) => {
    const v = await getVerification(c.var.ctx, actor(c), c.req.param('vid'));
    const links = await verificationLinks(c.var.ctx, v.verificationId);
    return c.render(<VerificationPrintPage v={v} links={links} />, { title: `Contract-file record ${v.verificationId}` });
  });
  app.get(`/verifications/${uuid}/export`, async (c) => {
    const v = await getVerification(c.var.ctx, actor(c), c.req.param('vid'));
    return csv(c, verificationCsv(v), `verification-${v.verificationId}.csv`);
  });

  // ---- contracts ----
  app.get('/contracts', async (c) => {
    const q = (k: string) => c.req.query(k);
    const paging = parsePaging(q);
    const sort = q('sort') ? parseSort(q, CONTRACT_SORTS, 'createdAt') : { sort: 'createdAt' as const, dir: 'desc' as const };
    const search = q('q') ?? '';
    const { rows, total } = await listContracts(c.var.ctx, actor(c), { q: search, ...sort, offset: paging.offset, limit: paging.pageSize });
    return c.render(<ContractListPage rows={rows} paging={{ ...paging, total }} sort={sort} q={search} base={baseOf(c)} />, { title: 'Contracts' });
  });
  app.get('/contracts/new', async (c) => {
    const awards = await awardsAwaitingContract(c.var.ctx, actor(c));
    const values: FormValues = { awardVerificationId: c.req.query('award') ?? '' };
    return c.render(<ContractFormPage csrf={c.var.csrfToken} values={values} errors={{}} awards={awards} />, { title: 'New contract' });
  });
  app.post('/contracts', async (c) => {
    let rows: ReturnType<typeof optionRows> = [];
    const form = await parseForm(c, ContractInput, (v) => {
      rows = optionRows(v);
      return {
        awardVerificationId: one(v.awardVerificationId),
        number: one(v.number),
        awardDate: one(v.awardDate),
        basePeriodEnd: one(v.basePeriodEnd),
        optionPeriods: rows.map(({ label, startDate, endDate }) => ({ label, startDate, endDate })),
      };
    });
    let errors = form.ok ? null : form.errors;
    if (form.ok) {
      try {
        const contract = await createContract(c.var.ctx, actor(c), form.data);
        return c.redirect(`/officer/contracts/${contract.id}?saved=1`, 303);
      } catch (e) {
        errors = formErrorsOf(e);
      }
    }
    c.status(422);
    const awards = await awardsAwaitingContract(c.var.ctx, actor(c));
    return c.render(<ContractFormPage csrf={c.var.csrfToken} values={form.values} errors={reindexOptionErrors(errors!, rows)} awards={awards} />, { title: 'New contract' });
  });
  const contractPage = async (c: C, extra: { saved?: string; periodValues?: FormValues; periodErrors?: FormErrors } = {}) => {
    const contract = await getContract(c.var.ctx, actor(c), id(c));
    const today = c.var.ctx.clock.today();
    return c.render(
      <ContractPage csrf={c.var.csrfToken} c={contract} currentEnd={currentEndOf(contract)} nextOptionId={(nextOptionOf(contract, today) ?? contract.optionPeriods.find((p) => !p.verified))?.id ?? null} {...extra} />,
      { title: `Contract ${contract.number}` },
    );
  };
  app.get('/contracts/:id{[0-9]+}', (c) => contractPage(c, { saved: c.req.query('saved') === '1' ? 'Contract saved.' : undefined }));
  app.post('/contracts/:id{[0-9]+}/option-periods', async (c) => {
    const form = await parseForm(c, OptionPeriodInput, (v) => ({ label: one(v.label), startDate: one(v.startDate), endDate: one(v.endDate) }));
    let errors = form.ok ? null : form.errors;
    if (form.ok) {
      try {
        await addOptionPeriod(c.var.ctx, actor(c), id(c), form.data);
        return c.redirect(`/officer/contracts/${id(c)}?saved=1`, 303);
      } catch (e) {
        errors = formErrorsOf(e);
      }
    }
    c.status(422);
    return contractPage(c, { periodValues: form.values, periodErrors: errors! });
  });

  const ACTIONS = {
    option: {
      schema: OptionVerificationInput,
      toInput: (v: FormValues) => ({ ...datesInput(v), optionPeriodId: num(v.optionPeriodId) ?? undefined, sam: { active: yesNo(v['sam.active']), ueiCageNameAddressMatch: yesNo(v['sam.ueiCageNameAddressMatch']) } }),
    },
    extension: {
      schema: ExtensionVerificationInput,
      toInput: (v: FormValues) => ({ ...datesInput(v), extendedTo: one(v.extendedTo), sam: { active: yesNo(v['sam.active']), ueiCageNameAddressMatch: yesNo(v['sam.ueiCageNameAddressMatch']) } }),
    },
    'new-uids': { schema: NewUidVerificationInput, toInput: (v: FormValues) => ({ ...datesInput(v), uids: splitUids(v.uids) }) },
  } satisfies Record<ContractAction, { schema: z.ZodType; toInput: (v: FormValues) => unknown }>;

  const PURPOSE_OF = { option: 'OPTION', extension: 'EXTENSION', 'new-uids': 'NEW_UID' } as const satisfies Record<ContractAction, ContractPurpose>;
  const actionPage = async (c: C, action: ContractAction, values: FormValues, errors: FormErrors, preview: Awaited<ReturnType<typeof previewContractAction>> | null, status: 200 | 422 = 200) => {
    const contract = await getContract(c.var.ctx, actor(c), id(c));
    const company = action === 'new-uids' ? null : await companyOf(c.var.ctx.database.db, contract.cage);
    c.status(status);
    return c.render(
      <ContractActionPage csrf={c.var.csrfToken} action={action} c={contract} values={values} errors={errors} answer={preview?.answer ?? null} lookAheadUntil={preview?.lookAheadUntil ?? null} sam={company} />,
      { title: `${action === 'option' ? 'Option' : action === 'extension' ? 'Extension' : 'New UIDs'}: ${contract.number}` },
    );
  };
  app.get('/contracts/:id{[0-9]+}/:action{option|extension|new-uids}', async (c) => {
    const action = c.req.param('action') as ContractAction;
    const contract = await getContract(c.var.ctx, actor(c), id(c));
    const period = c.req.query('period') ?? String((nextOptionOf(contract, c.var.ctx.clock.today()) ?? contract.optionPeriods.find((p) => !p.verified))?.id ?? '');
    return actionPage(c, action, action === 'option' ? { optionPeriodId: period } : {}, {}, null);
  });
  app.post('/contracts/:id{[0-9]+}/:action{option|extension|new-uids}', async (c) => {
    const action = c.req.param('action') as ContractAction;
    const spec = ACTIONS[action];
    const form = await parseForm(c, spec.schema as z.ZodType, spec.toInput);
    if (!form.ok) return actionPage(c, action, form.values, form.errors, null, 422);
    const record = one(form.values.intent) === 'record';
    try {
      const ctx = c.var.ctx;
      const a = actor(c);
      const contractId = id(c);
      if (record) {
        const v = await recordContractAction(ctx, a, contractId, PURPOSE_OF[action], form.data as ContractActionInput);
        return c.redirect(`/officer/verifications/${v.verificationId}?recorded=1`, 303);
      }
      const preview = await previewContractAction(ctx, a, contractId, PURPOSE_OF[action], form.data as ContractActionInput);
      return actionPage(c, action, form.values, {}, preview);
    } catch (e) {
      return actionPage(c, action, form.values, formErrorsOf(e), null, 422);
    }
  });

  // ---- watch list ----
  const watch = async (c: C) => {
    const values = queryValues(c);
    const dates = parseValues(values, CheckDatesInput.pick({ asOf: true }), (v) => ({ asOf: opt(v.asOf) ?? null }));
    const asOf = dates.ok ? (dates.data.asOf ?? null) : null;
    return { values, errors: dates.ok ? {} : dates.errors, list: await watchList(c.var.ctx, actor(c), { asOf }) };
  };
  app.get('/watch', async (c) => {
    const { values, errors, list } = await watch(c);
    const paging = parsePaging((k) => c.req.query(k));
    const page = list.entries.slice(paging.offset, paging.offset + paging.pageSize);
    const exportHref = `/officer/watch/export?${new URLSearchParams({ asOf: list.asOf })}`;
    if (Object.keys(errors).length) c.status(422);
    return c.render(<WatchListPage asOf={list.asOf} entries={page} paging={{ ...paging, total: list.entries.length }} base={baseOf(c)} values={values} errors={errors} exportHref={exportHref} />, {
      title: 'Watch list',
    });
  });
  app.get('/watch/export', async (c) => {
    const { list } = await watch(c);
    const rows = list.entries.flatMap((e) =>
      e.uids.map((u) => [e.contract.number, e.contract.contractorName, e.contract.cage, e.nextOption.label, e.nextOption.startDate, u.uid, u.currentThrough ?? 'not current', u.reasons.map((r) => `${r.code}: ${r.message} (${r.citation})`).join(' | ')]),
    );
    return csv(c, toCsv(['contract_number', 'contractor', 'cage', 'next_option', 'next_option_date', 'uid', 'current_through', 'reasons'], rows), `watch-list-${list.asOf}.csv`);
  });

  // Service refusals on pages: a missing record is a 404 page, a role refusal a 403.
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    if (err instanceof ServiceError && (err.kind === 'not_found' || err.kind === 'forbidden')) {
      c.status(err.kind === 'not_found' ? 404 : 403);
      if (isHtmx(c)) return c.html(<p role="alert">{err.message}</p>);
      return c.render(
        <>
          <h1>{err.kind === 'not_found' ? 'Not found' : 'Not allowed'}</h1>
          <p>
            {err.message}. <a href="/officer/solicitations">Back to your solicitations</a>.
          </p>
        </>,
        { title: err.kind === 'not_found' ? 'Not found' : 'Not allowed' },
      );
    }
    return serverErrorPage(c, err);
  });
  return app;
}
