/**
 * Contracts (DFARS 204.7503(b)): created from an eligible award verification, with option periods;
 * the list, the form, and a contract's page (where option periods are added).
 */
import { Hono, type Context } from 'hono';
import type { FormErrors, FormValues } from '../../../../views/components/form.js';
import { ContractFormPage, ContractListPage, ContractPage, OPTION_ROWS } from '../../../../views/pages/officer/contracts.js';
import { addOptionPeriod, awardsAwaitingContract, CONTRACT_SORTS, createContract, currentEndOf, getContract, listContracts, nextOptionOf } from '../../../services/contracts.js';
import { ContractInput, OptionPeriodInput } from '../../../services/inputs.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { one } from '../form-values.js';
import { loadList } from '../paging.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, type FormState } from '../validator.js';
import { idOf } from './check-dates.js';

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

const contractInput = (v: FormValues) => ({
  awardVerificationId: one(v.awardVerificationId),
  number: one(v.number),
  awardDate: one(v.awardDate),
  basePeriodEnd: one(v.basePeriodEnd),
  optionPeriods: optionRows(v).map(({ label, startDate, endDate }) => ({ label, startDate, endDate })),
});

async function contractFormView(c: Context<PagesEnv>, form: FormState): Promise<View> {
  const awards = await awardsAwaitingContract(c.var.ctx, c.var.actor!);
  return { title: 'New contract', page: <ContractFormPage csrf={c.var.csrfToken} values={form.values} errors={reindexOptionErrors(form.errors, optionRows(form.values))} awards={awards} /> };
}

/** The contract's page; `period` is the "add an option period" form when that was posted and refused. */
async function contractView(c: Context<PagesEnv>, period: FormState | null, saved?: string): Promise<View> {
  const contract = await getContract(c.var.ctx, c.var.actor!, idOf(c));
  const next = nextOptionOf(contract, c.var.ctx.clock.today()) ?? contract.optionPeriods.find((p) => !p.verified);
  return {
    title: `Contract ${contract.number}`,
    page: <ContractPage csrf={c.var.csrfToken} c={contract} currentEnd={currentEndOf(contract)} nextOptionId={next?.id ?? null} saved={saved} periodValues={period?.values} periodErrors={period?.errors} />,
  };
}

export function contractPages() {
  return new Hono<PagesEnv>()
    .get('/', async (c) => {
      // Newest first unless the reader chose another order.
      const list = await loadList(c, { allowed: CONTRACT_SORTS, fallback: 'createdAt', unsorted: 'desc' }, (q) => listContracts(c.var.ctx, c.var.actor!, q));
      return c.render(<ContractListPage {...list} />, { title: 'Contracts' });
    })
    .get('/new', async (c) => pageOrFragment(c, await contractFormView(c, { values: { awardVerificationId: c.req.query('award') ?? '' }, errors: {} })))
    .post('/', once(), formValidator(ContractInput, contractInput, contractFormView), async (c) => {
      const contract = await createContract(c.var.ctx, c.var.actor!, c.req.valid('form').data);
      return c.redirect(`/officer/contracts/${contract.id}?saved=1`, 303);
    })
    .get('/:id{[0-9]+}', async (c) => pageOrFragment(c, await contractView(c, null, c.req.query('saved') === '1' ? 'Contract saved.' : undefined)))
    .post(
      '/:id{[0-9]+}/option-periods',
      once(),
      formValidator(OptionPeriodInput, (v) => ({ label: one(v.label), startDate: one(v.startDate), endDate: one(v.endDate) }), (c, form) => contractView(c, form)),
      async (c) => {
        await addOptionPeriod(c.var.ctx, c.var.actor!, idOf(c), c.req.valid('form').data);
        return c.redirect(`/officer/contracts/${idOf(c)}?saved=1`, 303);
      },
    );
}

