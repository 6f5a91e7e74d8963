/**
 * Dates of recorded verifications and contracts (api.md, recorded verifications; issue 10): "as of"
 * today or earlier when recording (later dates are look-ahead only), a look-ahead not before the
 * "as of" date, and a contract's base period and option periods in a sane order. Today is 2026-11-23.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assessment, company, errorPaths, testEnv, TODAY, type TestEnv } from '../helpers.js';
import { awardedContract, createOffer, createSolicitation, GOOD, officerEnvEach, recordAward } from '../pages/officer-fixtures.js';

describe('API: recording a verification', () => {
  let env: TestEnv;
  let token: string;
  beforeEach(async () => {
    env = await testEnv();
    expect((await env.api('POST', '/api/v1/import', { companies: [company('PA001')], assessments: [assessment('PA01000001', ['PA001'])] })).status).toBe(201);
    token = await env.user('officer@agency.example', 'CONTRACTING_OFFICER');
  });
  afterEach(() => env.close());
  const record = (body: Record<string, unknown>) =>
    env.api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', uids: ['PA01000001'], record: true, solicitationNumber: 'W912-26-R-0042', ...body }, token);
  const stored = async () => Number((await env.database.client.execute('SELECT count(*) AS n FROM verifications')).rows[0].n);

  it('refuses "as of" 2026-11-24, the day after today (422), nothing stored', async () => {
    const res = await record({ asOf: '2026-11-24' });
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toContain('asOf');
    expect(await stored()).toBe(0);
  });

  it('refuses a look-ahead 2026-10-31 before the "as of" date 2026-11-01 (422), nothing stored', async () => {
    const res = await record({ asOf: '2026-11-01', lookAheadUntil: '2026-10-31' });
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toContain('lookAheadUntil');
    expect(await stored()).toBe(0);
  });

  it('records "as of" today and a past date (a reconstruction), and a future look-ahead', async () => {
    expect((await record({ asOf: TODAY, lookAheadUntil: '2027-03-01' })).status).toBe(200);
    expect((await record({ asOf: '2026-11-01' })).status).toBe(200);
    expect(await stored()).toBe(2);
  });

  it('still runs an unrecorded check "as of" a future date (look-ahead only)', async () => {
    expect((await record({ asOf: '2027-01-15', record: false })).status).toBe(200);
  });
});

describe('pages', () => {
  const t = officerEnvEach();

  describe('recording and contract dates', () => {
    it('refuses to record an award "as of" 2026-11-24 or with a look-ahead before the "as of" date, with field messages', async () => {
      const offer = await createOffer(t.officer, await createSolicitation(t.officer), GOOD);
      const future = await t.officer.post(`/officer/offers/${offer}/award`, { asOf: '2026-11-24', lookAheadUntil: '', confirm: 'on' });
      expect(future.status).toBe(422);
      expect(await future.text()).toContain('The &quot;as of&quot; date of a recorded verification must be today (2026-11-23) or earlier');
      const early = await t.officer.post(`/officer/offers/${offer}/award`, { asOf: '2026-11-10', lookAheadUntil: '2026-11-09', confirm: 'on' });
      expect(early.status).toBe(422);
      expect(await early.text()).toContain('The look-ahead date must be on or after the &quot;as of&quot; date (2026-11-10)');
      expect((await t.env.database.client.execute('SELECT count(*) AS n FROM verifications')).rows[0].n).toBe(0);
    });

    let n = 0;
    const contract = async (over: Record<string, string>) => {
      n += 1;
      const award = await recordAward(t.officer, await createOffer(t.officer, await createSolicitation(t.officer, { number: `W912QR-27-R-010${n}` }), GOOD));
      return t.officer.post('/officer/contracts', { awardVerificationId: award, number: `W912QR-27-C-010${n}`, awardDate: '2026-11-23', basePeriodEnd: '2027-11-30', ...over });
    };

    it('refuses a base period ending on the award date', async () => {
      const res = await contract({ basePeriodEnd: '2026-11-23' });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('The base period end must be after the award date (2026-11-23)');
    });

    it('refuses an option starting inside the base period, and options out of order', async () => {
      const inside = await contract({ 'optionPeriods.0.label': 'Option 1', 'optionPeriods.0.startDate': '2027-06-01', 'optionPeriods.0.endDate': '2028-05-31' });
      expect(inside.status).toBe(422);
      expect(await inside.text()).toContain('Option 1: an option period starts after the base period ends (2027-11-30)');
      const disorder = await contract({
        'optionPeriods.0.label': 'Option 2',
        'optionPeriods.0.startDate': '2028-12-01',
        'optionPeriods.0.endDate': '2029-11-30',
        'optionPeriods.1.label': 'Option 1',
        'optionPeriods.1.startDate': '2027-12-01',
        'optionPeriods.1.endDate': '2028-11-30',
      });
      expect(disorder.status).toBe(422);
      expect(await disorder.text()).toContain('Option 1: starts after Option 2 ends (2029-11-30)');
      expect((await t.env.database.client.execute('SELECT count(*) AS n FROM contracts')).rows[0].n).toBe(0);
    });

    it('creates a contract whose options follow the base period in order', async () => {
      await awardedContract(t.officer);
      expect((await t.env.database.client.execute('SELECT count(*) AS n FROM contracts')).rows[0].n).toBe(1);
    });
  });

    describe('a reconstruction is labelled so', () => {

    it('labels an award recorded "as of" 2026-11-01 on 2026-11-23 a reconstruction, on screen and in print; one as of today is not', async () => {
      const offer = await createOffer(t.officer, await createSolicitation(t.officer), GOOD);
      const past = await recordAward(t.officer, offer, { asOf: '2026-11-01' });
      for (const path of [`/officer/verifications/${past}`, `/officer/verifications/${past}/print`]) {
        expect(await (await t.officer.get(path)).text()).toContain('Reconstruction: recorded on 2026-11-23 as of an earlier date');
      }
      const now = await recordAward(t.officer, offer);
      expect(await (await t.officer.get(`/officer/verifications/${now}`)).text()).not.toContain('Reconstruction');
    });

    it('labels the reconstruction in the CSV of the list and of the record (a column "reconstruction": yes / no)', async () => {
      const offer = await createOffer(t.officer, await createSolicitation(t.officer), GOOD);
      const past = await recordAward(t.officer, offer, { asOf: '2026-11-01' });
      const now = await recordAward(t.officer, offer);
      const rows = (await (await t.officer.get('/officer/verifications/export')).text()).trim().split('\r\n');
      expect(rows[0].split(',').at(-1)).toBe('"reconstruction"');
      expect(rows.find((r) => r.startsWith(`"${past}"`))).toMatch(/"2026-11-01",.*,"yes"$/);
      expect(rows.find((r) => r.startsWith(`"${now}"`))).toMatch(/"2026-11-23",.*,"no"$/);
      const one = (await (await t.officer.get(`/officer/verifications/${past}/export`)).text()).trim().split('\r\n');
      const col = one[0].split(',').indexOf('"reconstruction"');
      expect(col).toBe(9);
      expect(one.slice(1).every((r) => r.split(',')[col] === '"yes"')).toBe(true);
    });
  });
});
