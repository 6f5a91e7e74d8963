import { describe, it, expect } from 'vitest';
import type { StatusRecord } from './currency.js';
import { checkOffer, checkUid, distinctUids, type CheckData, type CheckRequest } from './eligibility.js';
import { nistRecord, statusRecord } from './test-fixtures.js';

const ASOF = '2026-03-01';
const request = (over: Partial<CheckRequest> = {}): CheckRequest => ({
  purpose: 'AWARD',
  requiredLevel: 'L2_C3PAO',
  asOf: ASOF,
  uids: ['A1B2C3D4E5'],
  offerorCage: null,
  lookAheadDays: 60,
  lookAheadUntil: null,
  nist: null,
  sam: null,
  ...over,
});
const data = (records: StatusRecord[], over: Partial<CheckData> = {}): CheckData => ({
  records: new Map(records.map((r) => [r.uid, r])),
  prerequisites: [],
  offerorHlo: null,
  nistRecords: [],
  ...over,
});
const codes = (reasons: { code: string; severity: string }[], severity?: string) =>
  reasons.filter((r) => !severity || r.severity === severity).map((r) => r.code).sort();

describe('rules §4 does a UID meet a required level?', () => {
  it('a Final L2 (C3PAO) meets an L2 (C3PAO) requirement, with its status and currentThrough', () => {
    const row = checkUid('A1B2C3D4E5', request(), data([statusRecord()]));
    expect(row.eligible).toBe(true);
    expect(row.reasons).toEqual([]);
    expect(row.status).toMatchObject({ level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-01-01', currentThrough: '2027-01-01', cages: ['1AB23'] });
  });

  it('a higher level meets a lower requirement ("or higher" is rank ≥)', () => {
    const row = checkUid('A1B2C3D4E5', request({ requiredLevel: 'L2_SELF' }), data([statusRecord({ level: 'L3_DIBCAC', score: 24 })], {
      prerequisites: [statusRecord({ uid: 'PREREQ0001' })],
    }));
    expect(row.eligible).toBe(true);
  });

  it('reports LEVEL_TOO_LOW and still reports currentThrough of the (current) lower status', () => {
    const row = checkUid('A1B2C3D4E5', request(), data([statusRecord({ level: 'L2_SELF' })]));
    expect(row.eligible).toBe(false);
    expect(codes(row.reasons)).toEqual(['LEVEL_TOO_LOW']);
    expect(row.status?.currentThrough).toBe('2027-01-01');
  });

  it('lists every error that applies, not only the first', () => {
    const rec = statusRecord({
      level: 'L1_SELF',
      score: null,
      statusDate: '2024-01-01',
      affirmations: [],
      complianceChanges: [{ date: '2024-06-01', description: 'x' }],
    });
    const row = checkUid('A1B2C3D4E5', request(), data([rec]));
    expect(codes(row.reasons, 'error')).toEqual(['AFFIRMATION_MISSING', 'COMPLIANCE_CHANGED', 'LEVEL_TOO_LOW', 'STATUS_EXPIRED']);
    expect(row.status?.currentThrough).toBeNull();
  });

  it.each([
    ['L2_SELF' as const, 100],
    ['L2_C3PAO' as const, 100],
    ['L3_DIBCAC' as const, 21],
  ])('a Conditional %s status never meets a Level 1 requirement: CONDITIONAL_NOT_ALLOWED_FOR_L1 (Decision CONDITIONAL_NEVER_L1)', (level, score) => {
    const rec = statusRecord({ level, postedType: 'CONDITIONAL', score });
    const row = checkUid('A1B2C3D4E5', request({ requiredLevel: 'L1_SELF' }), data([rec], { prerequisites: [statusRecord({ uid: 'PREREQ0001' })] }));
    expect(row.eligible).toBe(false);
    expect(codes(row.reasons, 'error')).toEqual(['CONDITIONAL_NOT_ALLOWED_FOR_L1']);
    expect(row.reasons[0].citation).toBe('DFARS 204.7502(b)(2)');
  });

  it('a Conditional Level 2 status meets a Level 2 requirement', () => {
    const row = checkUid('A1B2C3D4E5', request({ requiredLevel: 'L2_SELF' }), data([statusRecord({ level: 'L2_SELF', postedType: 'CONDITIONAL', score: 100 })]));
    expect(row.eligible).toBe(true);
  });

  it('a Conditional that is also too low reports both CONDITIONAL_NOT_ALLOWED_FOR_L1 and the currency errors', () => {
    const rec = statusRecord({ level: 'L2_SELF', postedType: 'CONDITIONAL', score: 100, affirmations: [] });
    const row = checkUid('A1B2C3D4E5', request({ requiredLevel: 'L1_SELF' }), data([rec]));
    expect(codes(row.reasons, 'error')).toEqual(['AFFIRMATION_MISSING', 'CONDITIONAL_NOT_ALLOWED_FOR_L1']);
  });

  it('an ended status reports only its ending reason, not LEVEL_TOO_LOW', () => {
    const rec = statusRecord({ level: 'L1_SELF', score: null, supersededBy: [{ uid: 'NEWUID0001', date: '2026-02-01' }] });
    const row = checkUid('A1B2C3D4E5', request(), data([rec]));
    expect(codes(row.reasons, 'error')).toEqual(['SUPERSEDED']);
    expect(row.status?.supersededBy).toBe('NEWUID0001');
  });

  it('a posted No CMMC Status reports NO_CMMC_STATUS only', () => {
    const row = checkUid('A1B2C3D4E5', request(), data([statusRecord({ postedType: 'NONE', score: 70, affirmations: [] })]));
    expect(codes(row.reasons, 'error')).toEqual(['NO_CMMC_STATUS']);
  });
});

describe('rules §1 and api.md identifiers in a check', () => {
  it('reports UID_INVALID_FORMAT for anything but 10 of A–Z, 0–9', () => {
    for (const bad of ['ABC', 'A1B2C3D4E5F', 'A1B2C3D4E!', 'A1B2C3 4E5', '']) {
      const row = checkUid(bad, request(), data([]));
      expect(codes(row.reasons)).toEqual(['UID_INVALID_FORMAT']);
      expect(row.status).toBeNull();
    }
  });

  it('trims and upper-cases UIDs, echoing the normalised form (also for an invalid one)', () => {
    const answer = checkOffer(request({ uids: [' a1b2c3d4e5 ', ' abc '] }), data([statusRecord()]));
    expect(answer.uids.map((u) => u.uid)).toEqual(['A1B2C3D4E5', 'ABC']);
    expect(answer.uids[0].eligible).toBe(true);
    expect(codes(answer.uids[1].reasons)).toEqual(['UID_INVALID_FORMAT']);
  });

  it('accepts the letters I and O in a typed UID (only generated UIDs avoid them)', () => {
    const rec = statusRecord({ uid: 'IOIOIOIO12' });
    expect(checkUid('IOIOIOIO12', request(), data([rec])).eligible).toBe(true);
  });

  it('reports UID_NOT_FOUND for an unknown UID', () => {
    expect(codes(checkUid('ZZZZZZZZZZ', request(), data([statusRecord()])).reasons)).toEqual(['UID_NOT_FOUND']);
  });

  it('reports UID_NOT_FOUND for a UID posted after the as-of date', () => {
    const rec = statusRecord({ statusDate: '2026-03-02' });
    expect(codes(checkUid('A1B2C3D4E5', request(), data([rec])).reasons)).toEqual(['UID_NOT_FOUND']);
    expect(checkUid('A1B2C3D4E5', request({ asOf: '2026-03-02' }), data([rec])).eligible).toBe(true);
  });
});

describe('rules §5 look-ahead warnings: EXPIRES_WITHIN (never a failure)', () => {
  // Conditional of 2026-01-01: currentThrough 2026-06-30.
  const conditional = statusRecord({ postedType: 'CONDITIONAL', score: 100 });

  it.each([
    ['2026-05-01', 60, false], // horizon 2026-06-30: currentThrough is not earlier than it
    ['2026-05-02', 60, true], // horizon 2026-07-01: currentThrough 2026-06-30 is earlier
    ['2026-05-02', 30, false], // horizon 2026-06-01
    ['2026-06-15', 0, false], // horizon is asOf itself
  ])('as of %s with lookAheadDays %i: EXPIRES_WITHIN %s', (asOf, lookAheadDays, warned) => {
    const row = checkUid('A1B2C3D4E5', request({ asOf, lookAheadDays }), data([conditional]));
    expect(row.eligible).toBe(true);
    expect(codes(row.reasons, 'warning').includes('EXPIRES_WITHIN')).toBe(warned);
  });

  it('is raised when currentThrough is earlier than lookAheadUntil, and names that date', () => {
    const row = checkUid('A1B2C3D4E5', request({ lookAheadDays: 0, lookAheadUntil: '2026-07-01' }), data([conditional]));
    expect(codes(row.reasons)).toEqual(['EXPIRES_WITHIN']);
    expect(row.reasons[0].severity).toBe('warning');
    expect(row.reasons[0].detail).toMatchObject({ currentThrough: '2026-06-30', horizon: '2026-07-01' });
    expect(row.eligible).toBe(true);
  });

  it('is not raised when currentThrough is the lookAheadUntil date itself', () => {
    const row = checkUid('A1B2C3D4E5', request({ lookAheadDays: 0, lookAheadUntil: '2026-06-30' }), data([conditional]));
    expect(row.reasons).toEqual([]);
  });

  it('is not raised on a failing UID', () => {
    const rec = statusRecord({ level: 'L2_SELF', postedType: 'CONDITIONAL', score: 100 });
    const row = checkUid('A1B2C3D4E5', request({ asOf: '2026-06-01' }), data([rec]));
    expect(codes(row.reasons)).toEqual(['LEVEL_TOO_LOW']);
  });
});

describe('rules §5 L3_PREREQUISITE_LAPSED (32 CFR 170.18; Decision L3_PREREQUISITE_ADVISORY)', () => {
  const l3 = statusRecord({ uid: 'L3UID00001', level: 'L3_DIBCAC', score: 24, scope: 'Enclave', scopeKey: 'enclave' });
  const l2 = (over: Partial<StatusRecord>) => statusRecord({ uid: 'L2UID00001', scope: 'Enclave', scopeKey: 'enclave', ...over });
  const run = (prerequisites: StatusRecord[]) => checkUid('L3UID00001', request({ uids: ['L3UID00001'] }), data([l3], { prerequisites }));

  it('warns, without failing, when the scope has no Final Level 2 (C3PAO)', () => {
    const row = run([]);
    expect(row.eligible).toBe(true);
    expect(codes(row.reasons)).toEqual(['L3_PREREQUISITE_LAPSED']);
    expect(row.reasons[0].severity).toBe('warning');
  });

  it('does not warn when the scope has a current Final Level 2 (C3PAO)', () => {
    expect(run([l2({})]).reasons).toEqual([]);
  });

  it('warns when the scope\'s Level 2 (C3PAO) is only Conditional', () => {
    expect(codes(run([l2({ postedType: 'CONDITIONAL', score: 100 })]).reasons)).toEqual(['L3_PREREQUISITE_LAPSED']);
  });

  it('warns when the scope\'s Final Level 2 (C3PAO) is no longer current (affirmation expired)', () => {
    expect(codes(run([l2({ statusDate: '2025-01-01' })]).reasons)).toEqual(['L3_PREREQUISITE_LAPSED']);
  });

  it('warns when the current Final Level 2 (C3PAO) covers another scope or company', () => {
    expect(codes(run([l2({ scopeKey: 'enterprise' })]).reasons)).toEqual(['L3_PREREQUISITE_LAPSED']);
    expect(codes(run([l2({ hloCage: '9ZZ99' })]).reasons)).toEqual(['L3_PREREQUISITE_LAPSED']);
  });
});

describe('rules §5 UID_NOT_OFFEROR_CAGE (information, not a failure)', () => {
  it('informs when none of the UID\'s CAGE codes is in the offeror\'s hierarchy', () => {
    const row = checkUid('A1B2C3D4E5', request(), data([statusRecord()], { offerorHlo: '9ZZ99' }));
    expect(row.eligible).toBe(true);
    expect(codes(row.reasons, 'info')).toEqual(['UID_NOT_OFFEROR_CAGE']);
  });

  it('is silent when a CAGE of the UID belongs to the offeror\'s HLO, or no offeror was given', () => {
    const rec = statusRecord({ cages: ['SUB01', '1AB23'], cageHlos: ['SUB01', '1AB23'] });
    expect(checkUid('A1B2C3D4E5', request(), data([rec], { offerorHlo: '1AB23' })).reasons).toEqual([]);
    expect(checkUid('A1B2C3D4E5', request(), data([rec], { offerorHlo: null })).reasons).toEqual([]);
  });
});

describe('rules §5 the offer', () => {
  it('is eligible only if every UID meets the level', () => {
    const good = statusRecord();
    const low = statusRecord({ uid: 'LOWUID0001', level: 'L2_SELF' });
    const answer = checkOffer(request({ uids: ['A1B2C3D4E5', 'LOWUID0001'] }), data([good, low]));
    expect(answer.eligible).toBe(false);
    expect(answer.uids.map((u) => [u.uid, u.eligible])).toEqual([
      ['A1B2C3D4E5', true],
      ['LOWUID0001', false],
    ]);
    expect(answer.reasons).toEqual([]);
  });

  it('is not eligible with NO_UIDS_PROVIDED when no UID is given', () => {
    const answer = checkOffer(request({ uids: [] }), data([]));
    expect(answer.eligible).toBe(false);
    expect(codes(answer.reasons)).toEqual(['NO_UIDS_PROVIDED']);
    expect(answer.reasons[0].severity).toBe('error');
  });

  it('reports a duplicate UID once (DUPLICATE_UID warning) and checks it once', () => {
    const answer = checkOffer(request({ uids: ['A1B2C3D4E5', ' a1b2c3d4e5', 'A1B2C3D4E5'] }), data([statusRecord()]));
    expect(answer.eligible).toBe(true);
    expect(answer.reasons.map((r) => [r.code, r.severity])).toEqual([['DUPLICATE_UID', 'warning']]);
    expect(answer.uids).toHaveLength(1);
  });

  it('distinctUids keeps first-seen order and lists each duplicate once', () => {
    expect(distinctUids(['b000000000', 'A000000000', 'B000000000', 'b000000000', 'a000000000'])).toEqual({
      uids: ['B000000000', 'A000000000'],
      duplicates: ['B000000000', 'A000000000'],
    });
  });

  it.each([
    [{ active: false, ueiCageNameAddressMatch: true }],
    [{ active: true, ueiCageNameAddressMatch: false }],
    [{ active: false, ueiCageNameAddressMatch: false }],
  ])('fails an option with SAM_NOT_CONFIRMED when an attestation is "no" (%o)', (sam) => {
    const answer = checkOffer(request({ purpose: 'OPTION', sam }), data([statusRecord()]));
    expect(answer.eligible).toBe(false);
    expect(codes(answer.reasons, 'error')).toEqual(['SAM_NOT_CONFIRMED']);
    expect(answer.uids[0].eligible).toBe(true);
  });

  it('passes an option whose SAM attestations are both "yes"', () => {
    const answer = checkOffer(request({ purpose: 'OPTION', sam: { active: true, ueiCageNameAddressMatch: true } }), data([statusRecord()]));
    expect(answer.eligible).toBe(true);
  });

  it('fails the offer on a NIST error even when every UID meets the level', () => {
    const answer = checkOffer(request({ nist: { cages: [' 1ab23 '] } }), data([statusRecord()]));
    expect(answer.eligible).toBe(false);
    expect(answer.nist.map((n) => [n.cage, codes(n.reasons)])).toEqual([['1AB23', ['NIST_ASSESSMENT_MISSING']]]);
  });

  it('passes the NIST check with a posted assessment not older than 3 years', () => {
    const nist = nistRecord({ id: 1, planDescription: null });
    const answer = checkOffer(request({ nist: { cages: ['1AB23'] } }), data([statusRecord()], { nistRecords: [nist] }));
    expect(answer.eligible).toBe(true);
    expect(answer.nist[0].eligible).toBe(true);
  });

  it('answers with the contract fields and every reason carries a severity and citation', () => {
    const answer = checkOffer(request({ uids: ['A1B2C3D4E5', 'A1B2C3D4E5', 'BAD'], offerorCage: ' 1ab23 ' }), data([statusRecord()]));
    expect(answer).toMatchObject({ eligible: false, asOf: ASOF, purpose: 'AWARD', requiredLevel: 'L2_C3PAO', offerorCage: '1AB23', verificationId: null });
    expect(answer.phase).toHaveProperty('phase');
    // Severities from api.md "Reason codes", citations from the regulatory calendar of the spec.
    const CITED: Record<string, [string, string]> = {
      DUPLICATE_UID: ['warning', 'DFARS 252.204-7025(d)'],
      UID_INVALID_FORMAT: ['error', 'DFARS 204.7501 (CMMC UID: 10 alphanumeric characters)'],
    };
    const reasons = [...answer.reasons, ...answer.uids.flatMap((u) => u.reasons)];
    expect(reasons.map((r) => r.code).sort()).toEqual(Object.keys(CITED).sort());
    for (const r of reasons) {
      expect([r.severity, r.citation], r.code).toEqual(CITED[r.code]);
      expect(r.message.length).toBeGreaterThan(0);
    }
  });
});
