/**
 * Reminders of the SPRS cliffs (issue 11 "Reminders that reach people"): which deadlines a status
 * record has ahead, and on which days a reminder of each is due. Every deadline is a date the
 * checks themselves compute (currency.ts: `statusAsOf`, `affirmationThrough`, `ageThrough`), so a
 * reminder can never disagree with the verdict an officer would get.
 *
 * A deadline is the last day something still holds (rules §2: periods are inclusive): the UID stops
 * being current the day after. "60 days before" a deadline D is D − 60 days.
 */
import { affirmationThrough, ageThrough, statusAsOf, type StatusAsOf, type StatusRecord } from './currency.js';
import { addDays, daysBetween, type IsoDate } from './dates.js';
import { LEVELS } from './levels.js';

export const REMINDER_KINDS = ['AFFIRMATION_DUE', 'AFFIRMATION_OVERDUE', 'POAM_CLOSEOUT_DUE', 'STATUS_EXPIRING', 'OPTION_AT_RISK', 'FLOWDOWN_RECHECK'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Both end a status for good (a lapsed affirmation keeps the UID out of every award; day 181 ends a Conditional status), so nobody may switch them off. */
export const MANDATORY_KINDS = ['AFFIRMATION_OVERDUE', 'POAM_CLOSEOUT_DUE'] as const satisfies readonly ReminderKind[];
export const SWITCHABLE_KINDS = ['AFFIRMATION_DUE', 'STATUS_EXPIRING', 'OPTION_AT_RISK', 'FLOWDOWN_RECHECK'] as const satisfies readonly ReminderKind[];
export type SwitchableKind = (typeof SWITCHABLE_KINDS)[number];
export const isSwitchableKind = (k: unknown): k is SwitchableKind => (SWITCHABLE_KINDS as readonly unknown[]).includes(k);

/** Days before the deadline on which a reminder goes out (issue 11's table). */
export const DAYS_BEFORE = {
  AFFIRMATION_DUE: [60, 30, 7],
  POAM_CLOSEOUT_DUE: [30, 7],
  STATUS_EXPIRING: [90, 30],
  FLOWDOWN_RECHECK: [30],
} as const satisfies Partial<Record<ReminderKind, readonly number[]>>;

/** AFFIRMATION_OVERDUE and OPTION_AT_RISK repeat weekly while the situation lasts. */
export const REPEAT_EVERY_DAYS = 7;

/** The alarms of a deadline in the calendar feed: the days its reminders go out, or a week ahead for the weekly kinds. */
export const alarmDaysBefore = (kind: ReminderKind): readonly number[] => (kind in DAYS_BEFORE ? DAYS_BEFORE[kind as keyof typeof DAYS_BEFORE] : [REPEAT_EVERY_DAYS]);

/** The deadlines a status record has ahead of it (the calendar feed shows them; reminders fire before them). */
export type StatusDeadlineKind = 'AFFIRMATION_DUE' | 'POAM_CLOSEOUT_DUE' | 'STATUS_EXPIRING';
export interface Deadline {
  kind: StatusDeadlineKind;
  /** The last day it holds. */
  date: IsoDate;
}

/**
 * The cliffs of a UID that is current on `today` (a UID that is not current has none: there is
 * nothing left to keep). A Conditional status has day 180 (32 CFR 170.21(b)), a Final one its age
 * bound (rules §3.2); the latest affirmation lapses a year after it (32 CFR 170.22) unless the
 * status itself ends first, in which case no affirmation could keep it current.
 */
export function statusDeadlines(rec: StatusRecord, today: IsoDate): Deadline[] {
  return deadlinesOf(statusAsOf(rec, today));
}

function deadlinesOf(s: StatusAsOf): Deadline[] {
  if (!s.current || !s.ageThrough || !s.latestAffirmation) return [];
  const out: Deadline[] = [{ kind: s.type === 'CONDITIONAL' ? 'POAM_CLOSEOUT_DUE' : 'STATUS_EXPIRING', date: s.ageThrough }];
  const affirmed = affirmationThrough(s.latestAffirmation);
  if (affirmed <= s.ageThrough) out.push({ kind: 'AFFIRMATION_DUE', date: affirmed });
  return out;
}

export interface DueReminder {
  kind: StatusDeadlineKind | 'AFFIRMATION_OVERDUE';
  deadline: IsoDate;
  /** Days from today to the deadline: 60/30/7… before it, negative once past (overdue). */
  daysBefore: number;
}

/**
 * The reminders of one UID due on `today`. AFFIRMATION_OVERDUE goes out the day after the
 * affirmation lapsed, then weekly, while re-affirming alone would make the UID current again: the
 * lapsed affirmation is its only currency failure (an aged-out status, a compliance change or an
 * ended status cannot be fixed by affirming, rules §3).
 */
export function remindersDue(rec: StatusRecord, today: IsoDate): DueReminder[] {
  const s = statusAsOf(rec, today);
  const out: DueReminder[] = deadlinesOf(s)
    .map((d) => ({ kind: d.kind, deadline: d.date, daysBefore: daysBetween(today, d.date) }))
    .filter((r) => (DAYS_BEFORE[r.kind] as readonly number[]).includes(r.daysBefore));
  if (s.exists && !s.ended.length && s.latestAffirmation && s.currencyErrors.length === 1 && s.currencyErrors[0].code === 'AFFIRMATION_EXPIRED') {
    const lapsed = affirmationThrough(s.latestAffirmation);
    const daysAfter = daysBetween(lapsed, today);
    if ((daysAfter - 1) % REPEAT_EVERY_DAYS === 0) out.push({ kind: 'AFFIRMATION_OVERDUE', deadline: lapsed, daysBefore: -daysAfter });
  }
  return out;
}

/**
 * Every date x with `period(x) = target`, where `period` adds a fixed number of days or calendar
 * years (rules §2). It is not one-to-one: 28 February is one year after both 28 and 29 February of a
 * leap year. Such an x lies within a day or two of target minus the period's length, so a week
 * around that guess holds them all.
 */
export function datesEndingOn(period: (x: IsoDate) => IsoDate, target: IsoDate): IsoDate[] {
  const guess = addDays(target, -daysBetween(target, period(target)));
  const out: IsoDate[] = [];
  // A year's length differs by at most one day from the next year's, so two days either way suffice.
  for (let k = -2; k <= 2; k++) {
    const x = addDays(guess, k);
    if (period(x) === target) out.push(x);
  }
  return out;
}

/** The longest a status can stay current (Final Level 2 or 3: three years), in days from `today`: no deadline lies further ahead. */
export function longestAgeDays(today: IsoDate): number {
  return Math.max(...LEVELS.map((level) => daysBetween(today, ageThrough(level, 'FINAL', today))));
}

export interface SourceDates {
  /** Dates a UID's latest affirmation may carry for an affirmation reminder to be due today. */
  affirmationDates: IsoDate[];
  /** Status dates for which a closeout or age reminder may be due today. */
  statusDates: IsoDate[];
}

/** The periods whose source dates the pass selects on, by name (so their inverses can be remembered). */
const PERIODS: Record<string, (x: IsoDate) => IsoDate> = {
  AFFIRMATION: affirmationThrough,
  ...Object.fromEntries(LEVELS.map((level) => [`FINAL ${level}`, (x: IsoDate) => ageThrough(level, 'FINAL', x)])),
  ...Object.fromEntries(LEVELS.filter((l) => l !== 'L1_SELF').map((level) => [`CONDITIONAL ${level}`, (x: IsoDate) => ageThrough(level, 'CONDITIONAL', x)])),
};

// Inverting a period costs a dozen date computations, and consecutive days ask for mostly the same
// targets (the weekly overdue ones), so answers are kept; they never change.
const inverses = new Map<string, IsoDate[]>();
function sourcesOf(period: string, target: IsoDate): IsoDate[] {
  const key = `${period} ${target}`;
  let found = inverses.get(key);
  if (!found) {
    if (inverses.size >= 50_000) inverses.clear();
    found = datesEndingOn(PERIODS[period], target);
    inverses.set(key, found);
  }
  return found;
}

/**
 * The few source dates whose deadline falls on a reminder day of `today`, so the daily pass can
 * select its candidates in SQL with these dates as parameters instead of evaluating every UID. A
 * candidate is then confirmed by `remindersDue` (the dates here are a superset: the level, the
 * type and whether the affirmation counts are decided there).
 */
export function reminderSourceDates(today: IsoDate): SourceDates {
  const affirmationTargets = DAYS_BEFORE.AFFIRMATION_DUE.map((d) => addDays(today, d));
  // Overdue: lapsed 1, 8, 15… days ago. An affirmation counts only from the status date, and no
  // status stays current longer than the longest age bound, so older lapses cannot be overdue
  // reminders any more (a week of slack covers leap days).
  const oldest = addDays(affirmationThrough(addDays(today, -longestAgeDays(today))), -REPEAT_EVERY_DAYS);
  for (let lapsed = addDays(today, -1); lapsed >= oldest; lapsed = addDays(lapsed, -REPEAT_EVERY_DAYS)) affirmationTargets.push(lapsed);
  const affirmationDates = new Set(affirmationTargets.flatMap((t) => sourcesOf('AFFIRMATION', t)));

  const statusDates = new Set<IsoDate>();
  for (const level of LEVELS) {
    for (const d of DAYS_BEFORE.STATUS_EXPIRING) for (const x of sourcesOf(`FINAL ${level}`, addDays(today, d))) statusDates.add(x);
    if (level === 'L1_SELF') continue; // Level 1 has no Conditional status (rules §1)
    for (const d of DAYS_BEFORE.POAM_CLOSEOUT_DUE) for (const x of sourcesOf(`CONDITIONAL ${level}`, addDays(today, d))) statusDates.add(x);
  }
  return { affirmationDates: [...affirmationDates].sort(), statusDates: [...statusDates].sort() };
}
