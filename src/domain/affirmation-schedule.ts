/**
 * When is a UID's next affirmation of continuous compliance due? (32 CFR 170.22; rules §3.4)
 * An affirmation is required on every assessment, after a POA&M closeout, and at least annually;
 * the contractor sees the date before the affirmation lapses rather than after.
 */
import { affirmationThrough, type StatusAsOf } from './currency.js';
import { daysBetween, type IsoDate } from './dates.js';

/** The statement an Affirming Official affirms for a UID (32 CFR 170.22); stored with each affirmation. */
export const AFFIRMATION_STATEMENT =
  'I affirm continuous compliance with the security requirements of the CMMC level and assessment scope identified by this UID (32 CFR 170.22).';

export type AffirmationState =
  /** No affirmation counts yet (new posting, or Final by closeout): affirm now. */
  | 'AWAITING'
  /** The latest affirmation is older than one year: the UID is not current until re-affirmed. */
  | 'OVERDUE'
  /** Lapses within the look-ahead window. */
  | 'DUE_SOON'
  | 'OK'
  /** The status itself has aged out; an affirmation cannot make it current again. */
  | 'STATUS_EXPIRED';

export interface AffirmationDue {
  state: AffirmationState;
  latest: IsoDate | null;
  /** Last date the latest affirmation holds (latest + 1 year, inclusive); null when none counts. */
  dueBy: IsoDate | null;
  /** Days from today to dueBy (negative when overdue). */
  daysLeft: number | null;
}

/**
 * The affirmation schedule of a status on `today`, or null when there is nothing to affirm (No CMMC
 * Status, failed closeout, superseded). `windowDays` is the "due soon" look-ahead.
 */
export function affirmationDue(s: Pick<StatusAsOf, 'type' | 'ended' | 'ageThrough' | 'latestAffirmation' | 'currencyErrors'>, today: IsoDate, windowDays: number): AffirmationDue | null {
  if (s.type === 'NONE' || s.ended.length > 0) return null;
  const latest = s.latestAffirmation;
  const dueBy = latest ? affirmationThrough(latest) : null;
  const daysLeft = dueBy ? daysBetween(today, dueBy) : null;
  if (s.currencyErrors.some((r) => r.code === 'STATUS_EXPIRED' || r.code === 'CONDITIONAL_EXPIRED')) return { state: 'STATUS_EXPIRED', latest, dueBy, daysLeft };
  if (!latest || dueBy === null || daysLeft === null) return { state: 'AWAITING', latest: null, dueBy: null, daysLeft: null };
  if (daysLeft < 0) return { state: 'OVERDUE', latest, dueBy, daysLeft };
  if (daysLeft <= windowDays) return { state: 'DUE_SOON', latest, dueBy, daysLeft };
  return { state: 'OK', latest, dueBy, daysLeft };
}
