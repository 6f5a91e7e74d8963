/**
 * Accounts and roles (administrators; rules §9; issue 10): the list, creating an account (its API
 * token is shown once, on the answer to its creation), and one account's page with its lifecycle:
 * role and company, disable/enable, password reset, second-factor reset.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AdminAccountPage } from '../../../../views/pages/admin/user.js';
import { NewUserForm, UsersPage } from '../../../../views/pages/admin/users.js';
import { UserInput } from '../../../services/inputs.js';
import { NEW_ACCOUNT_PASSWORD_RULES } from '../../../services/passwords.js';
import { AccountEditInput, getAccount, resetPassword, resetSecondFactor, setAccountDisabled, updateAccount } from '../../../services/users-lifecycle.js';
import { createUser, listUsers, USER_SORTS } from '../../../services/users.js';
import type { PagesEnv } from '../env.js';
import { opt } from '../form-values.js';
import { loadList } from '../paging.js';
import { isHtmx, pageOrFragment, type View } from '../render.js';
import { requireUser } from '../session.js';
import { formValidator, NO_INPUT, refuse, type FormState } from '../validator.js';

type Created = { email: string; apiToken: string };
type C = Context<PagesEnv>;

/** The accounts page with its "create an account" form (the fragment htmx swaps); the password typed never comes back. */
async function usersView(c: C, form: FormState, created: Created | null = null): Promise<View> {
  const list = await loadList(c, { allowed: USER_SORTS, fallback: 'email' }, (q) => listUsers(c.var.ctx, c.var.actor!, q));
  const values = { ...form.values, password: '' };
  return {
    title: 'Accounts',
    page: <UsersPage {...list} csrf={c.var.csrfToken} values={values} errors={form.errors} created={created} passwordRules={NEW_ACCOUNT_PASSWORD_RULES} />,
    fragment: <NewUserForm csrf={c.var.csrfToken} values={values} errors={form.errors} created={created} passwordRules={NEW_ACCOUNT_PASSWORD_RULES} />,
  };
}

const userInput = (v: Record<string, string | string[] | undefined>) => {
  // The role is chosen, never defaulted (issue 10: nobody becomes an administrator by leaving it alone).
  if (!opt(v.role)) throw refuse({ role: 'Choose a role' });
  return {
    email: opt(v.email) ?? '',
    role: opt(v.role),
    companyCage: opt(v.companyCage) ?? null,
    name: opt(v.name) ?? null,
    password: opt(v.password) ?? null,
  };
};

const DONE: Record<string, string> = {
  saved: 'Role and company saved.',
  disabled: 'Account disabled: it was signed out and its API tokens are refused.',
  enabled: 'Account enabled.',
  'factor-reset': 'Second factor reset: the account was signed out.',
};

const idOf = (c: C) => Number(c.req.param('id'));

async function accountView(c: C, form: FormState, temporaryPassword: string | null = null): Promise<View> {
  const account = await getAccount(c.var.ctx, c.var.actor!, idOf(c));
  // The account's own values, under whatever was typed into a refused form.
  const values = { name: account.name ?? '', role: account.role, companyCage: account.companyCage ?? '', ...form.values };
  return {
    title: account.email,
    page: (
      <AdminAccountPage
        account={account}
        own={account.id === c.var.actor!.id}
        csrf={c.var.csrfToken}
        notice={DONE[c.req.query('done') ?? ''] ?? null}
        temporaryPassword={temporaryPassword}
        values={values}
        errors={form.errors}
      />
    ),
  };
}

const editInput = (v: Record<string, string | string[] | undefined>) => ({ role: opt(v.role), companyCage: opt(v.companyCage) ?? null, name: opt(v.name) ?? null });
const confirmed = (field: string, message: string) => z.object({ [field]: z.literal('on', { error: message }) });

export function adminUserPages() {
  const id = '/:id{[0-9]{1,9}}';
  return new Hono<PagesEnv>()
    .use('*', requireUser('accounts.manage'))
    .get('/', async (c) => pageOrFragment(c, await usersView(c, NO_INPUT)))
    .post('/', formValidator(UserInput, userInput, usersView), async (c) => {
      const created = await createUser(c.var.ctx, c.var.actor!, c.req.valid('form').data);
      // The token is shown once, in this answer, so there is no redirect after this post.
      if (isHtmx(c)) c.header('HX-Trigger', 'account-created');
      return pageOrFragment(c, await usersView(c, NO_INPUT, created));
    })
    .get(id, async (c) => pageOrFragment(c, await accountView(c, NO_INPUT)))
    .post(id, formValidator(AccountEditInput, editInput, accountView), async (c) => {
      await updateAccount(c.var.ctx, c.var.actor!, idOf(c), c.req.valid('form').data);
      return c.redirect(`/admin/users/${idOf(c)}?done=saved`, 303);
    })
    .post(`${id}/disable`, async (c) => {
      await setAccountDisabled(c.var.ctx, c.var.actor!, idOf(c), true);
      return c.redirect(`/admin/users/${idOf(c)}?done=disabled`, 303);
    })
    .post(`${id}/enable`, async (c) => {
      await setAccountDisabled(c.var.ctx, c.var.actor!, idOf(c), false);
      return c.redirect(`/admin/users/${idOf(c)}?done=enabled`, 303);
    })
    .post(`${id}/reset-password`, formValidator(confirmed('confirmPassword', 'Confirm that the current password stops working'), (v) => v, accountView), async (c) => {
      const temporary = await resetPassword(c.var.ctx, c.var.actor!, idOf(c));
      // Shown once, in this answer (like an API token): no redirect.
      return pageOrFragment(c, await accountView(c, NO_INPUT, temporary));
    })
    .post(`${id}/reset-second-factor`, formValidator(confirmed('confirmFactor', 'Confirm that the second factor is removed'), (v) => v, accountView), async (c) => {
      await resetSecondFactor(c.var.ctx, c.var.actor!, idOf(c));
      return c.redirect(`/admin/users/${idOf(c)}?done=factor-reset`, 303);
    });
}
