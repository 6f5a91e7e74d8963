/**
 * Confirmation steps before recording a verification (issue 10): the award from an offer and a
 * contract action are refused without "I understand this is permanent" — the page comes back with the
 * verdict or the form as posted — and recorded once it is ticked.
 */
import { describe, expect, it } from 'vitest';
import { countRows } from './contractor-fixtures.js';
import { awardedContract, createOffer, createSolicitation, GOOD, officerEnvEach, SOON } from './officer-fixtures.js';
import { expectPage, expectShows } from './expect-page.js';

const t = officerEnvEach();

describe('confirmation before recording a verification', () => {
  it('shows the award form with the confirmation step, refuses it unticked (the verdict and dates kept), records it ticked', async () => {
    const offer = await createOffer(t.officer, await createSolicitation(t.officer), GOOD);
    const check = await (await t.officer.get(`/officer/offers/${offer}/check?asOf=2026-11-20&lookAheadUntil=2027-01-31`)).text();
    expectShows(check, ['A verification record is permanent', 'I understand this is permanent']);
    const unticked = await t.officer.post(`/officer/offers/${offer}/award`, { asOf: '2026-11-20', lookAheadUntil: '2027-01-31' });
    await expectPage(unticked, 422, ['Confirm that you understand the verification record is permanent', 'name="asOf" value="2026-11-20"', 'name="lookAheadUntil" value="2027-01-31"', 'eligible for award, as of 2026-11-20, warning of lapses before 2027-01-31']);
    expect(await countRows(t.env, 'verifications')).toBe(0);
    const ok = await t.officer.post(`/officer/offers/${offer}/award`, { asOf: '2026-11-20', lookAheadUntil: '2027-01-31', confirm: 'on' });
    expect(ok.status).toBe(303);
    expect(await countRows(t.env, 'verifications')).toBe(1);
  });

  it('refuses "Record verification" of a UID added during performance unticked, keeping the UIDs; "Check without recording" needs no box', async () => {
    const { contractId } = await awardedContract(t.officer, { uids: GOOD });
    const before = await countRows(t.env, 'verifications');
    const checked = await t.officer.post(`/officer/contracts/${contractId}/new-uids`, { uids: SOON, intent: 'check' });
    expect(checked.status).toBe(200);
    expect(await checked.text()).toContain('Check (not recorded)');
    const unticked = await t.officer.post(`/officer/contracts/${contractId}/new-uids`, { uids: SOON, intent: 'record' });
    await expectPage(unticked, 422, ['Confirm that you understand the verification record is permanent', SOON]);
    expect(await countRows(t.env, 'verifications')).toBe(before);
    const ok = await t.officer.post(`/officer/contracts/${contractId}/new-uids`, { uids: SOON, intent: 'record', confirm: 'on' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/^\/officer\/verifications\/[0-9a-f-]{36}\?recorded=1$/);
    expect(await countRows(t.env, 'verifications')).toBe(before + 1);
  });
});
