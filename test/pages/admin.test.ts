import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { company, testEnv, type TestEnv } from '../helpers.js';
import { finishedImport, signInAs, type Session } from './page-helpers.js';
import { expectPage } from './expect-page.js';

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
  await env.api('POST', '/api/v1/import', { companies: [company('1AB23')] });
  await env.user('root@example.gov', 'ADMIN', undefined, 'admin password long');
  await env.user('officer@example.gov', 'CONTRACTING_OFFICER', undefined, 'officer password long');
});
afterEach(() => env.close());

/** A bulk-import template: linked on the import page by `link`, downloaded from `path` as an attachment. */
async function downloadedTemplate(admin: Session, link: string, path: string, disposition: string): Promise<Response> {
  expect(await (await admin.get('/admin/import')).text()).toContain(link);
  const res = await admin.get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toBe(disposition);
  return res;
}

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
    const res = await downloadedTemplate(admin, '<a href="/admin/import/template.json" download="">Download a JSON template</a>', '/admin/import/template.json', 'attachment; filename="awardgate-import-template.json"');
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
    await expectPage(res, 422, ['must be an email address', 'a CAGE code is 5 characters', 'value="Dana"', 'value="not-an-email"'], ['<html', 'secret-password-1']);
  });

  it('bulk-imports an uploaded JSON file and an uploaded CSV file (the CSRF token is read before the file)', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const upload = (name: string, type: string, text: string) => {
      const fd = new FormData();
      fd.append('_csrf', admin.csrf);
      fd.append('file', new File([text], name, { type }));
      return env.app.request('/admin/import', { method: 'POST', headers: { cookie: admin.cookie, origin: 'http://localhost' }, body: fd });
    };
    const json = await upload('batch.json', 'application/json', JSON.stringify({ assessments: [{ uid: 'UP01000001', level: 'L1_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['1AB23'], scope: 'Enterprise' }] }));
    expect(json.status).toBe(303);
    expect((await finishedImport(admin.get, json.headers.get('location')!)).status).toBe(200);
    expect((await env.api('GET', '/api/v1/uids/UP01000001')).json.uid).toBe('UP01000001');
    const csv = await upload('batch.csv', 'text/csv', 'uid,level,status,statusDate,cages,scope\nUP01000002,L1_SELF,FINAL,2026-06-01,1AB23,Enterprise\n');
    expect(csv.status).toBe(303);
    expect((await finishedImport(admin.get, csv.headers.get('location')!)).status).toBe(200);
    expect((await env.api('GET', '/api/v1/uids/UP01000002')).json.uid).toBe('UP01000002');
  });

  it('bulk-imports a pasted batch, and stores nothing when one record is invalid', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const good = { uid: 'IM01000001', level: 'L1_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['1AB23'], scope: 'Enterprise' };
    const bad = { ...good, uid: 'IM01000002', status: 'CONDITIONAL' };
    const posted = await admin.post('/admin/import', { json: JSON.stringify({ assessments: [good, bad] }) });
    expect(posted.status).toBe(303);
    const rejected = await finishedImport(admin.get, posted.headers.get('location')!);
    await expectPage(rejected, 422, ['Nothing was imported', 'assessments.1.status']);
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
    await expectPage(res, 422, ['Not valid JSON', '{ not json']);
  });
});

describe('bulk import as CSV', () => {
  const header = 'uid,level,status,statusDate,cages,scope,score';

  it('imports a pasted CSV of assessments, CAGE codes separated by spaces or semicolons', async () => {
    await env.api('POST', '/api/v1/import', { companies: [company('1AB24')] });
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const csv = `${header}\r\nCS01000001,L2_SELF,FINAL,2026-06-01,1AB23;1AB24,Enterprise,110\r\nCS01000002,L1_SELF,FINAL,2026-05-01,1ab23 1ab24,"Plant, West",\r\n`;
    const posted = await admin.post('/admin/import', { csv });
    expect(posted.status).toBe(303);
    const done = await finishedImport(admin.get, posted.headers.get('location')!);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('0 companies, 2 assessments');
    const first = await env.api('GET', '/api/v1/uids/CS01000001');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ uid: 'CS01000001', level: 'L2_SELF', statusDate: '2026-06-01', score: 110 });
    expect(first.json.cages).toEqual(['1AB23', '1AB24']);
    expect((await env.api('GET', '/api/v1/uids/CS01000002')).json).toMatchObject({ scope: 'Plant, West' });
  });

  it('rejects a CSV with a bad row (422) naming its row, counting the header as row 1, stores nothing and keeps the text', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const csv = `${header}\nCS02000001,L1_SELF,FINAL,2026-06-01,1AB23,Enterprise,\nCS02000002,L1_SELF,FINAL,2026-13-45,1AB23,Enterprise,\n`;
    const posted = await admin.post('/admin/import', { csv });
    const res = await finishedImport(admin.get, posted.headers.get('location')!);
    await expectPage(res, 422, ['Row 3: statusDate must be a calendar date written YYYY-MM-DD', 'Nothing was imported', 'CS02000002,L1_SELF,FINAL,2026-13-45']);
    expect((await env.api('GET', '/api/v1/uids/CS02000001')).status).toBe(404);
  });

  it('names the row of a score that is not a number and of an unknown column, before importing anything', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const res = await admin.post('/admin/import', { csv: `${header}\nCS03000001,L1_SELF,FINAL,2026-06-01,1AB23,Enterprise,\nCS03000002,L1_SELF,FINAL,2026-06-01,1AB23,Enterprise,ten\n` });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Row 3: score must be a whole number (it is &quot;ten&quot;)');
    const unknown = await admin.post('/admin/import', { csv: `${header},colour\nCS03000003,L1_SELF,FINAL,2026-06-01,1AB23,Enterprise,,red\n` });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('Row 1: &quot;colour&quot; is not a column of the import');
    expect((await env.api('GET', '/api/v1/uids/CS03000001')).status).toBe(404);
  });

  it('says in words which row of a malformed CSV has a quote that is never closed', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const csv = `${header}\nCS04000001,L1_SELF,FINAL,2026-06-01,1AB23,Enterprise,\nCS04000002,L1_SELF,FINAL,2026-06-01,1AB23,"Enterprise,\n`;
    const res = await admin.post('/admin/import', { csv });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Row 3: a quoted cell is never closed');
    expect(html).not.toMatch(/CSV_|Quote Not Closed|Invalid Closing Quote/i);
    expect(html).toContain('CS04000002,L1_SELF');
    expect((await env.api('GET', '/api/v1/uids/CS04000001')).status).toBe(404);
  });

  it('refuses a CSV over 8 MB with a sentence, importing nothing', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const row = 'CS06000001,L1_SELF,FINAL,2026-06-01,1AB23,Enterprise,\n';
    const res = await admin.post('/admin/import', { csv: header + '\n' + row.repeat(Math.ceil((8 * 1024 * 1024) / row.length) + 1) });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('The CSV is larger than 8 MB');
    expect((await env.api('GET', '/api/v1/uids/CS06000001')).status).toBe(404);
  });

  it('offers a CSV template, linked next to the JSON one, that imports as it stands', async () => {
    const admin = await signInAs(env, 'root@example.gov', 'admin password long');
    const res = await downloadedTemplate(admin, '<a href="/admin/import/template.csv" download="">Download a CSV template</a>', '/admin/import/template.csv', 'attachment; filename="awardgate-import-template.csv"');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const posted = await admin.post('/admin/import', { csv: await res.text() });
    const done = await finishedImport(admin.get, posted.headers.get('location')!);
    expect(done.status).toBe(200);
    expect((await env.api('GET', '/api/v1/uids/EXAMPLE002')).json).toMatchObject({ level: 'L2_SELF', postedType: 'FINAL', score: 110 });
  });
});
