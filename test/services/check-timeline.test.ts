/**
 * The check's fast path (check_timeline, kept by triggers) against the full-history path, on a real
 * migrated database: random histories written, edited and deleted row by row, then checked on the
 * days the rules turn on (issue 14).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import fc from 'fast-check';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../../db/client.js';
import { affirmations, assessments, checkTimeline, closeouts, companies, complianceChanges, scopes } from '../../db/schema.js';
import { fixedClock } from '../../src/clock.js';
import { addDays, type IsoDate } from '../../src/domain/dates.js';
import { LEVELS, levelFamily, type Level } from '../../src/domain/levels.js';
import { evaluateCheck, evaluateWithHistory, type CheckInput } from '../../src/services/checks.js';
import { loadStatusRecords } from '../../src/services/status-records.js';
import { timelineRowOf, turningDays } from './timeline-oracle.js';

const CREATED = '2026-01-01T00:00:00.000Z';
const day = (base: IsoDate) => fc.integer({ min: -30, max: 400 }).map((n) => addDays(base, n));

/** One scope's records in one family: each may name the one before it as superseded, with a history around its status date. */
const scopeHistory = fc
  .record({
    level: fc.constantFrom(...LEVELS),
    statusDate: fc.oneof(fc.constantFrom('2028-02-29', '2024-02-29', '2026-03-01'), fc.integer({ min: 0, max: 1500 }).map((n) => addDays('2024-01-01', n))),
  })
  .chain(({ level, statusDate }) =>
    fc.array(
      fc.record({
        level: fc.constant(level),
        postedType: level === 'L1_SELF' ? fc.constantFrom('FINAL' as const, 'NONE' as const) : fc.constantFrom('FINAL' as const, 'CONDITIONAL' as const, 'NONE' as const),
        statusDate: day(statusDate),
        supersedesPrevious: fc.boolean(),
        namedReplacement: fc.option(fc.record({ uid: fc.constantFrom('ZZZZZZZZZ1', 'ZZZZZZZZZ2'), on: day(statusDate) })),
        withdrawnOn: fc.option(day(statusDate), { freq: 4 }),
        affirmations: fc.array(day(statusDate), { maxLength: 3 }),
        changes: fc.array(fc.record({ date: day(statusDate), description: fc.constantFrom('Boundary moved', 'New enclave') }), { maxLength: 2 }),
        closeout: fc.option(fc.record({ offset: fc.integer({ min: 0, max: 200 }), result: fc.constantFrom('SUCCESS' as const, 'FAILED' as const) })),
        /** Later edits: delete the first affirmation, move the first change, withdraw or reinstate. */
        edits: fc.array(fc.constantFrom('dropAffirmation', 'moveChange', 'dropCloseout', 'toggleWithdrawal'), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  );

type Draft = typeof scopeHistory extends fc.Arbitrary<(infer T)[]> ? T : never;

describe('check_timeline (fast path) against the full history', () => {
  it('holds each UID’s key dates after any sequence of writes, and gives the full history’s answer on every boundary day', async () => {
    const database = await createTestDatabase();
    onTestFinished(() => database.close());
    const { db } = database;
    await db.insert(companies).values({ cage: '1AB23', hloCage: '1AB23', name: 'Company 1AB23', updatedAt: CREATED });
    let n = 0;
    const nextUid = () => `T${String(++n).padStart(9, '0')}`;

    await fc.assert(
      fc.asyncProperty(scopeHistory, fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), fc.constantFrom(...LEVELS), fc.boolean(), async (drafts: Draft[], picks, requiredLevel: Level, newestFirst) => {
        const [scope] = await db
          .insert(scopes)
          .values({ hloCage: '1AB23', name: `Scope ${n}`, nameKey: `scope ${n}`, createdAt: CREATED })
          .returning({ id: scopes.id });
        const uids = drafts.map(() => nextUid());
        // Newest first: a replacement is held before the record it supersedes (an import in any order).
        for (const i of newestFirst ? [...drafts.keys()].reverse() : drafts.keys()) {
          const d = drafts[i];
          const uid = uids[i];
          await db.insert(assessments).values({
            uid,
            hloCage: '1AB23',
            scopeId: scope.id,
            level: d.level,
            family: levelFamily(d.level),
            postedType: d.postedType,
            statusDate: d.statusDate,
            score: null,
            cagesJson: '["1AB23"]',
            source: 'IMPORT',
            supersedesUid: d.supersedesPrevious && i > 0 ? uids[i - 1] : null,
            supersededByUid: d.namedReplacement?.uid ?? null,
            supersededOn: d.namedReplacement?.on ?? null,
            withdrawnOn: d.withdrawnOn,
            seq: n,
            createdAt: CREATED,
          });
          for (const date of d.affirmations) await db.insert(affirmations).values({ assessmentUid: uid, date, name: 'Pat Lee', title: 'President', statement: 'I affirm', createdAt: CREATED });
          for (const c of d.changes) await db.insert(complianceChanges).values({ assessmentUid: uid, ...c, createdAt: CREATED });
          if (d.closeout && d.postedType === 'CONDITIONAL')
            await db.insert(closeouts).values({ assessmentUid: uid, date: addDays(d.statusDate, d.closeout.offset), result: d.closeout.result, createdAt: CREATED });
        }
        for (const [i, d] of drafts.entries()) {
          const uid = uids[i];
          for (const edit of d.edits) {
            if (edit === 'dropAffirmation') {
              const [first] = await db.select({ id: affirmations.id }).from(affirmations).where(eq(affirmations.assessmentUid, uid)).limit(1);
              if (first) await db.delete(affirmations).where(eq(affirmations.id, first.id));
            } else if (edit === 'moveChange') {
              await db.update(complianceChanges).set({ date: addDays(d.statusDate, 5) }).where(eq(complianceChanges.assessmentUid, uid));
            } else if (edit === 'dropCloseout') {
              await db.delete(closeouts).where(eq(closeouts.assessmentUid, uid));
            } else {
              await db
                .update(assessments)
                .set({ withdrawnOn: sql`CASE WHEN withdrawn_on IS NULL THEN ${addDays(d.statusDate, 10)} ELSE NULL END` })
                .where(and(eq(assessments.uid, uid)));
            }
          }
        }

        const full = await loadStatusRecords(db, uids);
        for (const uid of uids) {
          const [row] = await db.select().from(checkTimeline).where(eq(checkTimeline.uid, uid));
          expect(row).toEqual(timelineRowOf(full.get(uid)!));
        }

        const rec = full.get(uids[picks[0] % uids.length])!;
        const days = turningDays(rec);
        const asOf = days[picks[1] % days.length];
        const input: CheckInput = { purpose: 'AWARD', requiredLevel, asOf, uids: [...uids, 'QQQQQQQQQQ'], lookAheadDays: picks[2] % 400 };
        const ctx = { database, clock: fixedClock('2030-01-01') };
        expect((await evaluateCheck(ctx, input)).answer).toEqual((await evaluateWithHistory(ctx, input)).answer);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('backfills the rows written before the migration and follows a supersession written later', async () => {
    const database = await createTestDatabase();
    onTestFinished(() => database.close());
    const { db } = database;
    await db.insert(companies).values({ cage: '1AB23', hloCage: '1AB23', name: 'Company 1AB23', updatedAt: CREATED });
    const [scope] = await db.insert(scopes).values({ hloCage: '1AB23', name: 'Enterprise', nameKey: 'enterprise', createdAt: CREATED }).returning({ id: scopes.id });
    const base = { hloCage: '1AB23', scopeId: scope.id, level: 'L2_C3PAO' as const, family: 'L2' as const, postedType: 'FINAL' as const, cagesJson: '["1AB23"]', source: 'IMPORT' as const, seq: 1, createdAt: CREATED };
    await db.insert(assessments).values({ ...base, uid: 'OLD0000001', statusDate: '2026-01-15' });
    await db.insert(affirmations).values({ assessmentUid: 'OLD0000001', date: '2026-01-15', name: 'Pat Lee', title: 'President', statement: 'I affirm', createdAt: CREATED });
    // Rows as a database migrated before check_timeline held them: the table emptied, then the migration's backfill run again.
    await db.run(sql`DELETE FROM check_timeline`);
    await db.run(sql`INSERT INTO check_timeline SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result FROM check_timeline_source`);
    expect(await db.select().from(checkTimeline)).toEqual([
      { uid: 'OLD0000001', settledFrom: '2026-01-15', latestAffirmation: '2026-01-15', changeDate: null, changeDescription: null, replacedByUid: null, replacedOn: null, closeoutDate: null, closeoutResult: null },
    ]);
    await db.insert(assessments).values({ ...base, uid: 'NEW0000001', statusDate: '2026-09-01', supersedesUid: 'OLD0000001' });
    const [old] = await db.select().from(checkTimeline).where(eq(checkTimeline.uid, 'OLD0000001'));
    expect(old).toMatchObject({ settledFrom: '2026-09-01', replacedByUid: 'NEW0000001', replacedOn: '2026-09-01' });
    const ctx = { database, clock: fixedClock('2026-11-23') };
    const answer = (await evaluateCheck(ctx, { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', uids: ['OLD0000001'] })).answer;
    expect(answer.uids[0].reasons.map((r) => r.code)).toEqual(['SUPERSEDED']);
    const before = (await evaluateCheck(ctx, { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', asOf: '2026-08-31', uids: ['OLD0000001'] })).answer;
    expect(before.uids[0]).toMatchObject({ eligible: true, status: { currentThrough: '2027-01-15', supersededBy: null } });
  });

  it('finds the Level 2 (C3PAO) a Level 3 depends on in its own scope only (32 CFR 170.18)', async () => {
    const database = await createTestDatabase();
    onTestFinished(() => database.close());
    const { db } = database;
    await db.insert(companies).values({ cage: '1AB23', hloCage: '1AB23', name: 'Company 1AB23', updatedAt: CREATED });
    const [enterprise, enclave] = await db
      .insert(scopes)
      .values([
        { hloCage: '1AB23', name: 'Enterprise', nameKey: 'enterprise', createdAt: CREATED },
        { hloCage: '1AB23', name: 'Enclave', nameKey: 'enclave', createdAt: CREATED },
      ])
      .returning({ id: scopes.id });
    const base = { hloCage: '1AB23', postedType: 'FINAL' as const, statusDate: '2026-06-01', cagesJson: '["1AB23"]', source: 'IMPORT' as const, seq: 1, createdAt: CREATED };
    await db.insert(assessments).values([
      { ...base, uid: 'L3ENTERPR1', scopeId: enterprise.id, level: 'L3_DIBCAC', family: 'L3' },
      { ...base, uid: 'L3ENCLAVE1', scopeId: enclave.id, level: 'L3_DIBCAC', family: 'L3' },
      { ...base, uid: 'L2ENTERPR1', scopeId: enterprise.id, level: 'L2_C3PAO', family: 'L2' },
    ]);
    for (const uid of ['L3ENTERPR1', 'L3ENCLAVE1', 'L2ENTERPR1'])
      await db.insert(affirmations).values({ assessmentUid: uid, date: '2026-06-01', name: 'Pat Lee', title: 'President', statement: 'I affirm', createdAt: CREATED });
    const ctx = { database, clock: fixedClock('2026-11-23') };
    const answer = (await evaluateCheck(ctx, { purpose: 'AWARD', requiredLevel: 'L3_DIBCAC', uids: ['L3ENTERPR1', 'L3ENCLAVE1'] })).answer;
    expect(answer.uids.map((u) => [u.uid, u.reasons.map((r) => r.code)])).toEqual([
      ['L3ENTERPR1', []],
      ['L3ENCLAVE1', ['L3_PREREQUISITE_LAPSED']],
    ]);
  });
});
