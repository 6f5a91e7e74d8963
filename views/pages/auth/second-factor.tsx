/** Sign-in, second step: a passkey, the authenticator app's code, or a recovery code. */
import { ErrorSummary } from '../../components/form.js';
import { CodeForm, PasskeyForm, PasskeyScripts, SignInStep, type SignInStepProps } from '../../components/second-factor.js';

export interface SecondFactorProps extends SignInStepProps {
  /** WebAuthn options when the account has a passkey. */
  passkeyOptions: string | null;
  totp: boolean;
  recoveryCodes: number;
}

export function SecondFactorPage(p: SecondFactorProps) {
  return (
    <SignInStep heading="Confirm it is you">
      <p>
        The password for <strong>{p.email}</strong> was right. Confirm the sign-in with your second factor.
      </p>
      <ErrorSummary errors={p.errors} title="Not confirmed" />
      {p.passkeyOptions ? (
        <section aria-labelledby="passkey-heading">
          <h2 id="passkey-heading">With your passkey</h2>
          <PasskeyForm mode="sign-in" action="/sign-in/verify/passkey" csrf={p.csrf} optionsJson={p.passkeyOptions} button="Use your passkey" />
        </section>
      ) : null}
      {p.totp ? (
        <section aria-labelledby="totp-heading">
          <h2 id="totp-heading">With your authenticator app</h2>
          <CodeForm action="/sign-in/verify/totp" csrf={p.csrf} name="code" label="6-digit code" autocomplete="one-time-code" inputmode="numeric" button="Confirm" values={p.values} errors={p.errors} />
        </section>
      ) : null}
      {p.recoveryCodes > 0 ? (
        <section aria-labelledby="recovery-heading">
          <h2 id="recovery-heading">With a recovery code</h2>
          <p class="usa-hint">If you lost your passkey or phone. Each code works once; {p.recoveryCodes} left.</p>
          <CodeForm action="/sign-in/verify/recovery" csrf={p.csrf} name="recoveryCode" label="Recovery code" hint="xxxx-xxxx-xxxx-xxxx" button="Use the recovery code" values={p.values} errors={p.errors} />
        </section>
      ) : null}
      <p class="usa-hint">Lost every way in? An administrator can reset your second factor.</p>
      {p.passkeyOptions ? <PasskeyScripts /> : null}
    </SignInStep>
  );
}
