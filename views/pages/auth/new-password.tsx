/** Sign-in after an administrator reset the password: choose a new one (its rules stay in view, also after an error). */
import { ErrorSummary, Submit, TextField, type FormErrors } from '../../components/form.js';

export function NewPasswordPage(p: { csrf: string; email: string; rules: string; errors: FormErrors }) {
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-6">
        <h1>Choose a new password</h1>
        <p>
          An administrator reset the password of <strong>{p.email}</strong>. Choose your own before you continue; the temporary one stops working.
        </p>
        <ErrorSummary errors={p.errors} />
        <form class="usa-form" method="post" action="/sign-in/new-password" novalidate>
          <input type="hidden" name="_csrf" value={p.csrf} />
          <input type="text" name="username" value={p.email} autocomplete="username" hidden />
          <TextField name="password" label="New password" type="password" autocomplete="new-password" hint={p.rules} values={{}} errors={p.errors} required />
          <TextField name="repeat" label="New password again" type="password" autocomplete="new-password" values={{}} errors={p.errors} required />
          <Submit label="Save the password" />
        </form>
      </div>
    </div>
  );
}
