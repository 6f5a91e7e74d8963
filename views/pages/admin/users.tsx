import type { Role } from '../../../src/domain/levels.js';
import { Alert } from '../../components/alerts.js';
import { Csrf, ErrorSummary, SelectField, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { DataTable, type Column, type Paging } from '../../components/table.js';
import { labelOptions, ROLE_LABEL } from '../../labels.js';

export interface UserRow {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  companyCage: string | null;
  createdAt: string;
  /** The day the account was created, in the rules' time zone. */
  createdOn: string;
  disabled: boolean;
  demo: boolean;
  mustChangePassword: boolean;
  /** No password: signs in nowhere, works through its API token. */
  apiOnly: boolean;
  secondFactor: boolean;
}

/** How the account signs in, in a word or two (API-only accounts stand out). */
function SignInCell({ u }: { u: UserRow }) {
  if (u.apiOnly) return <span class="usa-tag ag-tag--info">API only</span>;
  return (
    <>
      {u.secondFactor ? 'Password + second factor' : 'Password'}
      {u.mustChangePassword ? <span class="text-base-dark"> · new password at next sign-in</span> : null}
    </>
  );
}

export function NewUserForm({ csrf, values, errors, created, passwordRules }: { csrf: string | null; values: FormValues; errors: FormErrors; created?: { email: string; apiToken: string } | null; passwordRules: string }) {
  return (
    <section id="new-user" aria-labelledby="new-user-heading">
      <h2 id="new-user-heading">Create an account</h2>
      {created ? (
        <Alert type="success" heading={`Account created for ${created.email}`}>
          <p>
            API token (shown once; store it now): <code class="ag-mono">{created.apiToken}</code>
          </p>
        </Alert>
      ) : null}
      <ErrorSummary errors={errors} />
      <form class="usa-form usa-form--large" method="post" action="/admin/users" hx-post="/admin/users" hx-target="#new-user" hx-swap="outerHTML" hx-disabled-elt="find button">
        <Csrf token={csrf} />
        <TextField name="email" label="Email" type="email" values={values} errors={errors} required />
        <TextField name="name" label="Name" values={values} errors={errors} />
        <SelectField name="role" label="Role" values={values} errors={errors} options={labelOptions(ROLE_LABEL)} empty="Choose a role" required />
        <TextField name="companyCage" label="Company CAGE" hint="Required for contractors: any CAGE in the company's hierarchy" values={values} errors={errors} maxlength={5} />
        <TextField name="password" label="Password" type="password" hint={`${passwordRules} Leave blank for an API-only account.`} values={{}} errors={errors} autocomplete="new-password" />
        <Submit label="Create account" />
      </form>
    </section>
  );
}

const USER_COLUMNS: Column<UserRow>[] = [
  {
    label: 'Email',
    sort: 'email',
    cell: (u) => (
      <>
        <a href={`/admin/users/${u.id}`}>{u.email}</a>
        {u.name ? <span class="text-base-dark"> · {u.name}</span> : null}
      </>
    ),
  },
  { label: 'Role', sort: 'role', cell: (u) => ROLE_LABEL[u.role] },
  { label: 'Company CAGE', class: 'ag-mono', cell: (u) => u.companyCage ?? '—' },
  { label: 'Signs in with', cell: (u) => <SignInCell u={u} /> },
  {
    label: 'Status',
    cell: (u) => (
      <>
        {u.disabled ? 'Disabled' : 'Active'}
        {u.demo ? <span class="text-base-dark"> · demo</span> : null}
      </>
    ),
  },
  { label: 'Created', sort: 'createdAt', class: 'ag-nowrap', cell: (u) => u.createdOn },
];

export function UsersPage(p: {
  rows: UserRow[];
  paging: Paging;
  sort: { sort: string; dir: 'asc' | 'desc' };
  csrf: string | null;
  values: FormValues;
  errors: FormErrors;
  created?: { email: string; apiToken: string } | null;
  passwordRules: string;
}) {
  const base = `/admin/users?sort=${p.sort.sort}&dir=${p.sort.dir}`;
  return (
    <>
      <h1>Accounts</h1>
      <DataTable caption="Accounts and roles" class="usa-table--striped width-full" columns={USER_COLUMNS} list={{ ...p, base }} rowHeader={false} empty="No accounts yet. Create the first one below." />
      <NewUserForm csrf={p.csrf} values={p.values} errors={p.errors} created={p.created} passwordRules={p.passwordRules} />
    </>
  );
}
