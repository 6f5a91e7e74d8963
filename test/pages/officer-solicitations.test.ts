import { describe, expect, it } from 'vitest';
import { signInAs } from './page-helpers.js';
import { createSolicitation, officerEnvEach, PASSWORD, solicitationForm } from './officer-fixtures.js';
import { expectPage, expectShows } from './expect-page.js';

const t = officerEnvEach();

describe('officer workspace: who may use it', () => {
  it('sends an anonymous visitor to sign-in and refuses a contractor (rules §9)', async () => {
    const anon = await t.env.app.request('/officer/solicitations');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/sign-in?next=%2Fofficer%2Fsolicitations');
    await t.env.user('acme@example.com', 'CONTRACTOR', '1AB23', PASSWORD);
    const acme = await signInAs(t.env, 'acme@example.com', PASSWORD);
    for (const path of ['/officer/solicitations', '/officer/contracts', '/officer/verifications', '/officer/watch']) {
      expect((await acme.get(path)).status, path).toBe(403);
    }
  });

  it('answers every officer page with 200 and the workspace navigation', async () => {
    for (const [path, text] of [
      ['/officer/solicitations', 'Solicitations'],
      ['/officer/solicitations/new', 'New solicitation'],
      ['/officer/contracts', 'Contracts'],
      ['/officer/contracts/new', 'New contract from an award'],
      ['/officer/verifications', 'Recorded verifications'],
      ['/officer/watch', 'Watch list'],
    ]) {
      const res = await t.officer.get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain(text);
      expect(html, path).toContain('href="/officer/watch"');
    }
    expect((await t.officer.get('/officer')).headers.get('location')).toBe('/officer/solicitations');
  });
});

describe('solicitations', () => {
  it('shows an empty state that says what to do next', async () => {
    const html = await (await t.officer.get('/officer/solicitations')).text();
    expectShows(html, ['No solicitation yet', 'href="/officer/solicitations/new"']);
  });

  it('re-renders the form with 422, every field message and the values typed', async () => {
    const res = await t.officer.post('/officer/solicitations', solicitationForm({ number: '', issueDate: '2026-02-30', information: '', nistMaxAgeDays: '2000', title: 'Keep this title' }));
    // The error summary links to each field (WCAG 3.3.1).
    await expectPage(res, 422, ['Enter the solicitation number', 'The issue date must be a calendar date written YYYY-MM-DD', 'Choose what contractor systems will handle', 'can only shorten the 3-year period', 'value="Keep this title"', 'value="2026-02-30"', 'value="2000"', 'href="#f-number"']);
  });

  it('saves a solicitation and shows the DFARS 204.7504 decision, the level and the phase advisory', async () => {
    const id = await createSolicitation(t.officer, { plannedAwardDate: '2027-02-01', nistMaxAgeDays: '730' });
    const res = await t.officer.get(`/officer/solicitations/${id}?saved=1`);
    await expectPage(res, 200, ['Solicitation saved', 'W912QR-27-R-0001', 'DFARS 252.204-7021 and DFARS 252.204-7025', 'Required level: <strong>CMMC Level 2 (C3PAO)</strong>', 'Phase 2', 'at most 730 days old', 'No offer entered yet']);
  });

  it('upper-cases the number and refuses a second solicitation with the same number (409 → form message)', async () => {
    await createSolicitation(t.officer, { number: 'w912qr-27-r-0009' });
    const res = await t.officer.post('/officer/solicitations', solicitationForm({ number: 'W912QR-27-R-0009' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Solicitation W912QR-27-R-0009 already exists');
  });

  it('answers the htmx applicability request with just the panel: not yet effective before 2025-11-10', async () => {
    const res = await t.officer.post('/officer/solicitations/applicability', solicitationForm({ issueDate: '2025-10-01' }), { 'hx-request': 'true' });
    await expectPage(res, 200, ['id="applicability"', 'Not used.', 'CLAUSE_NOT_YET_EFFECTIVE', 'may include the clauses if award will be on or after 2025-11-10'], ['<html']);
  });

  it('shows the COTS exemption and, from 2028-11-10, a clause without a level asks for one', async () => {
    const cots = await (await t.officer.post('/officer/solicitations/applicability', solicitationForm({ cotsOnly: 'on' }), { 'hx-request': 'true' })).text();
    expect(cots).toContain('COTS_ONLY');
    const later = await (await t.officer.post('/officer/solicitations/applicability', solicitationForm({ issueDate: '2028-12-01', programOfficeLevel: '' }), { 'hx-request': 'true' })).text();
    expectShows(later, ['LEVEL_NEEDED', 'obtain one from the program office']);
  });

  it('edits a solicitation with the form prefilled and keeps the number unique', async () => {
    const id = await createSolicitation(t.officer);
    const form = await (await t.officer.get(`/officer/solicitations/${id}/edit`)).text();
    expect(form).toContain('value="Engineering support services"');
    expect(form).toMatch(/<option value="L2_C3PAO" selected/);
    const res = await t.officer.post(`/officer/solicitations/${id}`, solicitationForm({ title: 'Renamed buy', programOfficeLevel: 'L2_SELF' }));
    expect(res.status).toBe(303);
    const html = await (await t.officer.get(`/officer/solicitations/${id}`)).text();
    expectShows(html, ['Renamed buy', 'CMMC Level 2 (Self)']);
  });

  it('answers 404 for a solicitation that does not exist', async () => {
    const res = await t.officer.get('/officer/solicitations/999');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No such solicitation');
  });

  it('sorts and pages the list by query parameters, so it works without JavaScript', async () => {
    for (let i = 1; i <= 27; i++) await createSolicitation(t.officer, { number: `SOL-${String(i).padStart(2, '0')}`, title: `Buy ${i}` });
    const first = await (await t.officer.get('/officer/solicitations?sort=number&dir=asc')).text();
    expect(first.indexOf('SOL-01')).toBeGreaterThan(0);
    expect(first.indexOf('SOL-01')).toBeLessThan(first.indexOf('SOL-02'));
    expectShows(first, ['Page 1 of 2'], ['SOL-27']);
    const second = await (await t.officer.get('/officer/solicitations?sort=number&dir=asc&page=2')).text();
    expectShows(second, ['SOL-26', 'SOL-27'], ['SOL-01<']);
    const desc = await (await t.officer.get('/officer/solicitations?sort=number&dir=desc')).text();
    expect(desc.indexOf('SOL-27')).toBeLessThan(desc.indexOf('SOL-26'));
    expect(desc).toContain('aria-sort="descending"');
    const search = await (await t.officer.get('/officer/solicitations?q=sol-13')).text();
    expectShows(search, ['SOL-13'], ['SOL-12']);
  });
});
