/**
 * Second-factor forms shared by the sign-in steps and the account page: a passkey (the browser's
 * WebAuthn prompt, driven by /assets/app/passkey.js with @simplewebauthn/browser served from the
 * package), an authenticator app (the key to type in, then its code) and a recovery code. The
 * passkey forms stay hidden until the script shows them: WebAuthn has no form-only fallback, and
 * the app and recovery-code forms work without JavaScript.
 */
import type { Child } from 'hono/jsx';
import { Csrf, TextField, type FormErrors, type FormValues } from './form.js';

/** What every sign-in step after the password knows: whose sign-in it is and the form's state. */
export interface SignInStepProps {
  csrf: string;
  email: string;
  values: FormValues;
  errors: FormErrors;
}

/** The narrow column the sign-in steps after the password share, under their own heading. */
export function SignInStep({ heading, children }: { heading: string; children: Child }) {
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-8">
        <h1>{heading}</h1>
        {children}
      </div>
    </div>
  );
}

/** The scripts a page with a passkey form needs (CSP: both from 'self'). */
export function PasskeyScripts() {
  return (
    <>
      <script src="/assets/simplewebauthn/index.umd.min.js" defer></script>
      <script src="/assets/app/passkey.js" defer></script>
    </>
  );
}

/**
 * The form the script fills with the browser's answer, carrying the server's WebAuthn options as
 * JSON in an attribute (an attribute's escaping is undone by the HTML parser; a script element's
 * text would keep the escaped quotes). `mode` picks the browser call.
 */
export function PasskeyForm(p: { mode: 'register' | 'sign-in'; action: string; csrf: string | null; optionsJson: string; button: string; name?: boolean; values?: FormValues; errors?: FormErrors }) {
  return (
    <>
      <form method="post" action={p.action} class="usa-form" data-passkey={p.mode} data-passkey-options={p.optionsJson} hidden>
        <Csrf token={p.csrf} />
        <input type="hidden" name="credential" value="" />
        {p.name ? <TextField name="name" label="Name for this passkey" hint="So you can tell your keys apart, for example “Work laptop”" values={p.values ?? { name: 'Passkey' }} errors={p.errors} maxlength={60} /> : null}
        <p class="usa-error-message" data-passkey-status role="alert"></p>
        <button type="button" class="usa-button" data-passkey-start>
          {p.button}
        </button>
      </form>
    </>
  );
}

/** The authenticator app's key, for typing into the app, and the field for its first code. */
export function TotpSetupForm(p: { action: string; csrf: string | null; secret: string; uri: string; values: FormValues; errors: FormErrors }) {
  return (
    <form method="post" action={p.action} class="usa-form usa-form--large" novalidate>
      <Csrf token={p.csrf} />
      <ol class="usa-process-list">
        <li class="usa-process-list__item">
          <p class="usa-process-list__heading">Add an account in your authenticator app</p>
          <p>
            Choose “enter a setup key” and type this key (time-based, 6 digits):
            <br />
            <code class="ag-mono" id="totp-secret">
              {p.secret}
            </code>
          </p>
          <p>
            On a phone or computer with the app installed you can also <a href={p.uri}>open the key in the app</a>.
          </p>
        </li>
        <li class="usa-process-list__item">
          <p class="usa-process-list__heading">Type the code the app shows</p>
          <TextField name="code" label="6-digit code" inputmode="numeric" autocomplete="one-time-code" maxlength={9} values={p.values} errors={p.errors} required />
        </li>
      </ol>
      <button type="submit" class="usa-button">
        Confirm the app
      </button>
    </form>
  );
}

/** One code field and its button (an app's code, or a recovery code). */
export function CodeForm(p: { action: string; csrf: string | null; name: string; label: string; hint?: string; button: string; autocomplete?: string; inputmode?: string; values: FormValues; errors: FormErrors }) {
  return (
    <form method="post" action={p.action} class="usa-form" novalidate>
      <Csrf token={p.csrf} />
      <TextField name={p.name} label={p.label} hint={p.hint} autocomplete={p.autocomplete ?? 'off'} inputmode={p.inputmode} maxlength={40} values={p.values} errors={p.errors} required />
      <button type="submit" class="usa-button">
        {p.button}
      </button>
    </form>
  );
}

/** Recovery codes, shown once: what they are for and how to keep them. */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  return (
    <>
      <p>
        Each code signs you in once if you lose your passkey or phone. Keep them somewhere safe, apart from your devices (printed, or in a password
        manager). They are shown only now; you can get new ones (which cancels these) from your account page.
      </p>
      <ul class="usa-list usa-list--unstyled ag-mono" id="recovery-codes">
        {codes.map((c) => (
          <li>{c}</li>
        ))}
      </ul>
    </>
  );
}
