/**
 * The contractor's journey in a real browser (Chromium, headless), by keyboard alone:
 * sign in → add an Affirming Official → answer a Level 2 self-assessment with two NOT MET 1-point
 * requirements → see 108 and Conditional live (htmx) → submit → affirm → see the UID in "My UIDs" →
 * re-affirm an overdue UID in one click → close out the POA&M → Final with the same status date.
 * A second journey posts a NIST SP 800-171 Basic score from a Level 2 record and visits the
 * assessor pages (C3PAO results form with its live score, DIBCAC NIST and Level 3 forms).
 * axe-core checks every page of both; the live-score form and the affirmations page are saved as
 * the README's screenshots.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { requirementsFor } from '../../src/domain/requirements.js';
import { auditor, field, focused, keyboard, main, screenshot, signIn } from './harness.js';
import { ACME, acmeCage, affirmedBy, journey } from './journey.js';
import { expectShows } from '../pages/expect-page.js';

const PASSWORD = 'contractor-journey-password';
const EMAIL = 'it@acme.example';
const TODAY = '2026-11-23'; // the harness pins APP_TODAY
const affirmed = affirmedBy('pat@acme.example');

// Two 1-point requirements that may be on a POA&M, read from the requirement table.
const [GAP1, GAP2] = requirementsFor('L2_SELF')
  .filter((r) => r.points === 1 && r.poamAllowed === 'yes')
  .map((r) => r.id);

const RECORDS = {
  companies: [ACME, acmeCage('1AB24', 'Acme Machining LLC (West)', 'ACMEUEI12346', '9 Depot Rd, Fairborn OH 45324')],
  // Earlier self-assessments of two enclaves: one affirmation overdue, one due within 60 days.
  assessments: [
    { uid: 'ACMEMCH001', level: 'L2_SELF', status: 'FINAL', statusDate: '2025-06-01', cages: ['1AB23'], scope: 'Enclave: machining', score: 110, affirmations: affirmed('2025-06-01') },
    { uid: 'ACMEENG002', level: 'L2_SELF', status: 'FINAL', statusDate: '2025-12-15', cages: ['1AB24'], scope: 'Enclave: engineering', score: 110, affirmations: affirmed('2025-12-15') },
  ],
};

const j = journey({ today: TODAY, records: RECORDS, accounts: [{ email: EMAIL, role: 'CONTRACTOR', companyCage: '1AB23', password: PASSWORD }] });
const { violations, audit } = auditor();

const { tabTo, typeInto, toggle, chooseContaining, activate } = keyboard(150);
const scoreSays = (page: Page, text: string) => page.waitForFunction((t) => document.getElementById('score-panel')?.textContent?.includes(t), text);

describe('the contractor journey in a real browser', () => {
  it('answers a Level 2 self-assessment with a live score, submits, affirms, lists the UID and closes out the POA&M, by keyboard alone', async () => {
    const { page } = j.b;
    violations.length = 0;
    await signIn(page, j.server.baseUrl, EMAIL, PASSWORD);
    expectShows(await main(page), ['Needs your attention', 'ACMEMCH001']);
    await audit(page, 'home (affirmation banner)');

    // Company profile: read-only CAGE hierarchy; add the Affirming Official.
    await page.goto(`${j.server.baseUrl}/company`);
    expect(await main(page)).toContain('1AB24');
    await audit(page, 'company profile');
    await page.focus('#main-content');
    await typeInto(page, 'name', 'Pat Lee');
    await typeInto(page, 'title', 'President');
    await typeInto(page, 'email', 'pat@acme.example');
    await activate(page, 'Add official', /\/company\?done=official-added/);
    expect(await main(page)).toContain('Affirming Official added');

    // A new Level 2 self-assessment.
    await page.goto(`${j.server.baseUrl}/company/assessments`);
    await audit(page, 'assessments');
    await page.focus('#main-content');
    await activate(page, 'New Level 2 self-assessment', /\/company\/assessments\/new\?level=L2_SELF$/);
    expect(await page.textContent('#score-panel')).toContain('Answered 0 of 110');
    await audit(page, 'Level 2 form (unanswered)');

    // Everything MET in one go (a full POST: works without JavaScript), then the two gaps by arrow key.
    await page.focus('#main-content');
    await activate(page, 'Mark all remaining as MET', /\/company\/assessments\/new$/);
    expect(await page.textContent('#score-panel')).toContain('110 of 110');
    await page.focus('#main-content');
    await tabTo(page, GAP1, field(`results.${GAP1}`));
    expect((await focused(page)).value).toBe('MET');
    await page.keyboard.press('ArrowRight'); // → NOT MET; htmx posts the form and swaps the score panel
    await scoreSays(page, '109 of 110');
    await tabTo(page, GAP2, field(`results.${GAP2}`));
    await page.keyboard.press('ArrowRight');
    await scoreSays(page, '108 of 110');
    const panel = (await page.textContent('#score-panel')) ?? '';
    expectShows(panel, ['Conditional Level 2 (Self)', 'POA&M (2)', GAP1]);
    expect(page.url()).toMatch(/\/company\/assessments\/new$/); // updated in place, no navigation
    await audit(page, 'Level 2 form (live score)');
    await page.evaluate(() => {
      const h = [...document.querySelectorAll('h2')].find((x) => x.textContent === 'Requirements')!;
      window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 16);
    });
    await screenshot(page, 'contractor-l2-form', { fullPage: false });

    // Submit: the system assigns the UID and sets the status date.
    await activate(page, 'Submit assessment', /\/company\/uids\/[A-Z0-9]{10}\?done=posted$/);
    const uid = /\/company\/uids\/([A-Z0-9]{10})/.exec(page.url())![1];
    expectShows(await main(page), ['Conditional Level 2 (Self)', 'Awaiting affirmation']);
    await audit(page, 'UID page (awaiting affirmation)');

    // Affirm as the official on file, after ticking the confirmation (an affirmation is permanent).
    await page.focus('#main-content');
    await toggle(page, 'confirm', field('confirm'));
    await activate(page, 'Affirm', /\?done=affirmed$/);
    expect(await main(page)).toContain('Affirmed today');
    const posted = await j.server.api('GET', `/api/v1/uids/${uid}`);
    expect(posted.json).toMatchObject({ type: 'CONDITIONAL', score: 108, statusDate: TODAY, currentThrough: '2027-05-22' });
    expect(posted.json.poam).toEqual([GAP1, GAP2].sort());

    // My UIDs for an offer.
    await page.goto(`${j.server.baseUrl}/company/uids`);
    expect(await page.inputValue('#offer-uids-text')).toContain(`${uid} (Conditional Level 2 (Self), current through 2027-05-22)`);
    await audit(page, 'my UIDs');

    // Affirmations: the overdue one re-affirmed in one click, the statement shown.
    await page.goto(`${j.server.baseUrl}/company/affirmations`);
    const affirmations = await main(page);
    expectShows(affirmations, ['I affirm continuous compliance', 'Overdue', 'Due soon']);
    await audit(page, 'affirmations');
    await screenshot(page, 'contractor-affirmations');
    await page.focus('#main-content');
    await activate(page, 'Re-affirm UID ACMEMCH001 as Pat Lee', /\/company\/affirmations#confirm-reaffirm$/);
    expect(await main(page)).toContain('Confirm the affirmation of UID ACMEMCH001');
    await audit(page, 'affirmation confirmation');
    await page.focus('#confirm-heading');
    await toggle(page, 'confirm', field('confirm'));
    await activate(page, 'Affirm UID ACMEMCH001', /done=affirmed&uid=ACMEMCH001/);
    expect(await main(page)).toContain('UID ACMEMCH001 affirmed today');

    // POA&M: the deadline counts down; close out by keyboard.
    await page.goto(`${j.server.baseUrl}/company/poam`);
    expect(await main(page)).toContain('180 days left');
    await audit(page, 'POA&M');
    await page.focus('#main-content');
    await activate(page, `Close out UID ${uid}`, new RegExp(`/company/uids/${uid}#closeout$`));
    await page.focus('#main-content');
    await tabTo(page, GAP1, field(`results.${GAP1}`));
    await page.keyboard.press('Space'); // the first choice of an unanswered group: MET
    await toggle(page, GAP2, field(`results.${GAP2}`));
    await toggle(page, 'affirmNow', field('affirmNow'));
    await activate(page, 'Record the closeout', /\?done=closeout-success$/);
    expectShows(await main(page), ['Final Level 2 (Self)', 'same UID and the same status date']);
    await audit(page, 'UID page (closed out)');
    const closed = await j.server.api('GET', `/api/v1/uids/${uid}`);
    expect(closed.json).toMatchObject({ uid, type: 'FINAL', statusDate: TODAY, closeout: { date: TODAY, result: 'SUCCESS' } });
    expect(closed.json.currentThrough).toBe('2027-11-23');

    expect(violations).toEqual([]);
  });

  it('posts a NIST SP 800-171 Basic score taken from a Level 2 record by keyboard; the assessor pages pass axe too', async () => {
    const { page } = j.b;
    violations.length = 0;
    await j.b.context.clearCookies();
    await signIn(page, j.server.baseUrl, EMAIL, PASSWORD);
    await page.goto(`${j.server.baseUrl}/company/nist/new`);
    await audit(page, 'NIST Basic form');
    await page.focus('#main-content');
    await typeInto(page, 'planDescription', 'Enterprise SSP v3');
    await chooseContaining(page, 'scoreFrom', 'UID ACMEENG002');
    await activate(page, 'Post the NIST SP 800-171 score', /\/company\/assessments\?done=nist-posted/);
    expect(await main(page)).toContain('Enterprise SSP v3');
    expect(await page.textContent('[aria-labelledby="nist-heading"]')).toMatch(/BASIC\s*110/);
    await audit(page, 'assessments (with NIST)');

    // The assessor side: a C3PAO engaged with the company, and DIBCAC.
    expect((await j.server.api('POST', '/api/v1/users', { email: 'lead@c3pao.example', role: 'C3PAO', password: PASSWORD })).status).toBe(201);
    expect((await j.server.api('POST', '/api/v1/users', { email: 'dibcac@dcma.example', role: 'DIBCAC', password: PASSWORD })).status).toBe(201);
    expect((await j.server.api('POST', '/api/v1/engagements', { companyCage: '1AB23', assessorEmail: 'lead@c3pao.example' })).status).toBe(201);
    await j.b.context.clearCookies();
    await signIn(page, j.server.baseUrl, 'lead@c3pao.example', PASSWORD);
    await page.goto(`${j.server.baseUrl}/assessor`);
    expect(await main(page)).toContain('Acme Machining LLC');
    await audit(page, 'assessor home (C3PAO)');
    await page.focus('#main-content');
    await activate(page, 'Post Level 2 (C3PAO) results for Acme Machining LLC', /\/assessor\/assessments\/new\?level=L2_C3PAO&cage=1AB23$/);
    await audit(page, 'C3PAO results form');
    await page.focus('#main-content');
    await tabTo(page, GAP1, field(`results.${GAP1}`));
    await page.keyboard.press('ArrowRight'); // unanswered group: first arrow lands on NOT MET
    await scoreSays(page, 'Answered 1 of 110');
    await j.b.context.clearCookies();
    await signIn(page, j.server.baseUrl, 'dibcac@dcma.example', PASSWORD);
    await page.goto(`${j.server.baseUrl}/assessor/nist/new?cage=1AB23`);
    await audit(page, 'DIBCAC NIST form');
    await page.goto(`${j.server.baseUrl}/assessor/assessments/new?level=L3_DIBCAC&cage=1AB23`);
    await audit(page, 'DIBCAC Level 3 form');

    expect(violations).toEqual([]);
  });
});
