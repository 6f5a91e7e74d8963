/**
 * The contract actions (DFARS 204.7503(c), (d); 217.207(c)(1)): option exercise, period extension
 * and UIDs added during performance. Each is checked first ("Check without recording") and then
 * recorded as a verification; one form per action, one table of what each checks and records.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { FormValues } from '../../../../views/components/form.js';
import { ContractActionPage, type ContractAction } from '../../../../views/pages/officer/contract-actions.js';
import { getContract, nextOptionOf } from '../../../services/contracts.js';
import { previewContractAction, recordContractAction } from '../../../services/contract-actions.js';
import { ExtensionVerificationInput, NewUidVerificationInput, OptionVerificationInput } from '../../../services/inputs.js';
import { companyOf } from '../../../services/records.js';
import type { PagesEnv } from '../env.js';
import { once } from '../idempotency.js';
import { CONFIRM_RECORDING, requireConfirmed } from '../confirmations.js';
import { num, one, splitUids, yesNo } from '../form-values.js';
import { pageOrFragment, type View } from '../render.js';
import { formValidator, type FormState } from '../validator.js';
import { datesInput, idOf } from './check-dates.js';

type Preview = Awaited<ReturnType<typeof previewContractAction>>;

const samInput = (v: FormValues) => ({ active: yesNo(v['sam.active']), ueiCageNameAddressMatch: yesNo(v['sam.ueiCageNameAddressMatch']) });

const ACTIONS = {
  option: {
    title: 'Option',
    schema: OptionVerificationInput,
    toInput: (v: FormValues) => ({ ...datesInput(v), optionPeriodId: num(v.optionPeriodId) ?? undefined, sam: samInput(v) }),
    preview: (c: Context<PagesEnv>, input: OptionVerificationInput) => previewContractAction(c.var.ctx, c.var.actor!, idOf(c), 'OPTION', input),
    record: (c: Context<PagesEnv>, input: OptionVerificationInput) => recordContractAction(c.var.ctx, c.var.actor!, idOf(c), 'OPTION', input),
  },
  extension: {
    title: 'Extension',
    schema: ExtensionVerificationInput,
    toInput: (v: FormValues) => ({ ...datesInput(v), extendedTo: one(v.extendedTo), sam: samInput(v) }),
    preview: (c: Context<PagesEnv>, input: ExtensionVerificationInput) => previewContractAction(c.var.ctx, c.var.actor!, idOf(c), 'EXTENSION', input),
    record: (c: Context<PagesEnv>, input: ExtensionVerificationInput) => recordContractAction(c.var.ctx, c.var.actor!, idOf(c), 'EXTENSION', input),
  },
  'new-uids': {
    title: 'New UIDs',
    schema: NewUidVerificationInput,
    toInput: (v: FormValues) => ({ ...datesInput(v), uids: splitUids(v.uids) }),
    preview: (c: Context<PagesEnv>, input: NewUidVerificationInput) => previewContractAction(c.var.ctx, c.var.actor!, idOf(c), 'NEW_UID', input),
    record: (c: Context<PagesEnv>, input: NewUidVerificationInput) => recordContractAction(c.var.ctx, c.var.actor!, idOf(c), 'NEW_UID', input),
  },
} as const;

/** One action's spec with its input type erased (the validator checked it against that action's schema). */
interface ActionSpec {
  title: string;
  schema: z.ZodType;
  toInput: (v: FormValues) => unknown;
  preview: (c: Context<PagesEnv>, input: never) => Promise<Preview>;
  record: (c: Context<PagesEnv>, input: never) => Promise<{ verificationId: string }>;
}
const actionOf = (c: Context<PagesEnv>) => c.req.param('action') as ContractAction;
const specOf = (c: Context<PagesEnv>): ActionSpec => ACTIONS[actionOf(c)];

/** The action's page: the form, and the check's answer once it was run without recording. */
async function actionView(c: Context<PagesEnv>, form: FormState, preview: Preview | null = null): Promise<View> {
  const action = actionOf(c);
  const contract = await getContract(c.var.ctx, c.var.actor!, idOf(c));
  // DFARS 217.207(c)(1): the officer compares SAM with the contract, so the record on file is shown.
  const sam = action === 'new-uids' ? null : await companyOf(c.var.ctx.database.db, contract.cage);
  return {
    title: `${specOf(c).title}: ${contract.number}`,
    page: (
      <ContractActionPage csrf={c.var.csrfToken} action={action} c={contract} values={form.values} errors={form.errors} answer={preview?.answer ?? null} lookAheadUntil={preview?.lookAheadUntil ?? null} sam={sam} />
    ),
  };
}

/** The posted form is checked against the schema of the action in the path. */
const validators = Object.fromEntries(Object.entries(ACTIONS).map(([k, a]) => [k, formValidator(a.schema as z.ZodType, a.toInput, actionView)]));
const actionForm: MiddlewareHandler<PagesEnv, string, { out: { form: { data: unknown; values: FormValues } } }> = (c, next) => validators[actionOf(c)](c, next);

const PATH = '/:id{[0-9]+}/:action{option|extension|new-uids}';

export function contractActionPages() {
  return new Hono<PagesEnv>()
    .get(PATH, async (c) => {
      const contract = await getContract(c.var.ctx, c.var.actor!, idOf(c));
      const period = c.req.query('period') ?? String((nextOptionOf(contract, c.var.ctx.clock.today()) ?? contract.optionPeriods.find((p) => !p.verified))?.id ?? '');
      return pageOrFragment(c, await actionView(c, { values: actionOf(c) === 'option' ? { optionPeriodId: period } : {}, errors: {} }));
    })
    .post(PATH, once(), actionForm, async (c) => {
      const { data, values } = c.req.valid('form');
      const spec = specOf(c);
      if (one(values.intent) === 'record') {
        requireConfirmed(values, CONFIRM_RECORDING);
        const v = await spec.record(c, data as never);
        return c.redirect(`/officer/verifications/${v.verificationId}?recorded=1`, 303);
      }
      return pageOrFragment(c, await actionView(c, { values, errors: {} }, await spec.preview(c, data as never)));
    });
}
