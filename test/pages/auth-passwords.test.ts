/**
 * Issue 12, finding 5: passwords per NIST SP 800-63B — at least 15 characters without a second
 * factor (8 with one), and not on a common-password or pattern list (zxcvbn-ts). The messages name
 * the field, and the password's rules stay on the form after an error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { company, testEnv, type TestEnv } from '../helpers.js';
import { signInAs } from './page-helpers.js';
import { expectPage } from './expect-page.js';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
  await env.api('POST', '/api/v1/import', { companies: [company('1AB23')] });
});
afterEach(() => env.close());

const create = (email: string, role: string, password: string) => env.api('POST', '/api/v1/users', { email, role, password, ...(role === 'CONTRACTOR' ? { companyCage: '1AB23' } : {}) });

describe('choosing a password', () => {
  it.each([
    ['aaaaaaaaaaaa', 'CONTRACTING_OFFICER', 'Password is too easy to guess: it repeats the same characters or words. Choose a longer phrase of unrelated words'],
    ['password1234', 'CONTRACTING_OFFICER', 'Password is too easy to guess: it is one of the most commonly used passwords, or close to one. Choose a longer phrase of unrelated words'],
    ['aaaaaaaaaaaaaaaa', 'CONTRACTOR', 'Password is too easy to guess: it repeats the same characters or words. Choose a longer phrase of unrelated words'],
    ['qwertyuiopasdfgh', 'CONTRACTOR', 'Password is too easy to guess: it is one of the most commonly used passwords, or close to one. Choose a longer phrase of unrelated words'],
    ['abcdefghijklmnop', 'CONTRACTOR', 'Password is too easy to guess: it is a run of characters like 12345 or abcde. Choose a longer phrase of unrelated words'],
    ['quartz lantern', 'CONTRACTOR', 'Password must be at least 15 characters (it has 14)'],
    ['brass7!', 'DIBCAC', 'Password must be at least 8 characters (it has 7)'],
  ])('refuses %j for a %s account (422, naming the field)', async (password, role, message) => {
    const res = await create(`someone@${role.toLowerCase().replace('_', '-')}.example`, role, password);
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([{ path: 'password', message }]);
  });

  it('refuses a password built from the account’s own e-mail address', async () => {
    const res = await create('margaret.okafor@keystone.example', 'CONTRACTOR', 'margaret.okafor@keystone.example');
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([{ path: 'password', message: 'Password is too easy to guess: it contains your e-mail address or name. Choose a longer phrase of unrelated words' }]);
  });

  it('accepts 15 characters of unrelated words alone, and 8 good characters for a role that signs in with a second factor', async () => {
    expect((await create('ao@acme.example', 'CONTRACTOR', 'violet harbor kiln')).status).toBe(201);
    expect((await create('co@agency.example', 'CONTRACTING_OFFICER', 'Kiln#93vb')).status).toBe(201);
  });

  it('keeps the password rules on the administrators’ form after an error, and never shows the password typed back', async () => {
    await create('root@agency.example', 'ADMIN', 'ledger violet harbor');
    const admin = await signInAs(env, 'root@agency.example', 'ledger violet harbor');
    const res = await admin.post('/admin/users', { email: 'new@acme.example', role: 'CONTRACTOR', companyCage: '1AB23', password: 'passwordpassword' });
    await expectPage(res, 422, ['Password is too easy to guess: it repeats the same characters or words', 'At least 15 characters, or 8 for administrators, contracting officers and assessors'], ['passwordpassword']);
  });

  it('never chooses a role for the administrator: the form starts on “Choose a role”, and an empty role is refused', async () => {
    await create('root@agency.example', 'ADMIN', 'ledger violet harbor');
    const admin = await signInAs(env, 'root@agency.example', 'ledger violet harbor');
    const page = await (await admin.get('/admin/users')).text();
    expect(page).toMatch(/<select[^>]*name="role"[^>]*>\s*<option value="">Choose a role<\/option>/);
    expect(page).not.toMatch(/<option value="ADMIN" selected/);
    const res = await admin.post('/admin/users', { email: 'new@acme.example', role: '', password: '' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Choose a role');
  });
});
