/** Accounts and roles (administrators; rules §9). A new account's API token is shown once, on the answer to its creation. */
import { Hono, type Context } from 'hono';
import { NewUserForm, UsersPage } from '../../../../views/pages/admin/users.js';
import { UserInput } from '../../../services/inputs.js';
import { createUser, listUsers, USER_SORTS } from '../../../services/users.js';
import type { PagesEnv } from '../env.js';
import { opt } from '../form-values.js';
import { listQuery } from '../paging.js';
import { isHtmx, pageOrFragment, type View } from '../render.js';
import { requireUser } from '../session.js';
import { formValidator, NO_INPUT, type FormState } from '../validator.js';

type Created = { email: string; apiToken: string };

/** The accounts page with its "create an account" form (the fragment htmx swaps); the password typed never comes back. */
async function usersView(c: Context<PagesEnv>, form: FormState, created: Created | null = null): Promise<View> {
  const { paging, sort } = listQuery(c, USER_SORTS, 'email');
  const { rows, total } = await listUsers(c.var.ctx, c.var.actor!, { ...sort, offset: paging.offset, limit: paging.pageSize });
  const values = { ...form.values, password: '' };
  return {
    title: 'Accounts',
    page: <UsersPage rows={rows} paging={{ ...paging, total }} sort={sort} csrf={c.var.csrfToken} values={values} errors={form.errors} created={created} />,
    fragment: <NewUserForm csrf={c.var.csrfToken} values={values} errors={form.errors} created={created} />,
  };
}

const userInput = (v: Record<string, string | string[] | undefined>) => ({
  email: opt(v.email) ?? '',
  role: opt(v.role),
  companyCage: opt(v.companyCage) ?? null,
  name: opt(v.name) ?? null,
  password: opt(v.password) ?? null,
});

export function adminUserPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser('accounts.manage'))
    .get('/', async (c) => pageOrFragment(c, await usersView(c, NO_INPUT)))
    .post('/', formValidator(UserInput, userInput, usersView), async (c) => {
      const created = await createUser(c.var.ctx, c.var.actor!, c.req.valid('form').data);
      // The token is shown once, in this answer, so there is no redirect after this post.
      if (isHtmx(c)) c.header('HX-Trigger', 'account-created');
      return pageOrFragment(c, await usersView(c, NO_INPUT, created));
    });
}
