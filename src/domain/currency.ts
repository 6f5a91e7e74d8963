/**
 * Is a UID's status "current" on a date? (rules §3; DFARS 252.204-7021(a), 204.7502(b)).
 *
 * As-of semantics: a check on date D sees only what happened on or before D. Postings,
 * affirmations, closeouts, compliance changes and supersessions dated after D do not exist for it,
 * so re-running a check for a past date gives the answer an officer would have had that day.
 */
import { calendar } from './calendar.js';
import { addDays, addYears, minDate, type IsoDate } from './dates.js';
import type { Level, StatusType } from './levels.js';
import { reason, type Reason } from './reasons.js';

export interface StatusRecord {
  uid: string;
  level: Level;
  /** The status as posted or imported; a closeout changes its meaning from the closeout date. */
  postedType: StatusType;
  statusDate: IsoDate;
  cages: string[];
  /** Company (HLO) of each of the record's CAGE codes. */
  cageHlos: string[];
  hloCage: string;
  scope: string;
  scopeKey: string;
  score: number | null;
  affirmations: { date: IsoDate }[];
  complianceChanges: { date: IsoDate; description: string }[];
  closeout: { date: IsoDate; result: 'SUCCESS' | 'FAILED' } | null;
  /** Records that replace this one, each from its status date (rules §3.5). */
  supersededBy: { uid: string; date: IsoDate }[];
  poam: string[];
  /** The day AwardGate saw CMMC eMASS delete the record (rules §3.7); absent or null when it was not. */
  withdrawnOn?: IsoDate | null;
}

export interface StatusAsOf {
  /** The record existed on D (status date ≤ D). */
  exists: boolean;
  /** Status type on D: a successful closeout on or before D makes a Conditional Final. */
  type: StatusType;
  /** The status has ended on D: NO_CMMC_STATUS, POAM_CLOSEOUT_FAILED, SUPERSEDED and/or RECORD_WITHDRAWN. */
  ended: Reason[];
  /** Currency failures while the status still exists (age, compliance change, affirmation). */
  currencyErrors: Reason[];
  current: boolean;
  /** Last date every currency condition still holds; null when not current on D. */
  currentThrough: IsoDate | null;
  ageThrough: IsoDate | null;
  latestAffirmation: IsoDate | null;
  /** The replacement UID in force on D, if superseded. */
  replacedBy: string | null;
  /** The date from which an affirmation counts: status date, or the closeout date once Final by closeout. */
  affirmationBaseline: IsoDate;
}

/** The age bound of a status: Conditional 180 days; Final L1 1 year; Final L2/L3 3 years (rules §3.2). */
export function ageThrough(level: Level, type: 'FINAL' | 'CONDITIONAL', statusDate: IsoDate): IsoDate {
  const v = calendar.validity;
  if (type === 'CONDITIONAL') return addDays(statusDate, v.CONDITIONAL.days!);
  const period = level === 'L1_SELF' ? v.FINAL_L1_SELF : level === 'L3_DIBCAC' ? v.FINAL_L3 : v.FINAL_L2;
  return period.years !== undefined ? addYears(statusDate, period.years) : addDays(statusDate, period.days!);
}

/** An affirmation holds for a year, inclusive (rules §3.4, 32 CFR 170.22). */
export function affirmationThrough(date: IsoDate): IsoDate {
  const a = calendar.validity.AFFIRMATION;
  return a.years !== undefined ? addYears(date, a.years) : addDays(date, a.days!);
}

/** Orders dated entries by date, then by `tie` (plain code-unit order, as SQLite's BINARY collation). */
export const byDateThen =
  <T extends { date: IsoDate }>(tie: (x: T) => string) =>
  (a: T, b: T): number =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : tie(a) < tie(b) ? -1 : tie(a) > tie(b) ? 1 : 0;

/**
 * The headline facts of a status on the date `s` was evaluated for: what every answer about a UID
 * starts from (its record, a search row, an attested UID, the live status behind an attestation).
 */
export const statusFacts = (rec: StatusRecord, s: StatusAsOf) => ({
  uid: rec.uid,
  level: rec.level,
  type: s.type,
  statusDate: rec.statusDate,
  currentThrough: s.currentThrough,
  current: s.current,
});

export function statusAsOf(rec: StatusRecord, asOf: IsoDate): StatusAsOf {
  const exists = rec.statusDate <= asOf;
  const closeout = rec.closeout && rec.closeout.date <= asOf ? rec.closeout : null;
  const ended: Reason[] = [];

  if (rec.postedType === 'NONE') {
    ended.push(reason('NO_CMMC_STATUS', `${rec.uid} reached no CMMC status: the assessment posted on ${rec.statusDate} met none of the seven statuses.`));
  }
  if (rec.postedType === 'CONDITIONAL' && closeout?.result === 'FAILED') {
    ended.push(
      reason('POAM_CLOSEOUT_FAILED', `The POA&M closeout of ${closeout.date} failed: the Conditional status ended that day.`, {
        closeoutDate: closeout.date,
      }),
    );
  }
  // Ties (two replacements or changes on one day) break on the UID / description, so the answer never depends on row order.
  const replacement = rec.supersededBy.filter((s) => s.date <= asOf).sort(byDateThen((s) => s.uid))[0];
  if (replacement) {
    ended.push(
      reason(
        'SUPERSEDED',
        `${rec.uid} was superseded on ${replacement.date} by ${replacement.uid}, a newer assessment of the same scope; ask the offeror for its updated UID list.`,
        { replacementUid: replacement.uid, supersededOn: replacement.date },
      ),
    );
  }

  // Rules §3.7: a withdrawal ends the status from the day it was seen; a check dated before it still sees the status.
  if (rec.withdrawnOn && rec.withdrawnOn <= asOf) {
    ended.push(
      reason('RECORD_WITHDRAWN', `CMMC eMASS withdrew the record of ${rec.uid}; AwardGate saw the withdrawal on ${rec.withdrawnOn} and the status ended that day.`, {
        withdrawnOn: rec.withdrawnOn,
      }),
    );
  }

  const type: StatusType =
    rec.postedType === 'NONE' || (rec.postedType === 'CONDITIONAL' && closeout?.result === 'FAILED')
      ? 'NONE'
      : rec.postedType === 'CONDITIONAL' && closeout?.result === 'SUCCESS'
        ? 'FINAL'
        : rec.postedType;

  const baseline = type === 'FINAL' && rec.postedType === 'CONDITIONAL' && closeout ? closeout.date : rec.statusDate;
  const base: Omit<StatusAsOf, 'currencyErrors' | 'current' | 'currentThrough' | 'ageThrough' | 'latestAffirmation'> = {
    exists,
    type,
    ended,
    replacedBy: replacement?.uid ?? null,
    affirmationBaseline: baseline,
  };

  const counted = rec.affirmations.filter((a) => a.date >= baseline && a.date <= asOf).map((a) => a.date).sort();
  const latestAffirmation = counted.length ? counted[counted.length - 1] : null;

  if (type === 'NONE' || ended.length) {
    return { ...base, currencyErrors: [], current: false, currentThrough: null, ageThrough: null, latestAffirmation };
  }

  const errors: Reason[] = [];
  const age = ageThrough(rec.level, type, rec.statusDate);
  if (asOf > age) {
    errors.push(
      type === 'CONDITIONAL'
        ? reason('CONDITIONAL_EXPIRED', `The Conditional status of ${rec.statusDate} was current through ${age} (${calendar.validity.CONDITIONAL.days} days) and has expired.`, { through: age })
        : reason('STATUS_EXPIRED', `The Final status of ${rec.statusDate} was current through ${age} and has expired.`, { through: age }),
    );
  }
  const change = rec.complianceChanges.filter((c) => c.date >= rec.statusDate && c.date <= asOf).sort(byDateThen((c) => c.description))[0];
  if (change) {
    errors.push(
      reason('COMPLIANCE_CHANGED', `A change in compliance was recorded on ${change.date} ("${change.description}"); the status is not current from that date.`, {
        changeDate: change.date,
      }),
    );
  }
  let affThrough: IsoDate | null = null;
  if (!latestAffirmation) {
    errors.push(
      reason(
        'AFFIRMATION_MISSING',
        baseline === rec.statusDate
          ? `No affirmation of continuous compliance dated on or after the status date ${rec.statusDate}.`
          : `No affirmation dated on or after the POA&M closeout of ${baseline}; the Final status needs a new affirmation.`,
      ),
    );
  } else {
    affThrough = affirmationThrough(latestAffirmation);
    if (asOf > affThrough) {
      errors.push(
        reason('AFFIRMATION_EXPIRED', `The latest affirmation (${latestAffirmation}) was current through ${affThrough} and is older than one year.`, {
          latestAffirmation,
          through: affThrough,
        }),
      );
    }
  }
  const current = errors.length === 0;
  return {
    ...base,
    currencyErrors: errors,
    current,
    currentThrough: current ? minDate(age, affThrough!) : null,
    ageThrough: age,
    latestAffirmation,
  };
}
