/**
 * The contracting officer's journey in a real browser (Chromium, headless), by keyboard alone:
 * sign in → create a solicitation → enter an offer with three UIDs (one failing) → read the
 * explained verdict → take the offeror's updated list → record the award → create the contract →
 * later record an option verification. axe-core checks every page of the journey; the check result
 * and the print record are saved as the README's screenshots.
 */
import { describe, expect, it } from 'vitest';
import { auditor, field, main, screenshot, signIn, textAt } from './harness.js';
import { ACME, acmeCage, affirmedBy, journey, journeySteps } from './journey.js';
import { expectShows } from '../pages/expect-page.js';

const PASSWORD = 'officer-journey-password';
const EMAIL = 'co@example.gov';
const affirmed = affirmedBy('ao@acme.example');

// "Today" is 2026-11-23 (the harness pins APP_TODAY).
const RECORDS = {
  companies: [ACME, acmeCage('1AB24', 'Acme Machining LLC (Enclave)', 'ACMEUEI12346', ACME.address)],
  assessments: [
    { uid: 'ACMEENT001', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-06-01', cages: ['1AB23'], scope: 'Enterprise', score: 110, affirmations: affirmed('2026-06-01') },
    { uid: 'ACMEENG002', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2025-12-01', cages: ['1AB24'], scope: 'Enclave: engineering', score: 110, affirmations: affirmed('2025-12-15') },
    // The failing one: a Conditional status superseded by a newer assessment of the same scope.
    { uid: 'ACMELAB003', level: 'L2_C3PAO', status: 'CONDITIONAL', statusDate: '2026-03-01', cages: ['1AB23'], scope: 'Lab', score: 95, affirmations: affirmed('2026-03-01') },
    { uid: 'ACMELAB004', level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-10-01', cages: ['1AB23'], scope: 'Lab', score: 110, supersedes: 'ACMELAB003', affirmations: affirmed('2026-10-01') },
  ],
  nistAssessments: [{ cages: ['1AB23'], confidence: 'BASIC', assessmentDate: '2024-06-01', score: 95, fullImplementationDate: '2025-06-01' }],
};

const j = journey({ records: RECORDS, accounts: [{ email: EMAIL, role: 'CONTRACTING_OFFICER', password: PASSWORD }] });
const { violations, audit } = auditor();

const { typeInto, toggle, choose, activate, fillIn } = journeySteps(60);

describe('the contracting officer journey in a real browser', () => {
  it('goes from a new solicitation to a recorded option verification by keyboard alone', async () => {
    const { page } = j.b;
    await signIn(page, j.server.baseUrl, EMAIL, PASSWORD);

    // Solicitations: empty state, then "New solicitation" by keyboard.
    await page.goto(`${j.server.baseUrl}/officer/solicitations`);
    expect(await main(page)).toContain('No solicitation yet');
    await audit(page, 'solicitations (empty)');
    await page.focus('#main-content');
    await activate(page, 'New solicitation', /\/officer\/solicitations\/new$/);
    await audit(page, 'new solicitation form');

    await fillIn(page, { number: 'W912QR-27-R-0042', title: 'Engineering support services', issueDate: '2026-11-20' });
    await choose(page, 'actionType', 'Contract');
    await choose(page, 'programOfficeLevel', 'CMMC Level 2 (C3PAO)');
    await choose(page, 'information', 'Controlled unclassified information (CUI)');
    // htmx asks the server for the DFARS 204.7504 decision as the fields change.
    await page.waitForFunction(() => document.getElementById('applicability')?.textContent?.includes('Required level'));
    expect(await page.textContent('#applicability')).toContain('CMMC Level 2 (C3PAO)');
    await toggle(page, 'nistApplies', field('nistApplies'));
    await typeInto(page, 'plannedAwardDate', '2027-01-15');
    await Promise.all([page.waitForURL(/\/officer\/solicitations\/\d+\?saved=1$/), page.keyboard.press('Enter')]);
    expectShows(await main(page), ['Solicitation saved', 'Phase 2']);
    await audit(page, 'solicitation page');

    // An offer with three UIDs, one failing (superseded), pasted with mixed separators.
    await page.focus('#main-content');
    await activate(page, 'Enter an offer', /\/offers\/new$/);
    await audit(page, 'offer form');
    await fillIn(page, { offerorName: 'Acme Machining LLC', cage: '1ab23', uei: 'ACMEUEI12345', uids: 'ACMEENT001, acmeeng002; ACMELAB003' });
    await activate(page, 'Save offer', /\/officer\/offers\/\d+\/check\?saved=1$/);

    // The explained verdict.
    expect(await textAt(page, '#check-result-heading')).toBe('Verdict: not eligible for award');
    const verdict = (await page.textContent('#check-result')) ?? '';
    expectShows(verdict, [
      'ACMELAB003 was superseded on 2026-10-01 by ACMELAB004',
      'DFARS 252.204-7025(d)',
      'ACMEENG002 is current only through 2026-12-15, before 2027-01-15 (the date you gave)',
      'NIST SP 800-171 DoD Assessments',
      'Assumptions this verdict rests on',
    ]);
    await audit(page, 'offer check result');
    await screenshot(page, 'officer-check');

    // The offeror sends its updated UID list (252.204-7025(d)); the check now passes.
    await page.focus('#main-content');
    await activate(page, 'The offeror sent an updated UID list');
    await typeInto(page, 'uids', 'ACMEENT001 ACMEENG002 ACMELAB004');
    await activate(page, 'Replace the UID list', /\/check\?updated=1$/);
    expect(await main(page)).toContain('UID list replaced');
    expect(await textAt(page, '#check-result-heading')).toBe('Verdict: eligible for award');

    // htmx re-runs the check in place with another look-ahead date.
    await page.focus('#main-content');
    await typeInto(page, 'lookAheadUntil', '2027-02-01');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('check-result')?.textContent?.includes('Lapses before 2027-02-01'));
    expect(page.url()).toContain('lookAheadUntil=2027-02-01');

    // Record the award.
    await toggle(page, 'confirm', field('confirm'));
    await activate(page, 'Record award verification', /\/officer\/verifications\/[0-9a-f-]{36}\?recorded=1$/);
    expectShows(await main(page), ['Verification recorded', EMAIL]);
    await audit(page, 'award verification');
    const awardUrl = page.url().replace(/\?recorded=1$/, '');

    // The print-ready contract-file record.
    await page.focus('#main-content');
    await activate(page, 'Print-ready record', /\/print$/);
    expect(await main(page)).toContain('contract-file record');
    await audit(page, 'print record');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'officer-print');
    await page.emulateMedia({ media: 'screen' });

    // The contract, created from the award, with an option period.
    await page.goto(awardUrl);
    await page.focus('#main-content');
    await activate(page, 'Create the contract from this award', /\/officer\/contracts\/new\?award=/);
    await audit(page, 'contract form');
    await fillIn(page, {
      number: 'W912QR-27-C-0042',
      awardDate: '2026-11-23',
      basePeriodEnd: '2027-11-30',
      'optionPeriods.0.startDate': '2027-12-01',
      'optionPeriods.0.endDate': '2028-11-30',
    });
    await activate(page, 'Create contract', /\/officer\/contracts\/\d+\?saved=1$/);
    expectShows(await main(page), ['Contract saved', 'Option 1']);
    await audit(page, 'contract page');

    // The watch list shows the enclave UID lapsing before the option.
    await page.goto(`${j.server.baseUrl}/officer/watch`);
    expectShows(await main(page), ['W912QR-27-C-0042', 'current through 2026-12-15']);
    await audit(page, 'watch list');
    await page.goBack();

    // Later: the option verification, with the SAM attestations.
    await page.focus('#main-content');
    await activate(page, 'Option verification', /\/option\?period=\d+$/);
    await audit(page, 'option form');
    await page.focus('#main-content');
    await toggle(page, 'sam.active', field('sam.active'));
    await toggle(page, 'sam.ueiCageNameAddressMatch', field('sam.ueiCageNameAddressMatch'));
    await toggle(page, 'confirm', field('confirm'));
    await activate(page, 'Record verification', /\/officer\/verifications\/[0-9a-f-]{36}\?recorded=1$/);
    const option = await main(page);
    expectShows(option, ['eligible for option exercise', 'Registration active: yes', 'W912QR-27-C-0042']);
    await audit(page, 'option verification');

    expect(violations).toEqual([]);
  });
});
