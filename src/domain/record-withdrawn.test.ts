/**
 * Rules §3.7: when CMMC eMASS deletes a record it had sent, the UID is ended from the day AwardGate
 * saw the deletion (RECORD_WITHDRAWN, an ending reason: reported alone), and a check dated before
 * that day still sees the status as it was.
 */
import { describe, expect, it } from 'vitest';
import { statusAsOf } from './currency.js';
import { checkUid } from './eligibility.js';
import { statusRecord } from './test-fixtures.js';

const rec = statusRecord({ uid: 'EM00000001', statusDate: '2026-06-01', affirmations: [{ date: '2026-06-01' }], withdrawnOn: '2026-09-15' });

describe('RECORD_WITHDRAWN (rules §3.7)', () => {
  it('keeps the status current the day before the withdrawal was seen', () => {
    const s = statusAsOf(rec, '2026-09-14');
    expect(s.current).toBe(true);
    expect(s.ended).toEqual([]);
    expect(s.currentThrough).toBe('2027-06-01');
  });

  it('ends the status from the day the withdrawal was seen, with the date in the reason', () => {
    const s = statusAsOf(rec, '2026-09-15');
    expect(s.current).toBe(false);
    expect(s.currentThrough).toBeNull();
    expect(s.ended).toEqual([
      {
        code: 'RECORD_WITHDRAWN',
        severity: 'error',
        message: 'CMMC eMASS withdrew the record of EM00000001; AwardGate saw the withdrawal on 2026-09-15 and the status ended that day.',
        citation: 'DFARS 204.7502(b)(1) (a current CMMC status posted in SPRS); CMMC eMASS API operation DELETED',
        detail: { withdrawnOn: '2026-09-15' },
      },
    ]);
  });

  it('reports the ending reason alone in a check, even when the status would also have expired', () => {
    const row = checkUid('EM00000001', { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', asOf: '2029-07-01', uids: ['EM00000001'], lookAheadDays: 60 }, { records: new Map([['EM00000001', rec]]), prerequisites: [], offerorHlo: null, nistRecords: [] });
    expect(row.eligible).toBe(false);
    expect(row.reasons.map((r) => r.code)).toEqual(['RECORD_WITHDRAWN']);
  });
});
