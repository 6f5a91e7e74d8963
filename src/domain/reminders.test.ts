import { describe, expect, it } from 'vitest';
import { affirmationThrough, type StatusRecord } from './currency.js';
import { addDays } from './dates.js';
import { datesEndingOn, reminderSourceDates, remindersDue, statusDeadlines } from './reminders.js';
import { statusRecord } from './test-fixtures.js';

/** Every reminder due on each day from `from` through `to`, as [day, kind, days before]. */
function walk(rec: StatusRecord, from: string, to: string): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) for (const r of remindersDue(rec, d)) out.push([d, r.kind, r.daysBefore]);
  return out;
}

describe('issue 11 reminders: which day each one goes out', () => {
  it('reminds 60, 30 and 7 days before an affirmation of 2026-03-01 turns one year (current through 2027-03-01), then weekly once overdue', () => {
    const rec = statusRecord({ statusDate: '2026-03-01', affirmations: [{ date: '2026-03-01' }] });
    expect(walk(rec, '2026-03-01', '2027-03-31')).toEqual([
      ['2026-12-31', 'AFFIRMATION_DUE', 60],
      ['2027-01-30', 'AFFIRMATION_DUE', 30],
      ['2027-02-22', 'AFFIRMATION_DUE', 7],
      ['2027-03-02', 'AFFIRMATION_OVERDUE', -1],
      ['2027-03-09', 'AFFIRMATION_OVERDUE', -8],
      ['2027-03-16', 'AFFIRMATION_OVERDUE', -15],
      ['2027-03-23', 'AFFIRMATION_OVERDUE', -22],
      ['2027-03-30', 'AFFIRMATION_OVERDUE', -29],
    ]);
  });

  it('stops the overdue reminders once the UID is affirmed again, and starts the next year over', () => {
    const rec = statusRecord({ statusDate: '2026-03-01', affirmations: [{ date: '2026-03-01' }, { date: '2027-03-10' }] });
    expect(walk(rec, '2027-03-01', '2027-04-30')).toEqual([['2027-03-02', 'AFFIRMATION_OVERDUE', -1], ['2027-03-09', 'AFFIRMATION_OVERDUE', -8]]);
    expect(walk(rec, '2028-01-01', '2028-03-10').map(([d, k]) => [d, k])).toEqual([
      ['2028-01-10', 'AFFIRMATION_DUE'],
      ['2028-02-09', 'AFFIRMATION_DUE'],
      ['2028-03-03', 'AFFIRMATION_DUE'],
    ]);
  });

  it('reminds 30 and 7 days before day 180 of a Conditional status (2026-01-01: current through 2026-06-30), never of its affirmation', () => {
    const rec = statusRecord({ postedType: 'CONDITIONAL', score: 100, poam: ['AC.L2-3.1.3'] });
    expect(walk(rec, '2026-01-01', '2026-12-31')).toEqual([
      ['2026-05-31', 'POAM_CLOSEOUT_DUE', 30],
      ['2026-06-23', 'POAM_CLOSEOUT_DUE', 7],
    ]);
  });

  it('reminds 90 and 30 days before a Final Level 1 status of 2026-01-01 reaches one year (2027-01-01), with its affirmation', () => {
    const rec = statusRecord({ level: 'L1_SELF', score: null });
    expect(walk(rec, '2026-01-01', '2027-01-31')).toEqual([
      ['2026-10-03', 'STATUS_EXPIRING', 90],
      ['2026-11-02', 'AFFIRMATION_DUE', 60],
      ['2026-12-02', 'STATUS_EXPIRING', 30],
      ['2026-12-02', 'AFFIRMATION_DUE', 30],
      ['2026-12-25', 'AFFIRMATION_DUE', 7],
    ]);
  });

  it('counts a Final status made by closeout from its status date (three years from 2026-01-01: 2029-01-01), and skips an affirmation that outlives it', () => {
    const rec = statusRecord({
      postedType: 'CONDITIONAL',
      score: 100,
      poam: ['AC.L2-3.1.3'],
      closeout: { date: '2026-03-01', result: 'SUCCESS' },
      affirmations: [{ date: '2026-01-01' }, { date: '2026-03-01' }, { date: '2027-02-15' }, { date: '2028-02-01' }],
    });
    expect(walk(rec, '2028-02-01', '2029-03-31')).toEqual([
      ['2028-10-03', 'STATUS_EXPIRING', 90],
      ['2028-12-02', 'STATUS_EXPIRING', 30],
    ]);
  });

  it.each([
    ['superseded', statusRecord({ supersededBy: [{ uid: 'Z9Y8X7W6V5', date: '2026-06-01' }] })],
    ['with a compliance change', statusRecord({ complianceChanges: [{ date: '2026-06-01', description: 'MFA removed' }] })],
    ['No CMMC Status', statusRecord({ postedType: 'NONE', score: 80 })],
    ['closed out as failed', statusRecord({ postedType: 'CONDITIONAL', score: 100, poam: ['AC.L2-3.1.3'], closeout: { date: '2026-03-01', result: 'FAILED' } })],
  ])('sends nothing about a UID %s', (_n, rec) => {
    expect(walk(rec, '2026-06-01', '2027-03-31')).toEqual([]);
  });

  it('sends no overdue reminder once the status itself has aged out (affirming could not make it current)', () => {
    const rec = statusRecord({ level: 'L1_SELF', score: null });
    expect(walk(rec, '2027-01-02', '2027-02-28')).toEqual([]);
  });

  it('gives a current UID its deadlines: the age bound and the affirmation year', () => {
    expect(statusDeadlines(statusRecord({ statusDate: '2026-03-01' }), '2026-04-01')).toEqual([
      { kind: 'STATUS_EXPIRING', date: '2029-03-01' },
      { kind: 'AFFIRMATION_DUE', date: '2027-03-01' },
    ]);
    expect(statusDeadlines(statusRecord({ statusDate: '2026-03-01', affirmations: [] }), '2026-04-01')).toEqual([]);
  });
});

describe('source dates: what the daily pass selects in SQL', () => {
  it('finds both 28 and 29 February 2028 as affirmations current through 28 February 2029 (rules §2)', () => {
    expect(affirmationThrough('2028-02-29')).toBe('2029-02-28');
    expect(datesEndingOn(affirmationThrough, '2029-02-28')).toEqual(['2028-02-28', '2028-02-29']);
    expect(datesEndingOn(affirmationThrough, '2029-03-01')).toEqual(['2028-03-01']);
  });

  it('reminds of both leap-year affirmations 60 days before 28 February 2029', () => {
    for (const date of ['2028-02-28', '2028-02-29'])
      expect(remindersDue(statusRecord({ statusDate: date, affirmations: [{ date }] }), '2028-12-30')).toEqual([{ kind: 'AFFIRMATION_DUE', deadline: '2029-02-28', daysBefore: 60 }]);
  });

  it('names the affirmation and status dates whose deadlines fall on a reminder day of 2026-12-31', () => {
    const { affirmationDates, statusDates } = reminderSourceDates('2026-12-31');
    // 60 days ahead is 2027-03-01; 30 days 2027-01-30; 7 days 2027-01-07; overdue since 2026-12-31, 2026-12-24…
    expect(affirmationDates).toEqual(expect.arrayContaining(['2026-03-01', '2026-01-30', '2026-01-07', '2025-12-30', '2025-12-23']));
    expect(affirmationDates).not.toContain('2026-03-02');
    // Final L1 +1 year: 90 days ahead (2027-03-31) from 2026-03-31, 30 days (2027-01-30) from 2026-01-30; L2/L3 +3 years;
    // Conditional +180 days: 2027-01-30 from 2026-08-03, 2027-01-07 from 2026-07-11.
    expect(statusDates).toEqual(['2024-01-30', '2024-03-31', '2026-01-30', '2026-03-31', '2026-07-11', '2026-08-03']);
  });
});
