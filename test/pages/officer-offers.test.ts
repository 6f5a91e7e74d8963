import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowCells } from './html.js';
import { createOffer, createSolicitation, EXPIRED, GOOD, officerEnv, OFFICER, REPLACEMENT, recordAward, SOON, SUBCO, verdictOf, type OfficerEnv } from './officer-fixtures.js';
import { expectPage, expectShows } from './expect-page.js';

let t: OfficerEnv;
let sol: number;
beforeEach(async () => {
  t = await officerEnv();
  sol = await createSolicitation(t.officer);
});
afterEach(() => t.env.close());

/** The table row of one UID in a rendered verdict. */
const rowOf = (html: string, uid: string) => {
  const start = html.indexOf(`>${uid}</th>`);
  expect(start, uid).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</tr>', start));
};

describe('offers', () => {
  it('re-renders the offer form with 422, the messages and everything typed', async () => {
    const res = await t.officer.post(`/officer/solicitations/${sol}/offers`, { offerorName: 'Acme Machining LLC', cage: '1AB2O', uei: 'short', uids: `${GOOD}\n${SOON}` });
    await expectPage(res, 422, ['A CAGE code is 5 characters, A–Z (not I or O) and 0–9', 'A UEI is 12 characters', 'value="Acme Machining LLC"', `${GOOD}\n${SOON}`]);
  });

  it('takes a pasted UID list with any separators and runs the check at once, explaining every UID', async () => {
    const offer = await createOffer(t.officer, sol, ` good1aaaa1; ${SOON} | ${EXPIRED},${SUBCO}\t`);
    const res = await t.officer.get(`/officer/offers/${offer}/check?saved=1`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Offer saved');
    expect(verdictOf(html)).toBe('Verdict: not eligible for award');
    expect(html).toContain('As of <strong>2026-11-23</strong>');
    // Per UID: status, level, status date, current-through date, reasons with citations.
    // UID, verdict, status, level, status date, current through (rules §3: Final L2 affirmed 2026-06-01 → 2027-06-01).
    expect(rowCells(html, GOOD).slice(0, 7)).toEqual([GOOD, 'Meets', 'Final', 'CMMC Level 2 (C3PAO)', '2026-06-01', '2027-06-01', 'Current and at the required level.']);
    expect(rowCells(html, SOON).slice(0, 6)).toEqual([SOON, 'Meets', 'Final', 'CMMC Level 2 (C3PAO)', '2025-12-01', '2026-12-15']);
    expect(rowCells(html, EXPIRED).slice(0, 6)).toEqual([EXPIRED, 'Fails', `Conditional Superseded by ${REPLACEMENT}`, 'CMMC Level 2 (C3PAO)', '2026-03-01', 'not current']);
    expect(rowCells(html, SUBCO).slice(0, 2)).toEqual([SUBCO, 'Meets']);
    const soon = rowOf(html, SOON);
    expectShows(soon, ['EXPIRES_WITHIN', 'current only through 2026-12-15', 'DFARS 204.7502(a)(3)']);
    const expired = rowOf(html, EXPIRED);
    expectShows(expired, ['SUPERSEDED', `Superseded by <span class="ag-mono">${REPLACEMENT}</span>`, 'DFARS 252.204-7025(d)']);
    // The superseded reading is a product decision: footnoted to the assumption.
    expect(expired).toMatch(/href="#assumption-note-\d+"/);
    const sub = rowOf(html, SUBCO);
    expectShows(sub, ['UID_NOT_OFFEROR_CAGE', 'Note']);
    // NIST SP 800-171 row (DFARS 252.204-7012 included), phase advisory, assumptions.
    expect(html).toContain('NIST SP 800-171 DoD Assessments');
    expect(rowOf(html, '1AB23')).toContain('2027-06-01');
    expectShows(html, ['Phase 2', 'Advisory only', 'Assumptions this verdict rests on', 'A superseded UID is not current', 'Record award verification']);
  });

  it('reconstructs a past decision with the "as of" date, as an htmx fragment of the same verdict', async () => {
    const offer = await createOffer(t.officer, sol, `${GOOD} ${EXPIRED}`);
    const res = await t.officer.get(`/officer/offers/${offer}/check?asOf=2026-09-15&lookAheadUntil=`, { 'hx-request': 'true' });
    const html = await expectPage(res, 200, ['id="check-result"', 'As of <strong>2026-09-15</strong>'], ['<html']);
    // On 2026-09-15 the replacement did not exist yet: the Conditional had simply expired (180 days).
    const expired = rowOf(html, EXPIRED);
    expectShows(expired, ['CONDITIONAL_EXPIRED'], ['SUPERSEDED']);
    expect(html).toContain('name="asOf" value="2026-09-15"');
    // The pushed URL, restored by the back button, answers with the whole page.
    const restored = await t.officer.get(`/officer/offers/${offer}/check?asOf=2026-09-15`, { 'hx-request': 'true', 'hx-history-restore-request': 'true' });
    expect(await restored.text()).toContain('<html');
  });

  it('warns of a lapse before the planned award date the officer gives', async () => {
    const offer = await createOffer(t.officer, sol, GOOD);
    const html = await (await t.officer.get(`/officer/offers/${offer}/check?lookAheadUntil=2027-07-01`)).text();
    expect(verdictOf(html)).toBe('Verdict: eligible for award');
    expect(rowOf(html, GOOD)).toContain('before 2027-07-01 (the date you gave)');
    expect(html).toContain('Lapses before 2027-07-01 are warned of');
  });

  it('answers a bad "as of" date with 422, the message and the value kept (full page and fragment)', async () => {
    const offer = await createOffer(t.officer, sol, GOOD);
    const page = await t.officer.get(`/officer/offers/${offer}/check?asOf=2026-13-01`);
    await expectPage(page, 422, ['The &quot;as of&quot; date must be a calendar date', 'value="2026-13-01"']);
    const frag = await t.officer.get(`/officer/offers/${offer}/check?asOf=2026-13-01`, { 'hx-request': 'true' });
    await expectPage(frag, 422, ['The check could not run'], ['<html']);
  });

  it('replaces the UID list with the offeror’s update, and the check then passes', async () => {
    const offer = await createOffer(t.officer, sol, `${GOOD} ${EXPIRED}`);
    const res = await t.officer.post(`/officer/offers/${offer}/uids`, { uids: `${GOOD}\n${REPLACEMENT}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/officer/offers/${offer}/check?updated=1`);
    const html = await (await t.officer.get(res.headers.get('location')!)).text();
    expectShows(html, ['UID list replaced', `${GOOD}, ${REPLACEMENT}`]);
    expect(verdictOf(html)).toBe('Verdict: eligible for award');
  });

  it('refuses an offer check when the solicitation uses no CMMC clause, saying why', async () => {
    const cots = await createSolicitation(t.officer, { number: 'COTS-1', cotsOnly: 'on' });
    const offer = await createOffer(t.officer, cots, GOOD);
    const res = await t.officer.get(`/officer/offers/${offer}/check`);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('not used in this solicitation, so there is no CMMC check to run');
  });

  it('records the award verification with who and when, and lists it on the offer', async () => {
    const offer = await createOffer(t.officer, sol, `${GOOD} ${SOON}`);
    const id = await recordAward(t.officer, offer, { lookAheadUntil: '2027-01-15' });
    const page = await t.officer.get(`/officer/verifications/${id}?recorded=1`);
    const html = await expectPage(page, 200, ['Verification recorded', OFFICER, '2026-11-23T15:00:00.000Z']);
    expect(verdictOf(html)).toBe('Recorded verdict: eligible for award');
    expect(html).toContain('Create the contract from this award');
    const api = await t.env.api('GET', `/api/v1/verifications/${id}`);
    expect(api.json).toMatchObject({ purpose: 'AWARD', eligible: true, solicitationNumber: 'W912QR-27-R-0001', recordedBy: OFFICER });
    expect(api.json.request).toMatchObject({ lookAheadUntil: '2027-01-15', offerorCage: '1AB23', nist: { cages: ['1AB23'] } });
    const offerPage = await (await t.officer.get(`/officer/offers/${offer}`)).text();
    expect(offerPage).toContain(`/officer/verifications/${id}`);
  });

  it('shows all offers of a solicitation side by side on the same date', async () => {
    await createOffer(t.officer, sol, `${GOOD} ${SOON}`);
    await createOffer(t.officer, sol, EXPIRED, { offerorName: 'Beta Engineering', cage: '7BE77', uei: '7BE77UEI0000' });
    const sol1 = await (await t.officer.get(`/officer/solicitations/${sol}`)).text();
    expect(sol1).toContain('Compare offers side by side');
    const res = await t.officer.get(`/officer/solicitations/${sol}/compare?asOf=2026-11-23`);
    const html = await expectPage(res, 200, ['Acme Machining LLC', 'Beta Engineering']);
    // Acme offers GOOD and SOON (both current); Beta offers the expired Conditional.
    expect(rowCells(html, '')).toEqual(['', 'Acme Machining LLC', 'Beta Engineering']);
    expect(rowCells(html, 'Verdict')).toEqual(['Verdict', 'Eligible', 'Not eligible']);
    expectShows(html, ['Every offer checked as of 2026-11-23', 'NIST SP 800-171']);
    const bad = await t.officer.get(`/officer/solicitations/${sol}/compare?asOf=yesterday`);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('value="yesterday"');
  });
});
