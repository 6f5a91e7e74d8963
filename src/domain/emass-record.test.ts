/**
 * Reading a CMMC eMASS record (feeds.md §1–§2): the status string names level and status, Unix
 * seconds become a date in the rules' zone, identifiers have the shapes of rules §1, and anything
 * that cannot be read is quarantined with one sentence.
 */
import { describe, expect, it } from 'vitest';
import { dateOfSeconds, mapCmmcRecord, secondsAtStartOf, splitCages, statusOf, type FeedFacts } from './emass-record.js';

const NY = 'America/New_York';
/** 2026-06-01T17:00:00Z, midday in New York. */
const JUNE_1 = 1780333200;

const record = (over: Record<string, unknown> = {}) => ({
  operation: 'ADDED',
  hqOrganizationName: 'Acme Avionics Inc.',
  uei: 'ACME12345678',
  oscName: 'Acme Avionics OSC',
  highestLevelOwnerCageCode: '1AB23',
  cageCodesInScope: '1AB23; 1AB24',
  numberOfEmployees: 120,
  scope: 'Enterprise',
  scopeDescription: 'Corporate network',
  assessmentStandard: 'NIST SP 800-171 Revision 2',
  assessmentId: '6f1c2b9e-1d2a-4c7e-9f00-0123456789ab',
  cmmcUid: 'EM00000001',
  overallScore: 110,
  cmmcStatus: 'Final Level 2 (C3PAO)',
  cmmcStatusDate: JUNE_1,
  cmmcStatusExpirationDate: null,
  ...over,
});

const facts = (over: Record<string, unknown> = {}): FeedFacts => {
  const m = mapCmmcRecord(record(over), NY);
  if (!m.ok) throw new Error(m.quarantine.reason);
  return m.record.facts!;
};
const reasonOf = (raw: unknown) => {
  const m = mapCmmcRecord(raw, NY);
  if (m.ok) throw new Error('expected a quarantine');
  return m.quarantine;
};

describe('feeds.md §2 "Level and status": cmmcStatus names both', () => {
  it.each(
    Object.entries({
      'Conditional Level 2 (C3PAO)': { level: 'L2_C3PAO', type: 'CONDITIONAL' },
      'Final Level 2 (C3PAO)': { level: 'L2_C3PAO', type: 'FINAL' },
      'Conditional Level 3 (DIBCAC)': { level: 'L3_DIBCAC', type: 'CONDITIONAL' },
      'Final Level 3 (DIBCAC)': { level: 'L3_DIBCAC', type: 'FINAL' },
      '  final  level 2 (c3pao) ': { level: 'L2_C3PAO', type: 'FINAL' },
    }),
  )('reads "%s" as %j', (status, facts) => {
    expect(statusOf(status, null)).toEqual(facts);
  });

  it('reads No CMMC Status as Level 3 (DIBCAC) when the standard is NIST SP 800-172, else Level 2 (C3PAO)', () => {
    expect(statusOf('No CMMC Status', 'NIST SP 800-172 Feb2021')).toEqual({ level: 'L3_DIBCAC', type: 'NONE' });
    expect(statusOf('No CMMC Status', 'NIST SP 800-171 Revision 3')).toEqual({ level: 'L2_C3PAO', type: 'NONE' });
    expect(statusOf('No CMMC Status', null)).toEqual({ level: 'L2_C3PAO', type: 'NONE' });
  });

  it.each(['Final Level 1 (Self)', 'Final Level 2 (Self)', 'Level 2', 'Pending'])('knows no status "%s"', (status) => {
    expect(statusOf(status, null)).toBeNull();
    expect(reasonOf(record({ cmmcStatus: status })).reason).toBe(
      `The ADDED record of EM00000001 has the status "${status}", which is not one AwardGate knows (a Conditional or Final Level 2 (C3PAO) or Level 3 (DIBCAC) status, or No CMMC Status).`,
    );
  });
});

describe('feeds.md §2 "Dates": Unix seconds → the calendar date in the rules zone', () => {
  it('takes midnight in New York as the start of the day, in winter and in summer', () => {
    expect(dateOfSeconds(1767243600, NY)).toBe('2026-01-01'); // 2026-01-01T05:00:00Z
    expect(dateOfSeconds(1767243599, NY)).toBe('2025-12-31');
    expect(dateOfSeconds(1767243599, 'UTC')).toBe('2026-01-01');
    expect(dateOfSeconds(1780286400, NY)).toBe('2026-06-01'); // 2026-06-01T04:00:00Z (EDT)
  });

  it('finds midnight on the days New York changes its clock (DST from 2026-03-08, EST from 2026-11-01)', () => {
    expect(dateOfSeconds(1772945999, NY)).toBe('2026-03-07'); // 2026-03-08T04:59:59Z, 23:59:59 EST
    expect(dateOfSeconds(1772946000, NY)).toBe('2026-03-08');
    expect(dateOfSeconds(1772953200, NY)).toBe('2026-03-08'); // 07:00Z, the change itself
    expect(dateOfSeconds(1793505599, NY)).toBe('2026-10-31'); // 2026-11-01T03:59:59Z, 23:59:59 EDT
    expect(dateOfSeconds(1793505600, NY)).toBe('2026-11-01');
    expect(dateOfSeconds(1793595599, NY)).toBe('2026-11-01'); // 2026-11-02T04:59:59Z, 23:59:59 EST
    expect(dateOfSeconds(1793595600, NY)).toBe('2026-11-02');
  });

  it('finds midnight in a zone half an hour off the hour', () => {
    expect(dateOfSeconds(1780338599, 'Asia/Kolkata')).toBe('2026-06-01'); // 18:29:59Z, 23:59:59 IST
    expect(dateOfSeconds(1780338600, 'Asia/Kolkata')).toBe('2026-06-02');
  });

  it('has no date for negative seconds or milliseconds sent as seconds', () => {
    expect(dateOfSeconds(-1, NY)).toBeNull();
    expect(dateOfSeconds(1780333200000, NY)).toBeNull();
  });

  it('turns EMASS_SINCE into the first second of that day in the zone', () => {
    expect(secondsAtStartOf('2026-01-01', NY)).toBe(1767243600);
    expect(secondsAtStartOf('2026-06-01', NY)).toBe(1780286400);
  });

  it('warns when eMASS gives an expiration date that is not the rules\' own, and uses the rules\' date', () => {
    // Final Level 2: 3 years, inclusive (rules §3.2): 2026-06-01 → 2029-06-01.
    const agree = mapCmmcRecord(record({ cmmcStatusExpirationDate: 1875027600 }), NY);
    expect(agree.ok && agree.warnings).toEqual([]);
    const disagree = mapCmmcRecord(record({ cmmcStatusExpirationDate: 1875027600 - 86400 }), NY);
    expect(disagree.ok && disagree.warnings).toEqual([
      'EM00000001: eMASS gives 2029-05-31 as the expiration date; the rules make the Final status of 2026-06-01 current through 2029-06-01 at most, and AwardGate uses that date.',
    ]);
    // Conditional: 180 days, 2026-06-01 → 2026-11-28.
    const conditional = mapCmmcRecord(record({ cmmcStatus: 'Conditional Level 2 (C3PAO)', overallScore: 95, cmmcStatusExpirationDate: 1795885200 }), NY);
    expect(conditional.ok && conditional.warnings).toEqual([]);
  });
});

describe('feeds.md §2 "Identifiers" and "Scope"', () => {
  it('splits cageCodesInScope on ";" and ",", trimmed, upper-cased, without repeats', () => {
    expect(splitCages('89ED9; 99D8B')).toEqual(['89ED9', '99D8B']);
    expect(splitCages(' 89ed9,99d8b ; 89ED9 ;')).toEqual(['89ED9', '99D8B']);
    expect(splitCages(' ; ,')).toEqual([]);
  });

  it('reads a full record: level, status, date, CAGE codes, company and scope', () => {
    expect(facts()).toEqual({
      level: 'L2_C3PAO',
      type: 'FINAL',
      statusDate: '2026-06-01',
      score: 110,
      cages: ['1AB23', '1AB24'],
      hloCage: '1AB23',
      companyName: 'Acme Avionics Inc.',
      oscName: 'Acme Avionics OSC',
      uei: 'ACME12345678',
      scopeKind: 'Enterprise',
      scopeName: 'Enterprise',
      scopeDescription: 'Corporate network',
    });
  });

  it('names a scope Enterprise, or "{scope}: {scopeDescription}"', () => {
    expect(facts({ scope: 'Enclave', scopeDescription: ' CUI  lab ' }).scopeName).toBe('Enclave: CUI lab');
    expect(facts({ scope: 'non-enterprise', scopeDescription: 'Engineering' }).scopeName).toBe('Non-Enterprise: Engineering');
    expect(facts({ scope: 'Enterprise', scopeDescription: null }).scopeName).toBe('Enterprise');
  });

  it('upper-cases and trims the UID and CAGE codes', () => {
    const m = mapCmmcRecord(record({ cmmcUid: ' em00000001 ', cageCodesInScope: '1ab23', highestLevelOwnerCageCode: '1ab23' }), NY);
    expect(m.ok && [m.record.uid, m.record.facts!.cages, m.record.facts!.hloCage]).toEqual(['EM00000001', ['1AB23'], '1AB23']);
  });

  it('keeps a record whose UEI has the wrong shape, without the UEI, with a warning', () => {
    const m = mapCmmcRecord(record({ uei: 'SHORT' }), NY);
    expect(m.ok && m.record.facts!.uei).toBeNull();
    expect(m.ok && m.warnings).toEqual(['EM00000001: the UEI "SHORT" is not 12 letters and digits; it was not used.']);
  });

  it('reads a record whose optional fields are null or absent', () => {
    const m = mapCmmcRecord({ operation: 'ADDED', cmmcUid: 'EM00000002', cmmcStatus: 'Final Level 3 (DIBCAC)', cmmcStatusDate: JUNE_1, cageCodesInScope: '1AB23', scope: 'Enterprise', uei: null, overallScore: null }, NY);
    expect(m.ok && m.record).toEqual({
      operation: 'ADDED',
      uid: 'EM00000002',
      assessmentId: null,
      facts: { level: 'L3_DIBCAC', type: 'FINAL', statusDate: '2026-06-01', score: null, cages: ['1AB23'], hloCage: null, companyName: null, oscName: null, uei: null, scopeKind: 'Enterprise', scopeName: 'Enterprise', scopeDescription: null },
    });
  });

  it('needs only the UID of a DELETED record', () => {
    const m = mapCmmcRecord({ operation: 'DELETED', cmmcUid: 'EM00000001', cmmcStatus: 'Whatever' }, NY);
    expect(m.ok && m.record).toEqual({ operation: 'DELETED', uid: 'EM00000001', assessmentId: null, facts: null });
  });
});

describe('feeds.md §2 "Quarantine": one sentence per record that cannot be applied', () => {
  it.each<[string, unknown, string]>([
    ['the published example UID of 9 characters', record({ cmmcUid: 'L20000003' }), 'The UID "L20000003" is not a CMMC UID: a UID is 10 letters A–Z and digits 0–9, and this one has 9 characters.'],
    ['a UID with other characters', record({ cmmcUid: 'EM-0000001' }), 'The UID "EM-0000001" is not a CMMC UID: a UID is 10 letters A–Z and digits 0–9, and this one has 10 characters including others.'],
    ['no UID', record({ cmmcUid: null }), 'The ADDED record has no CMMC UID (cmmcUid).'],
    ['a field the published schema does not define', record({ certificateNumber: 'C-1' }), 'The record does not have the eMASS record shape: it has field the eMASS record does not define (certificateNumber).'],
    ['a date sent as text', record({ cmmcStatusDate: String(JUNE_1) }), 'The record does not have the eMASS record shape: cmmcStatusDate must be a whole number or null.'],
    ['no operation', record({ operation: null }), 'The record has no operation (ADDED, UPDATED or DELETED).'],
    ['an unknown operation', record({ operation: 'MODIFIED' }), 'The operation "MODIFIED" is none of ADDED, UPDATED or DELETED.'],
    ['no status', record({ cmmcStatus: null }), 'The ADDED record of EM00000001 has no CMMC status (cmmcStatus).'],
    ['no status date', record({ cmmcStatusDate: null }), 'The ADDED record of EM00000001 has no status date (cmmcStatusDate).'],
    ['milliseconds for seconds', record({ cmmcStatusDate: 1780333200000 }), 'The ADDED record of EM00000001 has the status date 1780333200000, which is not a date in Unix seconds.'],
    ['a Level 2 score above 110', record({ overallScore: 120 }), 'The ADDED record of EM00000001 has the score 120, outside the Level 2 range -203 to 110.'],
    ['a Level 3 score above 24', record({ cmmcStatus: 'Final Level 3 (DIBCAC)', overallScore: 30 }), 'The ADDED record of EM00000001 has the score 30, outside the Level 3 range 0 to 24.'],
    ['no CAGE code', record({ cageCodesInScope: ' ; ' }), 'The ADDED record of EM00000001 lists no CAGE code in scope (cageCodesInScope).'],
    ['a CAGE code with the letter I', record({ cageCodesInScope: '89EI9; 99D8B' }), 'The ADDED record of EM00000001 lists "89EI9" in scope, which is not a CAGE code: 5 letters and digits, never I or O.'],
    ['an HLO that is not a CAGE code', record({ highestLevelOwnerCageCode: '1AB2' }), 'The ADDED record of EM00000001 names "1AB2" as its highest-level owner, which is not a CAGE code: 5 letters and digits, never I or O.'],
    ['no scope', record({ scope: null }), 'The ADDED record of EM00000001 names no scope (Enterprise, Non-Enterprise or Enclave).'],
    ['an unknown scope', record({ scope: 'Division' }), 'The ADDED record of EM00000001 has the scope "Division", which is none of Enterprise, Non-Enterprise or Enclave.'],
    ['an Enclave without a description', record({ scope: 'Enclave', scopeDescription: ' ' }), 'The ADDED record of EM00000001 has an Enclave scope without a description (scopeDescription), so the scope has no name.'],
    ['a value that is not an object', 42, 'The record is not a JSON object.'],
  ])('quarantines %s', (_what, raw, sentence) => {
    expect(reasonOf(raw).reason).toBe(sentence);
  });

  it('names the UID, operation and eMASS assessment id of a quarantined record when it can', () => {
    expect(reasonOf(record({ cmmcUid: 'L20000003' }))).toMatchObject({ cmmcUid: 'L20000003', operation: 'ADDED', assessmentId: '6f1c2b9e-1d2a-4c7e-9f00-0123456789ab' });
    expect(reasonOf([])).toMatchObject({ cmmcUid: null, operation: null, assessmentId: null });
  });
});
