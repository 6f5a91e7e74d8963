/**
 * Reminders in a real browser (issue 11): "today" is pinned to 2026-11-23 and the records go in
 * through the API, so today's pass (run through the API in the set-up) finds an affirmation due in
 * 60 days: RMND000001, affirmed 2026-01-22, holds through 2027-01-22. The contractor sees it counted
 * in the header and listed in the inbox, follows its link to the affirmations page and re-affirms
 * there, then marks it read; makes the calendar feed address (served without signing in) and reaches
 * the confirmation to replace it. The administrator reads the messages in the outbox and runs the
 * pass again (nothing new). Each test signs in afresh; axe-core checks every page visited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditor, main, signIn } from './harness.js';
import { journey } from './journey.js';
import { expectShows } from '../pages/expect-page.js';

const TODAY = '2026-11-23';
const PASSWORD = 'reminders-journey-password';
const CONTRACTOR = 'quality@rivet.example';
const ADMIN = 'ops@agency.example';
const TITLE = 'Affirmation due in 60 days: UID RMND000001 (Rivet Works LLC)';

const RECORDS = {
  companies: [{ cage: '7RV01', name: 'Rivet Works LLC', uei: 'RIVETUEI0001', hloCage: '7RV01', samActive: true, address: '5 Forge Ln, Akron OH 44301' }],
  assessments: [
    {
      uid: 'RMND000001',
      level: 'L2_SELF',
      status: 'FINAL',
      statusDate: '2026-01-22',
      cages: ['7RV01'],
      scope: 'Enclave: riveting line',
      score: 110,
      affirmations: [{ date: '2026-01-22', name: 'Pat Lee', title: 'President', email: 'pat@rivet.example' }],
    },
  ],
};

const j = journey({
  today: TODAY,
  records: RECORDS,
  accounts: [
    { email: CONTRACTOR, role: 'CONTRACTOR', companyCage: '7RV01', password: PASSWORD },
    { email: ADMIN, role: 'ADMIN', password: PASSWORD },
  ],
});
const { violations, audit } = auditor();

beforeAll(async () => {
  const { server, b } = j;
  // An Affirming Official on file (a page-only record), so the affirmations page offers one-click re-affirmation.
  await signIn(b.page, server.baseUrl, CONTRACTOR, PASSWORD);
  await b.page.goto(`${server.baseUrl}/company`);
  await b.page.fill('#f-name', 'Pat Lee');
  await b.page.fill('#f-title', 'President');
  await b.page.fill('#f-email', 'pat@rivet.example');
  await Promise.all([b.page.waitForURL(/done=official-added/), b.page.getByRole('button', { name: 'Add official' }).click()]);
  // The pass, as the schedule would run it at NOTIFY_AT: the contractor (inbox and e-mail) and Pat Lee (e-mail).
  expect((await server.api('POST', '/api/v1/notifications/run')).json).toEqual({ date: TODAY, created: 2, sent: 0, failed: 0 });
});

/** A fresh session of `email`. */
async function signedInAs(email: string) {
  const { server, b } = j;
  await b.context.clearCookies();
  await signIn(b.page, server.baseUrl, email, PASSWORD);
  return b.page;
}

describe('reminders in a real browser', () => {
  it("shows today's due affirmation in the header and the inbox, and its link leads to the re-affirm form", async () => {
    violations.length = 0;
    const page = await signedInAs(CONTRACTOR);
    const counted = page.getByRole('link', { name: 'Inbox, 1 unread', exact: true });
    await counted.waitFor();
    await Promise.all([page.waitForURL(/\/inbox$/), counted.click()]);
    expectShows(await main(page), [TITLE, '2027-01-22']);
    await audit(page, 'inbox');

    await Promise.all([page.waitForURL(/\/company\/affirmations$/), page.getByRole('link', { name: TITLE }).click()]);
    // The UID is listed under "needs attention" (due within 60 days) and in the full list: the first is the one at the top.
    const reaffirm = page.getByRole('button', { name: 'Re-affirm UID RMND000001 as Pat Lee' }).first();
    expect(await reaffirm.isVisible()).toBe(true);
    await audit(page, 'affirmations (from the reminder)');
    // Re-affirming asks for the confirmation first (issue 10), then records.
    await Promise.all([page.waitForURL(/\/company\/affirmations#confirm-reaffirm$/), reaffirm.click()]);
    expect(await main(page)).toContain('Confirm the affirmation of UID RMND000001');
    // USWDS draws the box on the label; the input itself is visually hidden.
    await page.locator('label', { hasText: 'I understand' }).click();
    expect(await page.getByRole('checkbox', { name: /I understand/ }).isChecked()).toBe(true);
    await Promise.all([page.waitForURL(/done=affirmed&uid=RMND000001/), page.getByRole('button', { name: 'Affirm UID RMND000001', exact: true }).click()]);
    expect(await main(page)).toContain('UID RMND000001 affirmed today');

    // Read: the header's count goes.
    await page.goto(`${j.server.baseUrl}/inbox`);
    await Promise.all([page.waitForURL(/done=read/), page.getByRole('button', { name: `Mark as read ${TITLE}` }).click()]);
    expect(await page.getByRole('link', { name: 'Inbox', exact: true }).count()).toBe(1);
    expect(await main(page)).toContain('Marked as read.');
    await audit(page, 'inbox (read)');
    expect(violations).toEqual([]);
  });

  it('makes the calendar feed address on the preferences page, served without signing in, and asks before replacing it', async () => {
    violations.length = 0;
    const page = await signedInAs(CONTRACTOR);
    await page.goto(`${j.server.baseUrl}/preferences`);
    expect(await page.locator('#f-kinds-AFFIRMATION_OVERDUE').isDisabled()).toBe(true);
    await audit(page, 'preferences');
    await page.getByRole('button', { name: 'Make my calendar feed address' }).click();
    const url = await page.inputValue('#f-calendar-url');
    expect(url).toMatch(new RegExp(`^http://localhost:\\d+/calendar/cal_[A-Za-z0-9_-]{43}\\.ics$`));
    // The copy button appears with JavaScript (copy.js).
    await page.getByRole('button', { name: 'Copy address' }).waitFor();
    await audit(page, 'preferences (feed address made)');
    const feed = await fetch(`${j.server.baseUrl}${new URL(url).pathname}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    // The Final Level 2 (Self) status of 2026-01-22 holds three years, through 2029-01-22 (whether or not it was re-affirmed meanwhile).
    const ics = await feed.text();
    expectShows(ics, ['SUMMARY:Last day of the CMMC status of UID RMND000001 (Rivet Works LLC)', 'DTSTART;VALUE=DATE:20290122']);

    await page.goto(`${j.server.baseUrl}/preferences`);
    await Promise.all([page.waitForURL(/\/preferences\/calendar\/rotate$/), page.getByRole('link', { name: 'Get a new feed address' }).click()]);
    expect(await main(page)).toContain('The current address stops working at once');
    await audit(page, 'replace the feed address (confirmation)');
    expect(violations).toEqual([]);
  });

  it("lets the administrator read the message in the outbox and run today's pass again, which writes nothing new", async () => {
    violations.length = 0;
    const page = await signedInAs(ADMIN);
    // The administrator has no reminders of its own.
    await page.goto(`${j.server.baseUrl}/inbox`);
    expect(await main(page)).toContain('No reminders yet.');
    await audit(page, 'inbox (empty)');
    await page.goto(`${j.server.baseUrl}/admin/outbox`);
    const text = await main(page);
    expectShows(text, ['No mail relay is set (SMTP_URL)', 'pat@rivet.example', CONTRACTOR]);
    await audit(page, 'outbox');
    await page.getByText('Read the message', { exact: false }).first().click();
    expect(await main(page)).toContain('is current through 2027-01-22');
    await Promise.all([page.waitForURL(/ran=2026-11-23&created=0&sent=0&failed=0/), page.getByRole('button', { name: "Run today's pass now" }).click()]);
    expect(await main(page)).toContain('0 new reminders written; 0 sent, 0 delivery attempts failed.');
    await audit(page, 'outbox (after a run)');
    expect(violations).toEqual([]);
  });
});
