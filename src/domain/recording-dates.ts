/**
 * Dates of a recorded verification (api.md, recorded verifications): a record documents a decision
 * taken on or before today, so its "as of" date is today or earlier (an earlier one reconstructs a
 * past decision and is labelled so); a later date is for a look-ahead only, and a look-ahead ends on
 * or after the "as of" date.
 */
import { dateInZone } from './dates.js';
import type { FieldError } from './results.js';

export function recordingDateErrors(input: { asOf: string; lookAheadUntil?: string | null }, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (input.asOf > today) {
    errors.push({ path: 'asOf', message: `The "as of" date of a recorded verification must be today (${today}) or earlier; use "Warn of lapses before" for a later date` });
  }
  if (input.lookAheadUntil && input.lookAheadUntil < input.asOf) {
    errors.push({ path: 'lookAheadUntil', message: `The look-ahead date must be on or after the "as of" date (${input.asOf})` });
  }
  return errors;
}

/** A recorded verification "as of" a day before the day it was recorded reconstructs a past decision. */
export const isReconstruction = (asOf: string, recordedOn: string): boolean => asOf < recordedOn;

/**
 * The day (in the deployment's zone) a reconstruction was recorded, or null when the record is not
 * one. A training install pins "today" while instants move on, so the day recorded is never later
 * than `today` (else every record made there would read as a reconstruction).
 */
export function reconstructedOn(v: { asOf: string; recordedAt: string }, zone: string, today: string): string | null {
  const instant = dateInZone(v.recordedAt, zone);
  const on = instant < today ? instant : today;
  return isReconstruction(v.asOf, on) ? on : null;
}
