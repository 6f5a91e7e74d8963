/**
 * One account, for an administrator (issue 10): its role and company, how it signs in, and what can
 * be done to it. What cannot be undone (a password or second-factor reset) asks for a confirmation.
 */
import type { AccountDetail } from '../../../src/domain/sign-in.js';
import { Alert, Notice } from '../../components/alerts.js';
import { Fact } from '../../components/facts.js';
import { Checkbox, Csrf, ErrorSummary, SelectField, Submit, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { BackLink } from '../../components/links.js';
import { labelOptions, ROLE_LABEL } from '../../labels.js';

export interface AccountPageProps {
  account: AccountDetail;
  /** The administrator looking at it: none of the actions apply to one's own account. */
  own: boolean;
  csrf: string | null;
  notice: string | null;
  /** A temporary password just made (shown once). */
  temporaryPassword?: string | null;
  values: FormValues;
  errors: FormErrors;
}

function Confirm({ name, label, errors, values }: { name: string; label: string; errors: FormErrors; values: FormValues }) {
  return (
    <div class={errors[name] ? 'usa-form-group usa-form-group--error' : 'usa-form-group'} id={`f-${name}`}>
      {errors[name] ? <span class="usa-error-message">{errors[name]}</span> : null}
      <Checkbox name={name} label={label} values={values} />
    </div>
  );
}

function signsInWith(a: AccountDetail): string {
  if (a.apiOnly) return 'API token only: no password, so it cannot sign in to these pages';
  const factors = [a.factors.passkeys ? `${a.factors.passkeys} passkey${a.factors.passkeys === 1 ? '' : 's'} (${a.passkeyNames.join(', ')})` : '', a.factors.totp ? 'an authenticator app' : '']
    .filter(Boolean)
    .join(' and ');
  if (factors) return `Password and ${factors}; ${a.factors.recoveryCodes} unused recovery codes`;
  return a.needsSecondFactor ? (a.demo ? 'Password (a demo account: no second factor in demo mode)' : 'Password; adds a second factor at the next sign-in') : 'Password only (a second factor is optional for contractors)';
}

export function AdminAccountPage(p: AccountPageProps) {
  const a = p.account;
  const action = (what: string) => `/admin/users/${a.id}/${what}`;
  return (
    <>
      <BackLink href="/admin/users">All accounts</BackLink>
      <h1>{a.email}</h1>
      <Notice text={p.notice} />
      {p.temporaryPassword ? (
        <Alert type="success" heading="Temporary password (shown once)">
          <p>
            Give it to {a.email} by a channel other than e-mail: <code class="ag-mono">{p.temporaryPassword}</code>
          </p>
          <p>At the next sign-in they must choose their own password{a.factors.passkeys || a.factors.totp ? ', after confirming with their second factor' : ''}.</p>
        </Alert>
      ) : null}
      {p.own ? (
        <Alert type="info" slim>
          This is your own account: another administrator changes its role, disables it or resets it. Your password and second factor are on{' '}
          <a href="/account">your account page</a>.
        </Alert>
      ) : null}
      <ErrorSummary errors={p.errors} />
      <dl class="ag-facts">
        <Fact term="Role">{ROLE_LABEL[a.role]}</Fact>
        <Fact term="Company CAGE" mono>
          {a.companyCage ?? '—'}
        </Fact>
        <Fact term="Status">{a.disabled ? 'Disabled: cannot sign in, and its API tokens are refused' : 'Active'}</Fact>
        <Fact term="Signs in with">{signsInWith(a)}</Fact>
        {a.mustChangePassword ? <Fact term="Password">Reset: a new one is chosen at the next sign-in</Fact> : null}
        <Fact term="API tokens">{String(a.apiTokens)}</Fact>
        <Fact term="Created">{a.createdAt.slice(0, 10)}</Fact>
        {a.demo ? <Fact term="Demo account">Yes: seeded with the published demo password</Fact> : null}
      </dl>

      <section aria-labelledby="edit-heading" class="margin-top-4">
        <h2 id="edit-heading">Role and company</h2>
        <form method="post" action={`/admin/users/${a.id}`} class="usa-form usa-form--large" novalidate>
          <Csrf token={p.csrf} />
          <TextField name="name" label="Name" values={p.values} errors={p.errors} maxlength={200} />
          <SelectField name="role" label="Role" hint={p.own ? 'Your own role is changed by another administrator' : 'A new role applies at once: the account is signed out'} values={p.values} errors={p.errors} options={labelOptions(ROLE_LABEL)} required />
          <TextField name="companyCage" label="Company CAGE" hint="Required for contractors: any CAGE in the company's hierarchy" values={p.values} errors={p.errors} maxlength={5} />
          <Submit label="Save role and company" />
        </form>
      </section>

      {p.own ? null : (
        <>
          <section aria-labelledby="access-heading" class="margin-top-4">
            <h2 id="access-heading">{a.disabled ? 'Enable the account' : 'Disable the account'}</h2>
            <p>{a.disabled ? 'It can sign in and use its API tokens again.' : 'It is signed out at once, cannot sign in, and its API tokens stop working until it is enabled again.'}</p>
            <form method="post" action={action(a.disabled ? 'enable' : 'disable')}>
              <Csrf token={p.csrf} />
              <button type="submit" class={a.disabled ? 'usa-button' : 'usa-button usa-button--secondary'}>
                {a.disabled ? 'Enable the account' : 'Disable the account'}
              </button>
            </form>
          </section>

          <section aria-labelledby="reset-password-heading" class="margin-top-4">
            <h2 id="reset-password-heading">{a.apiOnly ? 'Give it a password' : 'Reset the password'}</h2>
            <p>
              You get a temporary password to hand over; the account is signed out{a.apiOnly ? '' : ' and its current password stops working'}. At the next
              sign-in the user chooses a new one.
            </p>
            <form method="post" action={action('reset-password')} class="usa-form">
              <Csrf token={p.csrf} />
              <Confirm name="confirmPassword" label={a.apiOnly ? 'I understand the account can then sign in to these pages' : 'I understand the current password stops working for good'} errors={p.errors} values={p.values} />
              <Submit label={a.apiOnly ? 'Make a temporary password' : 'Reset the password'} secondary />
            </form>
          </section>

          {a.factors.passkeys || a.factors.totp || a.factors.recoveryCodes ? (
            <section aria-labelledby="reset-factor-heading" class="margin-top-4">
              <h2 id="reset-factor-heading">Reset the second factor</h2>
              <p>
                For a lost phone or key: removes every passkey, the authenticator app and the recovery codes, and signs the account out.
                {a.needsSecondFactor ? ' The user adds a new second factor at the next sign-in.' : ''}
              </p>
              <form method="post" action={action('reset-second-factor')} class="usa-form">
                <Csrf token={p.csrf} />
                <Confirm name="confirmFactor" label="I understand the passkeys, app and recovery codes are removed for good" errors={p.errors} values={p.values} />
                <Submit label="Reset the second factor" secondary />
              </form>
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
