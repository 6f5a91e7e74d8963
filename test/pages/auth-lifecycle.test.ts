/**
 * Issue 10, administrators: edit an account's role and company, disable and enable it (a disabled
 * account neither signs in nor uses its API token), reset its password (the user chooses a new one
 * at the next sign-in) and its second factor, see API-only accounts clearly; each in the audit log,
 * and a confirmation where it cannot be undone.
 */
import { describe, expect, it } from 'vitest';
import { company, eachTest, testEnv } from '../helpers.js';
import { accountsSignedIn, formBody, signInAs } from './page-helpers.js';
import { formCsrf } from './second-factor.js';
import { expectPage, expectShows } from './expect-page.js';

const ADMIN = 'root@agency.example';
const PASSWORD = 'ledger violet harbor';
const USER = 'ao@acme.example';
const USER_PASSWORD = 'quarterly brass lantern';

const t = eachTest(
  async () => {
    const env = await testEnv();
    await env.api('POST', '/api/v1/import', { companies: [company('1AB23'), company('2CD34')] });
    const [admin] = await accountsSignedIn(env, PASSWORD, [[ADMIN, 'ADMIN']]);
    const userToken = await env.user(USER, 'CONTRACTOR', '1AB23', USER_PASSWORD);
    const userId = Number((await env.database.client.execute(`SELECT id FROM users WHERE email = '${USER}'`)).rows[0].id);
    return { env, admin, userToken, userId };
  },
  (t) => t.env.close(),
);

const signIn = (email: string, password: string) =>
  t.env.app.request('/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: formBody({ email, password }) });
const audit = async (action: string) =>
  (await t.env.database.client.execute({ sql: 'SELECT user_id, entity_id, detail_json FROM audit_log WHERE action = ? ORDER BY id', args: [action] })).rows.map((r) => ({
    by: r.user_id,
    account: r.entity_id,
    detail: r.detail_json ? JSON.parse(String(r.detail_json)) : null,
  }));
const adminId = async () => Number((await t.env.database.client.execute(`SELECT id FROM users WHERE email = '${ADMIN}'`)).rows[0].id);

describe('an administrator’s care of an account', () => {
  it('shows API-only accounts clearly in the list and on the account’s page', async () => {
    await t.env.user('feed@sprs.example', 'ADMIN');
    const list = await (await t.admin.get('/admin/users')).text();
    expect(list).toMatch(/feed@sprs\.example<\/a><\/td><td>Administrator<\/td><td class="ag-mono">—<\/td><td><span class="usa-tag ag-tag--info">API only<\/span>/);
    const [{ id }] = (await t.env.database.client.execute("SELECT id FROM users WHERE email = 'feed@sprs.example'")).rows;
    const page = await (await t.admin.get(`/admin/users/${id}`)).text();
    expect(page).toContain('API token only: no password, so it cannot sign in to these pages');
  });

  it('changes role and company; a new role signs the account out at once', async () => {
    const user = await signInAs(t.env, USER, USER_PASSWORD);
    const res = await t.admin.post(`/admin/users/${t.userId}`, { role: 'CONTRACTING_OFFICER', companyCage: '', name: 'Pat Lee' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/users/${t.userId}?done=saved`);
    expect((await user.get('/')).status).toBe(303);
    const page = await (await t.admin.get(`/admin/users/${t.userId}?done=saved`)).text();
    expectShows(page, ['Role and company saved.', '<dt>Role</dt><dd>Contracting officer</dd>']);
    // The new role needs a second factor: the next sign-in enrols one.
    expect((await signIn(USER, USER_PASSWORD)).headers.get('location')).toBe('/sign-in/enrol');
    expect(await audit('user.update')).toEqual([
      { by: await adminId(), account: String(t.userId), detail: { before: { role: 'CONTRACTOR', companyCage: '1AB23', name: null }, after: { role: 'CONTRACTING_OFFICER', companyCage: null, name: 'Pat Lee' } } },
    ]);
  });

  it('refuses a contractor without a company, and a company that does not exist, naming the field', async () => {
    const none = await t.admin.post(`/admin/users/${t.userId}`, { role: 'CONTRACTOR', companyCage: '' });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Company CAGE is required for a contractor');
    const unknown = await t.admin.post(`/admin/users/${t.userId}`, { role: 'CONTRACTOR', companyCage: '9ZZ99' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('No company has CAGE 9ZZ99');
  });

  it('disables an account: signed out, no sign-in, API token refused; enabling restores both', async () => {
    const user = await signInAs(t.env, USER, USER_PASSWORD);
    expect((await t.admin.post(`/admin/users/${t.userId}/disable`, {})).status).toBe(303);
    expect((await user.get('/')).status).toBe(303);
    const refused = await signIn(USER, USER_PASSWORD);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('This account is disabled. Ask an administrator to enable it.');
    expect((await t.env.api('POST', '/api/v1/applicability', { issueDate: '2026-01-01', information: 'CUI' }, t.userToken)).status).toBe(401);
    expect((await t.admin.post(`/admin/users/${t.userId}/enable`, {})).status).toBe(303);
    expect((await signIn(USER, USER_PASSWORD)).status).toBe(303);
    expect((await t.env.api('POST', '/api/v1/applicability', { issueDate: '2026-01-01', information: 'CUI' }, t.userToken)).status).toBe(200);
    expect((await audit('user.disable')).map((a) => a.account)).toEqual([String(t.userId)]);
    expect((await audit('user.enable')).map((a) => a.account)).toEqual([String(t.userId)]);
  });

  it('resets a password only once confirmed; the temporary password is shown once and leads to choosing a new one', async () => {
    const unconfirmed = await t.admin.post(`/admin/users/${t.userId}/reset-password`, {});
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('Confirm that the current password stops working');
    expect((await signIn(USER, USER_PASSWORD)).status).toBe(303);

    const reset = await t.admin.post(`/admin/users/${t.userId}/reset-password`, { confirmPassword: 'on' });
    expect(reset.status).toBe(200);
    const temporary = /Give it to [^:]+: <code class="ag-mono">([A-Z0-9-]+)<\/code>/.exec(await reset.text())?.[1] ?? '';
    expect(temporary).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(await (await t.admin.get(`/admin/users/${t.userId}`)).text()).not.toContain(temporary);
    expect((await signIn(USER, USER_PASSWORD)).status).toBe(422);

    const first = await signIn(USER, temporary);
    expect(first.headers.get('location')).toBe('/sign-in/new-password');
    const pending = first.headers.getSetCookie().find((c) => c.startsWith('ag_sign_in='))!.split(';')[0];
    const step = (form: Record<string, string>) =>
      t.env.app.request('/sign-in/new-password', { method: 'POST', headers: { cookie: pending, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: formBody(form) });
    const page = await (await t.env.app.request('/sign-in/new-password', { headers: { cookie: pending } })).text();
    const weak = await step({ _csrf: formCsrf(page), password: 'aaaaaaaaaaaaaaaa', repeat: 'aaaaaaaaaaaaaaaa' });
    // The rules stay in view after the error.
    await expectPage(weak, 422, ['Password is too easy to guess: it repeats the same characters or words', 'At least 15 characters; a phrase of several unrelated words works well.']);
    expect((await step({ _csrf: formCsrf(page), password: 'copper meadow signal', repeat: 'copper meadow signals' })).status).toBe(422);
    const done = await step({ _csrf: formCsrf(page), password: 'copper meadow signal', repeat: 'copper meadow signal' });
    expect(done.status).toBe(303);
    expect(done.headers.getSetCookie().some((c) => c.startsWith('ag_session='))).toBe(true);
    expect((await signIn(USER, temporary)).status).toBe(422);
    expect((await signIn(USER, 'copper meadow signal')).status).toBe(303);
    expect(await audit('user.password_reset')).toEqual([{ by: await adminId(), account: String(t.userId), detail: { hadPassword: true } }]);
    expect((await audit('user.password_changed')).map((a) => a.detail)).toEqual([{ after: 'reset' }]);
  });

  it('resets a second factor only once confirmed; the account enrols again at its next sign-in', async () => {
    await t.env.user('co@agency.example', 'CONTRACTING_OFFICER', undefined, PASSWORD);
    await signInAs(t.env, 'co@agency.example', PASSWORD);
    const [{ id }] = (await t.env.database.client.execute("SELECT id FROM users WHERE email = 'co@agency.example'")).rows;
    const page = await (await t.admin.get(`/admin/users/${id}`)).text();
    expect(page).toContain('Password and an authenticator app; 10 unused recovery codes');
    expect((await t.admin.post(`/admin/users/${id}/reset-second-factor`, {})).status).toBe(422);
    const reset = await t.admin.post(`/admin/users/${id}/reset-second-factor`, { confirmFactor: 'on' });
    expect(reset.headers.get('location')).toBe(`/admin/users/${id}?done=factor-reset`);
    expect((await t.env.database.client.execute(`SELECT count(*) AS n FROM totp_secrets WHERE user_id = ${id}`)).rows[0].n).toBe(0);
    expect((await t.env.database.client.execute(`SELECT count(*) AS n FROM recovery_codes WHERE user_id = ${id}`)).rows[0].n).toBe(0);
    expect((await signIn('co@agency.example', PASSWORD)).headers.get('location')).toBe('/sign-in/enrol');
    expect(await audit('user.second_factor_reset')).toEqual([{ by: await adminId(), account: String(id), detail: { passkeys: 0, totp: true } }]);
  });

  it('does none of this to the administrator’s own account (another administrator must)', async () => {
    const own = await adminId();
    const page = await (await t.admin.get(`/admin/users/${own}`)).text();
    expectShows(page, ['This is your own account'], ['action="/admin/users/' + own + '/disable"']);
    const disable = await t.admin.post(`/admin/users/${own}/disable`, {});
    expect(disable.status).toBe(409);
    expect(await disable.text()).toContain('You cannot disable your own account; another administrator must.');
    const demote = await t.admin.post(`/admin/users/${own}`, { role: 'CONTRACTOR', companyCage: '1AB23' });
    expect(demote.status).toBe(409);
  });

  it('keeps the lifecycle pages to administrators', async () => {
    const user = await signInAs(t.env, USER, USER_PASSWORD);
    expect((await user.get(`/admin/users/${t.userId}`)).status).toBe(403);
    expect((await user.post(`/admin/users/${t.userId}/disable`, {})).status).toBe(403);
    expect((await t.admin.get('/admin/users/999999')).status).toBe(404);
  });
});
