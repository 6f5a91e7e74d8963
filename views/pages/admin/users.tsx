import type { Role } from '../../../src/domain/levels.js';
import { Alert, EmptyState } from '../../components/alerts.js';
import { Csrf, ErrorSummary, SelectField, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { Pagination, SortHeader, Table, type Paging } from '../../components/table.js';
import { ROLE_CHOICES, ROLE_LABEL } from '../../labels.js';

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
}

export function NewUserForm({ csrf, values, errors, created }: { csrf: string | null; values: FormValues; errors: FormErrors; created?: { email: string; apiToken: string } | null }) {
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
        <SelectField name="role" label="Role" values={values} errors={errors} options={ROLE_CHOICES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} required />
        <TextField name="companyCage" label="Company CAGE" hint="Required for contractors: any CAGE in the company's hierarchy" values={values} errors={errors} maxlength={5} />
        <TextField name="password" label="Password" type="password" hint="At least 12 characters; leave blank for an API-only account" values={{}} errors={errors} autocomplete="new-password" />
        <Submit label="Create account" />
      </form>
    </section>
  );
}

export function UsersPage(p: {
  rows: UserRow[];
  paging: Paging;
  sort: { sort: string; dir: 'asc' | 'desc' };
  csrf: string | null;
  values: FormValues;
  errors: FormErrors;
  created?: { email: string; apiToken: string } | null;
}) {
  const base = `/admin/users?sort=${p.sort.sort}&dir=${p.sort.dir}`;
  return (
    <>
      <h1>Accounts</h1>
      {p.rows.length ? (
        <Table
          caption="Accounts and roles"
          class="usa-table--striped width-full"
          head={
            <>
              <SortHeader label="Email" field="email" current={p.sort} base={base} />
              <SortHeader label="Role" field="role" current={p.sort} base={base} />
              <th scope="col">Company CAGE</th>
              <SortHeader label="Created" field="createdAt" current={p.sort} base={base} />
            </>
          }
        >
          {p.rows.map((u) => (
            <tr>
              <td>
                {u.email}
                {u.name ? <span class="usa-hint"> · {u.name}</span> : null}
              </td>
              <td>{ROLE_LABEL[u.role]}</td>
              <td class="ag-mono">{u.companyCage ?? '—'}</td>
              <td class="ag-nowrap">{u.createdOn}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState>No accounts yet. Create the first one below.</EmptyState>
      )}
      <Pagination paging={p.paging} base={base} />
      <NewUserForm csrf={p.csrf} values={p.values} errors={p.errors} created={p.created} />
    </>
  );
}
