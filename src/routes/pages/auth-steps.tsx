/**
 * The sign-in steps after a right password (services/auth/sign-in.ts has their order): confirm
 * with a second factor, choose a new password after a reset, add a first second factor. These pages
 * read the pending sign-in's cookie, not a session; a step opened out of turn goes to the right one,
 * and an expired sign-in goes back to the password. Posts carry the pending sign-in's CSRF token.
 */
import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { EnrolPage } from '../../../views/pages/auth/enrol.js';
import { NewPasswordPage } from '../../../views/pages/auth/new-password.js';
import { SecondFactorPage } from '../../../views/pages/auth/second-factor.js';
import { ROLE_LABEL } from '../../../views/labels.js';
import { needsSecondFactor } from '../../domain/sign-in.js';
import { holdsSecondFactor } from '../../services/auth/factors.js';
import { passkeyAuthenticationOptions, passkeyRegistrationOptions } from '../../services/auth/passkeys.js';
import { pendingSignIn, type Outcome, type PendingSignIn, type Stage } from '../../services/auth/sign-in.js';
import { chooseNewPassword, enrolInSignIn, proveSecondFactor } from '../../services/auth/sign-in-steps.js';
import { beginTotpSetup, groupSecret } from '../../services/auth/totp.js';
import { forbidden } from '../../services/errors.js';
import { passwordRules } from '../../services/passwords.js';
import { moveOn, pausedPage, STAGE_PATH } from './auth-outcome.js';
import { clearCookie, clientAddress, PENDING_COOKIE, readCookie, relyingPartyOf } from './auth-request.js';
import type { PagesEnv } from './env.js';
import type { View } from './render.js';
import { formValidator, NO_INPUT, refuse, type FormState } from './validator.js';

type C = Context<PagesEnv>;
/** Set by `at` before any handler of these pages runs. */
const pendingOf = (c: C): PendingSignIn => c.var.pendingSignIn!;

/**
 * The pending sign-in behind the cookie, at `stage` (each page belongs to one step; the sign-in may
 * be at another by now). Per route rather than `use('*')`: a wildcard under /sign-in would also
 * catch the password page itself.
 */
const at = (stage: Stage) =>
  createMiddleware<PagesEnv>(async (c, next) => {
    const id = readCookie(c, PENDING_COOKIE);
    const pending = id ? await pendingSignIn(c.var.ctx, c.var.auth, id) : null;
    if (!pending) {
      clearCookie(c, PENDING_COOKIE);
      return c.redirect('/sign-in?notice=expired', 303);
    }
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      if (body._csrf !== pending.row.csrfToken) throw forbidden('The form expired or did not come from AwardGate. Nothing was changed; sign in again.');
    }
    if (pending.stage !== stage) return c.redirect(STAGE_PATH[pending.stage], 303);
    c.set('pendingSignIn', pending);
    await next();
  });

// ---- views ----

async function verifyView(c: C, form: FormState): Promise<View> {
  const p = pendingOf(c);
  const options = p.factors.passkeys > 0 ? JSON.stringify(await passkeyAuthenticationOptions(c.var.ctx, relyingPartyOf(c), p.user.id, p.row.idHash)) : null;
  return {
    title: 'Confirm it is you',
    // A code typed is never shown again.
    page: <SecondFactorPage csrf={p.row.csrfToken} email={p.user.email} passkeyOptions={options} totp={p.factors.totp} recoveryCodes={p.factors.recoveryCodes} values={{}} errors={form.errors} />,
  };
}

function newPasswordView(c: C, form: FormState): View {
  const p = pendingOf(c);
  const rules = passwordRules(holdsSecondFactor(p.factors) || needsSecondFactor(p.user.role));
  return { title: 'Choose a new password', page: <NewPasswordPage csrf={p.row.csrfToken} email={p.user.email} rules={rules} errors={form.errors} /> };
}

const enrolView = (withApp: boolean) => async (c: C, form: FormState): Promise<View> => {
  const p = pendingOf(c);
  const { ctx } = c.var;
  const options = await passkeyRegistrationOptions(ctx, relyingPartyOf(c), p.user, p.row.idHash);
  const totp = withApp ? await beginTotpSetup(ctx, p.user.id, p.user.email) : null;
  return {
    title: 'Add a second factor',
    page: (
      <EnrolPage
        csrf={p.row.csrfToken}
        email={p.user.email}
        roleLabel={ROLE_LABEL[p.user.role]}
        passkeyOptions={JSON.stringify(options)}
        totp={totp ? { secret: groupSecret(totp.secret), uri: totp.uri } : null}
        values={{ name: form.values.name }}
        errors={form.errors}
      />
    ),
  };
};

// ---- inputs ----

const CodeInput = z.object({ code: z.string().trim().min(1, 'Enter the 6-digit code your authenticator app shows').max(20, 'A code has 6 digits') });
const RecoveryInput = z.object({ recoveryCode: z.string().trim().min(1, 'Enter one of your recovery codes').max(40, 'A recovery code has 16 characters') });
const PasskeyInput = z.object({
  credential: z.string().min(1, 'Your browser sent no passkey answer; try again').max(20_000, 'The passkey answer is too long'),
  name: z.string().trim().max(60, 'Name for this passkey must be at most 60 characters').optional(),
});
/** A new password, typed twice (shared with the account page's form). */
export const NEW_PASSWORD_FIELDS = {
  password: z.string().min(1, 'Enter a new password').max(1000, 'Password must be at most 1,000 characters'),
  repeat: z.string().max(1000),
};
export const typedTwice = (v: { password: string; repeat: string }) => v.password === v.repeat;
export const TYPED_TWICE = { path: ['repeat'], message: 'The two passwords differ: type the same new password twice' };
const NewPasswordInput = z.object(NEW_PASSWORD_FIELDS).refine(typedTwice, TYPED_TWICE);

/** A step's outcome: moved on, paused (429), or refused with `wrong` on the form. */
async function answer(c: C, outcome: Outcome, view: (c: C, form: FormState) => View | Promise<View>, wrong: Record<string, string>): Promise<Response> {
  if (outcome.kind === 'paused') return pausedPage(c, outcome.retryAfterSeconds, (message) => view(c, { values: {}, errors: { _form: message } }));
  if (outcome.kind === 'refused' || outcome.kind === 'disabled') throw refuse(wrong);
  return moveOn(c, outcome);
}

const page = async (c: C, view: View | Promise<View>) => {
  const v = await view;
  return c.render(v.page, { title: v.title });
};

export function signInStepPages() {
  const verify = at('SECOND_FACTOR');
  const enrol = at('ENROL');
  const newPassword = at('NEW_PASSWORD');
  return new Hono<PagesEnv>()
    .get('/verify', verify, (c) => page(c, verifyView(c, NO_INPUT)))
    .post('/verify/totp', verify, formValidator(CodeInput, (v) => v, verifyView), async (c) =>
      answer(c, await proveSecondFactor(c.var.ctx, c.var.auth, relyingPartyOf(c), pendingOf(c), 'TOTP', c.req.valid('form').data.code, clientAddress(c)), verifyView, {
        code: 'That code does not match: type the code your app shows now (each code works once)',
      }),
    )
    .post('/verify/recovery', verify, formValidator(RecoveryInput, (v) => v, verifyView), async (c) =>
      answer(c, await proveSecondFactor(c.var.ctx, c.var.auth, relyingPartyOf(c), pendingOf(c), 'RECOVERY_CODE', c.req.valid('form').data.recoveryCode, clientAddress(c)), verifyView, {
        recoveryCode: 'That recovery code does not match an unused code of this account',
      }),
    )
    .post('/verify/passkey', verify, formValidator(PasskeyInput, (v) => v, verifyView), async (c) =>
      answer(c, await proveSecondFactor(c.var.ctx, c.var.auth, relyingPartyOf(c), pendingOf(c), 'PASSKEY', c.req.valid('form').data.credential, clientAddress(c)), verifyView, {
        _form: 'The passkey did not confirm the sign-in. Try again, or use another way on this page.',
      }),
    )
    .get('/new-password', newPassword, (c) => page(c, newPasswordView(c, NO_INPUT)))
    .post('/new-password', newPassword, formValidator(NewPasswordInput, (v) => v, newPasswordView), async (c) =>
      moveOnOnly(c, await chooseNewPassword(c.var.ctx, c.var.auth, pendingOf(c), c.req.valid('form').data.password, clientAddress(c))),
    )
    .get('/enrol', enrol, (c) => page(c, enrolView(false)(c, NO_INPUT)))
    .get('/enrol/totp', enrol, (c) => page(c, enrolView(true)(c, NO_INPUT)))
    .post('/enrol/totp', enrol, formValidator(CodeInput, (v) => v, enrolView(true)), async (c) =>
      answer(c, await enrolInSignIn(c.var.ctx, c.var.auth, relyingPartyOf(c), pendingOf(c), 'TOTP', c.req.valid('form').data.code, '', clientAddress(c)), enrolView(true), {
        code: 'That code does not match: check that the key was typed exactly, then type the code the app shows now',
      }),
    )
    .post('/enrol/passkey', enrol, formValidator(PasskeyInput, (v) => v, enrolView(false)), async (c) => {
      const { credential, name } = c.req.valid('form').data;
      return answer(c, await enrolInSignIn(c.var.ctx, c.var.auth, relyingPartyOf(c), pendingOf(c), 'PASSKEY', credential, name || 'Passkey', clientAddress(c)), enrolView(false), {
        _form: 'The passkey was not added: your browser or key did not complete the request. Try again, or use an authenticator app.',
      });
    });
}

/** Choosing a password is never paused or refused by a code: only moves on (a bad password is a form error). */
function moveOnOnly(c: C, outcome: Outcome): Response | Promise<Response> {
  if (outcome.kind === 'continue' || outcome.kind === 'signed-in') return moveOn(c, outcome);
  throw refuse({ _form: 'The password was not saved. Sign in again.' });
}
