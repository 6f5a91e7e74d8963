/**
 * POA&M closeout where each role works (api.md closeouts; rules §6; 32 CFR 170.21(b)): the company
 * closes out its Level 2 (Self); any C3PAO engaged with the company (the one that assessed it or
 * another) closes out a Level 2 (C3PAO) from the assessor workspace; the contractor's page then names
 * who must do it instead of offering a form that fails.
 */
import { describe, expect, it } from 'vitest';
import { affirmation, eachTest, TODAY } from '../helpers.js';
import { accountsSignedIn } from './page-helpers.js';
import { contractorWorld, countRows, PASSWORD } from './contractor-fixtures.js';
import { requirementsFor } from '../../src/domain/requirements.js';
import { expectPage, expectShows } from './expect-page.js';

const C3 = requirementsFor('L2_C3PAO').filter((r) => r.poamAllowed === 'yes' && r.points === 1).map((r) => r.id);
const UID = 'CCCC000001';
const t = eachTest(
  async () => {
    const w = await contractorWorld();
    const imp = await w.env.api('POST', '/api/v1/import', {
      assessments: [
        { uid: UID, level: 'L2_C3PAO', status: 'CONDITIONAL', cages: ['1AB23'], score: 108, scope: 'Enterprise', statusDate: '2026-11-01', poam: [C3[0], C3[1]], affirmations: [affirmation('2026-11-01')] },
      ],
    });
    expect(imp.status).toBe(201);
    // Six scrypt password hashes on a shared machine: eachTest's set-up allows 60 s.
    const [lead, second, idle, dibcac] = await accountsSignedIn(w.env, PASSWORD, [
      ['lead@c3pao.example', 'C3PAO'],
      ['second@c3pao.example', 'C3PAO'],
      ['idle@c3pao.example', 'C3PAO'],
      ['assessor@dibcac.example', 'DIBCAC'],
    ]);
    for (const email of ['lead@c3pao.example', 'second@c3pao.example']) {
      expect((await w.env.api('POST', '/api/v1/engagements', { companyCage: '1AB23', assessorEmail: email })).status).toBe(201);
    }
    return { w, lead, second, idle, dibcac };
  },
  (t) => t.w.env.close(),
);

const met = { [`results.${C3[0]}`]: 'MET', [`results.${C3[1]}`]: 'MET' };

describe('Level 2 (C3PAO) closeout by an engaged C3PAO', () => {
  it('lists the POA&M for every engaged C3PAO with its deadline (day 180 = 2027-04-30), none for another', async () => {
    for (const s of [t.lead, t.second]) {
      const html = await (await s.get('/assessor/closeouts')).text();
      expectShows(html, [UID, 'Acme Machining LLC', '2027-04-30']);
    }
    expect(await (await t.idle.get('/assessor/closeouts')).text()).not.toContain(UID);
    expect(await (await t.dibcac.get('/assessor/closeouts')).text()).not.toContain(UID);
  });

  it('a C3PAO other than the one that assessed closes out with all items MET: Final, same UID and status date', async () => {
    const form = await (await t.second.get(`/assessor/closeouts/${UID}`)).text();
    expect(form).toContain(`action="/assessor/closeouts/${UID}"`);
    const res = await t.second.post(`/assessor/closeouts/${UID}`, met);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/assessor/closeouts/${UID}?done=closeout-success`);
    const r = await t.w.env.api('GET', `/api/v1/uids/${UID}`);
    expect(r.json).toMatchObject({ uid: UID, type: 'FINAL', statusDate: '2026-11-01', closeout: { date: TODAY, result: 'SUCCESS' } });
    expect(await (await t.second.get(res.headers.get('location')!)).text()).toContain('the status is Final');
  });

  it('asks to confirm a closeout that fails, records it only once confirmed', async () => {
    const failing = { [`results.${C3[0]}`]: 'MET', [`results.${C3[1]}`]: 'NOT_MET' };
    const step = await t.lead.post(`/assessor/closeouts/${UID}`, failing);
    await expectPage(step, 422, ['This closeout fails and ends the status', 'I understand this is permanent', 'href="#f-confirm"']);
    expect(await countRows(t.w.env, 'closeouts')).toBe(0);
    const res = await t.lead.post(`/assessor/closeouts/${UID}`, { ...failing, confirm: 'on' });
    expect(res.status).toBe(303);
    expect((await t.w.env.api('GET', `/api/v1/uids/${UID}`)).json.type).toBe('NONE');
  });

  it('refuses a C3PAO not engaged with the company and DIBCAC (Level 2 (C3PAO) is not theirs), nothing stored', async () => {
    expect((await t.idle.get(`/assessor/closeouts/${UID}`)).status).toBe(404);
    expect((await t.idle.post(`/assessor/closeouts/${UID}`, met)).status).toBe(404);
    expect((await t.dibcac.get(`/assessor/closeouts/${UID}`)).status).toBe(403);
    expect((await t.dibcac.post(`/assessor/closeouts/${UID}`, met)).status).toBe(403);
    expect(await countRows(t.w.env, 'closeouts')).toBe(0);
  });
});

describe("the contractor's page for a Level 2 (C3PAO) POA&M", () => {
  it('names the engaged C3PAOs instead of a form that fails', async () => {
    const html = await (await t.w.acme.get(`/company/uids/${UID}`)).text();
    expectShows(html, ['A C3PAO engaged with your company closes out', 'mailto:lead@c3pao.example', 'mailto:second@c3pao.example'], [`action="/company/uids/${UID}/closeout"`]);
    expect(await (await t.w.acme.get('/company/poam')).text()).toContain('Your C3PAO closes out');
  });
});
