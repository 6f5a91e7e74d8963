/** Sign-in and sign-out: the session cookie every other page reads (session.ts). */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { SignInPage } from '../../../views/pages/sign-in.js';
import { signIn, signOut, SESSION_HOURS } from '../../services/sessions.js';
import type { PagesEnv } from './env.js';
import { SESSION_COOKIE } from './session.js';
import { formValidator, refuse, type FormView } from './validator.js';

const SignInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(320),
  password: z.string().min(1, 'Enter your password').max(200),
  next: z.string().optional(),
});

/** The password typed is never sent back. */
const signInView: FormView = (_c, form) => ({ title: 'Sign in', page: <SignInPage values={{ ...form.values, password: '' }} errors={form.errors} /> });

/** Only same-site paths are followed after sign-in (no open redirect). */
const safeNext = (n: string | undefined) => (n && n.startsWith('/') && !n.startsWith('//') && !n.startsWith('/\\') ? n : '/');

export function authPages(opts: { secureCookies: boolean }) {
  return new Hono<PagesEnv>()
    .get('/sign-in', (c) => {
      if (c.var.actor) return c.redirect('/', 303);
      return c.render(<SignInPage values={{ next: c.req.query('next') ?? '' }} errors={{}} />, { title: 'Sign in' });
    })
    .post('/sign-in', formValidator(SignInForm, (v) => v, signInView), async (c) => {
      const { data } = c.req.valid('form');
      const result = await signIn(c.var.ctx, data.email, data.password);
      if (!result) throw refuse({ _form: 'That email and password do not match an account.' });
      setCookie(c, SESSION_COOKIE, result.sessionId, {
        httpOnly: true,
        sameSite: 'Lax',
        // Secure whenever the browser reached us over TLS (directly or through a TLS-terminating proxy).
        secure: opts.secureCookies || new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
        path: '/',
        maxAge: SESSION_HOURS * 3600,
      });
      return c.redirect(safeNext(data.next), 303);
    })
    .post('/sign-out', async (c) => {
      const id = getCookie(c, SESSION_COOKIE);
      if (id) await signOut(c.var.ctx, id);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.redirect('/sign-in', 303);
    });
}
