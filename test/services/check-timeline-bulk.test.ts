/**
 * The bulk writers (bulk import, streamed import, the DoD-scale seed) fill check_timeline with one
 * set-based statement per part while the triggers stand aside (migration check_timeline_bulk_bypass).
 * The rows must be those the triggers write when the same records are imported by the normal path,
 * row by row, and the fast path must answer as the full history does (issue 14).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import fc from 'fast-check';
import { createTestDatabase, type Database } from '../../db/client.js';
import { checkTimeline } from '../../db/schema.js';
import { DEFAULT_DOD_OPTIONS, generateDod } from '../../seeds/dod-scale.js';
import { fixedClock } from '../../src/clock.js';
import { LEVELS } from '../../src/domain/levels.js';
import { evaluateCheck, evaluateWithHistory } from '../../src/services/checks.js';
import { importRecords } from '../../src/services/import.js';
import { importStream } from '../../src/services/import-stream.js';
import { runSync } from '../../src/services/emass/runs.js';
import { ImportInput } from '../../src/services/inputs.js';
import { loadStatusRecords } from '../../src/services/status-records.js';
import { actorForApiToken, ensureAdminToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, TODAY, assessment, company } from '../helpers.js';
import { emassRecord } from '../fakes/emass-records.js';
import { timelineRowOf, turningDays } from './timeline-oracle.js';

const clock = fixedClock(TODAY);

async function fresh() {
  const database = await createTestDatabase();
  onTestFinished(() => database.close());
  const ctx = { database, clock };
  await ensureAdminToken(ctx, ADMIN_TOKEN);
  const actor = (await actorForApiToken(database.db, ADMIN_TOKEN))!;
  return { ctx, actor, database };
}

const rows = async (database: Database, sql: string) => (await database.client.execute(sql)).rows.map((r) => ({ ...r }));
const timelineRows = (database: Database) => database.db.select().from(checkTimeline).orderBy(checkTimeline.uid);

async function* body(json: string): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(json);
  for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
}

/** check_timeline of a database against the key dates the domain derives from each UID's full history. */
async function expectTimelineOfHistory(database: Database) {
  const stored = await timelineRows(database);
  const full = await loadStatusRecords(database.db, stored.map((r) => r.uid));
  expect(full.size).toBe(stored.length);
  expect(Number((await database.client.execute('SELECT count(*) AS n FROM assessments')).rows[0].n)).toBe(stored.length);
  for (const row of stored) {
    expect(row, row.uid).toEqual(timelineRowOf(full.get(row.uid)!));
  }
}

/**
 * A DoD-scale population in miniature (whole companies with CAGE hierarchies, supersession chains,
 * affirmations, closeouts, compliance changes, UIDs superseded from outside the data set), cut into
 * import calls at random points: scopes then span calls, so later calls relink stored groups.
 */
const imports = fc
  .record({
    seed: fc.string({ minLength: 1, maxLength: 8 }),
    newestFirst: fc.boolean(),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 2 }),
  })
  .map(({ seed, newestFirst, cuts }) => {
    const all = [...generateDod({ ...DEFAULT_DOD_OPTIONS, scale: 0.0002, seed, batchSize: 100_000 })];
    const companies = all.flatMap((b) => b.companies);
    const records = all.flatMap((b) => b.assessments);
    if (newestFirst) records.reverse();
    const at = [...new Set(cuts.map((c) => Math.floor(c * records.length)))].sort((a, b) => a - b);
    const parts = [0, ...at].map((from, i) => records.slice(from, at[i] ?? records.length)).filter((p) => p.length);
    return parts.map((assessments, i) => ({ companies: i === 0 ? companies : [], assessments, nistAssessments: i === parts.length - 1 ? all.flatMap((b) => b.nistAssessments) : [] }));
  });

describe('check_timeline filled by the bulk writers', () => {
  it('equals what the triggers write for the same records imported row by row, and the fast path answers as the full history', async () => {
    await fc.assert(
      fc.asyncProperty(imports, fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), fc.constantFrom(...LEVELS), async (calls, picks, requiredLevel) => {
        const [normal, bulk, streamed] = [await fresh(), await fresh(), await fresh()];
        for (const raw of calls) {
          const input = ImportInput.parse(raw);
          await importRecords(normal.ctx, normal.actor, input);
          await importRecords(bulk.ctx, bulk.actor, input, { bulk: true });
          await importStream(streamed.ctx, streamed.actor, body(JSON.stringify(raw)));
        }
        // The bypass never outlives the writer's transaction.
        for (const d of [normal, bulk, streamed]) expect(await rows(d.database, 'SELECT * FROM check_timeline_bulk_mode')).toEqual([]);
        expect(await timelineRows(bulk.database)).toEqual(await timelineRows(normal.database));
        await expectTimelineOfHistory(normal.database);
        await expectTimelineOfHistory(bulk.database);
        await expectTimelineOfHistory(streamed.database);

        // The UIDs to check: a few picked, and one that is superseded (its replacement decides).
        const uids = (await rows(bulk.database, 'SELECT uid FROM assessments ORDER BY uid')).map((r) => String(r.uid));
        const replaced = (await rows(bulk.database, 'SELECT uid FROM check_timeline WHERE replaced_by_uid IS NOT NULL ORDER BY uid')).map((r) => String(r.uid));
        const chosen = [...new Set([uids[picks[0] % uids.length], uids[picks[1] % uids.length], replaced[picks[2] % Math.max(1, replaced.length)] ?? uids[0]])];
        const full = await loadStatusRecords(bulk.database.db, chosen);
        const rec = full.get(chosen[0])!;
        const days = turningDays(rec);
        for (const asOf of [days[picks[3] % days.length], TODAY]) {
          const input = { purpose: 'AWARD' as const, requiredLevel, asOf, uids: chosen };
          expect((await evaluateCheck(bulk.ctx, input)).answer).toEqual((await evaluateWithHistory(bulk.ctx, input)).answer);
        }
      }),
      { numRuns: 6 },
    );
  }, 240_000);

  it('marks a UID superseded from the status date of a record of another scope that names it, imported before or after it (rules §3.5)', async () => {
    const older = assessment('OLDUID0001', ['1AB23'], { statusDate: '2026-01-15', scope: 'Enterprise' });
    const newer = assessment('NEWUID0001', ['1AB23'], { statusDate: '2026-09-01', scope: 'Enclave: lab', supersedes: 'OLDUID0001' });
    // Oldest first, and newest first (the replacement is stored before the record it names).
    for (const order of [[older, newer], [newer, older]])
      for (const bulk of [true, false]) {
        const { ctx, actor, database } = await fresh();
        await importRecords(ctx, actor, ImportInput.parse({ companies: [company('1AB23')] }), { bulk });
        for (const a of order) await importRecords(ctx, actor, ImportInput.parse({ assessments: [a] }), { bulk });
        expect(await rows(database, "SELECT uid, settled_from, latest_affirmation, replaced_by_uid, replaced_on FROM check_timeline WHERE uid = 'OLDUID0001'"), `${order[0].uid} first, bulk: ${bulk}`).toEqual([
          { uid: 'OLDUID0001', settled_from: '2026-09-01', latest_affirmation: '2026-01-15', replaced_by_uid: 'NEWUID0001', replaced_on: '2026-09-01' },
        ]);
      }
  });

  it('holds the key dates of eMASS records applied in batches: supersession within and across runs, closeouts, withdrawals (feeds.md §2)', async () => {
    const database = await createTestDatabase();
    onTestFinished(() => database.close());
    const sync = (today: string, records: Record<string, unknown>[]) =>
      runSync({ database, clock: fixedClock(today) }, { source: () => records, since: null, batchSize: 2 }, new AbortController().signal);
    // Batches of two: the third record joins a scope the first batch created (a relinked group).
    const first = await sync('2026-11-02', [
      emassRecord({ uid: 'EMOLD00001', statusDate: '2026-03-01' }),
      emassRecord({ uid: 'EMCON00001', statusDate: '2026-06-15', status: 'Conditional Level 2 (C3PAO)', score: 95, scope: 'Enclave', scopeDescription: 'Lab' }),
      emassRecord({ uid: 'EMMID00001', statusDate: '2026-09-01' }),
      emassRecord({ uid: 'EMGONE0001', statusDate: '2026-05-01', scope: 'Non-Enterprise', scopeDescription: 'Plant' }),
    ]);
    expect(first.outcome).toBe('SUCCEEDED');
    const second = await sync('2026-11-11', [
      emassRecord({ uid: 'EMNEW00002', statusDate: '2026-11-10' }),
      emassRecord({ operation: 'UPDATED', uid: 'EMCON00001', statusDate: '2026-06-15', status: 'Final Level 2 (C3PAO)', score: 110, scope: 'Enclave', scopeDescription: 'Lab' }),
      emassRecord({ operation: 'DELETED', uid: 'EMGONE0001', statusDate: '2026-05-01', scope: 'Non-Enterprise', scopeDescription: 'Plant' }),
    ]);
    expect(second.outcome).toBe('SUCCEEDED');
    expect(await rows(database, 'SELECT uid, settled_from, replaced_by_uid, replaced_on, closeout_date, closeout_result FROM check_timeline ORDER BY uid')).toEqual([
      { uid: 'EMCON00001', settled_from: '2026-11-11', replaced_by_uid: null, replaced_on: null, closeout_date: '2026-11-11', closeout_result: 'SUCCESS' },
      { uid: 'EMGONE0001', settled_from: '2026-11-11', replaced_by_uid: null, replaced_on: null, closeout_date: null, closeout_result: null },
      { uid: 'EMMID00001', settled_from: '2026-11-10', replaced_by_uid: 'EMNEW00002', replaced_on: '2026-11-10', closeout_date: null, closeout_result: null },
      { uid: 'EMNEW00002', settled_from: '2026-11-10', replaced_by_uid: null, replaced_on: null, closeout_date: null, closeout_result: null },
      { uid: 'EMOLD00001', settled_from: '2026-09-01', replaced_by_uid: 'EMMID00001', replaced_on: '2026-09-01', closeout_date: null, closeout_result: null },
    ]);
    await expectTimelineOfHistory(database);
    expect(await rows(database, 'SELECT * FROM check_timeline_bulk_mode')).toEqual([]);
  });

  it('leaves the triggers to every other writer once a bulk import has committed', async () => {
    const { ctx, actor, database } = await fresh();
    const [first] = [...generateDod({ ...DEFAULT_DOD_OPTIONS, scale: 0.0002, batchSize: 100_000 })];
    await importRecords(ctx, actor, ImportInput.parse(first), { bulk: true });
    const [{ uid }] = await rows(database, "SELECT uid FROM assessments WHERE posted_type = 'FINAL' ORDER BY uid LIMIT 1");
    // An affirmation dated after everything the generator wrote (its dates end the day before 2026-11-23), written row by row outside the bulk writer, moves the UID's key dates.
    await database.client.execute({ sql: "INSERT INTO affirmations (assessment_uid, date, name, title, statement, created_at) VALUES (?, '2026-11-23', 'Pat Lee', 'President', 'I affirm', '2026-11-23T00:00:00.000Z')", args: [String(uid)] });
    expect(await rows(database, `SELECT latest_affirmation, settled_from FROM check_timeline WHERE uid = '${String(uid)}'`)).toEqual([{ latest_affirmation: '2026-11-23', settled_from: '2026-11-23' }]);
  });
});
