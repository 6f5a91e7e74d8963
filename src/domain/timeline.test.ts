import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { affirmationThrough, ageThrough, statusAsOf, type StatusRecord } from './currency.js';
import { addDays, addYears, type IsoDate } from './dates.js';
import { checkOffer, type CheckRequest } from './eligibility.js';
import { LEVELS, type Level } from './levels.js';
import { statusRecord } from './test-fixtures.js';
import { recordFromTimeline, timelineOf, timelineSettled } from './timeline.js';

const day = (base: IsoDate) => fc.integer({ min: -40, max: 420 }).map((n) => addDays(base, n));
const statusDates = fc.oneof(
  fc.constantFrom('2024-02-29', '2028-02-29', '2027-02-28', '2025-03-01', '2026-09-01'),
  fc.integer({ min: 0, max: 2400 }).map((n) => addDays('2024-01-01', n)),
);
const uidOf = (n: number) => `R${String(n).padStart(9, '0')}`;

/** A random record: any level and posted type, with affirmations, changes, a closeout, replacements and a withdrawal around its status date. */
const records: fc.Arbitrary<StatusRecord> = statusDates.chain((statusDate) =>
  fc
    .record({
      level: fc.constantFrom(...LEVELS),
      postedType: fc.constantFrom('FINAL' as const, 'CONDITIONAL' as const, 'NONE' as const),
      affirmations: fc.array(day(statusDate), { maxLength: 4 }),
      changes: fc.array(fc.record({ date: day(statusDate), description: fc.constantFrom('Boundary moved', 'New enclave', 'Another change') }), { maxLength: 3 }),
      closeout: fc.option(fc.record({ date: fc.integer({ min: 0, max: 200 }).map((n) => addDays(statusDate, n)), result: fc.constantFrom('SUCCESS' as const, 'FAILED' as const) })),
      replacements: fc.array(fc.record({ uid: fc.integer({ min: 1, max: 5 }).map(uidOf), date: day(statusDate) }), { maxLength: 2 }),
      withdrawnOn: fc.option(day(statusDate)),
    })
    .map((r) =>
      statusRecord({
        level: r.level,
        postedType: r.postedType,
        statusDate,
        affirmations: r.affirmations.map((date) => ({ date })),
        complianceChanges: r.changes,
        closeout: r.postedType === 'CONDITIONAL' ? r.closeout : null,
        supersededBy: r.replacements,
        withdrawnOn: r.withdrawnOn,
      }),
    ),
);

/** The days the rules turn on (rules §3): 180 days, one and three years, the affirmation year, the closeout, 29 February; each and the day after. */
function boundaryDays(rec: StatusRecord): IsoDate[] {
  const level: Level = rec.level;
  const days = [
    addDays(rec.statusDate, 180),
    ageThrough(level, 'FINAL', rec.statusDate),
    addYears(rec.statusDate, 1),
    addYears(rec.statusDate, 3),
    ...rec.affirmations.map((a) => affirmationThrough(a.date)),
    ...(rec.closeout ? [rec.closeout.date, ageThrough(level, 'FINAL', rec.closeout.date)] : []),
    ...rec.complianceChanges.map((c) => c.date),
    ...rec.supersededBy.map((s) => s.date),
    ...(rec.withdrawnOn ? [rec.withdrawnOn] : []),
    '2028-02-29',
    '2029-02-28',
    '2029-03-01',
  ];
  return days.flatMap((d) => [d, addDays(d, 1)]);
}

const request = (asOf: IsoDate, requiredLevel: Level, lookAheadDays: number): CheckRequest => ({
  purpose: 'AWARD',
  requiredLevel,
  asOf,
  uids: ['A1B2C3D4E5'],
  offerorCage: null,
  lookAheadDays,
  lookAheadUntil: null,
  nist: null,
  sam: null,
});

describe('key-date timeline (fast path) against the full history', () => {
  it('gives the same status and the same answer on every date from its settled date on, boundary days included', () => {
    fc.assert(
      fc.property(records, fc.nat(), fc.integer({ min: 0, max: 400 }), fc.constantFrom(...LEVELS), (rec, pick, extra, requiredLevel) => {
        const t = timelineOf(rec);
        const candidates = [...boundaryDays(rec), addDays(t.settledFrom, extra), t.settledFrom].filter((d) => timelineSettled(t, d));
        const asOf = candidates[pick % candidates.length];
        const fast = recordFromTimeline(rec, t);
        expect(statusAsOf(fast, asOf)).toEqual(statusAsOf(rec, asOf));
        const req = request(asOf, requiredLevel, extra);
        expect(checkOffer(req, { records: new Map([[rec.uid, fast]]), prerequisites: [], offerorHlo: null, nistRecords: [] })).toEqual(
          checkOffer(req, { records: new Map([[rec.uid, rec]]), prerequisites: [], offerorHlo: null, nistRecords: [] }),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('is settled only from the latest date in the history', () => {
    const rec = statusRecord({ statusDate: '2026-01-01', affirmations: [{ date: '2026-01-01' }, { date: '2026-12-15' }] });
    expect(timelineOf(rec).settledFrom).toBe('2026-12-15');
    expect(timelineSettled(timelineOf(rec), '2026-12-14')).toBe(false);
    expect(timelineSettled(timelineOf(rec), '2026-12-15')).toBe(true);
  });

  it('keeps the affirmation year of 29 February: current on 28 February 2029, expired on 1 March (rules §2, §3.4)', () => {
    const rec = statusRecord({ statusDate: '2028-02-29', affirmations: [{ date: '2028-01-10' }, { date: '2028-02-29' }] });
    const fast = recordFromTimeline(rec, timelineOf(rec));
    expect(fast.affirmations).toEqual([{ date: '2028-02-29' }]);
    expect(statusAsOf(fast, '2029-02-28').current).toBe(true);
    expect(statusAsOf(fast, '2029-03-01').currencyErrors.map((r) => r.code)).toEqual(['AFFIRMATION_EXPIRED']);
  });

  it('reports the earliest change and replacement, ties broken by description and UID', () => {
    const rec = statusRecord({
      statusDate: '2026-01-01',
      complianceChanges: [
        { date: '2025-12-01', description: 'Before the status date' },
        { date: '2026-03-01', description: 'New enclave' },
        { date: '2026-03-01', description: 'Boundary moved' },
      ],
      supersededBy: [
        { uid: 'Z000000001', date: '2026-05-01' },
        { uid: 'B000000001', date: '2026-05-01' },
      ],
    });
    expect(timelineOf(rec)).toEqual({
      settledFrom: '2026-05-01',
      latestAffirmation: '2026-01-01',
      firstChange: { date: '2026-03-01', description: 'Boundary moved' },
      firstReplacement: { uid: 'B000000001', date: '2026-05-01' },
    });
  });
});
