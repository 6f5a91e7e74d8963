import { describe, expect, it } from 'vitest';
import { PASSWORD, awardedContract, createOffer, createSolicitation, EXPIRED, GOOD, officerEnvEach, OFFICER, recordAward, SOON, verdictOf } from './officer-fixtures.js';
import { signInAs } from './page-helpers.js';
import { expectPage, expectShows } from './expect-page.js';

const t = officerEnvEach();

/** The printable record without the layout (whose CSRF token differs per session). */
const article = (html: string) => html.slice(html.indexOf('<article'), html.indexOf('</article>'));
/** The table body of a list page (the filter form names every purpose too). */
const tbody = (html: string) => html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));

describe('recorded verifications', () => {
  it('shows an empty list that says how to record one', async () => {
    const html = await (await t.officer.get('/officer/verifications')).text();
    expect(html).toContain('No verification recorded yet');
  });

  it('lists verifications newest first, sorts, filters by number and purpose, and exports CSV', async () => {
    const { contractId } = await awardedContract(t.officer);
    const period = /\/option\?period=(\d+)/.exec(await (await t.officer.get(`/officer/contracts/${contractId}`)).text())![1];
    const r = await t.officer.post(`/officer/contracts/${contractId}/option`, { optionPeriodId: period, 'sam.active': 'yes', 'sam.ueiCageNameAddressMatch': 'yes', intent: 'record', confirm: 'on' });
    expect(r.status).toBe(303);
    const list = tbody(await (await t.officer.get('/officer/verifications')).text());
    expect(list.indexOf('Option exercise')).toBeLessThan(list.indexOf('>Award<'));
    // Each row names the offeror and its CAGE: the award's from its offer, the option's from the contract.
    expect(list.match(/<td>Acme Machining LLC<\/td><td class="ag-mono">1AB23<\/td>/g)).toHaveLength(2);
    const byPurpose = tbody(await (await t.officer.get('/officer/verifications?sort=purpose&dir=asc')).text());
    expect(byPurpose.indexOf('>Award<')).toBeLessThan(byPurpose.indexOf('Option exercise'));
    const onlyOption = tbody(await (await t.officer.get('/officer/verifications?purpose=OPTION')).text());
    expectShows(onlyOption, ['Option exercise'], ['>Award<']);
    const byNumber = tbody(await (await t.officer.get('/officer/verifications?number=27-r-0001')).text());
    expectShows(byNumber, ['>Award<'], ['Option exercise']);
    expect(await (await t.officer.get('/officer/verifications?number=NOPE')).text()).toContain('No recorded verification matches the filter');
    const csv = await t.officer.get('/officer/verifications/export?purpose=OPTION');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="verifications-2026-11-23.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"verification_id","purpose","eligible","as_of","required_level","contract_number","solicitation_number","offeror_name","offeror_cage","recorded_by","recorded_at","reconstruction"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"OPTION","yes","2026-11-23","L2_C3PAO","W912QR-27-C-0001","","Acme Machining LLC","1AB23","${OFFICER}"`);
  });

  it('has a print-ready contract-file record and a CSV with every reason and its citation', async () => {
    const sol = await createSolicitation(t.officer);
    const offer = await createOffer(t.officer, sol, `${GOOD} ${SOON} ${EXPIRED}`);
    const id = await recordAward(t.officer, offer);
    const print = await t.officer.get(`/officer/verifications/${id}/print`);
    await expectPage(print, 200, ['CMMC verification: contract-file record', 'class="ag-print-record"', OFFICER, 'Record hash', 'SUPERSEDED', 'DFARS 252.204-7025(d)', 'Assumptions this verdict rests on']);
    const csv = await t.officer.get(`/officer/verifications/${id}/export`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const body = await csv.text();
    expectShows(body, [`"uid","${SOON}","yes"`, '"warning","EXPIRES_WITHIN"', `"uid","${EXPIRED}","no"`, '"error","SUPERSEDED"', '"nist","1AB23","yes"', 'DFARS 204.7502(a)(3)']);
  });

  it('answers the same after the underlying SPRS records change', async () => {
    const sol = await createSolicitation(t.officer);
    const offer = await createOffer(t.officer, sol, `${GOOD} ${SOON}`);
    const id = await recordAward(t.officer, offer, { asOf: '2026-11-23' });
    const apiBefore = (await t.env.api('GET', `/api/v1/verifications/${id}`)).json;
    const pageBefore = article(await (await t.officer.get(`/officer/verifications/${id}/print`)).text());
    const csvBefore = await (await t.officer.get(`/officer/verifications/${id}/export`)).text();
    expect(apiBefore.eligible).toBe(true);

    // SPRS changes afterwards: a compliance change dated before the as-of date ends GOOD's currency,
    // and a new Level 2 (Self) posting of SOON's scope supersedes it.
    const change = await t.env.api('POST', `/api/v1/uids/${GOOD}/compliance-changes`, { date: '2026-11-01', description: 'MFA removed for field laptops' });
    expect(change.status).toBe(201);
    const imported = await t.env.api('POST', '/api/v1/import', {
      assessments: [{ uid: 'NEWL2SELF1', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-11-20', cages: ['1AB24'], scope: 'Enclave: engineering', score: 110, affirmations: [{ date: '2026-11-20', name: 'Pat Lee', title: 'President' }] }],
    });
    expect(imported.status).toBe(201);

    // A fresh check of the same offer on the same date now fails…
    const live = await (await t.officer.get(`/officer/offers/${offer}/check?asOf=2026-11-23`)).text();
    expect(verdictOf(live)).toBe('Verdict: not eligible for award');
    expectShows(live, ['COMPLIANCE_CHANGED', 'SUPERSEDED']);
    // …but the recorded verification answers exactly as recorded, in the API, the print record and the CSV.
    expect((await t.env.api('GET', `/api/v1/verifications/${id}`)).json).toEqual(apiBefore);
    expect(article(await (await t.officer.get(`/officer/verifications/${id}/print`)).text())).toBe(pageBefore);
    expect(await (await t.officer.get(`/officer/verifications/${id}/export`)).text()).toBe(csvBefore);
    const page = await (await t.officer.get(`/officer/verifications/${id}`)).text();
    expect(verdictOf(page)).toBe('Recorded verdict: eligible for award');
    expect(page).not.toContain('COMPLIANCE_CHANGED');
  });

  it('refuses change to a recorded verification and to its link, at the database', async () => {
    const sol = await createSolicitation(t.officer);
    const id = await recordAward(t.officer, await createOffer(t.officer, sol, GOOD));
    await expect(t.env.database.client.execute({ sql: 'UPDATE verifications SET eligible = 0 WHERE id = ?', args: [id] })).rejects.toThrow(/immutable/);
    await expect(t.env.database.client.execute({ sql: 'UPDATE offer_verifications SET offer_id = 999 WHERE verification_id = ?', args: [id] })).rejects.toThrow(/immutable/);
    await expect(t.env.database.client.execute({ sql: 'DELETE FROM offer_verifications WHERE verification_id = ?', args: [id] })).rejects.toThrow(/immutable/);
  });

  it('answers 404 for an unknown verification and lets an administrator in, not a DIBCAC assessor', async () => {
    expect((await t.officer.get('/officer/verifications/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    await t.env.user('admin@example.gov', 'ADMIN', undefined, PASSWORD);
    const admin = await signInAs(t.env, 'admin@example.gov', PASSWORD);
    expect((await admin.get('/officer/verifications')).status).toBe(200);
    await t.env.user('dibcac@example.gov', 'DIBCAC', undefined, PASSWORD);
    const dibcac = await signInAs(t.env, 'dibcac@example.gov', PASSWORD);
    expect((await dibcac.get('/officer/verifications')).status).toBe(403);
  });
});
