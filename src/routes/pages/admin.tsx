/** Administrator pages: accounts and roles, bulk import (rules §9). */
import { Hono, type Context } from 'hono';
import { ImportPage, ImportResult } from '../../../views/pages/admin/import.js';
import { NewUserForm, UsersPage } from '../../../views/pages/admin/users.js';
import { parsePaging, parseSort } from '../../../views/components/table.js';
import { ServiceError } from '../../services/errors.js';
import { importRecords } from '../../services/import.js';
import { ImportInput, UserInput } from '../../services/inputs.js';
import { createUser, listUsers, USER_SORTS } from '../../services/users.js';
import { zodErrors } from '../api/problem.js';
import type { AppEnv } from '../env.js';
import { opt, parseForm, readForm, serviceErrorsToForm } from './forms.js';
import { isHtmx } from './render.js';
import { requireUser } from './session.js';


export function adminPages() {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser('ADMIN'));

  const usersPage = async (c: Context<AppEnv>, extra: { values?: Record<string, string>; errors?: Record<string, string>; created?: { email: string; apiToken: string } | null } = {}) => {
    const q = (k: string) => c.req.query(k);
    const sort = parseSort(q, USER_SORTS, 'email');
    const paging = parsePaging(q);
    const { rows, total } = await listUsers(c.var.ctx, c.var.actor!, { ...sort, offset: paging.offset, limit: paging.pageSize });
    return c.render(
      <UsersPage rows={rows} paging={{ ...paging, total }} sort={sort} csrf={c.var.csrfToken} values={extra.values ?? {}} errors={extra.errors ?? {}} created={extra.created} />,
      { title: 'Accounts' },
    );
  };

  app.get('/users', (c) => usersPage(c));
  app.post('/users', async (c) => {
    const form = await parseForm(c, UserInput, (v) => ({
      email: opt(v.email) ?? '',
      role: opt(v.role),
      companyCage: opt(v.companyCage) ?? null,
      name: opt(v.name) ?? null,
      password: opt(v.password) ?? null,
    }));
    const keep = { ...form.values, password: '' } as Record<string, string>;
    const fail = async (errors: Record<string, string>) => {
      c.status(422);
      if (isHtmx(c)) return c.html(<NewUserForm csrf={c.var.csrfToken} values={keep} errors={errors} />);
      return usersPage(c, { values: keep, errors });
    };
    if (!form.ok) return fail(form.errors);
    try {
      const created = await createUser(c.var.ctx, c.var.actor!, form.data);
      if (isHtmx(c)) {
        c.header('HX-Trigger', 'account-created');
        return c.html(<NewUserForm csrf={c.var.csrfToken} values={{}} errors={{}} created={created} />);
      }
      return usersPage(c, { created });
    } catch (e) {
      const errors = serviceErrorsToForm(e);
      if (!errors) throw e;
      return fail(errors);
    }
  });

  app.get('/import', (c) => c.render(<ImportPage csrf={c.var.csrfToken} values={{}} formErrors={{}} result={null} errors={[]} />, { title: 'Bulk import' }));
  app.post('/import', async (c) => {
    const body = await c.req.parseBody();
    const values = await readForm(c);
    let text = typeof body.json === 'string' ? body.json : '';
    if (body.file instanceof File && body.file.size > 0) text = await body.file.text();
    const answer = (result: { companies: number; assessments: number; nistAssessments: number } | null, errors: { path: string; message: string }[], formErrors: Record<string, string> = {}) => {
      c.status(errors.length || Object.keys(formErrors).length ? 422 : 200);
      if (isHtmx(c)) return c.html(<ImportResult result={result} errors={errors.length ? errors : Object.entries(formErrors).map(([path, message]) => ({ path, message }))} />);
      return c.render(<ImportPage csrf={c.var.csrfToken} values={{ json: values.json }} formErrors={formErrors} result={result} errors={errors} />, { title: 'Bulk import' });
    };
    if (!text.trim()) return answer(null, [], { json: 'Choose a JSON file or paste the JSON' });
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return answer(null, [], { json: `Not valid JSON: ${(e as Error).message}` });
    }
    const parsed = ImportInput.safeParse(data);
    if (!parsed.success) return answer(null, zodErrors(parsed.error));
    try {
      const r = await importRecords(c.var.ctx, c.var.actor!, parsed.data);
      return answer(r.imported, []);
    } catch (e) {
      if (e instanceof ServiceError) return answer(null, e.errors.length ? e.errors : [{ path: '(batch)', message: e.message }]);
      throw e;
    }
  });
  return app;
}

