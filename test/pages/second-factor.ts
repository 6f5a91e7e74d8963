/**
 * The sign-in steps as a test's browser goes through them (page-helpers.signInAs): enrol an
 * authenticator app when asked (reading the key off the page, as a person would), then confirm later
 * sign-ins with its code — or with a recovery code when the test's fixed clock would repeat a code
 * already used (a TOTP code is accepted once).
 */
import { generate } from 'otplib';
import type { TestEnv } from '../helpers.js';
import { formBody } from './page-helpers.js';

interface Held {
  secret: string;
  recoveryCodes: string[];
  usedSteps: Set<number>;
}
const held = new WeakMap<TestEnv['database'], Map<string, Held>>();

export const cookieOf = (res: Response, name: RegExp): string | null => {
  const line = res.headers.getSetCookie().find((c) => name.test(c.split('=')[0]));
  return line ? line.split(';')[0] : null;
};

/** The `_csrf` a page's forms carry (the pending sign-in's token on the steps' pages). */
export const formCsrf = (html: string): string => /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';

/** The authenticator-app key as the page shows it, without its grouping spaces. */
export const shownSecret = (html: string): string => (/id="totp-secret">([^<]+)</.exec(html)?.[1] ?? '').replace(/\s+/g, '');

export const shownRecoveryCodes = (html: string): string[] => [...(/id="recovery-codes">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);

export const totpCode = (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

/**
 * Completes the steps after a right password (303 to `location` with the pending cookie) and
 * returns the response that opened the session.
 */
export async function completeSecondFactor(env: TestEnv, email: string, location: string, pendingCookie: string): Promise<Response> {
  const byEmail = held.get(env.database) ?? new Map<string, Held>();
  held.set(env.database, byEmail);
  const get = async (path: string) => env.app.request(path, { headers: { cookie: pendingCookie } });
  const post = (path: string, form: Record<string, string>) =>
    env.app.request(path, { method: 'POST', headers: { cookie: pendingCookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: formBody(form) });
  const now = env.clock.now();
  const step = Math.floor(now.getTime() / 30_000);
  if (location === '/sign-in/enrol') {
    const page = await (await get('/sign-in/enrol/totp')).text();
    const secret = shownSecret(page);
    const res = await post('/sign-in/enrol/totp', { _csrf: formCsrf(page), code: await totpCode(secret, now) });
    if (res.status !== 200) throw new Error(`enrolling ${email} answered ${res.status}`);
    byEmail.set(email, { secret, recoveryCodes: shownRecoveryCodes(await res.clone().text()), usedSteps: new Set([step]) });
    return res;
  }
  if (location === '/sign-in/verify') {
    const h = byEmail.get(email);
    if (!h) throw new Error(`${email} has a second factor this helper did not enrol`);
    const page = await (await get('/sign-in/verify')).text();
    const form = h.usedSteps.has(step) ? { path: '/sign-in/verify/recovery', field: 'recoveryCode', value: h.recoveryCodes.shift() } : { path: '/sign-in/verify/totp', field: 'code', value: await totpCode(h.secret, now) };
    if (!form.value) throw new Error(`${email}: out of recovery codes`);
    h.usedSteps.add(step);
    const res = await post(form.path, { _csrf: formCsrf(page), [form.field]: form.value });
    if (res.status !== 303) throw new Error(`second factor of ${email} answered ${res.status}`);
    return res;
  }
  throw new Error(`sign-in of ${email} stopped at ${location}`);
}
