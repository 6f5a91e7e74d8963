/**
 * The one validator wrapper for forms: parse the posted form with a zod schema; on failure return
 * field messages keyed by path AND the user's values, so the page re-renders with both (422).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { FormErrors, FormValues } from '../../../views/components/form.js';
import type { ScoredFormState } from '../../../views/components/scored-form.js';
import type { Level } from '../../domain/levels.js';
import { previewScore } from '../../domain/scoring.js';
import { ServiceError } from '../../services/errors.js';
import type { AppEnv } from '../env.js';

export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FormErrors; values: FormValues };

export async function readForm(c: Context<AppEnv>): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string');
    else if (typeof v === 'string') values[k] = v;
  }
  return values;
}

/** `toInput` maps the raw strings to the schema's input shape (checkbox → boolean, lists → arrays…). */
export async function parseForm<S extends z.ZodType>(c: Context<AppEnv>, schema: S, toInput: (v: FormValues) => unknown): Promise<FormResult<z.output<S>>> {
  return parseValues(await readForm(c), schema, toInput);
}

/** The same wrapper for values already read (a GET form's query, say). */
export function parseValues<S extends z.ZodType>(values: FormValues, schema: S, toInput: (v: FormValues) => unknown): FormResult<z.output<S>> {
  const parsed = schema.safeParse(toInput(values));
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FormErrors = {};
  for (const i of parsed.error.issues) {
    const path = i.path.map(String).join('.') || '_form';
    errors[path] ??= i.code === 'unrecognized_keys' ? 'unexpected field' : i.message;
  }
  return { ok: false, errors, values };
}

/** Turns a service failure into form messages (field paths where the service gave them). */
export function serviceErrorsToForm(err: unknown): FormErrors | null {
  if (!(err instanceof ServiceError)) return null;
  const errors: FormErrors = {};
  for (const e of err.errors) errors[e.path] ??= e.message;
  if (!err.errors.length || err.kind !== 'validation') errors._form = err.message;
  return errors;
}

/** Blank → undefined, so optional fields stay optional. */
export const opt = (v: string | string[] | undefined) => {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s;
};
export const list = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : [v ?? ''])
    .flatMap((s) => s.split(/[\s,;]+/))
    .map((s) => s.trim())
    .filter(Boolean);

/** A requirements form with its live score (self-assessment or assessor posting) as the user left it. */
export function scoredFormState(
  c: Context<AppEnv>,
  s: { level: Level; values: FormValues; answers: Record<string, string>; errors?: FormErrors; showMissing?: boolean },
): ScoredFormState {
  return { csrf: c.var.csrfToken, values: s.values, answers: s.answers, errors: s.errors ?? {}, preview: previewScore(s.level, s.answers), showMissing: s.showMissing ?? false };
}
