/**
 * Calendar-date arithmetic for the rules (rules §2). Dates are `YYYY-MM-DD` strings; arithmetic is
 * luxon in UTC on whole days, so no time of day or zone shift can move a date.
 */
import { DateTime } from 'luxon';

export type IsoDate = string;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function parseDate(d: IsoDate): DateTime {
  const dt = DateTime.fromISO(d, { zone: 'utc' });
  if (!ISO.test(d) || !dt.isValid) throw new RangeError(`not a calendar date: ${d}`);
  return dt;
}

/** A real calendar date written YYYY-MM-DD. Plain arithmetic: it runs on every date of a bulk import. */
export function isValidDate(d: unknown): d is IsoDate {
  if (typeof d !== 'string' || !ISO.test(d)) return false;
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  if (m < 1 || m > 12 || day < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return day <= days;
}

const fmt = (dt: DateTime): IsoDate => dt.toISODate()!;
export const addDays = (d: IsoDate, n: number): IsoDate => fmt(parseDate(d).plus({ days: n }));
/** luxon `plus({years})`: 29 February plus one year is 28 February (rules §2). */
export const addYears = (d: IsoDate, n: number): IsoDate => fmt(parseDate(d).plus({ years: n }));
export const minDate = (...ds: IsoDate[]): IsoDate => ds.reduce((a, b) => (b < a ? b : a));
export const maxDate = (...ds: IsoDate[]): IsoDate => ds.reduce((a, b) => (b > a ? b : a));
/** Whole days from a to b (b − a). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => Math.round(parseDate(b).diff(parseDate(a), 'days').days);

/**
 * The calendar date of an instant in the rules' time zone (rules §2): "today" from the clock, and the
 * day a stored timestamp (createdAt, recordedAt: ISO 8601 instants in UTC) fell on for users. Cutting
 * the UTC text would put an evening in New York on the next day.
 */
export const dateInZone = (instant: Date | string, zone: string): IsoDate => {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  if (!dt.isValid) throw new RangeError(`not an instant in a known time zone: ${String(instant)} in ${zone}`);
  return fmt(dt);
};
