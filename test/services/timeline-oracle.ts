/**
 * What the full history says, for the property tests that compare the check's fast path
 * (check_timeline) with the full-history path: the row check_timeline must hold for a record, and
 * the days the rules turn on for it.
 */
import { affirmationThrough, ageThrough, type StatusRecord } from '../../src/domain/currency.js';
import { addDays, addYears, type IsoDate } from '../../src/domain/dates.js';
import { timelineOf } from '../../src/domain/timeline.js';

/** check_timeline's row for `rec`, as drizzle reads it. */
export function timelineRowOf(rec: StatusRecord & { uid: string }) {
  const t = timelineOf(rec);
  return {
    uid: rec.uid,
    settledFrom: t.settledFrom,
    latestAffirmation: t.latestAffirmation,
    changeDate: t.firstChange?.date ?? null,
    changeDescription: t.firstChange?.description ?? null,
    replacedByUid: t.firstReplacement?.uid ?? null,
    replacedOn: t.firstReplacement?.date ?? null,
    closeoutDate: rec.closeout?.date ?? null,
    closeoutResult: rec.closeout?.result ?? null,
  };
}

/** The status date, the 180-day and one- and three-year marks, affirmation and close-out dates, the settled day either side, and two leap-year days. */
export function turningDays(rec: StatusRecord): IsoDate[] {
  const t = timelineOf(rec);
  return [
    rec.statusDate,
    addDays(rec.statusDate, 180),
    addDays(rec.statusDate, 181),
    addYears(rec.statusDate, 1),
    addYears(rec.statusDate, 3),
    ageThrough(rec.level, 'FINAL', rec.statusDate),
    ...rec.affirmations.map((a) => affirmationThrough(a.date)),
    ...(rec.closeout ? [rec.closeout.date] : []),
    t.settledFrom,
    addDays(t.settledFrom, -1),
    addDays(t.settledFrom, 1),
    '2028-02-29',
    '2029-03-01',
  ];
}
