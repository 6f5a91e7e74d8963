/** Your account (/account): change the password; add or remove a passkey or an authenticator app; new recovery codes. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AccountPage, AccountTotpPage } from '../../../views/pages/account.js';
import { RecoveryCodesPage } from '../../../views/pages/auth/recovery-codes.js';
import { ROLE_LABEL } from '../../../views/labels.js';
import { needsSecondFactor } from '../../domain/sign-in.js';
import { accountSecurity, addPasskey, changePassword, confirmAuthenticatorApp, newRecoveryCodes, removeFactor } from '../../services/auth/account.js';
import { passkeyRegistrationOptions } from '../../services/auth/passkeys.js';
import { beginTotpSetup, groupSecret } from '../../services/auth/totp.js';
import { passwordRules } from '../../services/passwords.js';
import { sessionHash } from '../../services/sessions.js';
import { clientAddress, readCookie, relyingPartyOf, SESSION_COOKIE } from './auth-request.js';
import { NEW_PASSWORD_FIELDS, TYPED_TWICE, typedTwice } from './auth-steps.js';
import type { PagesEnv } from './env.js';
import type { View } from './render.js';
import { requireUser } from './session.js';
import { formValidator, NO_INPUT, type FormState } from './validator.js';

type C = Context<PagesEnv>;

const DONE: Record<string, string> = {
  password: 'Password changed. Your other browsers were signed out.',
  passkey: 'Passkey added.',
  'passkey-removed': 'Passkey removed.',
  'app-removed': 'Authenticator app removed.',
  app: 'Authenticator app set up.',
};

/** requireUser ran first: a session cookie is there. */
const sessionIdOf = (c: C) => readCookie(c, SESSION_COOKIE)!;

async function accountView(c: C, form: FormState): Promise<View> {
  const actor = c.var.actor!;
  const security = await accountSecurity(c.var.ctx, actor);
  const options = await passkeyRegistrationOptions(c.var.ctx, relyingPartyOf(c), actor, sessionHash(sessionIdOf(c)));
  const rules = passwordRules(security.passkeys.length > 0 || security.totp || needsSecondFactor(actor.role));
  return {
    title: 'Your account',
    page: (
      <AccountPage
        email={actor.email}
        roleLabel={ROLE_LABEL[actor.role]}
        security={security}
        csrf={c.var.csrfToken}
        passkeyOptions={JSON.stringify(options)}
        passwordRules={rules}
        notice={DONE[c.req.query('done') ?? ''] ?? null}
        values={{ name: form.values.name, confirm: form.values.confirm }}
        errors={form.errors}
      />
    ),
  };
}

async function totpView(c: C, form: FormState): Promise<View> {
  const actor = c.var.actor!;
  const setup = await beginTotpSetup(c.var.ctx, actor.id, actor.email);
  return { title: 'Set up an authenticator app', page: <AccountTotpPage csrf={c.var.csrfToken} secret={groupSecret(setup.secret)} uri={setup.uri} values={{}} errors={form.errors} /> };
}

const page = async (c: C, view: Promise<View>) => {
  const v = await view;
  return c.render(v.page, { title: v.title });
};

/** After the first factor: the codes once, then back to the account page. */
const codesOr = (c: C, codes: string[] | null, done: string, added: string) =>
  codes ? c.render(<RecoveryCodesPage codes={codes} next={`/account?done=${done}`} added={added} />, { title: 'Save your recovery codes' }) : c.redirect(`/account?done=${done}`, 303);

const PasswordChange = z.object({ current: z.string().min(1, 'Enter your current password').max(1000), ...NEW_PASSWORD_FIELDS }).refine(typedTwice, TYPED_TWICE);
const PasskeyAdd = z.object({
  credential: z.string().min(1, 'Your browser sent no passkey answer; try again').max(20_000, 'The passkey answer is too long'),
  name: z.string().trim().min(1, 'Give the passkey a name').max(60, 'Name for this passkey must be at most 60 characters'),
});
const AppCode = z.object({ code: z.string().trim().min(1, 'Enter the 6-digit code your authenticator app shows').max(20, 'A code has 6 digits') });
const NewCodes = z.object({ confirm: z.literal('on', { error: 'Confirm that your current recovery codes stop working' }) });

export function accountPages() {
  return new Hono<PagesEnv>()
    .use('*', requireUser())
    .get('/', (c) => page(c, accountView(c, NO_INPUT)))
    .post('/password', formValidator(PasswordChange, (v) => v, accountView), async (c) => {
      const { current, password } = c.req.valid('form').data;
      await changePassword(c.var.ctx, c.var.auth, c.var.actor!, { current, password }, { sessionId: sessionIdOf(c), address: clientAddress(c) });
      return c.redirect('/account?done=password', 303);
    })
    .post('/passkeys', formValidator(PasskeyAdd, (v) => v, accountView), async (c) => {
      const { credential, name } = c.req.valid('form').data;
      const codes = await addPasskey(c.var.ctx, relyingPartyOf(c), c.var.actor!, sessionIdOf(c), credential, name);
      return codesOr(c, codes, 'passkey', 'Passkey added. Your sign-ins now ask for it.');
    })
    .post('/passkeys/:id{[A-Za-z0-9_-]{1,1400}}/remove', async (c) => {
      await removeFactor(c.var.ctx, c.var.actor!, { passkeyId: c.req.param('id') });
      return c.redirect('/account?done=passkey-removed', 303);
    })
    .get('/totp', (c) => page(c, totpView(c, NO_INPUT)))
    .post('/totp', formValidator(AppCode, (v) => v, totpView), async (c) => {
      const codes = await confirmAuthenticatorApp(c.var.ctx, c.var.actor!, c.req.valid('form').data.code);
      return codesOr(c, codes, 'app', 'Authenticator app set up. Your sign-ins now ask for its code.');
    })
    .post('/totp/remove', async (c) => {
      await removeFactor(c.var.ctx, c.var.actor!, 'TOTP');
      return c.redirect('/account?done=app-removed', 303);
    })
    .post('/recovery-codes', formValidator(NewCodes, (v) => v, accountView), async (c) => {
      const codes = await newRecoveryCodes(c.var.ctx, c.var.actor!);
      return c.render(<RecoveryCodesPage codes={codes} next="/account" added="New recovery codes: the old ones no longer work." />, { title: 'Save your recovery codes' });
    });
}
