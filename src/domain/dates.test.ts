import { describe, it, expect } from 'vitest';
import { addDays, addYears, dateInZone, daysBetween, isValidDate, maxDate, minDate, parseDate } from './dates.js';
import { DateTime } from 'luxon';

describe('rules §2 calendar dates', () => {
  it.each(['2026-01-01', '2028-02-29', '2026-12-31'])('accepts %s', (d) => {
    expect(isValidDate(d)).toBe(true);
    expect(parseDate(d).toISODate()).toBe(d);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-1', '2026-01-01T00:00', '01/02/2026', '', 'today'])('rejects %j', (d) => {
    expect(isValidDate(d)).toBe(false);
    expect(() => parseDate(d)).toThrow(RangeError);
  });

  it('rejects non-strings', () => {
    expect(isValidDate(20260101)).toBe(false);
    expect(isValidDate(null)).toBe(false);
  });

  // [date, days, result]
  it.each([
    ['2026-01-01', 180, '2026-06-30'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-08', 1, '2026-03-09'], // US daylight-saving change: still one calendar day
    ['2026-11-01', 1, '2026-11-02'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 0, '2026-01-01'],
  ])('adds days: %s + %i = %s', (d, n, out) => {
    expect(addDays(d, n)).toBe(out);
  });

  it.each([
    ['2028-02-29', 1, '2029-02-28'], // luxon plus({years}): 29 February → 28 February
    ['2028-02-29', 4, '2032-02-29'],
    ['2026-01-01', 3, '2029-01-01'],
    ['2024-02-29', 3, '2027-02-28'],
  ])('adds calendar years: %s + %i = %s', (d, n, out) => {
    expect(addYears(d, n)).toBe(out);
  });

  it('counts whole days between dates, across a leap day and DST', () => {
    expect(daysBetween('2026-01-01', '2026-06-30')).toBe(180);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-06-30', '2026-01-01')).toBe(-180);
  });

  it('picks the earlier and later of dates', () => {
    expect(minDate('2027-01-01', '2026-06-30', '2026-12-31')).toBe('2026-06-30');
    expect(maxDate('2027-01-01', '2026-06-30', '2026-12-31')).toBe('2027-01-01');
  });

  it('takes "today" in the deployment\'s zone, not UTC', () => {
    const lateEvening = DateTime.fromISO('2026-11-24T03:30:00Z').toJSDate(); // 22:30 on the 23rd in New York
    expect(dateInZone(lateEvening, 'America/New_York')).toBe('2026-11-23');
    expect(dateInZone(lateEvening, 'UTC')).toBe('2026-11-24');
    expect(dateInZone(DateTime.fromISO('2026-07-01T03:30:00Z').toJSDate(), 'America/New_York')).toBe('2026-06-30'); // EDT, UTC−4
  });

  it('dates a stored instant (ISO text in UTC) by the day it fell on in the deployment\'s zone', () => {
    expect(dateInZone('2026-11-24T03:30:00.000Z', 'America/New_York')).toBe('2026-11-23');
    expect(dateInZone('2026-11-24T05:00:00.000Z', 'America/New_York')).toBe('2026-11-24'); // midnight EST
    expect(dateInZone('2026-11-24T03:30:00.000Z', 'UTC')).toBe('2026-11-24');
    expect(() => dateInZone('yesterday', 'America/New_York')).toThrow(RangeError);
  });

  it('refuses an unknown time zone', () => {
    expect(() => dateInZone(DateTime.fromISO('2026-01-01T00:00:00Z').toJSDate(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('isValidDate agrees with the calendar', () => {
  it('accepts exactly the days luxon accepts over four years around a leap year, and rejects day 0 and month 13', () => {
    let day = DateTime.fromISO('2023-01-01', { zone: 'utc' });
    while (day.year < 2027) {
      const iso = day.toISODate()!;
      expect(isValidDate(iso)).toBe(true);
      day = day.plus({ days: 1 });
    }
    for (const bad of ['2023-02-29', '2024-02-30', '1900-02-29', '2026-04-31', '2026-00-10', '2026-13-01', '2026-01-00', '2026-01-32'])
      expect(isValidDate(bad), bad).toBe(false);
    expect(isValidDate('2000-02-29')).toBe(true);
  });
});
