/**
 * The demo data set shows the eMASS feed (issue 9): two finished runs applied from a fixture
 * through the sync's own code, the second with one quarantined record, a company created by the
 * feed, a held company left as it was, a closeout seen today and a record eMASS withdrew.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type Database } from '../../db/client.js';
import { createApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import { feedHistory, listRuns, openQuarantine } from '../../src/services/emass/runs.js';
import { ensureAdminToken } from '../../src/services/users.js';
import { DEMO_COMPANIES, DEMO_EMASS, DEMO_EMASS_COMPANY } from '../../seeds/demo-data.js';
import { seedDemo } from '../../seeds/demo.js';
import { apiCaller, ADMIN_TOKEN, TEST_PASSWORD_HASH_N } from '../helpers.js';

const TODAY = '2026-11-23';
let database: Database;
let api: ReturnType<typeof apiCaller>;
const ctx = () => ({ database, clock: fixedClock(TODAY) });
const check = async (uid: string, asOf = TODAY) => {
  const r = await api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', uids: [uid], asOf });
  expect(r.status).toBe(200);
  return r.json.uids[0];
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo({ database, clock: fixedClock(TODAY), passwordHashN: TEST_PASSWORD_HASH_N });
  await ensureAdminToken({ database, clock: fixedClock(TODAY) }, ADMIN_TOKEN);
  api = apiCaller(createApp({ database, clock: fixedClock(TODAY) }));
});
afterAll(() => database.close());

describe('the demo eMASS feed', () => {
  it('holds two finished runs, the newest with one quarantined record', async () => {
    const [today, weekAgo] = await listRuns(ctx());
    expect(weekAgo).toMatchObject({ outcome: 'SUCCEEDED', startedAt: '2026-11-16T15:00:00.000Z', counts: { added: 4, updated: 0, withdrawn: 0, unchanged: 0, quarantined: 0 }, error: null });
    expect(today).toMatchObject({ outcome: 'SUCCEEDED', counts: { added: 0, updated: 1, withdrawn: 1, unchanged: 1, quarantined: 1 }, error: null });
    expect(today.quarantined).toEqual([
      { cmmcUid: 'L20000003', operation: 'ADDED', reason: 'The UID "L20000003" is not a CMMC UID: a UID is 10 letters A–Z and digits 0–9, and this one has 9 characters.' },
    ]);
    expect((await openQuarantine(ctx())).map((q) => q.cmmcUid)).toEqual([DEMO_EMASS.quarantined.uid]);
  });

  it('creates the company it names that was not held, and leaves a held company as it was', async () => {
    const rows = await database.db.all(sql`SELECT cage, name, uei, created_by_emass_run AS run FROM companies WHERE cage IN (${DEMO_EMASS_COMPANY.cage}, ${DEMO_COMPANIES.northfield.cage}) ORDER BY cage`);
    expect(rows).toEqual([
      { cage: DEMO_COMPANIES.northfield.cage, name: DEMO_COMPANIES.northfield.name, uei: 'NF6CS1VQ9H7E', run: null },
      { cage: DEMO_EMASS_COMPANY.cage, name: DEMO_EMASS_COMPANY.name, uei: DEMO_EMASS_COMPANY.uei, run: 1 },
    ]);
  });

  it('shows a pulled UID awaiting affirmation, from eMASS', async () => {
    const row = await check(DEMO_EMASS.added.uid);
    expect(row.status).toMatchObject({ type: 'FINAL', statusDate: '2026-10-09' });
    expect(row.reasons.map((r: any) => r.code)).toEqual(['AFFIRMATION_MISSING']);
    expect((await feedHistory(ctx(), DEMO_EMASS.added.uid))!.source).toBe('EMASS');
    expect((await check(DEMO_EMASS.heldCompany.uid)).status.cages).toEqual([DEMO_COMPANIES.northfield.cage]);
  });

  it('shows the closeout eMASS reported today, with the same UID and status date', async () => {
    const rec = (await api('GET', `/api/v1/uids/${DEMO_EMASS.closedOut.uid}`)).json;
    expect(rec).toMatchObject({ type: 'FINAL', postedType: 'CONDITIONAL', statusDate: '2026-10-14', score: 110, closeout: { date: TODAY, result: 'SUCCESS' } });
    expect((await feedHistory(ctx(), DEMO_EMASS.closedOut.uid))!.events.map((e) => [e.event, e.date])).toEqual([
      ['ADDED', '2026-11-16'],
      ['CLOSEOUT_SEEN', TODAY],
      ['CHANGED', TODAY],
    ]);
  });

  it('ends the withdrawn UID from today (RECORD_WITHDRAWN) and keeps its record', async () => {
    expect((await check(DEMO_EMASS.withdrawn.uid)).reasons.map((r: any) => r.code)).toEqual(['RECORD_WITHDRAWN']);
    expect((await check(DEMO_EMASS.withdrawn.uid, '2026-11-22')).reasons.map((r: any) => r.code)).toEqual(['AFFIRMATION_MISSING']);
    expect((await feedHistory(ctx(), DEMO_EMASS.withdrawn.uid))!.events.map((e) => [e.event, e.date])).toEqual([
      ['ADDED', '2026-11-16'],
      ['WITHDRAWN', TODAY],
    ]);
  });
});
