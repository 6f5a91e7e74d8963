/**
 * Sign-in (the password step) and sign-out. What follows a right password — second factor, a new
 * password, enrolment — is in auth-steps.tsx; the cookies and the client address in auth-request.ts.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { SignInPage } from '../../../views/pages/sign-in.js';
import { abandonPendingSignIn, signInWithPassword } from '../../services/auth/sign-in.js';
import { signOut } from '../../services/sessions.js';
import { safeNextPath } from '../../domain/sign-in.js';
import { pausedPage, moveOn } from './auth-outcome.js';
import { clearCookie, clientAddress, PENDING_COOKIE, readCookie, SESSION_COOKIE } from './auth-request.js';
import type { PagesEnv } from './env.js';
import { formValidator, refuse, type FormView } from './validator.js';

const SignInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(320, 'Email address must be at most 320 characters'),
  password: z.string().min(1, 'Enter your password').max(1000, 'Password must be at most 1,000 characters'),
  // Any text: it is only ever used through safeNextPath, which keeps our own paths and nothing else.
  next: z.string().max(2000).optional(),
});

/** The password typed is never sent back. */
const signInView: FormView = (_c, form) => ({ title: 'Sign in', page: <SignInPage values={{ ...form.values, password: '' }} errors={form.errors} /> });

const NOTICES: Record<string, string> = {
  expired: 'That sign-in took too long or was ended. Sign in again.',
};

export function authPages() {
  return new Hono<PagesEnv>()
    .get('/sign-in', (c) => {
      const next = c.req.query('next') ?? '';
      if (c.var.actor) return c.redirect(safeNextPath(next), 303);
      return c.render(<SignInPage values={{ next }} errors={{}} notice={NOTICES[c.req.query('notice') ?? ''] ?? null} />, { title: 'Sign in' });
    })
    .post('/sign-in', formValidator(SignInForm, (v) => v, signInView), async (c) => {
      const { data, values } = c.req.valid('form');
      const outcome = await signInWithPassword(c.var.ctx, c.var.auth, { ...data, address: clientAddress(c) });
      switch (outcome.kind) {
        case 'paused':
          return pausedPage(c, outcome.retryAfterSeconds, (message) => signInView(c, { values, errors: { _form: message } }));
        case 'refused':
          throw refuse({ _form: 'That email and password do not match an account.' });
        case 'disabled':
          throw refuse({ _form: 'This account is disabled. Ask an administrator to enable it.' });
        default:
          return moveOn(c, outcome);
      }
    })
    .post('/sign-out', async (c) => {
      const id = readCookie(c, SESSION_COOKIE);
      if (id) await signOut(c.var.ctx, id);
      const pending = readCookie(c, PENDING_COOKIE);
      if (pending) await abandonPendingSignIn(c.var.ctx.database.db, pending);
      clearCookie(c, SESSION_COOKIE);
      clearCookie(c, PENDING_COOKIE);
      return c.redirect('/sign-in', 303);
    });
}
