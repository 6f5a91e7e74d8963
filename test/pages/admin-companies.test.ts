/**
 * Administrators' company/CAGE records and engagements (issue 10): lists with search, sort, pages and
 * empty states, one company's hierarchy with UEI and SAM status, and engaging a C3PAO (rules §6).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { company, testEnv, type TestEnv } from '../helpers.js';
import { signInAs, type Session } from './page-helpers.js';
import { expectPage, expectShows } from './expect-page.js';

let env: TestEnv;
let admin: Session;
beforeEach(async () => {
  env = await testEnv();
  await env.user('root@example.gov', 'ADMIN', undefined, 'admin password long');
  admin = await signInAs(env, 'root@example.gov', 'admin password long');
});
afterEach(() => env.close());

const body = (html: string) => (html.includes('<tbody>') ? html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')) : '');
const keystone = () =>
  env.api('POST', '/api/v1/import', {
    companies: [
      company('7KS01', '7KS01', { name: 'Keystone Aerospace', uei: 'KEYSTONE0001' }),
      company('7KS02', '7KS01', { name: 'Keystone West', uei: 'KEYSTONE0002' }),
      company('3BW01', '3BW01', { name: 'Brightwater Precision', uei: 'BRIGHTWATER1', samActive: false }),
    ],
  });

describe('company and CAGE records', () => {
  it('says there is no company yet and where they come from', async () => {
    const html = await (await admin.get('/admin/companies')).text();
    expect(html).toContain('No company yet. Load SAM company and CAGE records with the <a href="/admin/import">bulk import</a>.');
  });

  it('lists CAGE records under their HLO, sorts by name, and finds by part of the name', async () => {
    expect((await keystone()).status).toBe(201);
    const list = body(await (await admin.get('/admin/companies')).text());
    // The hierarchy order: 3BW01, then 7KS01 with 7KS02 under it.
    expect(list.indexOf('3BW01')).toBeLessThan(list.indexOf('7KS01'));
    expect(list.indexOf('>7KS01<')).toBeLessThan(list.indexOf('>7KS02<'));
    const byName = body(await (await admin.get('/admin/companies?sort=name&dir=desc')).text());
    expect(byName.indexOf('Keystone West')).toBeLessThan(byName.indexOf('Keystone Aerospace'));
    expect(byName.indexOf('Keystone Aerospace')).toBeLessThan(byName.indexOf('Brightwater Precision'));
    const found = body(await (await admin.get('/admin/companies?q=west')).text());
    expectShows(found, ['7KS02'], ['3BW01']);
    expect(await (await admin.get('/admin/companies?q=nothing')).text()).toContain('No CAGE record matches “nothing”.');
  });

  it('pages the list 25 at a time', async () => {
    const companies = Array.from({ length: 30 }, (_, i) => company(`8P${String(i).padStart(3, '0')}`));
    expect((await env.api('POST', '/api/v1/import', { companies })).status).toBe(201);
    const first = await (await admin.get('/admin/companies')).text();
    expect(body(first)).toContain('8P024');
    expect(body(first)).not.toContain('8P025');
    expect(first).toContain('Page 1 of 2 · 30 in all');
    expect(body(await (await admin.get('/admin/companies?page=2')).text())).toContain('8P029');
  });

  it('shows one CAGE record with its company’s hierarchy, UEI, SAM status and no engagement yet', async () => {
    expect((await keystone()).status).toBe(201);
    const html = await (await admin.get('/admin/companies/7ks02')).text();
    expectShows(html, ['<h1>Keystone West <span class="ag-mono">7KS02</span></h1>', '<a href="/admin/companies/7KS01">7KS01</a>', 'KEYSTONE0002']);
    expect(html).toMatch(/7KS01<\/a> \(HLO\)/);
    expect(html).toContain('No C3PAO is engaged with this company. <a href="/admin/engagements?companyCage=7KS01">Engage one</a>.');
    const inactive = await (await admin.get('/admin/companies/3BW01')).text();
    expect(inactive).toContain('<span class="usa-tag ag-tag--error">Inactive</span>');
    expect((await admin.get('/admin/companies/9ZZ99')).status).toBe(404);
  });

  it('is for administrators only', async () => {
    await env.user('officer@example.gov', 'CONTRACTING_OFFICER', undefined, 'officer password long');
    const officer = await signInAs(env, 'officer@example.gov', 'officer password long');
    expect((await officer.get('/admin/companies')).status).toBe(403);
    expect((await officer.get('/admin/engagements')).status).toBe(403);
  });
});

describe('engagements', () => {
  it('says none is recorded yet, then engages a C3PAO by any CAGE of the company, listed on the company too', async () => {
    expect((await keystone()).status).toBe(201);
    await env.user('lead@c3pao.example', 'C3PAO', undefined, 'c3pao password long');
    expect(await (await admin.get('/admin/engagements')).text()).toContain('No C3PAO is engaged with any company yet.');
    const res = await admin.post('/admin/engagements', { companyCage: '7ks02', assessorEmail: 'Lead@C3pao.example' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/engagements?done=1');
    const list = await (await admin.get('/admin/engagements?done=1')).text();
    expect(list).toContain('Engagement recorded.');
    expect(body(list)).toMatch(/<a href="\/admin\/companies\/7KS01">Keystone Aerospace<\/a><\/th><td class="ag-mono">7KS01<\/td><td>lead@c3pao.example<\/td><td class="ag-nowrap">2026-11-23<\/td><td>root@example.gov<\/td>/);
    const detail = await (await admin.get('/admin/companies/7KS01')).text();
    expect(detail.slice(detail.indexOf('C3PAOs engaged'))).toMatch(/<th scope="row">lead@c3pao.example<\/th><td class="ag-nowrap">2026-11-23<\/td><td>root@example.gov<\/td>/);
  });

  it('refuses an unknown company, a non-C3PAO account and a second engagement of the same pair, with sentences naming the field', async () => {
    expect((await keystone()).status).toBe(201);
    await env.user('lead@c3pao.example', 'C3PAO', undefined, 'c3pao password long');
    await env.user('officer@example.gov', 'CONTRACTING_OFFICER', undefined, 'officer password long');
    const unknown = await admin.post('/admin/engagements', { companyCage: '9ZZ99', assessorEmail: 'lead@c3pao.example' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('No such company');
    const officer = await admin.post('/admin/engagements', { companyCage: '7KS01', assessorEmail: 'officer@example.gov' });
    const html = await expectPage(officer, 422, ['<a href="#f-assessorEmail">C3PAO account email: no C3PAO account with this email.</a>', 'value="officer@example.gov"']);
    expect(html.indexOf('id="new-engagement"')).toBeLessThan(html.indexOf('id="error-summary"'));
    expect((await admin.post('/admin/engagements', { companyCage: '7KS01', assessorEmail: 'lead@c3pao.example' })).status).toBe(303);
    const again = await admin.post('/admin/engagements', { companyCage: '7KS02', assessorEmail: 'lead@c3pao.example' });
    // A conflict with what is stored: the form again, with 409.
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This assessor is already engaged with the company');
  });

  it('sorts by company name', async () => {
    expect((await keystone()).status).toBe(201);
    await env.user('lead@c3pao.example', 'C3PAO', undefined, 'c3pao password long');
    expect((await admin.post('/admin/engagements', { companyCage: '7KS01', assessorEmail: 'lead@c3pao.example' })).status).toBe(303);
    expect((await admin.post('/admin/engagements', { companyCage: '3BW01', assessorEmail: 'lead@c3pao.example' })).status).toBe(303);
    const byName = body(await (await admin.get('/admin/engagements?sort=companyName&dir=asc')).text());
    expect(byName.indexOf('Brightwater Precision')).toBeLessThan(byName.indexOf('Keystone Aerospace'));
    const newest = body(await (await admin.get('/admin/engagements')).text());
    expect(newest.indexOf('Brightwater Precision')).toBeLessThan(newest.indexOf('Keystone Aerospace'));
  });
});
