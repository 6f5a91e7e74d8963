/** Sign-in, first time for a role that needs a second factor: add a passkey or an authenticator app. */
import { Alert } from '../../components/alerts.js';
import { ErrorSummary } from '../../components/form.js';
import { PasskeyForm, PasskeyScripts, SignInStep, TotpSetupForm, type SignInStepProps } from '../../components/second-factor.js';

export interface EnrolProps extends SignInStepProps {
  roleLabel: string;
  passkeyOptions: string;
  /** The authenticator-app key being set up (shown once the user chose the app). */
  totp: { secret: string; uri: string } | null;
}

export function EnrolPage(p: EnrolProps) {
  return (
    <SignInStep heading="Add a second factor">
      <Alert type="info" slim>
        {p.roleLabel} accounts confirm every sign-in with a second factor. Add one now for <strong>{p.email}</strong>; you will need it each time you
        sign in.
      </Alert>
      <ErrorSummary errors={p.errors} title="Not added" />
      <section aria-labelledby="passkey-heading">
        <h2 id="passkey-heading">A passkey (recommended)</h2>
        <p>
          Your computer, phone or security key signs in for you. A passkey only works on AwardGate's own address, so a look-alike site cannot use
          it.
        </p>
        <PasskeyForm mode="register" action="/sign-in/enrol/passkey" csrf={p.csrf} optionsJson={p.passkeyOptions} button="Add a passkey" name values={p.values} errors={p.errors} />
      </section>
      <section aria-labelledby="totp-heading">
        <h2 id="totp-heading">An authenticator app</h2>
        {p.totp ? (
          <TotpSetupForm action="/sign-in/enrol/totp" csrf={p.csrf} secret={p.totp.secret} uri={p.totp.uri} values={p.values} errors={p.errors} />
        ) : (
          <p>
            A 6-digit code from an app such as Microsoft Authenticator or Google Authenticator. <a href="/sign-in/enrol/totp">Set up an authenticator app</a>
          </p>
        )}
      </section>
      <PasskeyScripts />
    </SignInStep>
  );
}
