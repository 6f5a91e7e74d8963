/** Bulk import of SPRS records (administrators; api.md POST /import): all or nothing, every problem listed by record. */
import { Hono, type Context } from 'hono';
import type { FormErrors } from '../../../../views/components/form.js';
import { ImportPage, ImportResult } from '../../../../views/pages/admin/import.js';
import { importRecords } from '../../../services/import.js';
import { ImportInput } from '../../../services/inputs.js';
import type { PagesEnv } from '../env.js';
import { one } from '../form-values.js';
import { pageOrFragment, type View } from '../render.js';
import { requireUser } from '../session.js';
import { formValidator, NO_INPUT, refuse, type FormState } from '../validator.js';

type Imported = { companies: number; assessments: number; nistAssessments: number };

/** Messages about the JSON field itself go to the form; the rest name records of the batch. */
function importView(c: Context<PagesEnv>, form: FormState, result: Imported | null = null): View {
  const { json, _form, ...records } = form.errors;
  const fieldErrors: FormErrors = json ? { json } : {};
  const listed = Object.entries(records).map(([path, message]) => ({ path, message }));
  const problems = listed.length ? listed : _form ? [{ path: '(batch)', message: _form }] : [];
  const shown = problems.length ? problems : Object.entries(fieldErrors).map(([path, message]) => ({ path, message }));
  return {
    title: 'Bulk import',
    page: <ImportPage csrf={c.var.csrfToken} values={{ json: form.values.json }} formErrors={fieldErrors} result={result} errors={problems} />,
    fragment: <ImportResult result={result} errors={shown} />,
  };
}

/** The uploaded file wins over the pasted text; either must be JSON. */
async function importInput(values: Record<string, string | string[] | undefined>, _c: Context<PagesEnv>, files: Record<string, File>) {
  const text = files.file ? await files.file.text() : one(values.json);
  if (!text.trim()) throw refuse({ json: 'Choose a JSON file or paste the JSON' });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw refuse({ json: `Not valid JSON: ${(e as Error).message}` });
  }
}

export function adminImportPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser('records.import'))
    .get('/', (c) => pageOrFragment(c, importView(c, NO_INPUT)))
    .post('/', formValidator(ImportInput, importInput, importView), async (c) => {
      const r = await importRecords(c.var.ctx, c.var.actor!, c.req.valid('form').data);
      return pageOrFragment(c, importView(c, { values: c.req.valid('form').values, errors: {} }, r.imported));
    });
}
