import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { company, testEnv, type TestEnv } from '../helpers.js';
import { finishedImport, signInAs } from './page-helpers.js';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
  await env.api('POST', '/api/v1/import', { companies: [company('1AB23')] });
  await env.user('root@example.gov', 'ADMIN', undefined, 'admin password long');
  await env.user('officer@example.gov', 'CONTRACTING_OFFICER', undefined, 'officer password long');
});
afterEach(() => env.close());

describe('administrator pages', () => {
  it('lists accounts sorted by role, and refuses the page to other roles', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const html = await (await admin.get('/admin/users?sort=role&dir=desc')).text();
    expect(html).toContain('officer@example.gov');
    expect(html.indexOf('Contracting officer')).toBeLessThan(html.indexOf('Administrator</td>'));
    const officer = await signInAs(env, 'officer@example.gov', 'officer password long');
    expect((await officer.get('/admin/users')).status).toBe(403);
  });

  it('offers a JSON template of the bulk import that imports as it stands', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    expect(await (await admin.get('/admin/import')).text()).toContain('<a href="/admin/import/template.json" download="">Download a JSON template</a>');
    const res = await admin.get('/admin/import/template.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="awardgate-import-template.json"');
    const template = JSON.parse(await res.text());
    expect(Object.keys(template)).toEqual(['companies', 'assessments', 'nistAssessments']);
    const imported = await env.api('POST', '/api/v1/import', template);
    expect(imported.status).toBe(201);
    expect(imported.json.imported).toMatchObject({ companies: 2, assessments: 1, nistAssessments: 1 });
  });

  it('creates a contractor account and shows its API token once', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const res = await admin.post('/admin/users', { email: 'new@acme.example', role: 'CONTRACTOR', companyCage: ' 1ab23 ', password: 'contractor password' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Account created for new@acme.example');
    expect(html).toMatch(/ag_[A-Za-z0-9_-]{20,}/);
    await signInAs(env, 'new@acme.example', 'contractor password');
  });

  it('re-renders the account form with field messages and the values typed, but never the password', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const res = await admin.post('/admin/users', { email: 'not-an-email', role: 'CONTRACTOR', companyCage: 'ZZZ', name: 'Dana', password: 'secret-password-1' }, { 'hx-request': 'true' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('must be an email address');
    expect(html).toContain('a CAGE code is 5 characters');
    expect(html).toContain('value="Dana"');
    expect(html).toContain('value="not-an-email"');
    expect(html).not.toContain('secret-password-1');
  });

  it('bulk-imports a pasted batch, and stores nothing when one record is invalid', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const good = { uid: 'IM01000001', level: 'L1_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['1AB23'], scope: 'Enterprise' };
    const bad = { ...good, uid: 'IM01000002', status: 'CONDITIONAL' };
    const posted = await admin.post('/admin/import', { json: JSON.stringify({ assessments: [good, bad] }) });
    expect(posted.status).toBe(303);
    const rejected = await finishedImport(admin.get, posted.headers.get('location')!);
    expect(rejected.status).toBe(422);
    const rejectedHtml = await rejected.text();
    expect(rejectedHtml).toContain('Nothing was imported');
    expect(rejectedHtml).toContain('assessments.1.status');
    expect((await env.api('GET', '/api/v1/uids/IM01000001')).status).toBe(404);
    const again = await admin.post('/admin/import', { json: JSON.stringify({ assessments: [good] }) });
    const ok = await finishedImport(admin.get, again.headers.get('location')!);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('1 assessments');
    expect((await env.api('GET', '/api/v1/uids/IM01000001')).status).toBe(200);
  });

  it('keeps pasted text that is not JSON and says why', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const posted = await admin.post('/admin/import', { json: '{ not json' });
    const res = await finishedImport(admin.get, posted.headers.get('location')!);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Not valid JSON');
    expect(html).toContain('{ not json');
  });
});
