import { SlimAlert } from '../components/alerts.js';
import { ErrorSummary, Submit, TextField, type FormErrors, type FormValues } from '../components/form.js';

/** `notice`: why the user is back here (a sign-in that expired, a signed-out session). */
export function SignInPage({ values, errors, notice }: { values: FormValues; errors: FormErrors; notice?: string | null }) {
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-6">
        <h1>Sign in to AwardGate</h1>
        <SlimAlert type="info" text={notice} />
        <ErrorSummary errors={errors} title="Sign-in failed" />
        <form class="usa-form" method="post" action="/sign-in">
          <input type="hidden" name="next" value={String(values.next ?? '')} />
          <TextField name="email" label="Email address" type="email" autocomplete="username" values={values} errors={errors} required />
          <TextField name="password" label="Password" type="password" autocomplete="current-password" values={values} errors={errors} required />
          <Submit label="Sign in" />
        </form>
        <p class="usa-hint">
          Accounts are created by an administrator. Administrators, contracting officers and assessors then confirm each sign-in with a passkey or an
          authenticator app. The demo accounts are listed in the README.
        </p>
      </div>
    </div>
  );
}
