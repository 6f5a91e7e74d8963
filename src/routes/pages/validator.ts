/**
 * The one form validator (style guide habits 4 and 10), on hono/validator: a route declares
 * `formValidator(schema, toInput, view)` in its signature and its handler reads
 * `c.req.valid('form')` (`{ data, values, files }`). Whatever refuses the form — the schema, a
 * page-level check (`throw refuse(errors)`), or the service (a ServiceError about the input) — ends
 * in the pages app's one onError (errors.tsx), which shows `view` again with the messages and the
 * user's values. `queryValidator` is the same for GET forms.
 *
 * @see https://hono.dev/docs/guides/validation
 */
import type { Context, MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import type { FailureKind, ServiceError } from '../../services/errors.js';
import type { PagesEnv } from './env.js';
import { formValuesOf } from './form-values.js';
import type { View } from './render.js';

export interface FormState {
  values: FormValues;
  errors: FormErrors;
  /** Files the form uploaded (non-empty ones), by field name. */
  files?: Record<string, File>;
}

/** A form shown for the first time: nothing typed, nothing to correct. */
export const NO_INPUT: FormState = Object.freeze({ values: Object.freeze({}), errors: Object.freeze({}) });

/** Renders the form's page (and its htmx fragment) with the user's values and the messages. */
export type FormView = (c: Context<PagesEnv>, form: FormState) => View | Promise<View>;

export interface PendingForm {
  values: FormValues;
  files: Record<string, File>;
  view: FormView;
  /** Service failures that are about what the user typed, so they go back to the form. */
  inputKinds: readonly FailureKind[];
}

/** A refusal the page itself decides (a check the schema cannot make): back to the form with 422. */
export class FormRefusal extends Error {
  constructor(readonly errors: FormErrors) {
    super('The form needs correcting');
    this.name = 'FormRefusal';
  }
}
export const refuse = (errors: FormErrors) => new FormRefusal(errors);

export interface FormOptions {
  /** Also treat these service failures as input errors (default: validation and conflict). */
  inputKinds?: readonly FailureKind[];
}

const INPUT_KINDS: readonly FailureKind[] = ['validation', 'conflict'];

/** Maps the posted strings (and uploaded files) to the schema's input; may also `throw refuse(…)`. */
type ToInput = (values: FormValues, c: Context<PagesEnv>, files: Record<string, File>) => unknown;
type Checked<S extends z.ZodType> = { data: z.output<S>; values: FormValues; files: Record<string, File> };

type Target = 'form' | 'query';
type Validated<T extends Target, Out> = MiddlewareHandler<PagesEnv, string, { out: { [K in T]: Out } }>;

function validate<T extends Target, S extends z.ZodType>(target: T, schema: S, toInput: ToInput, view: FormView, opts: FormOptions): Validated<T, Checked<S>> {
  return validator(target, async (raw, ctx) => {
    const c = ctx as Context<PagesEnv>;
    const { values, files } = formValuesOf(raw);
    // Set first: a refusal from here on (toInput, the schema, the handler's service call) re-renders this form.
    c.set('form', { values, files, view, inputKinds: opts.inputKinds ?? INPUT_KINDS });
    const parsed = schema.safeParse(await toInput(values, c, files));
    if (!parsed.success) throw refuse(issuesToForm(parsed.error, values));
    return { data: parsed.data as z.output<S>, values, files };
  }) as Validated<T, Checked<S>>;
}

/** A posted form: `toInput` maps the raw strings to the schema's input shape (checkbox → boolean, lists → arrays…). */
export const formValidator = <S extends z.ZodType>(schema: S, toInput: ToInput, view: FormView, opts: FormOptions = {}) => validate('form', schema, toInput, view, opts);

/** A GET form (filters, "as of" dates): the same, reading the query string. */
export const queryValidator = <S extends z.ZodType>(schema: S, toInput: ToInput, view: FormView, opts: FormOptions = {}) => validate('query', schema, toInput, view, opts);

/** A post that is read, not validated (live previews of what the form holds so far). */
export const postedForm = () => validator('form', (raw) => formValuesOf(raw)) as Validated<'form', ReturnType<typeof formValuesOf>>;

/**
 * The control a message belongs to: a list element's message (`uids.2`, `cages.0`) goes to the
 * list's one control when the form posted that list; other paths (a row's field, a requirement id
 * such as `results.AC.L2-3.1.1`, a record of a pasted batch) stay as they are.
 */
function controlOf(path: string, values: FormValues) {
  const list = path.replace(/(\.\d+)+$/, '');
  return (list !== path && Object.hasOwn(values, list) ? list : path) || '_form';
}

function add(errors: FormErrors, key: string, message: string) {
  const had = errors[key];
  if (had === undefined) errors[key] = message;
  else if (!had.split('; ').includes(message)) errors[key] = `${had}; ${message}`;
}

/** zod issues → form messages keyed by control. */
export function issuesToForm(error: z.ZodError, values: FormValues): FormErrors {
  const errors: FormErrors = {};
  for (const i of error.issues) {
    const message = i.code === 'unrecognized_keys' ? `unexpected field(s): ${i.keys.join(', ')}` : i.message;
    add(errors, controlOf(i.path.map(String).join('.'), values), message);
  }
  return errors;
}

/** A service refusal → form messages: its field messages, and its own sentence unless a field already says it. */
export function serviceErrorsToForm(err: ServiceError, values: FormValues): FormErrors {
  const errors: FormErrors = {};
  for (const e of err.errors) add(errors, controlOf(e.path, values), e.message);
  if (!Object.values(errors).some((m) => m.split('; ').includes(err.message))) errors._form ??= err.message;
  return errors;
}
