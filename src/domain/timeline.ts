/**
 * The key dates of a status record's timeline (issue 14): what `statusAsOf` needs of the record's
 * history once nothing in it is dated after the check date. The database keeps one such row per UID
 * up to date at write time, so a check for today reads one row instead of every affirmation, change
 * and replacement; a check dated before `settledFrom` still reads the full history.
 */
import { byDateThen, type StatusRecord } from './currency.js';
import { maxDate, type IsoDate } from './dates.js';

export interface StatusTimeline {
  /** The latest date in the record's history (status date, affirmations, changes, closeout, replacements, withdrawal). */
  settledFrom: IsoDate;
  latestAffirmation: IsoDate | null;
  /** The earliest compliance change dated on or after the status date (earlier ones never count, rules §3.3). */
  firstChange: { date: IsoDate; description: string } | null;
  /** The earliest replacement (rules §3.5). */
  firstReplacement: { uid: string; date: IsoDate } | null;
}

/** The parts of a record its key dates come from: its status date and its whole history. */
export type TimelineSource = Pick<StatusRecord, 'statusDate' | 'affirmations' | 'complianceChanges' | 'closeout' | 'supersededBy' | 'withdrawnOn'>;

/** The key dates of a record's full history (what the write-time table holds; tests compare the two). */
export function timelineOf(rec: TimelineSource): StatusTimeline {
  const affirmations = rec.affirmations.map((a) => a.date);
  const changes = rec.complianceChanges.filter((c) => c.date >= rec.statusDate).sort(byDateThen((c) => c.description));
  const replacements = [...rec.supersededBy].sort(byDateThen((s) => s.uid));
  const dates = [
    rec.statusDate,
    ...affirmations,
    ...rec.complianceChanges.map((c) => c.date),
    ...(rec.closeout ? [rec.closeout.date] : []),
    ...rec.supersededBy.map((s) => s.date),
    ...(rec.withdrawnOn ? [rec.withdrawnOn] : []),
  ];
  return {
    settledFrom: maxDate(...dates),
    latestAffirmation: affirmations.length ? maxDate(...affirmations) : null,
    firstChange: changes[0] ? { date: changes[0].date, description: changes[0].description } : null,
    firstReplacement: replacements[0] ? { uid: replacements[0].uid, date: replacements[0].date } : null,
  };
}

/** Does the timeline alone give the status on `asOf`? Only when nothing in the history is dated after it. */
export const timelineSettled = (t: Pick<StatusTimeline, 'settledFrom'>, asOf: IsoDate): boolean => t.settledFrom <= asOf;

/**
 * A record carrying only its key dates. On any date from `settledFrom` on, `statusAsOf` gives the
 * same answer for it as for the full record: the latest affirmation is the only one that can count,
 * the earliest change and replacement are the ones reported.
 */
export function recordFromTimeline<R extends Omit<StatusRecord, 'affirmations' | 'complianceChanges' | 'supersededBy'>>(
  rec: R,
  t: StatusTimeline,
): R & Pick<StatusRecord, 'affirmations' | 'complianceChanges' | 'supersededBy'> {
  return {
    ...rec,
    affirmations: t.latestAffirmation ? [{ date: t.latestAffirmation }] : [],
    complianceChanges: t.firstChange ? [t.firstChange] : [],
    supersededBy: t.firstReplacement ? [t.firstReplacement] : [],
  };
}
