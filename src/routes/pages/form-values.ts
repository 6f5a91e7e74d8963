/**
 * Posted form fields → the shapes the schemas take. Every field arrives as a string or, when the
 * name repeats (checkbox groups, multi-selects), as a list of strings; these read them one way.
 */
import type { FormValues } from '../../../views/components/form.js';
import { isUid, normaliseId } from '../../domain/identifiers.js';

type Field = string | string[] | undefined;

/** The form's fields as strings (files and the CSRF token are not values the page shows again). */
export function formValuesOf(raw: Record<string, unknown>): { values: FormValues; files: Record<string, File> } {
  // No prototype: a field named `__proto__` or `constructor` is just a field.
  const values: FormValues = Object.create(null);
  const files: Record<string, File> = Object.create(null);
  for (const [k, v] of Object.entries(raw)) {
    // The CSRF token and the form's idempotency key are the routes', not values the page shows again.
    if (k === '_csrf' || k === '_idem') continue;
    const all = Array.isArray(v) ? v : [v];
    const strings = all.filter((x): x is string => typeof x === 'string');
    const file = all.find((x): x is File => x instanceof File && x.size > 0);
    if (file) files[k] = file;
    if (Array.isArray(v)) values[k] = strings;
    else if (typeof v === 'string') values[k] = v;
  }
  return { values, files };
}

/** The field's (first) value, '' when absent. */
export const one = (v: Field) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** Blank → undefined, so optional fields stay optional. */
export const opt = (v: Field) => {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s;
};

/** Every value of a repeated field (a checkbox group). */
export const all = (v: Field): string[] => (Array.isArray(v) ? v : v ? [v] : []);

/** A typed list: values separated by spaces, commas, semicolons or new lines. */
export const list = (v: Field): string[] =>
  (Array.isArray(v) ? v : [v ?? ''])
    .flatMap((s) => s.split(/[\s,;]+/))
    .map((s) => s.trim())
    .filter(Boolean);

/** What a pasted list of UIDs holds: the UID-shaped tokens (once each, in order) and the words ignored. */
export interface PastedUids {
  uids: string[];
  ignored: string[];
}

/**
 * The one parser of pasted UID lists (the officer's paste boxes; the contractor's "Copy into your
 * offer" text round-trips through it): a UID is 10 of A–Z/0–9 (rules §1), so anything else separates
 * tokens, and a token of another shape (a status label, a date part) is ignored rather than refused.
 */
export function pastedUids(v: Field): PastedUids {
  const tokens = (Array.isArray(v) ? v.join('\n') : (v ?? '')).split(/[^A-Za-z0-9]+/).filter(Boolean);
  const uids: string[] = [];
  const ignored: string[] = [];
  for (const t of tokens) {
    const id = normaliseId(t);
    if (!isUid(id)) ignored.push(t);
    else if (!uids.includes(id)) uids.push(id);
  }
  return { uids, ignored };
}

/** The UIDs of a pasted list (see pastedUids). */
export const splitUids = (v: Field): string[] => pastedUids(v).uids;

/** The preview a paste box shows before saving ("12 UIDs found, 3 ignored words"). */
export function pastePreview(v: Field): { found: number; ignored: string[] } | null {
  if (!one(v).trim()) return null;
  const p = pastedUids(v);
  return { found: p.uids.length, ignored: p.ignored };
}

/** A yes/no radio pair: unanswered stays undefined (the schema says so). */
export const yesNo = (v: Field) => (one(v) === 'yes' ? true : one(v) === 'no' ? false : undefined);

/** A number field: blank is null; anything else goes to the schema as a number (NaN included). */
export const num = (v: Field) => (opt(v) === undefined ? null : Number(opt(v)!.trim()));

/** A checkbox: ticked or not. */
export const ticked = (v: Field) => one(v) === 'on';

/** Requirement answers posted as `results.<id>` fields → `{ id: result }` (blank choices dropped). Unknown ids are kept so the service reports them. */
export function answersFromForm(values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (!k.startsWith('results.')) continue;
    const s = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof s === 'string' && s !== '') out[k.slice('results.'.length)] = s;
  }
  return out;
}
