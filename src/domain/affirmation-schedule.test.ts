import { describe, expect, it } from 'vitest';
import { affirmationDue } from './affirmation-schedule.js';
import { statusAsOf, type StatusRecord } from './currency.js';
import { statusRecord } from './test-fixtures.js';

/** A Final L2 (Self) posted and affirmed on 2026-01-01. */
const rec = (over: Partial<StatusRecord> = {}): StatusRecord => statusRecord({ level: 'L2_SELF', ...over });
const due = (r: StatusRecord, today: string, window = 60) => affirmationDue(statusAsOf(r, today), today, window);

describe('rules §3.4 affirmation schedule (32 CFR 170.22: at least annually)', () => {
  it.each([
    ['is OK long before the year is up', rec(), '2026-03-01', 'OK', '2027-01-01'],
    ['is due soon 60 days before the year is up', rec(), '2026-11-02', 'DUE_SOON', '2027-01-01'],
    ['is not yet due soon 61 days before', rec(), '2026-11-01', 'OK', '2027-01-01'],
    ['is still due soon (0 days left) on the last day it holds', rec(), '2027-01-01', 'DUE_SOON', '2027-01-01'],
    ['is overdue the day after a year', rec(), '2027-01-02', 'OVERDUE', '2027-01-01'],
    ['is awaiting a first affirmation on a new posting', rec({ affirmations: [] }), '2026-01-01', 'AWAITING', null],
    [
      'is awaiting again once a closeout made the status Final (the old affirmation no longer counts)',
      rec({ postedType: 'CONDITIONAL', score: 108, poam: ['AC.L2-3.1.3'], closeout: { date: '2026-02-01', result: 'SUCCESS' } }),
      '2026-02-01',
      'AWAITING',
      null,
    ],
    ['reports an aged-out status as expired: affirming cannot revive it', rec({ postedType: 'CONDITIONAL', score: 108, poam: ['AC.L2-3.1.3'] }), '2026-07-01', 'STATUS_EXPIRED', '2027-01-01'],
  ] as const)('%s', (_n, r, today, state, dueBy) => {
    const d = due(r, today);
    expect(d?.state).toBe(state);
    expect(d?.dueBy ?? null).toBe(dueBy);
  });

  it('counts the days left, negative once overdue', () => {
    expect(due(rec(), '2026-12-30')?.daysLeft).toBe(2);
    expect(due(rec(), '2027-01-05')?.daysLeft).toBe(-4);
  });

  it.each([
    ['No CMMC Status', rec({ postedType: 'NONE', score: 80 })],
    ['a superseded UID', rec({ supersededBy: [{ uid: 'Z9Y8X7W6V5', date: '2026-02-01' }] })],
    ['a failed closeout', rec({ postedType: 'CONDITIONAL', score: 108, poam: ['AC.L2-3.1.3'], closeout: { date: '2026-02-01', result: 'FAILED' } })],
  ])('has nothing to affirm for %s', (_n, r) => {
    expect(due(r, '2026-03-01')).toBeNull();
  });
});
