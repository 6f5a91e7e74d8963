/**
 * Issue 12, finding 8 (open redirect and the newline crash after sign-in) and finding 11 (the
 * session cookie `__Host-` prefixed and Secure over TLS, also behind a TLS-terminating proxy when
 * TRUST_PROXY says to believe it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { company, TEST_PASSWORD_HASH_N, testEnv, type TestEnv } from '../helpers.js';
import { formBody } from './page-helpers.js';

const EMAIL = 'ao@acme.example';
const PASSWORD = 'violet harbor kiln';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
  await env.api('POST', '/api/v1/import', { companies: [company('1AB23')] });
  await env.user(EMAIL, 'CONTRACTOR', '1AB23', PASSWORD);
});
afterEach(() => env.close());

const signIn = (form: Record<string, string>, url = 'http://localhost/sign-in', headers: Record<string, string> = {}, app = env.app) =>
  app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin, ...headers }, body: formBody({ email: EMAIL, password: PASSWORD, ...form }) });

describe('next after sign-in (no open redirect, no crash)', () => {
  it.each([
    '/\t/evil.example',
    '/%09/evil.example',
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    'https:%2F%2Fevil.example',
  ])('goes home for next=%j', async (next) => {
    const res = await signIn({ next });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });

  it.each(['/officer\n/x', '/\r\nSet-Cookie: stolen=1', '/uids\u0000', '/\u007f'])('goes home, never 500, for a control character in next=%j', async (next) => {
    const res = await signIn({ next });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('stolen'))).toBe(false);
  });

  it('returns to the page asked for when it is ours', async () => {
    const res = await signIn({ next: '/uids?uid=AB12CD34EF' });
    expect(res.headers.get('location')).toBe('/uids?uid=AB12CD34EF');
  });

  it('shows the sign-in page for a newline in the query, and 400 (never a 500) for a malformed escape', async () => {
    for (const q of ['next=%0A%0D', 'next=/%0d%0aSet-Cookie:%20x=1']) {
      const res = await env.app.request(`/sign-in?${q}`);
      expect(res.status, q).toBe(200);
    }
    // Issue 12 finding 8: a malformed percent-escape is a bad request (src/routes/edge.ts).
    expect((await env.app.request('/sign-in?next=%E0%A4%A')).status).toBe(400);
  });
});

describe('the session cookie (README "Sign-in and accounts")', () => {
  const cookieLine = (res: Response) => res.headers.getSetCookie().find((c) => /ag_session=/.test(c)) ?? '';

  it('is a plain HttpOnly cookie over plain http on localhost (the quick start)', async () => {
    const line = cookieLine(await signIn({}));
    expect(line).toMatch(/^ag_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('is __Host- prefixed, Secure, Path=/ and without Domain over TLS, and works there', async () => {
    const res = await signIn({}, 'https://awardgate.example/sign-in');
    const line = cookieLine(res);
    expect(line).toMatch(/^__Host-ag_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const home = await env.app.request('https://awardgate.example/', { headers: { cookie: line.split(';')[0] } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(EMAIL);
  });

  it('ignores X-Forwarded-Proto without TRUST_PROXY (anyone can send it)', async () => {
    expect(cookieLine(await signIn({}, 'http://localhost/sign-in', { 'x-forwarded-proto': 'https' }))).toMatch(/^ag_session=/);
  });

  it('behind TRUST_PROXY is __Host- prefixed and Secure when the proxy says the browser used https', async () => {
    const proxied = createApp({ database: env.database, clock: env.clock, auth: { trustProxy: 1 }, passwordHashN: TEST_PASSWORD_HASH_N });
    const res = await signIn({}, 'http://localhost/sign-in', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5' }, proxied);
    const line = cookieLine(res);
    expect(line).toMatch(/^__Host-ag_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const home = await proxied.request('http://localhost/', { headers: { cookie: line.split(';')[0], 'x-forwarded-proto': 'https' } });
    expect(home.status).toBe(200);
  });

  it('does not accept a plain-named cookie on a TLS request (a plain-http page could have planted it)', async () => {
    const plain = cookieLine(await signIn({})).split(';')[0];
    const res = await env.app.request('https://awardgate.example/', { headers: { cookie: plain } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2F');
  });
});
