import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { company, testEnv, type TestEnv } from '../helpers.js';
import { signInAs } from './page-helpers.js';
import { expectPage, expectShows } from './expect-page.js';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
  await env.api('POST', '/api/v1/import', { companies: [company('1AB23')] });
  await env.user('officer@example.gov', 'CONTRACTING_OFFICER', undefined, 'correct horse battery');
  await env.user('acme@example.com', 'CONTRACTOR', '1AB23', 'correct horse battery');
});
afterEach(() => env.close());

describe('sign-in for people', () => {
  it('redirects an anonymous visitor to sign-in and back to the page asked for', async () => {
    const res = await env.app.request('/uids?uid=ABC');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fuids%3Fuid%3DABC');
  });

  it('rejects a wrong password with the form re-rendered, keeping the email but not the password', async () => {
    const res = await env.app.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'email=officer%40example.gov&password=wrong-password',
    });
    await expectPage(res, 422, ['do not match an account', 'value="officer@example.gov"'], ['wrong-password']);
  });

  it('signs in with an HttpOnly SameSite session cookie and shows who you are and your role', async () => {
    const s = await signInAs(env, 'acme@example.com', 'correct horse battery');
    expect(s.setCookie).toMatch(/HttpOnly/i);
    expect(s.setCookie).toMatch(/SameSite=Lax/i);
    const home = await s.get('/');
    await expectPage(home, 200, ['acme@example.com', 'Contractor', '1AB23']);
  });

  it('refuses a signed-in form post without the session CSRF token', async () => {
    const s = await signInAs(env, 'officer@example.gov', 'correct horse battery');
    const res = await env.app.request('/sign-out', {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: '_csrf=forged',
    });
    expect(res.status).toBe(403);
    const ok = await s.post('/sign-out', {});
    expect(ok.status).toBe(303);
    const after = await s.get('/');
    expect(after.status).toBe(303);
  });

  it('refuses a cross-origin form post', async () => {
    const res = await env.app.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'email=officer%40example.gov&password=correct+horse+battery',
    });
    expect(res.status).toBe(403);
  });

  it('sends secure headers (CSP, frame denial, nosniff)', async () => {
    const res = await env.app.request('/sign-in');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('serves USWDS and htmx from the installed packages', async () => {
    for (const p of ['/assets/uswds/css/uswds.min.css', '/assets/htmx/htmx.min.js', '/assets/app/app.css']) {
      const r = await env.app.request(p);
      expect(r.status, p).toBe(200);
    }
    expect((await env.app.request('/assets/uswds/../../package.json')).status).toBe(404);
  });

  it('links a favicon from every page and serves it as SVG', async () => {
    const html = await (await env.app.request('/sign-in')).text();
    expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/assets/app/favicon.svg"/>');
    const icon = await env.app.request('/assets/app/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('shows a UID lookup to an officer and hides another company’s UID from a contractor', async () => {
    await env.api('POST', '/api/v1/import', {
      companies: [company('2CD34')],
      assessments: [{ uid: 'LK01000001', level: 'L1_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['2CD34'], scope: 'Enterprise', affirmations: [{ date: '2026-06-01', name: 'A', title: 'B' }] }],
    });
    const officer = await signInAs(env, 'officer@example.gov', 'correct horse battery');
    const seen = await (await officer.get('/uids?uid=lk01000001')).text();
    expectShows(seen, ['LK01000001', '2027-06-01']);
    const acme = await signInAs(env, 'acme@example.com', 'correct horse battery');
    const hidden = await (await acme.get('/uids?uid=LK01000001')).text();
    expect(hidden).toContain('No UID LK01000001 that you may see');
    const frag = await acme.get('/uids?uid=LK01000001', { 'hx-request': 'true' });
    const fragHtml = await frag.text();
    expectShows(fragHtml, ['id="uid-result"'], ['<html']);
  });
});

describe('session cookie over TLS', () => {
  it('marks the cookie Secure when the request came over https', async () => {
    const e = await testEnv();
    await e.user('tls@example.gov', 'CONTRACTING_OFFICER', undefined, 'correct horse battery');
    const res = await e.app.request('https://awardgate.example/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://awardgate.example' },
      body: 'email=tls%40example.gov&password=correct+horse+battery',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    e.close();
  });
});
