/** Browser-like helpers for page route tests: sign in, keep the cookie, post forms with the CSRF token. */
import type { Role } from '../../src/domain/levels.js';
import type { TestEnv } from '../helpers.js';
import { completeSecondFactor, cookieOf } from './second-factor.js';

export interface Session {
  cookie: string;
  setCookie: string;
  csrf: string;
  get: (path: string, headers?: Record<string, string>) => Promise<Response>;
  post: (path: string, form: Record<string, string | string[]>, headers?: Record<string, string>) => Promise<Response>;
}

export function formBody(form: Record<string, string | string[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
  return u.toString();
}

export async function signInAs(env: TestEnv, email: string, password: string): Promise<Session> {
  const res = await env.app.request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: formBody({ email, password }),
  });
  if (res.status !== 303) throw new Error(`sign-in of ${email} answered ${res.status}`);
  // Roles that need a second factor go through its steps (test/pages/second-factor.ts).
  const location = res.headers.get('location') ?? '';
  const signedIn = location.startsWith('/sign-in/') ? await completeSecondFactor(env, email, location, cookieOf(res, /ag_sign_in$/) ?? '') : res;
  const setCookie = signedIn.headers.getSetCookie().find((c) => /ag_session=/.test(c)) ?? '';
  const cookie = setCookie.split(';')[0];
  const home = await (await env.app.request('/', { headers: { cookie } })).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(home)?.[1] ?? '';
  return sessionOn(env, { cookie, setCookie, csrf });
}

/**
 * Creates each account (`[email, role]`, all with `password`), then signs each in and returns the
 * sessions in the same order. One after another: signed in concurrently, some answered 500 (each
 * sign-in writes to the one database).
 */
export async function accountsSignedIn(env: TestEnv, password: string, accounts: readonly (readonly [email: string, role: Role])[]): Promise<Session[]> {
  for (const [email, role] of accounts) await env.user(email, role, undefined, password);
  const sessions: Session[] = [];
  for (const [email] of accounts) sessions.push(await signInAs(env, email, password));
  return sessions;
}

/** A signed-in session (its cookie and CSRF token) used against `env`'s app: a copy of the database keeps its sessions. */
export function sessionOn(env: Pick<TestEnv, 'app'>, { cookie, setCookie, csrf }: Pick<Session, 'cookie' | 'setCookie' | 'csrf'>): Session {
  const get = async (path: string, headers: Record<string, string> = {}) => env.app.request(path, { headers: { cookie, ...headers } });
  const post = async (path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
    env.app.request(path, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...headers },
      body: formBody({ _csrf: csrf, ...form }),
    });
  return { cookie, setCookie, csrf, get, post };
}

/** The page of an import job (POST /admin/import answers 303 to it), once the import has finished. */
export async function finishedImport(get: (path: string) => Promise<Response>, location: string): Promise<Response> {
  for (let i = 0; i < 1200; i++) {
    const res = await get(location);
    // A running import's page reloads itself (Refresh); a finished one does not.
    if (!res.headers.get('refresh')) return res;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the import at ${location} did not finish`);
}

/** The flowdown check form of a prime (Sub One Machining, CUI, attested evidence), with `over` on top. */
export const flowdownCheckForm = (over: Record<string, string | string[]> = {}) => ({
  primeContractNumber: 'W912DY-26-C-0001',
  primeLevel: 'L2_C3PAO',
  'subcontractor.cage': 'SUB01',
  'subcontractor.name': 'Sub One Machining',
  information: 'CUI',
  evidenceSource: 'ATTESTATION',
  ...over,
});
