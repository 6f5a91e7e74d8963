/**
 * Issue 12, finding 6: administrators, contracting officers and assessors sign in with a second
 * factor, enrolled at their first sign-in; contractors may add one; a session is full only after
 * it. Authenticator-app codes (computed here with otplib from the key the page shows) are accepted
 * once; recovery codes work once each. The passkey journey runs in Chromium (test/browser).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { fixedClock, type Clock } from '../../src/clock.js';
import { startSession } from '../../src/services/sessions.js';
import { createUser } from '../../src/services/users.js';
import { company, TEST_PASSWORD_HASH_N, testEnv, TODAY, type TestEnv } from '../helpers.js';
import { formBody, signInAs } from './page-helpers.js';
import { formCsrf, shownRecoveryCodes, shownSecret, totpCode } from './second-factor.js';

const OFFICER = 'co@agency.example';
const CONTRACTOR = 'ao@acme.example';
const PASSWORD = 'violet harbor kiln';

let env: TestEnv;
let now: Date;
const clock: Clock = { ...fixedClock(TODAY), now: () => now };

beforeEach(async () => {
  now = new Date(`${TODAY}T15:00:00Z`);
  env = await testEnv(TODAY, clock);
  await env.api('POST', '/api/v1/import', { companies: [company('1AB23')] });
  await env.user(OFFICER, 'CONTRACTING_OFFICER', undefined, PASSWORD);
  await env.user(CONTRACTOR, 'CONTRACTOR', '1AB23', PASSWORD);
});
afterEach(() => env.close());

/** A browser: keeps the cookies it is given (pending sign-in, session). */
function browser(app = env.app) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (attrs.some((a) => /max-age=0/i.test(a)) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    get: async (path: string) => keep(await app.request(path, { headers: { cookie: cookie() } })),
    post: async (path: string, form: Record<string, string>) =>
      keep(await app.request(path, { method: 'POST', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: formBody(form) })),
  };
}

async function rows(sql: string) {
  return (await env.database.client.execute(sql)).rows;
}

/** Password, then the app enrolment; returns the key and the recovery codes. */
async function enrolApp(b: ReturnType<typeof browser>, email: string) {
  const first = await b.post('/sign-in', { email, password: PASSWORD, next: '/uids' });
  expect(first.headers.get('location')).toBe('/sign-in/enrol');
  const page = await (await b.get('/sign-in/enrol/totp')).text();
  const secret = shownSecret(page);
  const done = await b.post('/sign-in/enrol/totp', { _csrf: formCsrf(page), code: await totpCode(secret, now) });
  expect(done.status).toBe(200);
  return { secret, codes: shownRecoveryCodes(await done.text()) };
}

describe('a role that needs a second factor', () => {
  it('is sent to enrol at its first sign-in, with no session until it has', async () => {
    const b = browser();
    const res = await b.post('/sign-in', { email: OFFICER, password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in/enrol');
    expect(b.jar.has('ag_sign_in')).toBe(true);
    expect(b.jar.has('ag_session')).toBe(false);
    // The pending sign-in opens no page…
    expect((await b.get('/officer/contracts')).headers.get('location')).toBe('/sign-in?next=%2Fofficer%2Fcontracts');
    // …and a step out of turn goes to the step it is at.
    expect((await b.get('/sign-in/verify')).headers.get('location')).toBe('/sign-in/enrol');
    const enrol = await (await b.get('/sign-in/enrol')).text();
    expect(enrol).toContain('Contracting officer accounts confirm every sign-in with a second factor');
  });

  it('enrols an authenticator app with the code computed from the key shown, gets 10 recovery codes once, and is signed in', async () => {
    const b = browser();
    await b.post('/sign-in', { email: OFFICER, password: PASSWORD, next: '/officer/contracts' });
    const page = await (await b.get('/sign-in/enrol/totp')).text();
    const secret = shownSecret(page);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const wrong = await b.post('/sign-in/enrol/totp', { _csrf: formCsrf(page), code: '000000' === (await totpCode(secret, now)) ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That code does not match');
    const done = await b.post('/sign-in/enrol/totp', { _csrf: formCsrf(page), code: await totpCode(secret, now) });
    expect(done.status).toBe(200);
    const html = await done.text();
    const codes = shownRecoveryCodes(html);
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    expect(html).toContain('href="/officer/contracts"');
    expect(b.jar.has('ag_session')).toBe(true);
    expect(b.jar.has('ag_sign_in')).toBe(false);
    expect((await b.get('/officer/contracts')).status).toBe(200);
    // Only hashes are kept.
    const stored = (await rows('SELECT code_hash FROM recovery_codes')).map((r) => String(r.code_hash));
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(stored).not.toContain(c);
    expect((await rows("SELECT action, detail_json FROM audit_log WHERE action IN ('user.second_factor_added', 'session.sign_in') ORDER BY id")).map((r) => [r.action, JSON.parse(String(r.detail_json))])).toEqual([
      ['user.second_factor_added', { method: 'TOTP' }],
      ['session.sign_in', { secondFactor: 'TOTP', address: 'unknown' }],
    ]);
  });

  it('asks for the app’s code at each later sign-in, and accepts a code only once', async () => {
    const { secret } = await enrolApp(browser(), OFFICER);
    const b = browser();
    const res = await b.post('/sign-in', { email: OFFICER, password: PASSWORD, next: '/uids' });
    expect(res.headers.get('location')).toBe('/sign-in/verify');
    const page = await (await b.get('/sign-in/verify')).text();
    // The code that enrolled the app, in the same 30 seconds: already used.
    const replay = await b.post('/sign-in/verify/totp', { _csrf: formCsrf(page), code: await totpCode(secret, now) });
    expect(replay.status).toBe(422);
    now = new Date(now.getTime() + 30_000);
    const ok = await b.post('/sign-in/verify/totp', { _csrf: formCsrf(page), code: await totpCode(secret, now) });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/uids');
    expect((await b.get('/uids')).status).toBe(200);
  });

  it('signs in with a recovery code once; the same code is refused after that', async () => {
    const { codes } = await enrolApp(browser(), OFFICER);
    const first = browser();
    await first.post('/sign-in', { email: OFFICER, password: PASSWORD });
    const page = await (await first.get('/sign-in/verify')).text();
    expect(page).toContain('10 left');
    const used = await first.post('/sign-in/verify/recovery', { _csrf: formCsrf(page), recoveryCode: codes[3].toUpperCase() });
    expect(used.status).toBe(303);
    expect(first.jar.has('ag_session')).toBe(true);
    const again = browser();
    await again.post('/sign-in', { email: OFFICER, password: PASSWORD });
    const page2 = await (await again.get('/sign-in/verify')).text();
    expect(page2).toContain('9 left');
    const reused = await again.post('/sign-in/verify/recovery', { _csrf: formCsrf(page2), recoveryCode: codes[3] });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain('That recovery code does not match an unused code of this account');
    expect(again.jar.has('ag_session')).toBe(false);
    expect((await rows("SELECT detail_json FROM audit_log WHERE action = 'user.recovery_code_used'")).map((r) => JSON.parse(String(r.detail_json)))).toEqual([{ left: 9 }]);
  });

  it('counts wrong codes like wrong passwords: after 10 the right code gets 429', async () => {
    const { secret } = await enrolApp(browser(), OFFICER);
    now = new Date(now.getTime() + 60_000);
    const b = browser();
    await b.post('/sign-in', { email: OFFICER, password: PASSWORD });
    const page = await (await b.get('/sign-in/verify')).text();
    const right = await totpCode(secret, now);
    const wrongs = ['000000', '111111', '222222', '333333', '444444', '555555', '666666', '777777', '888888', '999999', '123456'].filter((c) => c !== right).slice(0, 10);
    for (const code of wrongs) expect((await b.post('/sign-in/verify/totp', { _csrf: formCsrf(page), code })).status).toBe(422);
    const paused = await b.post('/sign-in/verify/totp', { _csrf: formCsrf(page), code: right });
    expect(paused.status).toBe(429);
    expect(paused.headers.get('retry-after')).toBe('60');
  });

  it('refuses a step posted without the pending sign-in’s token', async () => {
    const b = browser();
    await b.post('/sign-in', { email: OFFICER, password: PASSWORD });
    expect((await b.post('/sign-in/enrol/totp', { code: '123456' })).status).toBe(403);
  });

  it('gets no page from a session made without a second factor (a session is full only after it)', async () => {
    const [{ id }] = await rows(`SELECT id FROM users WHERE email = '${OFFICER}'`);
    const sessionId = await startSession(env.database.db, Number(id), null, now);
    const res = await env.app.request('/officer/contracts', { headers: { cookie: `ag_session=${sessionId}` } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fofficer%2Fcontracts');
  });
});

describe('a contractor', () => {
  it('signs in with the password alone until it adds a second factor on its account page; then it is asked for it', async () => {
    const s = await signInAs(env, CONTRACTOR, PASSWORD);
    const account = await (await s.get('/account')).text();
    expect(account).toContain('Optional for your role, and recommended');
    const setup = await (await s.get('/account/totp')).text();
    const secret = shownSecret(setup);
    const added = await s.post('/account/totp', { code: await totpCode(secret, now) });
    expect(added.status).toBe(200);
    expect(shownRecoveryCodes(await added.text())).toHaveLength(10);
    const b = browser();
    const res = await b.post('/sign-in', { email: CONTRACTOR, password: PASSWORD });
    expect(res.headers.get('location')).toBe('/sign-in/verify');
  });
});

describe('the seeded demo accounts', () => {
  async function demoOfficer(database: TestEnv['database']) {
    await createUser({ database, clock, passwordHashN: TEST_PASSWORD_HASH_N }, null, { email: 'officer@awardgate.demo', role: 'CONTRACTING_OFFICER', password: 'AwardGate-demo-2026', demo: true });
  }

  it('skip the second factor in demo mode only, under the demo banner on every page', async () => {
    await demoOfficer(env.database);
    const demo = browser(createApp({ database: env.database, clock, auth: { demoMode: true }, passwordHashN: TEST_PASSWORD_HASH_N }));
    const res = await demo.post('/sign-in', { email: 'officer@awardgate.demo', password: 'AwardGate-demo-2026' });
    expect(res.headers.get('location')).toBe('/');
    const home = await (await demo.get('/')).text();
    expect(home).toContain('This install holds the demo accounts');
    expect((await rows("SELECT second_factor FROM sessions"))).toEqual([expect.objectContaining({ second_factor: 'DEMO' })]);
    // Not in demo mode (production without DEMO_SEED=on): the demo officer enrols like anyone.
    const strict = browser();
    expect((await strict.post('/sign-in', { email: 'officer@awardgate.demo', password: 'AwardGate-demo-2026' })).headers.get('location')).toBe('/sign-in/enrol');
    expect(await (await strict.get('/sign-in')).text()).toContain('This install holds the demo accounts');
  });

  it('shows no demo banner when no demo account is enabled', async () => {
    expect(await (await env.app.request('/sign-in')).text()).not.toContain('This install holds the demo accounts');
  });
});
