/**
 * What an eMASS record does to what AwardGate holds (feeds.md §2): a new UID is added (creating
 * the companies it names that are not held), the same facts again change nothing, a closeout with
 * the same status date is applied (rules §6), a changed score, CAGE list or scope description is
 * recorded, a DELETED withdraws the UID (rules §3.7), and anything else is quarantined.
 */
import { describe, expect, it } from 'vitest';
import { decideFeedAction, planCompanies, type HeldRecord, type HloOf } from './emass-changes.js';
import type { FeedFacts, FeedRecord } from './emass-record.js';

const facts = (over: Partial<FeedFacts> = {}): FeedFacts => ({
  ...{ level: 'L2_C3PAO', type: 'FINAL', statusDate: '2026-06-01', score: 110, cages: ['1AB23'], hloCage: '1AB23' },
  ...{ companyName: 'Acme Avionics Inc.', oscName: 'Acme Avionics OSC', uei: 'ACME12345678', scopeKind: 'Enterprise', scopeName: 'Enterprise', scopeDescription: null },
  ...over,
});
const rec = (over: Partial<FeedFacts> = {}, operation: FeedRecord['operation'] = 'UPDATED'): FeedRecord => ({ operation, uid: 'EM00000001', assessmentId: null, facts: operation === 'DELETED' ? null : facts(over) });
const held = (over: Partial<HeldRecord> = {}): HeldRecord => ({
  uid: 'EM00000001',
  hloCage: '1AB23',
  level: 'L2_C3PAO',
  postedType: 'FINAL',
  statusDate: '2026-06-01',
  score: 110,
  cages: ['1AB23'],
  scopeName: 'Enterprise',
  scopeKey: 'enterprise',
  scopeDescription: null,
  closeout: null,
  withdrawnOn: null,
  ...over,
});
const companies = (m: Record<string, string>): HloOf => (c) => m[c];
const decide = (r: FeedRecord, h: HeldRecord | null, today = '2026-09-01', hlos: Record<string, string> = { '1AB23': '1AB23', '1AB24': '1AB23' }) =>
  decideFeedAction(r, h, { today, hloOf: companies(hlos) });
const conditional = held({ postedType: 'CONDITIONAL', score: 95 });

describe('feeds.md §2 "Companies": a CAGE not held creates the company from the record', () => {
  it('creates the HLO from hqOrganizationName and UEI, and each other CAGE under it from oscName', () => {
    const plan = planCompanies('EM00000001', facts({ cages: ['2CD34', '2CD35'], hloCage: '2CD34' }), companies({}));
    expect(plan).toEqual({
      ok: true,
      hloCage: '2CD34',
      warnings: [],
      companies: [
        { cage: '2CD34', hloCage: '2CD34', name: 'Acme Avionics Inc.', uei: 'ACME12345678' },
        { cage: '2CD35', hloCage: '2CD34', name: 'Acme Avionics OSC', uei: null },
      ],
    });
  });

  it('never moves a held company: a CAGE held under another HLO stays there, with a warning', () => {
    const plan = planCompanies('EM00000001', facts({ cages: ['1AB23', '9ZZ99'] }), companies({ '1AB23': '1AB23', '9ZZ99': '9ZZ90' }));
    expect(plan).toEqual({ ok: true, hloCage: '1AB23', companies: [], warnings: ['EM00000001: CAGE 9ZZ99 is held under HLO 9ZZ90, not under 1AB23; the company was not moved.'] });
  });

  it('takes the company of a held CAGE when the record names no HLO', () => {
    const plan = planCompanies('EM00000001', facts({ hloCage: null, cages: ['2CD35', '1AB24'] }), companies({ '1AB24': '1AB23' }));
    expect(plan).toEqual({ ok: true, hloCage: '1AB23', warnings: [], companies: [{ cage: '2CD35', hloCage: '1AB23', name: 'Acme Avionics OSC', uei: null }] });
  });

  it('quarantines a record whose company cannot be found or created', () => {
    expect(planCompanies('EM00000001', facts({ hloCage: null, cages: ['2CD35'] }), companies({}))).toEqual({
      ok: false,
      reason: 'EM00000001: none of its CAGE codes (2CD35) is held here and the record names no highest-level owner CAGE (highestLevelOwnerCageCode) to create the company under.',
    });
    expect(planCompanies('EM00000001', facts({ hloCage: '2CD34', cages: ['2CD34'], companyName: null, oscName: null }), companies({}))).toEqual({
      ok: false,
      reason: 'EM00000001: the highest-level owner CAGE 2CD34 is not held here and the record names no company (hqOrganizationName or oscName) to create it from.',
    });
  });
});

describe('feeds.md §2 ADDED and UPDATED', () => {
  it('adds a UID not held, also for an UPDATED', () => {
    expect(decide(rec({}, 'ADDED'), null)).toEqual({ kind: 'add', hloCage: '1AB23', companies: [], warnings: [] });
    expect(decide(rec({}, 'UPDATED'), null).kind).toBe('add');
  });

  it('changes nothing when a held UID comes again with the same facts', () => {
    expect(decide(rec({}, 'ADDED'), held())).toEqual({ kind: 'unchanged' });
    expect(decide(rec({ score: null, scopeDescription: null }, 'UPDATED'), held())).toEqual({ kind: 'unchanged' });
    expect(decide(rec({}, 'ADDED'), held({ postedType: 'CONDITIONAL', closeout: { date: '2026-08-01', result: 'SUCCESS' } }))).toEqual({ kind: 'unchanged' });
  });

  it('reads Conditional → Final with the same status date as a successful POA&M closeout (rules §6)', () => {
    expect(decide(rec({ type: 'FINAL', score: 110 }), conditional)).toEqual({ kind: 'update', closeout: 'SUCCESS', changes: { score: { from: 95, to: 110 } }, companies: [] });
  });

  it('reads Conditional → No CMMC Status with the same status date as a failed closeout', () => {
    expect(decide(rec({ type: 'NONE', score: null }), conditional)).toEqual({ kind: 'update', closeout: 'FAILED', changes: {}, companies: [] });
  });

  it('accepts a closeout seen on day 180 and quarantines one seen on day 181 (2026-06-01 → 2026-11-28)', () => {
    expect(decide(rec({ type: 'FINAL' }), conditional, '2026-11-28').kind).toBe('update');
    expect(decide(rec({ type: 'FINAL' }), conditional, '2026-11-29')).toEqual({
      kind: 'quarantine',
      reason: 'EM00000001: eMASS reports its POA&M closeout on 2026-11-29, after day 180 of the Conditional status of 2026-06-01 (last day 2026-11-28); no closeout is accepted after that (rules §6).',
    });
  });

  it('records a changed score, CAGE list within the hierarchy and scope description', () => {
    expect(decide(rec({ score: 100, cages: ['1AB23', '1AB24', '1AB25'], scopeDescription: 'All systems' }), held())).toEqual({
      kind: 'update',
      closeout: null,
      changes: { score: { from: 110, to: 100 }, cages: { from: ['1AB23'], to: ['1AB23', '1AB24', '1AB25'] }, scopeDescription: { from: null, to: 'All systems' } },
      companies: [{ cage: '1AB25', hloCage: '1AB23', name: 'Acme Avionics OSC', uei: null }],
    });
  });

  it('reads a new description of an Enclave as a description change, keeping the scope', () => {
    const enclave = held({ scopeName: 'Enclave: Lab A', scopeKey: 'enclave: lab a', scopeDescription: 'Lab A' });
    expect(decide(rec({ scopeKind: 'Enclave', scopeName: 'Enclave: Lab B', scopeDescription: 'Lab B' }), enclave)).toEqual({
      kind: 'update',
      closeout: null,
      changes: { scopeDescription: { from: 'Lab A', to: 'Lab B' } },
      companies: [],
    });
  });

  it.each<[string, Partial<FeedFacts>, HeldRecord, string]>([
    ['a new status date', { statusDate: '2026-06-02' }, held(), 'changes its status date from 2026-06-01 to 2026-06-02'],
    ['another level', { level: 'L3_DIBCAC', score: 24 }, held(), 'changes its level from L2_C3PAO to L3_DIBCAC'],
    ['Final → Conditional', { type: 'CONDITIONAL' }, held(), 'changes its status from Final Level 2 (C3PAO) to Conditional Level 2 (C3PAO)'],
    ['No CMMC Status → Final', { type: 'FINAL' }, held({ postedType: 'NONE' }), 'changes its status from No CMMC Status to Final Level 2 (C3PAO)'],
    ['another company', { hloCage: '9ZZ90' }, held(), 'moves it from the company of HLO 1AB23 to 9ZZ90'],
    ['another scope', { scopeKind: 'Enclave', scopeName: 'Enclave: Lab', scopeDescription: 'Lab' }, held(), 'moves it from the scope "Enterprise" to "Enclave: Lab"'],
  ])('quarantines an UPDATED that brings %s', (_what, over, h, change) => {
    expect(decide(rec(over), h)).toEqual({
      kind: 'quarantine',
      reason: `UPDATED of EM00000001 ${change}; eMASS may change only the POA&M closeout, the score, the CAGE codes or the scope description of an assessment it sent.`,
    });
  });

  it('quarantines a CAGE list that reaches outside the company', () => {
    expect(decide(rec({ cages: ['1AB23', '9ZZ99'] }), held(), '2026-09-01', { '1AB23': '1AB23', '9ZZ99': '9ZZ90' })).toEqual({
      kind: 'quarantine',
      reason: 'EM00000001: CAGE 9ZZ99 belongs to the company of HLO 9ZZ90, outside the hierarchy of 1AB23 that holds this UID.',
    });
  });

  it('quarantines any ADDED or UPDATED of a withdrawn UID (a UID is never reused)', () => {
    expect(decide(rec({}, 'ADDED'), held({ withdrawnOn: '2026-08-01' }))).toEqual({
      kind: 'quarantine',
      reason: 'ADDED of EM00000001: eMASS withdrew this record, seen on 2026-08-01, and a withdrawn UID is never reused.',
    });
  });
});

describe('feeds.md §2 DELETED → RECORD_WITHDRAWN (rules §3.7)', () => {
  it('withdraws a held UID', () => {
    expect(decide(rec({}, 'DELETED'), held())).toEqual({ kind: 'withdraw' });
  });

  it('has nothing to do for a UID never held or already withdrawn', () => {
    expect(decide(rec({}, 'DELETED'), null)).toEqual({ kind: 'unchanged' });
    expect(decide(rec({}, 'DELETED'), held({ withdrawnOn: '2026-08-01' }))).toEqual({ kind: 'unchanged' });
  });

  it('never withdraws a self-assessment entered in SPRS', () => {
    expect(decide(rec({}, 'DELETED'), held({ level: 'L2_SELF' }))).toEqual({
      kind: 'quarantine',
      reason: 'eMASS deleted EM00000001, but it is a self-assessment entered in SPRS, not an eMASS record; it was not withdrawn.',
    });
  });
});
