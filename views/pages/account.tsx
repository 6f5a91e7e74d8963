/**
 * Your account: the password and the second factor. Contractors choose here whether to sign in with
 * a second factor; roles that need one manage theirs (never removing the last).
 */
import type { AccountSecurity } from '../../src/domain/sign-in.js';
import { Alert, Notice } from '../components/alerts.js';
import { Checkbox, Csrf, ErrorSummary, Submit, TextField, type FormErrors, type FormValues } from '../components/form.js';
import { PasskeyForm, PasskeyScripts, TotpSetupForm } from '../components/second-factor.js';

export interface AccountPageProps {
  email: string;
  roleLabel: string;
  security: AccountSecurity;
  csrf: string | null;
  passkeyOptions: string;
  passwordRules: string;
  notice: string | null;
  values: FormValues;
  errors: FormErrors;
}

const day = (instant: string | null) => (instant ? instant.slice(0, 10) : 'never');

export function AccountPage(p: AccountPageProps) {
  const s = p.security;
  const factors = s.passkeys.length + (s.totp ? 1 : 0);
  const lastOne = s.needsSecondFactor && factors === 1;
  return (
    <>
      <h1>Your account</h1>
      <p>
        {p.email} · {p.roleLabel}
      </p>
      <Notice text={p.notice} />
      <ErrorSummary errors={p.errors} />

      <section aria-labelledby="factor-heading" class="margin-top-4">
        <h2 id="factor-heading">Second factor</h2>
        {factors === 0 ? (
          <Alert type={s.needsSecondFactor ? 'warning' : 'info'} slim>
            {s.needsSecondFactor
              ? 'Your role signs in with a second factor, and this account has none yet: add one.'
              : 'Optional for your role, and recommended: with a second factor, a stolen password alone cannot sign in to your account.'}
          </Alert>
        ) : (
          <p>Each sign-in is confirmed with one of these.</p>
        )}
        <h3>Passkeys</h3>
        {s.passkeys.length ? (
          <table class="usa-table usa-table--borderless">
            <caption class="usa-sr-only">Your passkeys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Added</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="usa-sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {s.passkeys.map((k) => (
                <tr>
                  <td>{k.name}</td>
                  <td>{day(k.createdAt)}</td>
                  <td>{day(k.lastUsedAt)}</td>
                  <td>
                    {lastOne ? null : (
                      <form method="post" action={`/account/passkeys/${encodeURIComponent(k.id)}/remove`}>
                        <Csrf token={p.csrf} />
                        <button type="submit" class="usa-button usa-button--unstyled">
                          Remove {k.name}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No passkey yet.</p>
        )}
        <PasskeyForm mode="register" action="/account/passkeys" csrf={p.csrf} optionsJson={p.passkeyOptions} button="Add a passkey" name values={p.values} errors={p.errors} />
        <h3>Authenticator app</h3>
        {s.totp ? (
          <>
            <p>An authenticator app is set up.</p>
            {lastOne ? null : (
              <form method="post" action="/account/totp/remove">
                <Csrf token={p.csrf} />
                <button type="submit" class="usa-button usa-button--outline">
                  Remove the authenticator app
                </button>
              </form>
            )}
          </>
        ) : (
          <p>
            <a href="/account/totp">Set up an authenticator app</a>
          </p>
        )}
        {lastOne ? <p class="usa-hint">Your role needs a second factor: add another before you can remove this one.</p> : null}
        {factors > 0 ? (
          <>
            <h3>Recovery codes</h3>
            <p>{s.recoveryCodes} unused recovery codes.</p>
            <form method="post" action="/account/recovery-codes" class="usa-form">
              <Csrf token={p.csrf} />
              <div class={p.errors.confirm ? 'usa-form-group usa-form-group--error' : 'usa-form-group'} id="f-confirm">
                {p.errors.confirm ? <span class="usa-error-message">{p.errors.confirm}</span> : null}
                <Checkbox name="confirm" label="I understand my current recovery codes stop working" values={p.values} />
              </div>
              <Submit label="Get new recovery codes" secondary />
            </form>
          </>
        ) : null}
      </section>

      {s.hasPassword ? (
        <section aria-labelledby="password-heading" class="margin-top-4">
          <h2 id="password-heading">Change your password</h2>
          <form method="post" action="/account/password" class="usa-form" novalidate>
            <Csrf token={p.csrf} />
            <input type="text" name="username" value={p.email} autocomplete="username" hidden />
            <TextField name="current" label="Current password" type="password" autocomplete="current-password" values={{}} errors={p.errors} required />
            <TextField name="password" label="New password" type="password" autocomplete="new-password" hint={p.passwordRules} values={{}} errors={p.errors} required />
            <TextField name="repeat" label="New password again" type="password" autocomplete="new-password" values={{}} errors={p.errors} required />
            <Submit label="Change the password" />
          </form>
          <p class="usa-hint">Your other signed-in browsers are signed out when the password changes.</p>
        </section>
      ) : null}
      <PasskeyScripts />
    </>
  );
}

export function AccountTotpPage(p: { csrf: string | null; secret: string; uri: string; values: FormValues; errors: FormErrors }) {
  return (
    <>
      <h1>Set up an authenticator app</h1>
      <ErrorSummary errors={p.errors} title="Not set up" />
      <TotpSetupForm action="/account/totp" csrf={p.csrf} secret={p.secret} uri={p.uri} values={p.values} errors={p.errors} />
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </>
  );
}
