import { describe, expect, it } from 'vitest';
import { importRecordChecker, withinDateBounds, type ImportedRecord } from './import-rules.js';

const record = (over: Partial<ImportedRecord> = {}): ImportedRecord => ({
  uid: 'A1B2C3D4E5',
  level: 'L2_C3PAO',
  status: 'CONDITIONAL',
  statusDate: '2026-01-01',
  score: 95,
  ...over,
});
const errorsOf = (over: Partial<ImportedRecord>) => importRecordChecker()(record(over), 'assessments.3');

describe('api.md import: each record is checked on its own against rules §6', () => {
  it('accepts a Conditional Level 2 (C3PAO) record with a score, a POA&M and a closeout on day 180', () => {
    expect(errorsOf({ poam: ['AC.L2-3.1.1'], closeout: { date: '2026-06-30' }, supersedes: 'Z9Y8X7W6V5' })).toEqual([]);
  });

  // [case, record fields, expected errors]
  const table: [string, Partial<ImportedRecord>, { path: string; message: string }[]][] = [
    [
      'an L1_SELF record cannot be CONDITIONAL (no POA&M at Level 1)',
      { level: 'L1_SELF', status: 'CONDITIONAL', score: null },
      [{ path: 'assessments.3.status', message: 'a Level 1 (Self) status cannot be Conditional (no POA&M at Level 1)' }],
    ],
    ['Level 1 has no score', { level: 'L1_SELF', status: 'FINAL', score: 15 }, [{ path: 'assessments.3.score', message: 'Level 1 has no score' }]],
    ['a Level 2 score above 110 is refused', { score: 111 }, [{ path: 'assessments.3.score', message: 'a Level 2 score is -203…110' }]],
    ['a Level 2 score below −203 is refused', { level: 'L2_SELF', score: -204 }, [{ path: 'assessments.3.score', message: 'a Level 2 score is -203…110' }]],
    ['a Level 3 score above 24 is refused', { level: 'L3_DIBCAC', score: 25 }, [{ path: 'assessments.3.score', message: 'a Level 3 score is 0…24' }]],
    ['a Level 3 score below 0 is refused', { level: 'L3_DIBCAC', score: -1 }, [{ path: 'assessments.3.score', message: 'a Level 3 score is 0…24' }]],
    [
      'a closeout only on a CONDITIONAL record',
      { status: 'FINAL', score: 110, closeout: { date: '2026-02-01' } },
      [{ path: 'assessments.3.closeout', message: 'a POA&M closeout applies only to a Conditional status' }],
    ],
    [
      'a closeout on day 181 (2026-01-01 → 2026-07-01) is too late',
      { closeout: { date: '2026-07-01' } },
      [{ path: 'assessments.3.closeout.date', message: 'a closeout must fall within 180 days of the status date 2026-01-01' }],
    ],
    [
      'a closeout before the status date is refused',
      { closeout: { date: '2025-12-31' } },
      [{ path: 'assessments.3.closeout.date', message: 'a closeout must fall within 180 days of the status date 2026-01-01' }],
    ],
    [
      'a POA&M names requirements of the record\'s level only',
      { poam: ['AC.L2-3.1.1', 'AC.L3-3.1.2e'] },
      [{ path: 'assessments.3.poam.1', message: 'AC.L3-3.1.2e is not a requirement of L2_C3PAO' }],
    ],
    ['only a Conditional status has a POA&M', { status: 'FINAL', score: 110, poam: ['AC.L2-3.1.1'] }, [{ path: 'assessments.3.poam', message: 'only a Conditional status has a POA&M' }]],
    ['a UID cannot supersede itself', { supersedes: 'A1B2C3D4E5' }, [{ path: 'assessments.3.supersedes', message: 'a UID cannot supersede itself' }]],
    // Rules §6: 110 → Final; 88 or more (with an eligible POA&M) → Conditional (issue 12, finding 10).
    ['an L2 (C3PAO) Final with score 50 is refused (a Final has 110)', { status: 'FINAL', score: 50 }, [{ path: 'assessments.3.score', message: 'a Final Level 2 status has the score 110' }]],
    ['an L2 (Self) Final with score 109 is refused', { level: 'L2_SELF', status: 'FINAL', score: 109 }, [{ path: 'assessments.3.score', message: 'a Final Level 2 status has the score 110' }]],
    ['an L2 (Self) Conditional with score 10 is refused', { level: 'L2_SELF', score: 10 }, [{ path: 'assessments.3.score', message: 'a Conditional Level 2 status has a score from 88 to 109' }]],
    ['an L2 Conditional with score 87 is refused', { score: 87 }, [{ path: 'assessments.3.score', message: 'a Conditional Level 2 status has a score from 88 to 109' }]],
    ['an L2 Conditional with score 110 is refused (110 is Final)', { score: 110 }, [{ path: 'assessments.3.score', message: 'a Conditional Level 2 status has a score from 88 to 109' }]],
    // Rules §6: 24 met → Final; 20 or more → Conditional.
    ['a Level 3 Final with score 23 is refused', { level: 'L3_DIBCAC', status: 'FINAL', score: 23 }, [{ path: 'assessments.3.score', message: 'a Final Level 3 status has the score 24' }]],
    ['a Level 3 Conditional with score 19 is refused', { level: 'L3_DIBCAC', score: 19 }, [{ path: 'assessments.3.score', message: 'a Conditional Level 3 status has a score from 20 to 23' }]],
    ['a Level 3 Conditional with score 24 is refused (24 is Final)', { level: 'L3_DIBCAC', score: 24 }, [{ path: 'assessments.3.score', message: 'a Conditional Level 3 status has a score from 20 to 23' }]],
  ];
  it.each(table)('%s', (_case, over, expected) => {
    expect(errorsOf(over)).toEqual(expected);
  });

  it('accepts the score bounds themselves for No CMMC Status: −203 and 110 at Level 2, 0 and 24 at Level 3', () => {
    for (const over of [{ score: -203 }, { score: 110 }, { level: 'L3_DIBCAC', score: 0 }, { level: 'L3_DIBCAC', score: 24 }] as const) expect(errorsOf({ ...over, status: 'NONE' })).toEqual([]);
  });

  it('accepts each status at the edges of its score range: Final 110 and 24, Conditional 88, 109, 20 and 23', () => {
    const fits: Partial<ImportedRecord>[] = [
      { status: 'FINAL', score: 110 },
      { level: 'L2_SELF', status: 'FINAL', score: 110 },
      { score: 88 },
      { score: 109 },
      { level: 'L3_DIBCAC', status: 'FINAL', score: 24 },
      { level: 'L3_DIBCAC', score: 20 },
      { level: 'L3_DIBCAC', score: 23 },
      { status: 'FINAL', score: null },
    ];
    for (const over of fits) expect(errorsOf(over), JSON.stringify(over)).toEqual([]);
  });

  it('bounds every date to 2000-01-01 … 2100-12-31 (Decision)', () => {
    expect(['1999-12-31', '2000-01-01', '2026-11-23', '2100-12-31', '2101-01-01', '9999-12-31'].map(withinDateBounds)).toEqual([false, true, true, true, false, false]);
  });

  it('lists every rule a record breaks, not only the first', () => {
    expect(errorsOf({ level: 'L1_SELF', status: 'CONDITIONAL', score: 3, supersedes: 'A1B2C3D4E5' }).map((e) => e.path)).toEqual([
      'assessments.3.status',
      'assessments.3.score',
      'assessments.3.supersedes',
    ]);
  });

  it('gives the same answer for the same status date across records of one import (the window is per status date)', () => {
    const check = importRecordChecker();
    expect(check(record({ closeout: { date: '2026-06-30' } }), 'assessments.0')).toEqual([]);
    expect(check(record({ uid: 'B1B2C3D4E5', closeout: { date: '2026-07-01' } }), 'assessments.1').map((e) => e.path)).toEqual(['assessments.1.closeout.date']);
  });
});
