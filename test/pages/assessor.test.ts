/**
 * Assessor pages (rules §6, §9): a C3PAO posts Level 2 (C3PAO) results for companies it is engaged
 * with; DIBCAC posts Level 3 (needs a current Final Level 2 (C3PAO) on the scope) and NIST
 * Medium/High. Results come from the form or a file (JSON body or CSV); a file with problems is
 * reported row by row and nothing is stored.
 */
import { describe, expect, it } from 'vitest';
import { requirementsFor } from '../../src/domain/requirements.js';
import { affirmation, eachTest, TODAY } from '../helpers.js';
import { accountsSignedIn, type Session } from './page-helpers.js';
import { answersForm, contractorWorld, countRows, noPartial, onePointPoam, PASSWORD } from './contractor-fixtures.js';
import { expectPage, expectShows } from './expect-page.js';

const t = eachTest(
  async () => {
    const w = await contractorWorld();
    const [c3pao, idle, dibcac] = await accountsSignedIn(w.env, PASSWORD, [
      ['lead@c3pao.example', 'C3PAO'],
      ['idle@c3pao.example', 'C3PAO'],
      ['assessor@dibcac.example', 'DIBCAC'],
    ]);
    expect((await w.env.api('POST', '/api/v1/engagements', { companyCage: '1AB23', assessorEmail: 'lead@c3pao.example' })).status).toBe(201);
    return { w, c3pao, idle, dibcac };
  },
  (t) => t.w.env.close(),
);

/** A multipart post, as the browser sends the results form with a file. */
async function upload(s: Session, fields: Record<string, string>, file?: { name: string; text: string; type: string }) {
  const fd = new FormData();
  fd.append('_csrf', s.csrf);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new File([file.text], file.name, { type: file.type }));
  return t.w.env.app.request('/assessor/assessments/new', { method: 'POST', headers: { cookie: s.cookie, origin: 'http://localhost' }, body: fd });
}
const l2Form = { level: 'L2_C3PAO', companyCage: '1AB23', scope: 'Enterprise', cages: '1AB23', action: 'post' };
const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');
const allCsvRows = (over: Record<string, string> = {}) => requirementsFor('L2_C3PAO').map((r) => [r.id, over[r.id] ?? 'MET']);

describe('C3PAO: Level 2 (C3PAO) results for an engaged company', () => {
  it('lists the companies it is engaged with and posts from the form; the posting is listed with its UID', async () => {
    const home = await (await t.c3pao.get('/assessor')).text();
    expectShows(home, ['Acme Machining LLC', '/assessor/assessments/new?level=L2_C3PAO&amp;cage=1AB23']);
    const form = await (await t.c3pao.get('/assessor/assessments/new?level=L2_C3PAO&cage=1AB23')).text();
    expect(form.match(/type="radio"[^>]*value="MET"/g)).toHaveLength(110);
    const res = await t.c3pao.post('/assessor/assessments/new', { ...l2Form, ...answersForm('L2_C3PAO', { [onePointPoam[0]]: 'NOT_MET' }) });
    expect(res.status).toBe(303);
    const uid = /uid=([A-Z0-9]{10})/.exec(res.headers.get('location')!)![1];
    const rec = await t.w.env.api('GET', `/api/v1/uids/${uid}`);
    expect(rec.json).toMatchObject({ level: 'L2_C3PAO', type: 'CONDITIONAL', score: 109, statusDate: TODAY, cages: ['1AB23'] });
    const after = await (await t.c3pao.get(res.headers.get('location')!)).text();
    expectShows(after, [`Posted: UID ${uid}`, `/uids?uid=${uid}`]);
  });

  it('refuses a company it is not engaged with (403), nothing stored', async () => {
    expect(await (await t.idle.get('/assessor')).text()).toContain('No company has engaged you yet');
    const res = await t.idle.post('/assessor/assessments/new', { ...l2Form, ...answersForm('L2_C3PAO') });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('You are not engaged with this company');
    expect(await countRows(t.w.env, 'assessments')).toBe(0);
  });

  it('refuses levels a C3PAO does not post (Level 3), and the NIST form', async () => {
    expect((await t.c3pao.get('/assessor/assessments/new?level=L3_DIBCAC')).status).toBe(403);
    expect((await t.c3pao.get('/assessor/nist/new')).status).toBe(403);
  });

  it('refuses missing answers from the form with 422 and the count', async () => {
    const res = await t.c3pao.post('/assessor/assessments/new', { ...l2Form, ...answersForm('L2_C3PAO', {}, [onePointPoam[0]]) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('1 requirement has no answer yet');
  });

  it('previews the live score for the answers so far (htmx fragment)', async () => {
    const res = await t.c3pao.post('/assessor/assessments/preview', { level: 'L2_C3PAO', ...answersForm('L2_C3PAO', { [onePointPoam[0]]: 'NOT_MET', [onePointPoam[1]]: 'NOT_MET' }) }, { 'hx-request': 'true' });
    const html = await res.text();
    expectShows(html, ['108 of 110', 'Conditional Level 2 (C3PAO)'], ['<html']);
  });

  it('reads a CSV file of requirement,result rows into the form and shows its score and status before posting ("NOT MET" and "N/A" accepted)', async () => {
    const rows = allCsvRows({ [onePointPoam[0]]: 'NOT MET', [onePointPoam[1]]: 'N/A' });
    const seen = await upload(t.c3pao, l2Form, { name: 'results.csv', text: csv([['requirement', 'result'], ...rows]), type: 'text/csv' });
    // The preview step: nothing stored yet; 110 − 1 (one 1-point requirement NOT MET) = 109, Conditional (rules §2).
    const preview = await expectPage(seen, 200, ['Check the results of results.csv before posting', 'Posting them gives <strong>Conditional Level 2 (C3PAO)</strong> with a score of <strong>109</strong>']);
    expect(preview).toMatch(new RegExp(`name="results\\.${onePointPoam[0].replace(/\./g, '\\.')}" value="NOT_MET" checked`));
    expect(await countRows(t.w.env, 'assessments')).toBe(0);
    const res = await t.c3pao.post('/assessor/assessments/new', { ...l2Form, ...answersForm('L2_C3PAO', { [onePointPoam[0]]: 'NOT_MET', [onePointPoam[1]]: 'NOT_APPLICABLE' }) });
    expect(res.status).toBe(303);
    const uid = /uid=([A-Z0-9]{10})/.exec(res.headers.get('location')!)![1];
    const rec = await t.w.env.api('GET', `/api/v1/uids/${uid}`);
    expect(rec.json).toMatchObject({ type: 'CONDITIONAL', score: 109, poam: [onePointPoam[0]] });
  });

  it('reports every problem of a CSV file against its row and stores nothing', async () => {
    const rows = allCsvRows({ [noPartial]: 'PARTIAL', [onePointPoam[0]]: 'MAYBE' }).filter(([id]) => id !== onePointPoam[1]);
    rows.push(['XX.L2-9.9.9', 'MET'], [rows[0][0], 'MET']);
    const res = await upload(t.c3pao, l2Form, { name: 'results.csv', text: csv(rows), type: 'text/csv' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('The results file has 5 problems; nothing was posted');
    const partialRow = rows.findIndex(([id]) => id === noPartial) + 1;
    expect(html).toMatch(new RegExp(`<td>${partialRow}</td><td class="ag-mono">${noPartial.replace(/\./g, '\\.')}</td><td>PARTIAL is allowed only for`));
    expectShows(html, ['&quot;MAYBE&quot; must be one of MET, NOT MET, N/A, PARTIAL', 'not a requirement of CMMC Level 2 (C3PAO)', `${rows[0][0]} already has a result on row 1`, 'no row for this requirement']);
    expect(await countRows(t.w.env, 'assessments')).toBe(0);
  });

  it('posts from a JSON file with the API’s assessment body, and reports a bad one by path', async () => {
    const body = { level: 'L2_C3PAO', scope: 'Enclave: lab', cages: ['1AB24'], results: Object.fromEntries(allCsvRows()) };
    const seen = await upload(t.c3pao, { ...l2Form, scope: '' }, { name: 'results.json', text: JSON.stringify(body), type: 'application/json' });
    // The body's scope and CAGE codes fill the form.
    const preview = await expectPage(seen, 200, ['Posting them gives <strong>Final Level 2 (C3PAO)</strong> with a score of <strong>110</strong>', 'value="Enclave: lab"']);
    expect(preview).toMatch(/id="f-cages" name="cages" type="text" value="1AB24"/);
    const ok = await t.c3pao.post('/assessor/assessments/new', { ...l2Form, scope: 'Enclave: lab', cages: '1AB24', ...answersForm('L2_C3PAO') });
    expect(ok.status).toBe(303);
    const uid = /uid=([A-Z0-9]{10})/.exec(ok.headers.get('location')!)![1];
    expect((await t.w.env.api('GET', `/api/v1/uids/${uid}`)).json).toMatchObject({ scope: 'Enclave: lab', cages: ['1AB24'], type: 'FINAL', score: 110 });
    const bad = await upload(t.c3pao, l2Form, { name: 'results.json', text: JSON.stringify({ ...body, results: { ...body.results, [noPartial]: 'PARTIAL' }, extra: 1 }), type: 'application/json' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('unknown field(s): extra');
    const notJson = await upload(t.c3pao, l2Form, { name: 'results.json', text: '{ not json', type: 'application/json' });
    expect(notJson.status).toBe(422);
    expect(await notJson.text()).toContain('not valid JSON');
    expect(await countRows(t.w.env, 'assessments')).toBe(1);
  });

  it('refuses a C3PAO posting whose CAGE codes are another company’s (422), nothing stored', async () => {
    const res = await t.c3pao.post('/assessor/assessments/new', { ...l2Form, cages: '1AB23 2CD34', ...answersForm('L2_C3PAO') });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('CAGE 2CD34 is not in this company');
    expect(await countRows(t.w.env, 'assessments')).toBe(0);
  });
});

describe('DIBCAC: Level 3 and NIST Medium/High', () => {
  const l3 = { level: 'L3_DIBCAC', companyCage: '1AB23', scope: 'Enclave: lab', cages: '1AB23', action: 'post' };

  it('refuses Level 3 without a current Final Level 2 (C3PAO) on the same scope (422), then accepts it with one', async () => {
    const refused = await t.dibcac.post('/assessor/assessments/new', { ...l3, ...answersForm('L3_DIBCAC') });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('no current Final Level 2 (C3PAO) status');
    expect(await countRows(t.w.env, 'assessments')).toBe(0);
    const imp = await t.w.env.api('POST', '/api/v1/import', {
      assessments: [{ uid: 'CCCC000001', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-06-01', cages: ['1AB23'], scope: 'Enclave: lab', score: 110, affirmations: [affirmation('2026-06-01')] }],
    });
    expect(imp.status).toBe(201);
    const l3ids = requirementsFor('L3_DIBCAC').map((r) => r.id);
    const ok = await t.dibcac.post('/assessor/assessments/new', { ...l3, ...answersForm('L3_DIBCAC', { [l3ids[0]]: 'NOT_MET' }) });
    expect(ok.status).toBe(303);
    const uid = /uid=([A-Z0-9]{10})/.exec(ok.headers.get('location')!)![1];
    expect((await t.w.env.api('GET', `/api/v1/uids/${uid}`)).json).toMatchObject({ level: 'L3_DIBCAC', score: 23 });
  });

  it('shows the Level 3 form with 24 requirements and no PARTIAL; the preview counts requirements met', async () => {
    const html = await (await t.dibcac.get('/assessor/assessments/new?level=L3_DIBCAC&cage=1ab23')).text();
    expect(html.match(/type="radio"[^>]*value="MET"/g)).toHaveLength(24);
    expectShows(html, ['value="1AB23"'], ['value="PARTIAL"']);
    const l3ids = requirementsFor('L3_DIBCAC').map((r) => r.id);
    const frag = await (await t.dibcac.post('/assessor/assessments/preview', { level: 'L3_DIBCAC', ...answersForm('L3_DIBCAC', { [l3ids[0]]: 'NOT_MET', [l3ids[1]]: 'NOT_MET' }) }, { 'hx-request': 'true' })).text();
    expect(frag).toContain('22 of 24 met');
  });

  it('posts a NIST SP 800-171 High assessment for any company; refuses a Basic one and a bad score (422/403)', async () => {
    const form = await (await t.dibcac.get('/assessor/nist/new?cage=2CD34')).text();
    expect(form).toContain('value="2CD34"');
    const bad = await t.dibcac.post('/assessor/nist/new', { companyCage: '2CD34', confidence: 'HIGH', score: 'abc', assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter the summary score');
    const basic = await t.dibcac.post('/assessor/nist/new', { companyCage: '2CD34', confidence: 'BASIC', score: '110', assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2' });
    expect(basic.status).toBe(403);
    const ok = await t.dibcac.post('/assessor/nist/new', {
      companyCage: '2CD34',
      confidence: 'HIGH',
      score: '104',
      assessmentDate: TODAY,
      fullImplementationDate: '2027-05-01',
      standard: 'NIST SP 800-171 Rev 2',
      assessingOrganization: 'DCMA DIBCAC',
    });
    expect(ok.status).toBe(303);
    const [row] = (await t.w.env.database.client.execute('SELECT hlo_cage, confidence, score FROM nist_assessments')).rows;
    expect(row).toMatchObject({ hlo_cage: '2CD34', confidence: 'HIGH', score: 104 });
  });

  it('is closed to contractors (403)', async () => {
    expect((await t.w.acme.get('/assessor')).status).toBe(403);
    expect((await t.w.acme.post('/assessor/assessments/new', { ...l3, ...answersForm('L3_DIBCAC') })).status).toBe(403);
    expect(await countRows(t.w.env, 'assessments')).toBe(0);
  });
});
