/**
 * Contractor self-assessment pages (rules §6, §9): the Level 1 / Level 2 forms, the live score
 * (htmx fragment and no-JS re-render), drafts, submission through the posting service, and every
 * error path re-rendering the form with 422, its messages and the user's answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requirementsFor } from '../../src/domain/requirements.js';
import { TODAY } from '../helpers.js';
import { answersForm, contractorWorld, countRows, noPartial, onePointPoam, ssp, uidFromLocation, type World } from './contractor-fixtures.js';
import { expectPage, expectShows } from './expect-page.js';

let w: World;
beforeEach(async () => {
  w = await contractorWorld();
});
afterEach(() => w.env.close());

const base = { level: 'L2_SELF', scopeChoice: 'Enterprise', cages: '1AB23' };
const submit = (form: Record<string, string | string[]>) => w.acme.post('/company/assessments/new', { ...base, action: 'submit', ...form });

describe('the Level 2 self-assessment form', () => {
  it('shows the 110 requirements grouped by family with nothing pre-answered, and PARTIAL only for 3.5.3 and 3.13.11', async () => {
    const res = await w.acme.get('/company/assessments/new?level=L2_SELF');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/type="radio"[^>]*value="MET"/g)).toHaveLength(110);
    expect(html).not.toMatch(/type="radio"[^>]*checked/);
    const partial = [...html.matchAll(/name="results\.([^"]+)" value="PARTIAL"/g)].map((m) => m[1]);
    expect(partial).toEqual(requirementsFor('L2_SELF').filter((r) => r.partialPoints !== null).map((r) => r.id));
    expectShows(html, ['Access Control (AC) · 22 requirements', 'Answered <strong>0</strong> of 110', 'hx-post="/company/assessments/preview"', 'hx-trigger="change"']);
  });

  it('previews 108 and Conditional live (htmx fragment) for two NOT MET 1-point requirements, with them on the POA&M', async () => {
    const res = await w.acme.post('/company/assessments/preview', { level: 'L2_SELF', ...answersForm('L2_SELF', { [onePointPoam[0]]: 'NOT_MET', [onePointPoam[1]]: 'NOT_MET' }) }, { 'hx-request': 'true' });
    await expectPage(res, 200, ['108 of 110', 'Conditional Level 2 (Self)', 'POA&amp;M (2)', onePointPoam[0]], ['<html']);
  });

  it('previews the requirements that block a Conditional status', async () => {
    const blocker = requirementsFor('L2_SELF').find((r) => r.poamAllowed === 'no' && r.id !== ssp)!.id;
    const html = await (await w.acme.post('/company/assessments/preview', { level: 'L2_SELF', ...answersForm('L2_SELF', { [blocker]: 'NOT_MET' }) }, { 'hx-request': 'true' })).text();
    expectShows(html, ['No CMMC Status', 'Blocking a Conditional status (1)', blocker]);
  });

  it('previews "No CMMC Score" as soon as the SSP (3.12.4) is answered NOT MET', async () => {
    const html = await (await w.acme.post('/company/assessments/preview', { level: 'L2_SELF', [`results.${ssp}`]: 'NOT_MET' }, { 'hx-request': 'true' })).text();
    expectShows(html, ['No CMMC Score', 'Answered <strong>1</strong> of 110']);
  });

  it('works without JavaScript: "Update score" re-renders the whole page with the preview and the answers kept', async () => {
    const res = await w.acme.post('/company/assessments/new', { ...base, action: 'preview', [`results.${onePointPoam[0]}`]: 'NOT_MET' });
    const html = await expectPage(res, 200, ['<html', '109 of 110']);
    expect(html).toMatch(new RegExp(`name="results\\.${onePointPoam[0].replace(/\./g, '\\.')}" value="NOT_MET" checked`));
  });

  it('"Mark all remaining as MET" fills only the unanswered requirements', async () => {
    const html = await (await w.acme.post('/company/assessments/new', { ...base, action: 'all-met', [`results.${onePointPoam[0]}`]: 'NOT_MET' })).text();
    expect(html.match(/value="MET" checked/g)).toHaveLength(109);
    expect(html.match(/value="NOT_MET" checked/g)).toHaveLength(1);
    expectShows(html, ['109 of 110', 'Conditional Level 2 (Self)']);
  });
});

describe('submitting a self-assessment', () => {
  it('refuses missing answers with 422, names how many and the first, keeps the answers, and stores nothing', async () => {
    const first = requirementsFor('L2_SELF')[0].id;
    const res = await submit(answersForm('L2_SELF', {}, [first, onePointPoam[3]]));
    const html = await expectPage(res, 422, [`2 requirements have no answer yet (first: ${first})`, 'no answer yet']);
    expect(html.match(/value="MET" checked/g)).toHaveLength(108);
    expect(await countRows(w.env, 'assessments')).toBe(0);
  });

  it('refuses PARTIAL where the table gives no partial credit (422), nothing stored', async () => {
    const res = await submit(answersForm('L2_SELF', { [noPartial]: 'PARTIAL' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('PARTIAL is allowed only for');
    expect(await countRows(w.env, 'assessments')).toBe(0);
  });

  it('refuses an SSP (3.12.4) NOT MET with "No CMMC Score" (422), nothing stored', async () => {
    const res = await submit(answersForm('L2_SELF', { [ssp]: 'NOT_MET' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('No CMMC Score');
    expect(await countRows(w.env, 'assessments')).toBe(0);
  });

  it('refuses CAGE codes of another company (a contractor posting for another company), nothing stored', async () => {
    const res = await submit({ ...answersForm('L2_SELF'), cages: ['1AB23', '2CD34'] });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('CAGE 2CD34 is not in this company&#39;s CAGE hierarchy');
    expect(await countRows(w.env, 'assessments')).toBe(0);
  });

  it('refuses a new enclave without a name', async () => {
    const res = await submit({ ...answersForm('L2_SELF'), scopeChoice: '__new_enclave', enclaveName: '' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Name the new enclave');
  });

  it('refuses an affirmation without the official’s title, keeping what was typed', async () => {
    const res = await submit({ ...answersForm('L2_SELF'), affirmNow: 'on', 'affirmation.name': 'Pat Lee', 'affirmation.title': '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="Pat Lee"');
    expect(await countRows(w.env, 'assessments')).toBe(0);
  });

  it('posts 108 Conditional: the system assigns the UID and status date, with the POA&M, and the affirmation made with it', async () => {
    const res = await submit({
      ...answersForm('L2_SELF', { [onePointPoam[0]]: 'NOT_MET', [onePointPoam[1]]: 'NOT_MET' }),
      scopeChoice: '__new_enclave',
      enclaveName: 'engineering CUI enclave',
      cages: ['1AB23', '1AB24'],
      affirmNow: 'on',
      'affirmation.name': 'Pat Lee',
      'affirmation.title': 'President',
      'affirmation.email': 'pat@acme.example',
    });
    expect(res.status).toBe(303);
    const uid = uidFromLocation(res);
    expect(uid).toMatch(/^[A-HJ-NP-Z0-9]{10}$/);
    const page = await (await w.acme.get(`/company/uids/${uid}?done=posted`)).text();
    expectShows(page, ['Conditional Level 2 (Self)', 'Submitted. The system assigned this UID', 'Enclave: engineering CUI enclave']);
    const rec = await w.env.api('GET', `/api/v1/uids/${uid}`);
    expect(rec.json).toMatchObject({ level: 'L2_SELF', type: 'CONDITIONAL', score: 108, statusDate: TODAY, cages: ['1AB23', '1AB24'] });
    expect(rec.json.poam).toEqual([onePointPoam[0], onePointPoam[1]].sort());
    expect(rec.json.affirmations.map((a: { date: string; name: string }) => [a.date, a.name])).toEqual([[TODAY, 'Pat Lee']]);
    expect(rec.json.currentThrough).not.toBeNull();
  });

  it('posts a Level 1 self-assessment of 15 requirements; one NOT MET gives No CMMC Status, posted only once confirmed', async () => {
    const l1 = requirementsFor('L1_SELF');
    const form = await (await w.acme.get('/company/assessments/new?level=L1_SELF')).text();
    expect(form.match(/type="radio"[^>]*value="MET"/g)).toHaveLength(15);
    expect(form).not.toContain('value="PARTIAL"');
    const answers = answersForm('L1_SELF', { [l1[0].id]: 'NOT_MET' });
    const unconfirmed = await submit({ level: 'L1_SELF', ...answers });
    await expectPage(unconfirmed, 422, ['This assessment posts No CMMC Status', 'Confirm that you understand this assessment posts No CMMC Status']);
    expect(await countRows(w.env, 'assessments')).toBe(0);
    const res = await submit({ level: 'L1_SELF', ...answers, confirm: 'on' });
    expect(res.status).toBe(303);
    const rec = await w.env.api('GET', `/api/v1/uids/${uidFromLocation(res)}`);
    expect(rec.json).toMatchObject({ level: 'L1_SELF', type: 'NONE', score: null });
  });

  it('refuses PARTIAL at Level 1 (422)', async () => {
    const l1 = requirementsFor('L1_SELF');
    const res = await submit({ level: 'L1_SELF', ...answersForm('L1_SELF', { [l1[0].id]: 'PARTIAL' }) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('PARTIAL is not allowed at CMMC Level 1 (Self)');
  });

  it('has no form for assessor levels (a contractor does not post C3PAO results)', async () => {
    expect((await w.acme.get('/company/assessments/new?level=L2_C3PAO')).status).toBe(404);
    const res = await submit({ level: 'L2_C3PAO', ...answersForm('L2_C3PAO') });
    expect(res.status).toBe(404);
    expect(await countRows(w.env, 'assessments')).toBe(0);
  });
});

describe('drafts', () => {
  it('saves a draft, lists it, reopens it with the answers, and removes it once submitted', async () => {
    const saved = await w.acme.post('/company/assessments/new', { ...base, action: 'save', [`results.${onePointPoam[0]}`]: 'NOT_MET', [`results.${ssp}`]: 'MET' });
    expect(saved.status).toBe(303);
    const loc = saved.headers.get('location')!;
    const id = /drafts\/(\d+)/.exec(loc)![1];
    const list = await (await w.acme.get('/company/assessments')).text();
    expectShows(list, [`/company/assessments/drafts/${id}`, '2 of 110']);
    const reopened = await (await w.acme.get(loc)).text();
    expect(reopened).toContain('Draft saved.');
    expect(reopened).toMatch(/value="NOT_MET" checked/);
    expect(reopened).toContain(`name="draftId" value="${id}"`);
    const posted = await submit({ ...answersForm('L2_SELF', { [onePointPoam[0]]: 'NOT_MET' }), draftId: id });
    expect(posted.status).toBe(303);
    expect(await countRows(w.env, 'assessment_drafts')).toBe(0);
  });

  it('keeps drafts to the company: another contractor gets 404', async () => {
    const saved = await w.acme.post('/company/assessments/new', { ...base, action: 'save' });
    const loc = saved.headers.get('location')!.split('?')[0];
    expect((await w.other.get(loc)).status).toBe(404);
    expect((await w.other.post(`${loc}/delete`, {})).status).toBe(404);
    expect(await countRows(w.env, 'assessment_drafts')).toBe(1);
  });
});

describe('who may use the company workspace', () => {
  it('is for contractors: an officer gets 403, an anonymous visitor goes to sign-in', async () => {
    await w.env.user('officer@example.gov', 'CONTRACTING_OFFICER', undefined, 'correct horse battery');
    const { signInAs } = await import('./page-helpers.js');
    const officer = await signInAs(w.env, 'officer@example.gov', 'correct horse battery');
    expect((await officer.get('/company/assessments')).status).toBe(403);
    expect((await w.env.app.request('/company')).status).toBe(303);
  });

  it('refuses a form post without the session CSRF token', async () => {
    const res = await w.env.app.request('/company/assessments/new', {
      method: 'POST',
      headers: { cookie: w.acme.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'level=L2_SELF&action=submit',
    });
    expect(res.status).toBe(403);
  });
});
