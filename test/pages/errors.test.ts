/**
 * The pages' one error mapping (src/routes/pages/errors.tsx) and form validator (validator.ts):
 * refusals are pages in the layout with a way back; a refused form comes back with 422, messages
 * that name the field and everything the user typed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { officerEnv, PASSWORD, solicitationForm, type OfficerEnv } from './officer-fixtures.js';
import { signInAs, type Session } from './page-helpers.js';
import { expectPage, expectShows } from './expect-page.js';

let t: OfficerEnv;
let acme: Session;
beforeEach(async () => {
  t = await officerEnv();
  await t.env.user('acme@example.com', 'CONTRACTOR', '1AB23', PASSWORD);
  acme = await signInAs(t.env, 'acme@example.com', PASSWORD);
});
afterEach(() => t.env.close());

/** The page is a whole page of the layout (its header and the signed-in user), not bare text. */
async function layoutPage(res: Response, email: string) {
  expect(res.headers.get('content-type')).toContain('text/html');
  const html = await res.text();
  expect(html).toMatch(/^<!DOCTYPE html>/);
  expectShows(html, ['class="usa-header', email]);
  return html;
}

describe('refusals are pages in the layout with a way back (rules §9)', () => {
  it('answers a contractor on an officer page with 403, who the page is for, and links home and back to its own workspace', async () => {
    const res = await acme.get('/officer/solicitations');
    expect(res.status).toBe(403);
    const html = await layoutPage(res, 'acme@example.com');
    expectShows(html, ['<h1>Not allowed</h1>', 'This page is for Contracting officer and Administrator accounts; you are signed in as Contractor.', '<a href="/company">Back to Company</a>', '<a href="/">Go to your home page</a>']);
  });

  it('answers a path with no page with 404, naming the path, with a way back to the workspace', async () => {
    const res = await t.officer.get('/officer/no-such-page');
    expect(res.status).toBe(404);
    const html = await layoutPage(res, 'officer@example.gov');
    expectShows(html, ['<h1>Not found</h1>', 'There is no page at /officer/no-such-page.', '<a href="/officer/solicitations">Back to Solicitations</a>', '<a href="/">Go to your home page</a>']);
  });

  it('answers a record that does not exist with 404 and a way back to the area it belongs to', async () => {
    const res = await t.officer.get('/officer/contracts/999999');
    expect(res.status).toBe(404);
    const html = await layoutPage(res, 'officer@example.gov');
    expectShows(html, ['No such contract.', '<a href="/officer/contracts">Back to Contracts</a>']);
  });

  it('answers a form posted without the session token with the 403 page, and changes nothing', async () => {
    const res = await t.env.app.request('/officer/solicitations', {
      method: 'POST',
      headers: { cookie: t.officer.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams(solicitationForm()).toString(),
    });
    expect(res.status).toBe(403);
    const html = await layoutPage(res, 'officer@example.gov');
    expect(html).toContain('The form expired or did not come from AwardGate. Nothing was changed');
    expect(await (await t.officer.get('/officer/solicitations')).text()).toContain('No solicitation yet');
  });

  it('gives an htmx request the message alone (htmx does not swap a 403 in)', async () => {
    const res = await acme.get('/officer/solicitations', { 'hx-request': 'true' });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toBe('<p role="alert">This page is for Contracting officer and Administrator accounts; you are signed in as Contractor.</p>');
  });
});

describe('the form validator: a refused form comes back as the user left it', () => {
  it('re-renders the solicitation form with 422, messages naming each field, and every value typed', async () => {
    const res = await t.officer.post('/officer/solicitations', solicitationForm({ number: '', title: 'Keep me', issueDate: '2026-13-45', nistMaxAgeDays: '2000' }));
    await expectPage(res, 422, ['<a href="#f-number">Enter the solicitation number</a>', '<a href="#f-issueDate">The issue date must be a calendar date written YYYY-MM-DD</a>', '<a href="#f-nistMaxAgeDays">The NIST maximum age can only shorten the 3-year period (at most 1096 days)</a>', 'value="Keep me"', 'value="2026-13-45"', 'value="2000"']);
    expect(await (await t.officer.get('/officer/solicitations')).text()).toContain('No solicitation yet');
  });

  it('sends a refusal by the service (a number already used) back to the same form with the values kept', async () => {
    expect((await t.officer.post('/officer/solicitations', solicitationForm())).status).toBe(303);
    const res = await t.officer.post('/officer/solicitations', solicitationForm({ title: 'A second one' }));
    await expectPage(res, 422, ['<a href="#f-number">Solicitation W912QR-27-R-0001 already exists</a>', 'value="A second one"']);
  });

  it('gives each UID of a list its message on the list’s one control', async () => {
    const res = await acme.post('/attestations', { uids: ['SHORT', 'ALSO-BAD'], validDays: '30' }, { 'hx-request': 'true' });
    await expectPage(res, 422, ['<a href="#f-uids">UIDs: a CMMC UID is 10 characters, A–Z and 0–9.</a>'], ['<html', '#f-uids-0']);
  });
});
