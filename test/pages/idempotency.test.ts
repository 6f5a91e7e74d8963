/**
 * Back button and double submits (issue 10): a record-creating form carries an idempotency key
 * minted when it renders; the same key submitted again creates nothing and answers with the record
 * the first submit created.
 */
import { describe, expect, it } from 'vitest';
import { countRows } from './contractor-fixtures.js';
import { awardedContract, createOffer, createSolicitation, GOOD, officerEnvEach, solicitationForm } from './officer-fixtures.js';

const t = officerEnvEach();

const keyIn = (html: string) => /name="_idem" value="([0-9a-f-]{36})"/.exec(html)![1];

describe('idempotency keys on record-creating forms', () => {
  it('enters an offer once when its form is submitted twice with the same key; the second answer redirects to the first offer', async () => {
    const sol = await createSolicitation(t.officer);
    const key = keyIn(await (await t.officer.get(`/officer/solicitations/${sol}/offers/new`)).text());
    const form = { _idem: key, offerorName: 'Acme Machining LLC', cage: '1AB23', uei: '1AB23UEI0000', uids: GOOD };
    const first = await t.officer.post(`/officer/solicitations/${sol}/offers`, form);
    const second = await t.officer.post(`/officer/solicitations/${sol}/offers`, form);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await countRows(t.env, 'offers')).toBe(1);
  });

  it('records one award verification for two submits of the same form, and a fresh form records another', async () => {
    const offer = await createOffer(t.officer, await createSolicitation(t.officer), GOOD);
    const page = await (await t.officer.get(`/officer/offers/${offer}/check`)).text();
    const form = { _idem: keyIn(page), asOf: '', lookAheadUntil: '', confirm: 'on' };
    const first = await t.officer.post(`/officer/offers/${offer}/award`, form);
    const second = await t.officer.post(`/officer/offers/${offer}/award`, form);
    expect(first.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await countRows(t.env, 'verifications')).toBe(1);
    const fresh = keyIn(await (await t.officer.get(`/officer/offers/${offer}/check`)).text());
    expect(fresh).not.toBe(form._idem);
    expect((await t.officer.post(`/officer/offers/${offer}/award`, { ...form, _idem: fresh })).status).toBe(303);
    expect(await countRows(t.env, 'verifications')).toBe(2);
  });

  it('creates one solicitation for two submits of the same "New solicitation" form', async () => {
    const key = keyIn(await (await t.officer.get('/officer/solicitations/new')).text());
    const form = { ...solicitationForm(), _idem: key };
    const first = await t.officer.post('/officer/solicitations', form);
    const second = await t.officer.post('/officer/solicitations', form);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/^\/officer\/solicitations\/\d+\?saved=1$/);
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await countRows(t.env, 'solicitations')).toBe(1);
  });

  it('records one option-exercise verification for two submits of the same contract-action form', async () => {
    const { contractId } = await awardedContract(t.officer);
    const page = await (await t.officer.get(`/officer/contracts/${contractId}/option`)).text();
    const period = /name="optionPeriodId"[^>]*>[\s\S]*?<option value="(\d+)"/.exec(page)?.[1] ?? /\/option\?period=(\d+)/.exec(await (await t.officer.get(`/officer/contracts/${contractId}`)).text())![1];
    const form = { _idem: keyIn(page), optionPeriodId: period, 'sam.active': 'yes', 'sam.ueiCageNameAddressMatch': 'yes', intent: 'record', confirm: 'on' };
    const before = await countRows(t.env, 'verifications');
    const first = await t.officer.post(`/officer/contracts/${contractId}/option`, form);
    const second = await t.officer.post(`/officer/contracts/${contractId}/option`, form);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/^\/officer\/verifications\/[0-9a-f-]{36}\?recorded=1$/);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await countRows(t.env, 'verifications')).toBe(before + 1);
  });
});
