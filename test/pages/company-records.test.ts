/**
 * Contractor pages over posted records (rules §3, §6, §9; 32 CFR 170.21, 170.22): company profile
 * and officials, affirmations due and one-click re-affirmation, POA&M closeout (once, within 180
 * days), compliance changes, "My UIDs for an offer" (DFARS 252.204-7025(d)) and NIST Basic postings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { affirmation, TODAY } from '../helpers.js';
import { signInAs } from './page-helpers.js';
import { contractorWorld, countRows, onePointPoam, type World } from './contractor-fixtures.js';
import { expectPage, expectShows } from './expect-page.js';

let w: World;
const U = { overdue: 'AAAA000001', dueSoon: 'AAAA000002', ok: 'AAAA000003', awaiting: 'AAAA000004', open: 'AAAA000005', late: 'AAAA000006', other: 'BBBB000001' };
const rec = (uid: string, over: Record<string, unknown>) => ({ uid, level: 'L2_SELF', status: 'FINAL', cages: ['1AB23'], score: 110, scope: `Enclave: ${uid}`, ...over });

beforeEach(async () => {
  w = await contractorWorld();
  const imp = await w.env.api('POST', '/api/v1/import', {
    assessments: [
      rec(U.overdue, { statusDate: '2025-06-01', affirmations: [affirmation('2025-06-01')] }),
      rec(U.dueSoon, { statusDate: '2025-12-15', affirmations: [affirmation('2025-12-15')] }),
      rec(U.ok, { statusDate: '2026-10-01', affirmations: [affirmation('2026-10-01')], cages: ['1AB23', '1AB24'] }),
      rec(U.awaiting, { statusDate: '2026-11-01' }),
      rec(U.open, { status: 'CONDITIONAL', score: 108, statusDate: '2026-11-01', poam: [onePointPoam[0], onePointPoam[1]], affirmations: [affirmation('2026-11-01')] }),
      rec(U.late, { status: 'CONDITIONAL', score: 109, statusDate: '2026-05-01', poam: [onePointPoam[2]], affirmations: [affirmation('2026-05-01')] }),
      rec(U.other, { cages: ['2CD34'], statusDate: '2026-10-01', affirmations: [affirmation('2026-10-01')] }),
    ],
  });
  expect(imp.status).toBe(201);
});
afterEach(() => w.env.close());

const official = async () => {
  const res = await w.acme.post('/company/officials', { name: 'Pat Lee', title: 'President', email: 'pat@acme.example' });
  expect(res.status).toBe(303);
  return /<option value="(\d+)"[^>]*>Pat Lee/.exec(await (await w.acme.get('/company/affirmations')).text())![1];
};

describe('company profile, scopes and Affirming Officials', () => {
  it('shows the CAGE hierarchy read-only with UEI, SAM status and address, and the scopes with their CAGE codes', async () => {
    const html = await (await w.acme.get('/company')).text();
    expect(html).toContain('Acme Machining LLC');
    expect(html).toMatch(/1AB23\s*\(HLO\)/);
    expectShows(html, ['1AB24', 'Active', '100 Industrial Pkwy, Dayton OH 45402', 'kept by an administrator; this page shows them read-only', `Enclave: ${U.ok}`, '1AB23, 1AB24'], ['2CD34']);
  });

  it('lets the contractor engage its own C3PAO from the company page, and refuses an account that is not a C3PAO in that form', async () => {
    await w.env.user('lead@c3pao.example', 'C3PAO', undefined, 'c3pao password long');
    expect(await (await w.acme.get('/company')).text()).toContain('No C3PAO is engaged with the company yet. Engage your assessor below.');
    const bad = await w.acme.post('/company/engagements', { assessorEmail: 'acme@example.com' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    // The summary is the engagement form's, not the officials form's.
    expect(html.indexOf('id="engage-c3pao"')).toBeLessThan(html.indexOf('id="error-summary"'));
    expect(html.indexOf('id="error-summary"')).toBeLessThan(html.indexOf('id="add-official"'));
    expect(html).toContain('<a href="#f-assessorEmail">C3PAO account email: no C3PAO account with this email.</a>');
    const ok = await w.acme.post('/company/engagements', { assessorEmail: 'lead@c3pao.example' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/company?done=engaged');
    const page = await (await w.acme.get('/company?done=engaged')).text();
    expect(page).toContain('C3PAO engaged: it may now post Level 2 (C3PAO) results for the company and close out its POA&amp;Ms.');
    expect(page).toMatch(/<th scope="row">lead@c3pao.example<\/th><td class="ag-nowrap">2026-11-23<\/td>/);
  });

  it('brings a refused "Add official" back to that form: the summary links to the title field and takes focus', async () => {
    const bad = await w.acme.post('/company/officials', { name: 'Pat Lee', title: '' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/<div class="usa-alert usa-alert--error" role="alert" id="error-summary" tabindex="-1" autofocus(="")?>/);
    expectShows(html, ['<a href="#f-title">Title is required.</a>', 'id="f-title"']);
    // The summary is inside the sub-form, so the focus (and the scroll) lands on that form.
    expect(html.indexOf('id="add-official"')).toBeLessThan(html.indexOf('id="error-summary"'));
  });

  it('adds an Affirming Official (422 with the typed name kept when the title is missing) and removes one', async () => {
    const bad = await w.acme.post('/company/officials', { name: 'Pat Lee', title: '' });
    await expectPage(bad, 422, ['value="Pat Lee"', 'usa-error-message']);
    const id = await official();
    expect(await (await w.acme.get('/company')).text()).toContain('pat@acme.example');
    expect((await w.other.post(`/company/officials/${id}/remove`, {})).status).toBe(404);
    expect((await w.acme.post(`/company/officials/${id}/remove`, {})).status).toBe(303);
    expect(await (await w.acme.get('/company')).text()).toContain('No Affirming Official on file yet');
  });
});

describe('affirmations (32 CFR 170.22)', () => {
  it('lists each UID with its due date, puts overdue, awaiting and due-soon first, and shows the statement', async () => {
    const html = await (await w.acme.get('/company/affirmations')).text();
    const attention = html.slice(html.indexOf('id="attention-heading"'), html.indexOf('id="all-heading"'));
    for (const u of [U.overdue, U.awaiting, U.dueSoon]) expect(attention).toContain(u);
    expect(attention).not.toContain(U.ok);
    expect(attention.indexOf(U.overdue)).toBeLessThan(attention.indexOf(U.awaiting));
    expect(attention.indexOf(U.awaiting)).toBeLessThan(attention.indexOf(U.dueSoon));
    expect(attention).toContain('2026-06-01'); // overdue since: a year after 2025-06-01
    expectShows(attention, ['2026-12-15', '22 days left']);
    expectShows(html, ['I affirm continuous compliance'], [U.other]);
  });

  it('shows a dashboard banner on the home page for overdue, awaiting and due-soon affirmations and open POA&Ms', async () => {
    const html = await (await w.acme.get('/')).text();
    expect(html).toContain('Needs your attention');
    expect(html).toMatch(/Affirmation overdue<\/strong> \(1\)/);
    expectShows(html, [U.overdue, 'Awaiting affirmation', 'Affirmation due soon', `POA&amp;M open</strong> on`]);
  });

  it('re-affirms in one click as the official on file after the confirmation step, dated today, and the UID is current again', async () => {
    const id = await official();
    const page = await (await w.acme.get('/company/affirmations')).text();
    expect(page).toContain('as Pat Lee');
    const before = await countRows(w.env, 'affirmations');
    // The row's button: a confirmation step naming the UID and the official, nothing recorded yet.
    const ask = await w.acme.post('/company/affirmations', { uid: U.overdue, officialId: id });
    await expectPage(ask, 200, [`Confirm the affirmation of UID <span class="ag-mono">${U.overdue}</span>`, 'I understand this is permanent', `name="uid" value="${U.overdue}"`]);
    // Posted from the step without the box: refused with the message on the box, still nothing recorded.
    const unticked = await w.acme.post('/company/affirmations', { uid: U.overdue, officialId: id, step: 'confirm' });
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain('Confirm that you understand the affirmation is permanent');
    expect(await countRows(w.env, 'affirmations')).toBe(before);
    const res = await w.acme.post('/company/affirmations', { uid: U.overdue, officialId: id, step: 'confirm', confirm: 'on' });
    expect(res.status).toBe(303);
    const after = await (await w.acme.get(res.headers.get('location')!)).text();
    expect(after).toContain(`UID ${U.overdue} affirmed today`);
    const r = await w.env.api('GET', `/api/v1/uids/${U.overdue}`);
    expect(r.json.affirmations.map((a: { date: string }) => a.date)).toContain(TODAY);
    expect(r.json.currentThrough).toBe('2027-11-23');
  });

  it('affirms from the UID page with a typed official, and refuses a missing name with 422', async () => {
    const bad = await w.acme.post(`/company/uids/${U.awaiting}/affirm`, { name: '', title: 'CEO' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('value="CEO"');
    const unticked = await w.acme.post(`/company/uids/${U.awaiting}/affirm`, { name: 'Sam Roe', title: 'CEO' });
    await expectPage(unticked, 422, ['Confirm that you understand the affirmation is permanent', 'value="Sam Roe"']);
    const ok = await w.acme.post(`/company/uids/${U.awaiting}/affirm`, { name: 'Sam Roe', title: 'CEO', confirm: 'on' });
    expect(ok.status).toBe(303);
    const html = await (await w.acme.get(ok.headers.get('location')!)).text();
    expectShows(html, ['Affirmed today', `${TODAY}: Sam Roe, CEO`]);
  });

  it('never lets a contractor affirm, close out or change another company’s UID (404, nothing stored)', async () => {
    const before = await countRows(w.env, 'affirmations');
    expect((await w.acme.get(`/company/uids/${U.other}`)).status).toBe(404);
    expect((await w.acme.post(`/company/uids/${U.other}/affirm`, { name: 'X', title: 'Y', confirm: 'on' })).status).toBe(404);
    expect((await w.acme.post('/company/affirmations', { uid: U.other, officialId: await official(), confirm: 'on' })).status).toBe(404);
    expect((await w.acme.post(`/company/uids/${U.other}/compliance-change`, { date: TODAY, description: 'x', confirm: 'on' })).status).toBe(404);
    expect((await w.other.post(`/company/uids/${U.open}/closeout`, { [`results.${onePointPoam[0]}`]: 'MET', [`results.${onePointPoam[1]}`]: 'MET' })).status).toBe(404);
    expect(await countRows(w.env, 'affirmations')).toBe(before);
    expect(await countRows(w.env, 'compliance_changes')).toBe(0);
    expect(await countRows(w.env, 'closeouts')).toBe(0);
  });
});

describe('POA&M closeout (32 CFR 170.21(b))', () => {
  it('lists open POA&Ms with the 180-day deadline counting down', async () => {
    const html = await (await w.acme.get('/company/poam')).text();
    expect(html).toContain(U.open);
    expect(html).toContain('2027-04-30'); // 2026-11-01 + 180 days
    expectShows(html, ['158 days left', onePointPoam[0], 'Window ended']);
  });

  it('closes out with all items MET: Final, same UID and status date; a second closeout is refused (409)', async () => {
    const page = await (await w.acme.get(`/company/uids/${U.open}`)).text();
    expect(page).toContain('id="closeout-days-left">158<');
    const res = await w.acme.post(`/company/uids/${U.open}/closeout`, {
      [`results.${onePointPoam[0]}`]: 'MET',
      [`results.${onePointPoam[1]}`]: 'NOT_APPLICABLE',
      affirmNow: 'on',
      'affirmation.name': 'Pat Lee',
      'affirmation.title': 'President',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('closeout-success');
    const r = await w.env.api('GET', `/api/v1/uids/${U.open}`);
    expect(r.json).toMatchObject({ uid: U.open, type: 'FINAL', statusDate: '2026-11-01', closeout: { date: TODAY, result: 'SUCCESS' } });
    expect(r.json.currentThrough).not.toBeNull();
    const again = await w.acme.post(`/company/uids/${U.open}/closeout`, { [`results.${onePointPoam[0]}`]: 'MET', [`results.${onePointPoam[1]}`]: 'MET' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already closed out');
  });

  it('records a failed closeout when an item is still NOT MET: the status ends today', async () => {
    const unconfirmed = await w.acme.post(`/company/uids/${U.open}/closeout`, { [`results.${onePointPoam[0]}`]: 'MET', [`results.${onePointPoam[1]}`]: 'NOT_MET' });
    await expectPage(unconfirmed, 422, ['This closeout fails and ends the status', `Still NOT MET: ${onePointPoam[1]}`, 'I understand this is permanent']);
    expect(await countRows(w.env, 'closeouts')).toBe(0);
    const res = await w.acme.post(`/company/uids/${U.open}/closeout`, { [`results.${onePointPoam[0]}`]: 'MET', [`results.${onePointPoam[1]}`]: 'NOT_MET', confirm: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('closeout-failed');
    const r = await w.env.api('GET', `/api/v1/uids/${U.open}`);
    expect(r.json.type).toBe('NONE');
    expect(r.json.reasons.map((x: { code: string }) => x.code)).toContain('POAM_CLOSEOUT_FAILED');
  });

  it('refuses a closeout with an item unanswered (422) or PARTIAL where not allowed, nothing stored', async () => {
    const missing = await w.acme.post(`/company/uids/${U.open}/closeout`, { [`results.${onePointPoam[0]}`]: 'MET' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('missing answer');
    const partial = await w.acme.post(`/company/uids/${U.open}/closeout`, { [`results.${onePointPoam[0]}`]: 'MET', [`results.${onePointPoam[1]}`]: 'PARTIAL' });
    expect(partial.status).toBe(422);
    expect(await countRows(w.env, 'closeouts')).toBe(0);
  });

  it('refuses a closeout after day 180 (409) and offers no closeout form', async () => {
    const page = await (await w.acme.get(`/company/uids/${U.late}`)).text();
    expectShows(page, ['no closeout is accepted after that'], [`action="/company/uids/${U.late}/closeout"`]);
    const res = await w.acme.post(`/company/uids/${U.late}/closeout`, { [`results.${onePointPoam[2]}`]: 'MET' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('accepted only within 180 days of the status date 2026-05-01');
    expect(await countRows(w.env, 'closeouts')).toBe(0);
  });
});

describe('recording a change in compliance (rules §3.3)', () => {
  it('warns of the effect, needs the confirmation and a date not in the future, then ends currency from that date', async () => {
    const page = await (await w.acme.get(`/company/uids/${U.ok}`)).text();
    expectShows(page, ['This ends the status', 'It cannot be undone']);
    const unconfirmed = await w.acme.post(`/company/uids/${U.ok}/compliance-change`, { date: TODAY, description: 'MFA removed for field laptops' });
    await expectPage(unconfirmed, 422, ['Confirm that you understand', 'MFA removed for field laptops']);
    const future = await w.acme.post(`/company/uids/${U.ok}/compliance-change`, { date: '2026-12-01', description: 'x', confirm: 'on' });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('must be on or before today');
    expect(await countRows(w.env, 'compliance_changes')).toBe(0);
    const ok = await w.acme.post(`/company/uids/${U.ok}/compliance-change`, { date: '2026-11-20', description: 'MFA removed for field laptops', confirm: 'on' });
    expect(ok.status).toBe(303);
    const r = await w.env.api('GET', `/api/v1/uids/${U.ok}`);
    expect(r.json.currentThrough).toBeNull();
    expect(r.json.reasons.map((x: { code: string }) => x.code)).toContain('COMPLIANCE_CHANGED');
  });
});

describe('My UIDs for an offer (DFARS 252.204-7025(d))', () => {
  it('lists the current UIDs with status and current-through, copyable, and the not-current ones with their reasons', async () => {
    const html = await (await w.acme.get('/company/uids')).text();
    const copy = /<textarea id="offer-uids-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1];
    expectShows(copy, [`${U.ok} (Final Level 2 (Self), current through 2027-10-01)`, U.dueSoon, U.open], [U.overdue, U.awaiting]);
    expectShows(html, ['AFFIRMATION_EXPIRED', 'AFFIRMATION_MISSING'], [U.other]);
  });

  it('downloads the same list as CSV', async () => {
    const res = await w.acme.get('/company/uids.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`uids-1AB23-${TODAY}.csv`);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"uid","level","status","status_date","current_through","scope","cage_codes"');
    expect(lines).toContain(`"${U.ok}","L2_SELF","Final Level 2 (Self)","2026-10-01","2027-10-01","Enclave: ${U.ok}","1AB23 1AB24"`);
    expect(lines).toHaveLength(4);
  });

  it('shows an empty state when nothing is current', async () => {
    const html = await (await w.other.get('/company/uids')).text();
    expect(html).toContain(U.other);
    const fresh = await w.env.api('POST', '/api/v1/import', { companies: [{ cage: '3EF45', name: 'Empty Co', hloCage: '3EF45' }] });
    expect(fresh.status).toBe(201);
    await w.env.user('empty@example.com', 'CONTRACTOR', '3EF45', 'correct horse battery');
    const empty = await signInAs(w.env, 'empty@example.com', 'correct horse battery');
    expect(await (await empty.get('/company/uids')).text()).toContain('No UID is current today');
    expect(await (await empty.get('/company/assessments')).text()).toContain('No assessment posted yet');
  });
});

describe('NIST SP 800-171 DoD Assessment (Basic) postings', () => {
  it('refuses a missing score, and a score below 110 without the date 110 is expected (422), nothing stored', async () => {
    const none = await w.acme.post('/company/nist/new', { cages: '1AB23', assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2', score: '' });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Enter the summary score');
    const noDate = await w.acme.post('/company/nist/new', { cages: '1AB23', assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2', score: '95' });
    expect(noDate.status).toBe(422);
    expect(await noDate.text()).toContain('give the date a score of 110 is expected');
    const other = await w.acme.post('/company/nist/new', { cages: ['1AB23', '2CD34'], assessmentDate: TODAY, score: '110' });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('CAGE 2CD34 is not in this company');
    expect(await countRows(w.env, 'nist_assessments')).toBe(0);
  });

  it('posts Basic with the CAGE codes, plan, date and score; an officer’s check then finds it', async () => {
    const res = await w.acme.post('/company/nist/new', {
      cages: ['1AB23', '1AB24'],
      assessmentDate: '2026-11-01',
      standard: 'NIST SP 800-171 Rev 2',
      planDescription: 'Enterprise SSP v3',
      score: '95',
      fullImplementationDate: '2027-06-30',
    });
    expect(res.status).toBe(303);
    const list = await (await w.acme.get('/company/assessments')).text();
    expectShows(list, ['Enterprise SSP v3', '2029-11-01']);
    const officer = await w.env.user('co@agency.example', 'CONTRACTING_OFFICER');
    const check = await w.env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [U.ok], nist: { cages: ['1AB24'] } }, officer);
    expect(check.json.nist[0]).toMatchObject({ cage: '1AB24', eligible: true, assessment: { score: 95, confidence: 'BASIC', fullImplementationDate: '2027-06-30' } });
  });

  it('takes the score from a posted Level 2 record when asked', async () => {
    const form = await (await w.acme.get('/company/nist/new')).text();
    expect(form).toContain(`value="uid:${U.open}"`);
    const res = await w.acme.post('/company/nist/new', { cages: '1AB23', assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2', scoreFrom: `uid:${U.open}`, score: '', fullImplementationDate: '2027-04-30' });
    expect(res.status).toBe(303);
    const [row] = (await w.env.database.client.execute('SELECT score, confidence, assessing_organization FROM nist_assessments')).rows;
    expect(row).toMatchObject({ score: 108, confidence: 'BASIC', assessing_organization: 'Contractor self-assessment' });
  });

  it('API: the contractor posts Basic for its own company only; Medium/High is DIBCAC’s', async () => {
    const body = { cages: ['1AB23'], score: 110, assessmentDate: TODAY };
    expect((await w.env.api('POST', '/api/v1/companies/1AB23/nist-assessments', body, w.tokens.acme)).status).toBe(201);
    expect((await w.env.api('POST', '/api/v1/companies/2CD34/nist-assessments', { score: 110 }, w.tokens.acme)).status).toBe(404);
    expect((await w.env.api('POST', '/api/v1/companies/1AB23/nist-assessments', { ...body, confidence: 'HIGH' }, w.tokens.acme)).status).toBe(403);
    const dibcac = await w.env.user('dibcac@dcma.example', 'DIBCAC');
    const high = await w.env.api('POST', '/api/v1/companies/2CD34/nist-assessments', { score: 100, confidence: 'HIGH', fullImplementationDate: '2027-01-01' }, dibcac);
    expect(high.status).toBe(201);
    expect(high.json).toMatchObject({ companyCage: '2CD34', cages: ['2CD34'], confidence: 'HIGH', assessmentDate: TODAY, assessingOrganization: 'DCMA DIBCAC', validThrough: '2029-11-23' });
    expect((await w.env.api('POST', '/api/v1/companies/2CD34/nist-assessments', { score: 110 }, dibcac)).status).toBe(403);
    const bad = await w.env.api('POST', '/api/v1/companies/1AB23/nist-assessments', { score: 111, extra: true }, w.tokens.acme);
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['(body)', 'score']);
  });
});

describe('lists sort and page', () => {
  it('sorts the posted assessments by any column and pages them 25 at a time', async () => {
    const many = Array.from({ length: 26 }, (_, i) => rec(`PAGE${String(i).padStart(6, '0')}`, { statusDate: '2026-09-01', affirmations: [affirmation('2026-09-01')] }));
    expect((await w.env.api('POST', '/api/v1/import', { assessments: many })).status).toBe(201);
    const first = await (await w.acme.get('/company/assessments?sort=uid&dir=asc')).text();
    const uids = (html: string) => [...html.matchAll(/<a href="\/company\/uids\/([A-Z0-9]{10})" class="ag-mono">/g)].map((m) => m[1]);
    expect(uids(first)).toHaveLength(25);
    expect(uids(first)[0]).toBe(U.overdue);
    expect(first).toContain('Page 1 of 2 · 32 in all');
    const second = await (await w.acme.get('/company/assessments?sort=uid&dir=asc&page=2')).text();
    expect(uids(second)).toEqual(['PAGE000019', 'PAGE000020', 'PAGE000021', 'PAGE000022', 'PAGE000023', 'PAGE000024', 'PAGE000025']);
    const desc = await (await w.acme.get('/company/assessments?sort=uid&dir=desc')).text();
    expect(uids(desc)[0]).toBe('PAGE000025');
    expect(desc).toContain('aria-sort="descending"');
  });
});
