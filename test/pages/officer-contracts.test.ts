import { describe, expect, it } from 'vitest';
import { awardedContract, createOffer, createSolicitation, EXPIRED, GOOD, officerEnvEach, OFFICER, recordAward, REPLACEMENT, SOON, SUBCO, verdictOf } from './officer-fixtures.js';
import { expectPage, expectShows } from './expect-page.js';

const t = officerEnvEach();

const SAM_YES = { 'sam.active': 'yes', 'sam.ueiCageNameAddressMatch': 'yes' };

describe('contracts from awards', () => {
  it('says how to get a contract when no eligible award is waiting', async () => {
    const html = await (await t.officer.get('/officer/contracts/new')).text();
    expect(html).toContain('No eligible award verification is waiting for a contract');
    expect(await (await t.officer.get('/officer/contracts')).text()).toContain('No contract yet');
  });

  it('refuses a contract on an award verification that found the offer not eligible (DFARS 204.7503(b))', async () => {
    const sol = await createSolicitation(t.officer);
    const offer = await createOffer(t.officer, sol, `${GOOD} ${EXPIRED}`);
    const award = await recordAward(t.officer, offer);
    const res = await t.officer.post('/officer/contracts', { awardVerificationId: award, number: 'W912QR-27-C-0002', awardDate: '2026-11-23', basePeriodEnd: '2027-11-30' });
    await expectPage(res, 422, ['found the offer not eligible: DFARS 204.7503(b) does not allow award on it', 'value="W912QR-27-C-0002"']);
  });

  it('keeps each option-period message on the row it was typed in, with the values', async () => {
    const sol = await createSolicitation(t.officer);
    const award = await recordAward(t.officer, await createOffer(t.officer, sol, GOOD));
    const res = await t.officer.post('/officer/contracts', {
      awardVerificationId: award,
      number: 'W912QR-27-C-0003',
      awardDate: '2026-11-23',
      basePeriodEnd: '2027-11-30',
      // Row 1 left blank: row 2's error must still land on row 2.
      'optionPeriods.1.label': 'Option A',
      'optionPeriods.1.startDate': '2028-12-01',
      'optionPeriods.1.endDate': '2028-01-01',
      'optionPeriods.2.startDate': '2027-13-01',
      'optionPeriods.2.endDate': '2028-11-30',
    });
    await expectPage(res, 422, ['Option A: the end date is before the start date', 'href="#f-optionPeriods-1-endDate"', 'href="#f-optionPeriods-2-startDate"', 'value="2027-13-01"', `<option value="${award}" selected`]);
  });

  it('creates the contract from the award with its option periods, UIDs, level and NIST terms', async () => {
    const { contractId, awardId } = await awardedContract(t.officer);
    const res = await t.officer.get(`/officer/contracts/${contractId}?saved=1`);
    await expectPage(res, 200, ['Contract saved', 'W912QR-27-C-0001', 'CMMC Level 2 (C3PAO)', 'Option 1', '2027-12-01', 'Option 2', GOOD, SOON, `/officer/verifications/${awardId}`]);
    const list = await (await t.officer.get('/officer/contracts')).text();
    expect(list).toContain('Option 1: 2027-12-01');
    // One contract per award verification.
    const again = await t.officer.post('/officer/contracts', { awardVerificationId: awardId, number: 'OTHER-1', awardDate: '2026-11-23', basePeriodEnd: '2027-11-30' });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('was already created from this award verification');
    const verification = await (await t.officer.get(`/officer/verifications/${awardId}`)).text();
    expect(verification).not.toContain('Create the contract from this award');
  });

  it('adds an option period and refuses one that overlaps', async () => {
    const { contractId } = await awardedContract(t.officer);
    const clash = await t.officer.post(`/officer/contracts/${contractId}/option-periods`, { label: 'Option 3', startDate: '2029-06-01', endDate: '2030-05-31' });
    await expectPage(clash, 422, ['Option 3 overlaps Option 2', 'value="2029-06-01"']);
    const ok = await t.officer.post(`/officer/contracts/${contractId}/option-periods`, { label: 'Option 3', startDate: '2029-12-01', endDate: '2030-11-30' });
    expect(ok.status).toBe(303);
    expect(await (await t.officer.get(`/officer/contracts/${contractId}`)).text()).toContain('2030-11-30');
  });
});

describe('verifications during performance', () => {
  it('asks for both SAM attestations before an option verification (DFARS 217.207(c)(1)), keeping the choices', async () => {
    const { contractId } = await awardedContract(t.officer);
    const form = await (await t.officer.get(`/officer/contracts/${contractId}/option`)).text();
    expectShows(form, ['Is the contractor&#39;s SAM registration active?', 'Record on file for CAGE']);
    const res = await t.officer.post(`/officer/contracts/${contractId}/option`, { optionPeriodId: '', asOf: '', lookAheadUntil: '', 'sam.active': 'yes', intent: 'record', confirm: 'on' });
    const html = await expectPage(res, 422, ['Choose the option period', 'Answer yes or no: do the UEI, CAGE, name and physical address match the contract?']);
    expect(html).toMatch(/value="yes" checked/);
  });

  it('checks an option without recording it, then records it; a "no" attestation fails it', async () => {
    const { contractId } = await awardedContract(t.officer);
    const contract = await (await t.officer.get(`/officer/contracts/${contractId}`)).text();
    const periodId = /\/option\?period=(\d+)/.exec(contract)![1];
    const preview = await t.officer.post(`/officer/contracts/${contractId}/option`, { optionPeriodId: periodId, asOf: '', lookAheadUntil: '', ...SAM_YES, intent: 'check' });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(verdictOf(previewHtml)).toBe('Check (not recorded): eligible for option exercise');
    // Lapses are looked for up to the next option's start (2028-12-01).
    expect(previewHtml).toContain('Lapses before 2028-12-01 are warned of');
    expect((await t.env.api('GET', '/api/v1/verifications?contractNumber=W912QR-27-C-0001')).json.items).toHaveLength(0);

    const no = await t.officer.post(`/officer/contracts/${contractId}/option`, { optionPeriodId: periodId, ...SAM_YES, 'sam.active': 'no', intent: 'record', confirm: 'on' });
    expect(no.status).toBe(303);
    const noHtml = await (await t.officer.get(no.headers.get('location')!)).text();
    expect(verdictOf(noHtml)).toBe('Recorded verdict: not eligible for option exercise');
    expectShows(noHtml, ['SAM_NOT_CONFIRMED', 'Registration active: <strong>no</strong>']);

    const yes = await t.officer.post(`/officer/contracts/${contractId}/option`, { optionPeriodId: periodId, ...SAM_YES, intent: 'record', confirm: 'on' });
    expect(yes.status).toBe(303);
    const v = await t.env.api('GET', `/api/v1/verifications/${/verifications\/([0-9a-f-]{36})/.exec(yes.headers.get('location')!)![1]}`);
    expect(v.json).toMatchObject({ purpose: 'OPTION', eligible: true, contractNumber: 'W912QR-27-C-0001', recordedBy: OFFICER, request: { sam: { active: true, ueiCageNameAddressMatch: true } } });
    const after = await (await t.officer.get(`/officer/contracts/${contractId}`)).text();
    expectShows(after, ['Option exercise as of 2026-11-23: eligible', 'Option exercise as of 2026-11-23: not eligible']);
  });

  it('records an extension only past the current end of performance', async () => {
    const { contractId } = await awardedContract(t.officer);
    const early = await t.officer.post(`/officer/contracts/${contractId}/extension`, { extendedTo: '2027-06-30', ...SAM_YES, intent: 'record', confirm: 'on' });
    await expectPage(early, 422, ['The new end must be after the current end of performance (2027-11-30)', 'value="2027-06-30"']);
    const ok = await t.officer.post(`/officer/contracts/${contractId}/extension`, { extendedTo: '2028-05-31', ...SAM_YES, intent: 'record', confirm: 'on' });
    expect(ok.status).toBe(303);
    const contract = await (await t.officer.get(`/officer/contracts/${contractId}`)).text();
    expectShows(contract, ['(extension to 2028-05-31)', 'Performance currently ends</dt><dd>2028-05-31']);
  });

  it('records UIDs added during performance (DFARS 204.7503(d)) and adds them to the contract', async () => {
    const { contractId } = await awardedContract(t.officer);
    const again = await t.officer.post(`/officer/contracts/${contractId}/new-uids`, { uids: GOOD, intent: 'record', confirm: 'on' });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain(`Already on this contract: ${GOOD}`);
    const empty = await t.officer.post(`/officer/contracts/${contractId}/new-uids`, { uids: ' , ', intent: 'check' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Enter at least one new UID');
    const ok = await t.officer.post(`/officer/contracts/${contractId}/new-uids`, { uids: `${SUBCO}, ${REPLACEMENT}`, intent: 'record', confirm: 'on' });
    expect(ok.status).toBe(303);
    const v = await (await t.officer.get(ok.headers.get('location')!)).text();
    expect(verdictOf(v)).toBe('Recorded verdict: eligible for new uids during performance');
    const contract = await (await t.officer.get(`/officer/contracts/${contractId}`)).text();
    expectShows(contract, [SUBCO, 'Added during performance (DFARS 204.7503(d))']);
  });

  it('answers 404 for a contract that does not exist', async () => {
    expect((await t.officer.get('/officer/contracts/4040')).status).toBe(404);
    expect((await t.officer.get('/officer/contracts/4040/option')).status).toBe(404);
  });
});

describe('watch list', () => {
  it('lists contracts whose UIDs stop being current before the next option date, soonest first', async () => {
    expect(await (await t.officer.get('/officer/watch')).text()).toContain('No contract has a UID that lapses before its next option date');
    // SOON is current through 2026-12-15; GOOD through 2027-06-01. Options start 2027-12-01.
    await awardedContract(t.officer, { number: 'C-LATER', solicitation: 'S-1', uids: GOOD });
    await awardedContract(t.officer, { number: 'C-SOONER', solicitation: 'S-2', uids: `${GOOD} ${SOON}` });
    const res = await t.officer.get('/officer/watch');
    const html = await expectPage(res, 200, ['C-SOONER', 'C-LATER']);
    expect(html.indexOf('C-SOONER')).toBeLessThan(html.indexOf('C-LATER'));
    expectShows(html, ['current through 2026-12-15', 'Option 1: 2027-12-01']);
    // As of 2027-01-01 SOON is no longer current at all.
    const later = await (await t.officer.get('/officer/watch?asOf=2027-01-01')).text();
    expect(later).toContain('not current now');
    const csv = await t.officer.get('/officer/watch/export?asOf=2026-11-23');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const body = await csv.text();
    expect(body.split('\r\n')[0]).toBe('"contract_number","contractor","cage","next_option","next_option_date","uid","current_through","reasons"');
    expect(body).toContain(`"C-SOONER","Acme Machining LLC","1AB23","Option 1","2027-12-01","${SOON}","2026-12-15"`);
    const bad = await t.officer.get('/officer/watch?asOf=soon');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('value="soon"');
  });
});
