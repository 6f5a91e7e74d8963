/**
 * eMASS syncs end to end (feeds.md §2–§3): a fake eMASS of our own over HTTP, the sync service on a
 * real migrated database, and the product's API to see what a contracting officer would see. Each
 * test starts its own database and fake. Dates and counts come from the rule book, not the code.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { emassRuns } from '../../db/schema.js';
import { feedHistory, getRun, listRuns, openQuarantine, syncNow } from '../../src/services/emass/runs.js';
import { emassRecord, secondsOf } from '../fakes/emass-records.js';
import { apiOn, assessment, company } from '../helpers.js';
import { feedEnv, type FeedEnv } from './feed-env.js';

let env: FeedEnv;
afterEach(() => env?.closeAll());

const L2 = { purpose: 'AWARD', requiredLevel: 'L2_C3PAO' };
const check = async (uid: string, asOf: string) => {
  const r = await env.api('POST', '/api/v1/checks', { ...L2, uids: [uid], asOf });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json;
};
const codes = (answer: any) => answer.uids[0].reasons.map((r: any) => r.code);
const affirm = async (uid: string, on: string) => {
  const r = await apiOn(env, on)('POST', `/api/v1/uids/${uid}/affirmations`, { name: 'Pat Lee', title: 'President' });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
};
const count = async (table: string, where = 'true') => (await env.database.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)))[0].n;

describe('ADDED (feeds.md §2)', () => {
  it('stores a new UID (source EMASS) that a check finds, awaiting affirmation until the company affirms it', async () => {
    env = await feedEnv();
    env.fake.put(secondsOf('2026-06-01'), emassRecord());
    const run = await env.sync('2026-11-23');
    expect(run).toMatchObject({ outcome: 'SUCCEEDED', counts: { added: 1, updated: 0, withdrawn: 0, unchanged: 0, quarantined: 0 }, quarantined: [], warnings: [], error: null });

    const before = await check('EM00000001', '2026-11-23');
    expect(before.eligible).toBe(false);
    expect(before.uids[0].status).toMatchObject({ level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', cages: ['1AB23'], scope: 'Enterprise', score: 110 });
    expect(codes(before)).toEqual(['AFFIRMATION_MISSING']);

    await affirm('EM00000001', '2026-11-23');
    const after = await check('EM00000001', '2026-11-23');
    expect(after.eligible).toBe(true);
    // The earlier of 3 years from the status date and one year from the affirmation (rules §3).
    expect(after.uids[0].status.currentThrough).toBe('2027-11-23');
    expect((await env.api('GET', '/api/v1/uids/EM00000001')).json.source).toBe('EMASS');
  });

  it('creates the companies it names that are not held, marked as created by the run', async () => {
    env = await feedEnv();
    env.fake.put(secondsOf('2026-06-01'), emassRecord({ cages: '1AB23; 1AB24', hlo: '1AB23', company: 'Acme Avionics Inc.', osc: 'Acme Avionics Huntsville', uei: 'ACME12345678' }));
    const run = await env.sync('2026-11-23');
    const rows = await env.database.db.all(sql`SELECT cage, hlo_cage AS hlo, name, uei, created_by_emass_run AS run FROM companies ORDER BY cage`);
    expect(rows).toEqual([
      { cage: '1AB23', hlo: '1AB23', name: 'Acme Avionics Inc.', uei: 'ACME12345678', run: run.id },
      { cage: '1AB24', hlo: '1AB23', name: 'Acme Avionics Huntsville', uei: null, run: run.id },
    ]);
  });

  it('never renames or moves a company already held', async () => {
    env = await feedEnv();
    expect((await env.api('POST', '/api/v1/import', { companies: [company('1AB23'), company('1AB24', '1AB23')] })).status).toBe(201);
    env.fake.put(secondsOf('2026-06-01'), emassRecord({ cages: '1AB24', hlo: '1AB24', company: 'Renamed Corp' }));
    const run = await env.sync('2026-11-23');
    expect(run.counts.added).toBe(1);
    const rows = await env.database.db.all(sql`SELECT cage, hlo_cage AS hlo, name, created_by_emass_run AS run FROM companies ORDER BY cage`);
    expect(rows).toEqual([
      { cage: '1AB23', hlo: '1AB23', name: 'Company 1AB23', run: null },
      { cage: '1AB24', hlo: '1AB23', name: 'Company 1AB24', run: null },
    ]);
    expect((await env.api('GET', '/api/v1/uids/EM00000001')).json.cages).toEqual(['1AB24']);
  });

  it('counts a held UID that comes again with the same facts as unchanged, and writes nothing', async () => {
    env = await feedEnv();
    // Changed after the second run's window start (2026-11-22T15:00Z), so both runs read them.
    env.fake.put(secondsOf('2026-11-23'), emassRecord(), emassRecord({ uid: 'EM00000002', scope: 'Enclave', scopeDescription: 'CUI lab' }));
    await env.sync('2026-11-23');
    const audit = await count('audit_log');
    const row = await env.database.db.all(sql`SELECT * FROM assessments ORDER BY uid`);
    const again = await env.sync('2026-11-24');
    expect(again.counts).toEqual({ added: 0, updated: 0, withdrawn: 0, unchanged: 2, quarantined: 0 });
    expect(await env.database.db.all(sql`SELECT * FROM assessments ORDER BY uid`)).toEqual(row);
    expect(await count('emass_history')).toBe(0);
    expect(await count('assessments', 'added_by_emass_run = 1')).toBe(2);
    // One audit entry for the second run's batch, holding no UID.
    expect(await count('audit_log')).toBe(audit + 1);
  });

  it('counts an imported UID that eMASS sends with the same facts as unchanged; it stays an import', async () => {
    env = await feedEnv();
    expect((await env.api('POST', '/api/v1/import', { companies: [company('1AB23')], assessments: [assessment('EM00000001', ['1AB23'])] })).status).toBe(201);
    env.fake.put(secondsOf('2026-06-01'), emassRecord({ scopeDescription: null }));
    const run = await env.sync('2026-11-23');
    expect(run.counts).toEqual({ added: 0, updated: 0, withdrawn: 0, unchanged: 1, quarantined: 0 });
    expect(await feedHistory(env.ctxOn('2026-11-23'), 'EM00000001')).toEqual({ uid: 'EM00000001', source: 'IMPORT', withdrawnOn: null, events: [] });
  });
});

describe('UPDATED: POA&M closeouts and changes (feeds.md §2, rules §6)', () => {
  const conditional = (over = {}) => emassRecord({ status: 'Conditional Level 2 (C3PAO)', score: 95, ...over });

  it('reads Conditional → Final with the same UID and status date as a successful closeout, dated the day the run saw it', async () => {
    env = await feedEnv();
    env.fake.put(secondsOf('2026-06-01'), conditional());
    await env.sync('2026-07-01');
    await affirm('EM00000001', '2026-07-01');
    env.fake.put(secondsOf('2026-08-09'), emassRecord({ operation: 'UPDATED', status: 'Final Level 2 (C3PAO)', score: 110 }));
    const run = await env.sync('2026-08-10');
    expect(run.counts).toEqual({ added: 0, updated: 1, withdrawn: 0, unchanged: 0, quarantined: 0 });

    const rec = (await env.api('GET', '/api/v1/uids/EM00000001?asOf=2026-08-10')).json;
    expect(rec).toMatchObject({ uid: 'EM00000001', type: 'FINAL', postedType: 'CONDITIONAL', statusDate: '2026-06-01', score: 110, closeout: { date: '2026-08-10', result: 'SUCCESS' } });
    // The Final status needs an affirmation dated on or after the closeout (rules §3.4).
    expect(rec.reasons.map((r: any) => r.code)).toEqual(['AFFIRMATION_MISSING']);
    expect(codes(await check('EM00000001', '2026-08-09'))).toEqual([]);
    expect((await feedHistory(env.ctxOn('2026-08-10'), 'EM00000001'))!.events.map((e) => [e.event, e.date, e.detail])).toEqual([
      ['ADDED', '2026-07-01', null],
      ['CLOSEOUT_SEEN', '2026-08-10', { operation: 'UPDATED', closeoutDate: '2026-08-10' }],
      ['CHANGED', '2026-08-10', { operation: 'UPDATED', score: { from: 95, to: 110 } }],
    ]);
  });

  it('reads Conditional → No CMMC Status with the same status date as a failed closeout: POAM_CLOSEOUT_FAILED from the day seen', async () => {
    env = await feedEnv();
    env.fake.put(secondsOf('2026-06-01'), conditional());
    await env.sync('2026-07-01');
    await affirm('EM00000001', '2026-07-01');
    env.fake.put(secondsOf('2026-08-09'), conditional({ operation: 'UPDATED', status: 'No CMMC Status', score: null }));
    const run = await env.sync('2026-08-10');
    expect(run.counts.updated).toBe(1);
    expect(codes(await check('EM00000001', '2026-08-09'))).toEqual([]);
    const ended = await check('EM00000001', '2026-08-10');
    expect(codes(ended)).toEqual(['POAM_CLOSEOUT_FAILED']);
    expect(ended.uids[0].reasons[0].message).toBe('The POA&M closeout of 2026-08-10 failed: the Conditional status ended that day.');
  });

  it('records a changed score, CAGE list (within the hierarchy) and scope description with the day seen', async () => {
    env = await feedEnv();
    env.fake.put(secondsOf('2026-06-01'), emassRecord({ scope: 'Enclave', scopeDescription: 'CUI lab' }));
    await env.sync('2026-07-01');
    env.fake.put(secondsOf('2026-08-09'), emassRecord({ operation: 'UPDATED', scope: 'Enclave', scopeDescription: 'CUI lab and test range', score: 108, cages: '1AB23; 1AB25', osc: 'Acme Test Range' }));
    const run = await env.sync('2026-08-10');
    expect(run.counts.updated).toBe(1);
    const rec = (await env.api('GET', '/api/v1/uids/EM00000001')).json;
    expect(rec).toMatchObject({ score: 108, cages: ['1AB23', '1AB25'], scope: 'Enclave: CUI lab' });
    const events = (await feedHistory(env.ctxOn('2026-08-10'), 'EM00000001'))!.events;
    expect(events[0]).toEqual({ event: 'ADDED', date: '2026-07-01', runId: run.id - 1, detail: null });
    expect(events[1]).toEqual({
      event: 'CHANGED',
      date: '2026-08-10',
      runId: run.id,
      detail: { operation: 'UPDATED', score: { from: 110, to: 108 }, cages: { from: ['1AB23'], to: ['1AB23', '1AB25'] }, scopeDescription: { from: 'CUI lab', to: 'CUI lab and test range' } },
    });
    const [created] = await env.database.db.all(sql`SELECT hlo_cage AS hlo, name, created_by_emass_run AS run FROM companies WHERE cage = '1AB25'`);
    expect(created).toEqual({ hlo: '1AB23', name: 'Acme Test Range', run: run.id });
  });
});

describe('DELETED → RECORD_WITHDRAWN (rules §3.7)', () => {
  it('ends the UID from the day the run saw it, keeps the record, and leaves recorded verifications as they were', async () => {
    env = await feedEnv();
    env.fake.put(secondsOf('2026-06-01'), emassRecord());
    await env.sync('2026-11-20');
    await affirm('EM00000001', '2026-11-20');
    const officer = await env.user('officer@example.gov', 'CONTRACTING_OFFICER');
    const recorded = await env.api('POST', '/api/v1/checks', { ...L2, uids: ['EM00000001'], record: true, solicitationNumber: 'W58RGZ-27-R-0001' }, officer);
    expect(recorded.json.eligible).toBe(true);

    env.fake.put(secondsOf('2026-11-22'), { ...emassRecord({ operation: 'DELETED' }) });
    const run = await env.sync('2026-11-23');
    expect(run.counts).toEqual({ added: 0, updated: 0, withdrawn: 1, unchanged: 0, quarantined: 0 });

    const now = await check('EM00000001', '2026-11-23');
    expect(now.eligible).toBe(false);
    expect(now.uids[0].reasons).toEqual([
      expect.objectContaining({ code: 'RECORD_WITHDRAWN', severity: 'error', message: 'CMMC eMASS withdrew the record of EM00000001; AwardGate saw the withdrawal on 2026-11-23 and the status ended that day.' }),
    ]);
    expect((await check('EM00000001', '2026-11-22')).eligible).toBe(true);
    expect((await env.api('GET', '/api/v1/uids/EM00000001')).status).toBe(200);

    const kept = await env.api('GET', `/api/v1/verifications/${recorded.json.verificationId}`, undefined, officer);
    expect(kept.status).toBe(200);
    expect(kept.json.eligible).toBe(true);
    expect(kept.json.uids).toEqual(recorded.json.uids);
    expect(kept.json.uids[0].reasons).toEqual([]);
    expect((await feedHistory(env.ctxOn('2026-11-23'), 'EM00000001'))!.withdrawnOn).toBe('2026-11-23');

    // Re-read in the next window, the deletion changes nothing more.
    const again = await env.sync('2026-11-24');
    expect(again.counts).toEqual({ added: 0, updated: 0, withdrawn: 0, unchanged: 1, quarantined: 0 });
    expect((await feedHistory(env.ctxOn('2026-11-24'), 'EM00000001'))!.events.map((e) => e.event)).toEqual(['ADDED', 'WITHDRAWN']);
  });
});

describe('supersession (rules §3.5)', () => {
  it('lets a newer record of the same scope and family supersede the older from its status date, within a run and across runs', async () => {
    env = await feedEnv();
    env.fake.put(secondsOf('2026-11-01'), emassRecord({ uid: 'EMOLD00001', statusDate: '2026-03-01' }), emassRecord({ uid: 'EMMID00001', statusDate: '2026-09-01' }));
    await env.sync('2026-11-02');
    const mid = await check('EMOLD00001', '2026-10-01');
    expect(codes(mid)).toEqual(['SUPERSEDED']);
    expect(mid.uids[0].reasons[0].detail).toEqual({ replacementUid: 'EMMID00001', supersededOn: '2026-09-01' });

    env.fake.put(secondsOf('2026-11-10'), emassRecord({ uid: 'EMNEW00001', statusDate: '2026-11-10', status: 'Final Level 3 (DIBCAC)', score: 24 }), emassRecord({ uid: 'EMNEW00002', statusDate: '2026-11-10' }));
    await env.sync('2026-11-11');
    expect((await env.api('GET', '/api/v1/uids/EMMID00001')).json.supersededBy).toBe('EMNEW00002');
    // A Level 3 never supersedes the Level 2 (C3PAO) it depends on.
    expect((await env.api('GET', '/api/v1/uids/EMNEW00002')).json.supersededBy).toBeNull();
  });
});

describe('quarantine (feeds.md §2)', () => {
  it('stores none of the records it cannot apply, lists each with one sentence, and keeps them open until a corrected version is applied', async () => {
    env = await feedEnv();
    env.fake.put(
      secondsOf('2026-11-23'),
      emassRecord({ uid: 'L20000003' }),
      emassRecord({ uid: 'EM00000003', status: 'Final Level 2 (Self)' }),
      { ...emassRecord({ uid: 'EM00000004' }), certificateNumber: 'C-4' },
      emassRecord({ uid: 'EM00000005', status: null, statusDate: null }),
      emassRecord({ uid: 'EM00000006', operation: 'RESTORED' }),
      emassRecord({ uid: 'EM00000007', hlo: null, cages: '7ZZ77' }),
      emassRecord({ uid: 'EM00000008', uei: null, score: null, employees: null, scopeDescription: null, assessmentId: null, standard: null }),
    );
    const run = await env.sync('2026-11-23');
    expect(run.counts).toEqual({ added: 1, updated: 0, withdrawn: 0, unchanged: 0, quarantined: 6 });
    expect(run.quarantined).toEqual([
      { cmmcUid: 'L20000003', operation: 'ADDED', reason: 'The UID "L20000003" is not a CMMC UID: a UID is 10 letters A–Z and digits 0–9, and this one has 9 characters.' },
      { cmmcUid: 'EM00000003', operation: 'ADDED', reason: 'The ADDED record of EM00000003 has the status "Final Level 2 (Self)", which is not one AwardGate knows (a Conditional or Final Level 2 (C3PAO) or Level 3 (DIBCAC) status, or No CMMC Status).' },
      { cmmcUid: 'EM00000004', operation: 'ADDED', reason: 'The record does not have the eMASS record shape: it has field the eMASS record does not define (certificateNumber).' },
      { cmmcUid: 'EM00000005', operation: 'ADDED', reason: 'The ADDED record of EM00000005 has no CMMC status (cmmcStatus).' },
      { cmmcUid: 'EM00000006', operation: 'RESTORED', reason: 'The operation "RESTORED" is none of ADDED, UPDATED or DELETED.' },
      { cmmcUid: 'EM00000007', operation: 'ADDED', reason: 'EM00000007: none of its CAGE codes (7ZZ77) is held here and the record names no highest-level owner CAGE (highestLevelOwnerCageCode) to create the company under.' },
    ]);
    expect(await count('assessments')).toBe(1);
    expect(await count('companies')).toBe(1);

    // The next run re-reads the same records (overlap) and eMASS has corrected EM00000003.
    env.fake.put(secondsOf('2026-11-23'), emassRecord({ uid: 'EM00000003', operation: 'UPDATED' }));
    const next = await env.sync('2026-11-24');
    expect(next.counts).toEqual({ added: 1, updated: 0, withdrawn: 0, unchanged: 1, quarantined: 6 });
    const open = await openQuarantine(env.ctxOn('2026-11-24'));
    expect(open.map((q) => q.cmmcUid)).toEqual(['EM00000007', 'EM00000006', 'EM00000005', 'EM00000004', 'L20000003']);
    expect(open.every((q) => q.runId === next.id)).toBe(true);
  });

  it('quarantines an UPDATED that changes what eMASS may not change, and keeps the held record', async () => {
    env = await feedEnv();
    env.fake.put(secondsOf('2026-06-01'), emassRecord());
    await env.sync('2026-07-01');
    env.fake.put(secondsOf('2026-08-09'), emassRecord({ operation: 'UPDATED', statusDate: '2026-06-02' }));
    const run = await env.sync('2026-08-10');
    expect(run.quarantined).toEqual([
      { cmmcUid: 'EM00000001', operation: 'UPDATED', reason: 'UPDATED of EM00000001 changes its status date from 2026-06-01 to 2026-06-02; eMASS may change only the POA&M closeout, the score, the CAGE codes or the scope description of an assessment it sent.' },
    ]);
    expect((await env.api('GET', '/api/v1/uids/EM00000001')).json.statusDate).toBe('2026-06-01');
  });
});

describe('runs: the cursor, its overlap and failures (feeds.md §3)', () => {
  it('asks from EMASS_SINCE first, then from the last successful start minus one day; a failed run moves nothing', async () => {
    env = await feedEnv();
    const first = await env.sync('2026-11-23', '2026-11-23T15:00:00Z');
    expect(first.sinceDate).toBe('2026-01-01T05:00:00.000Z');
    const second = await env.sync('2026-11-24', '2026-11-24T15:00:00Z');
    expect(second.sinceDate).toBe('2026-11-22T15:00:00.000Z');
    env.fake.script({ status: 401, message: 'Invalid API key' });
    const failed = await env.sync('2026-11-25', '2026-11-25T15:00:00Z');
    expect(failed).toMatchObject({ outcome: 'FAILED', error: 'eMASS refused the API key (401: Invalid API key): check EMASS_API_KEY.', finishedAt: '2026-11-25T15:00:00.000Z' });
    const fourth = await env.sync('2026-11-26', '2026-11-26T15:00:00Z');
    expect(fourth.sinceDate).toBe('2026-11-23T15:00:00.000Z');
    expect(env.fake.requests.map((r) => r.sinceDate)).toEqual(['1767243600', '1795359600', '1795446000', '1795446000']);
    expect((await listRuns(env.ctxOn('2026-11-26'))).map((r) => [r.id, r.outcome])).toEqual([
      [4, 'SUCCEEDED'],
      [3, 'FAILED'],
      [2, 'SUCCEEDED'],
      [1, 'SUCCEEDED'],
    ]);
  });

  it('runs one sync at a time: a second one at the same moment comes back busy', async () => {
    env = await feedEnv();
    env.fake.put(secondsOf('2026-06-01'), emassRecord());
    env.fake.script({ slowMs: 400 });
    const ctx = env.ctxOn('2026-11-23');
    const [a, b] = await Promise.all([syncNow(ctx, env.settings), syncNow(ctx, env.settings)]);
    expect([a.busy, b.busy].sort()).toEqual([false, true]);
    const done = a.busy ? b : a;
    expect(!done.busy && done.run.counts.added).toBe(1);
    expect((await syncNow(ctx, env.settings)).busy).toBe(false);
  });

  it('closes a run left RUNNING by a process that died, and lists retries and expiration disagreements as warnings', async () => {
    env = await feedEnv();
    await env.database.db.insert(emassRuns).values({ startedAt: '2026-11-22T15:00:00.000Z', seenOn: '2026-11-22', sinceSeconds: 0, outcome: 'RUNNING', added: 10 });
    env.fake.put(secondsOf('2026-06-01'), emassRecord({ expirationDate: '2029-05-31' }));
    env.fake.script({ status: 500 });
    const run = await env.sync('2026-11-23');
    expect(run.warnings).toHaveLength(2);
    expect(run.warnings[1]).toBe('EM00000001: eMASS gives 2029-05-31 as the expiration date; the rules make the Final status of 2026-06-01 current through 2029-06-01 at most, and AwardGate uses that date.');
    expect(run.warnings[0]).toMatch(/^eMASS answered 500\. Retried after \d+ ms \(attempt 2 of 3\)\.$/);
    expect(await getRun(env.ctxOn('2026-11-23'), 1)).toMatchObject({
      outcome: 'FAILED',
      finishedAt: '2026-11-23T15:00:00.000Z',
      counts: { added: 10 },
      error: 'The run was interrupted before it finished (its process stopped). Its committed batches are kept; the next run re-reads the same window and applies the rest.',
    });
    // The interrupted run never moved the cursor: this one asked from EMASS_SINCE.
    expect(run.sinceDate).toBe('2026-01-01T05:00:00.000Z');
  });

  it('commits a run in batches, each with its audit entry', async () => {
    env = await feedEnv();
    env.settings.batchSize = 2;
    env.fake.put(secondsOf('2026-06-01'), ...['EM00000001', 'EM00000002', 'EM00000003', 'EM00000004', 'EM00000005'].map((uid) => emassRecord({ uid })));
    const run = await env.sync('2026-11-23');
    expect(run.counts.added).toBe(5);
    expect(await env.database.db.all(sql`SELECT entity_id AS run, detail_json AS detail FROM audit_log WHERE action = 'emass.apply' ORDER BY id`)).toEqual([
      { run: String(run.id), detail: '{"added":2,"quarantined":0,"uids":["EM00000001","EM00000002"],"unchanged":0,"updated":0,"withdrawn":0}' },
      { run: String(run.id), detail: '{"added":2,"quarantined":0,"uids":["EM00000003","EM00000004"],"unchanged":0,"updated":0,"withdrawn":0}' },
      { run: String(run.id), detail: '{"added":1,"quarantined":0,"uids":["EM00000005"],"unchanged":0,"updated":0,"withdrawn":0}' },
    ]);
  });
});
