import { describe, expect, it } from 'vitest';
import { scopeKey, supersessionGroupKey, supersessionLinks, type SupersessionLink, type SupersessionMember } from './supersession.js';

const m = (uid: string, statusDate: string, arrival: number, supersedes?: string): SupersessionMember => ({ uid, statusDate, arrival, supersedes });
const link = (supersededBy: string, supersededOn: string): SupersessionLink => ({ supersededBy, supersededOn });
const asObject = (links: Map<string, SupersessionLink | null>) => Object.fromEntries(links);

describe('rules §3.5, §6: each record is superseded by the next one of its scope and family, from that one\'s status date', () => {
  // [case, members, expected links]
  const table: [string, SupersessionMember[], Record<string, SupersessionLink | null>][] = [
    ['a single record is not superseded', [m('AAAAAAAAA1', '2026-01-01', 1)], { AAAAAAAAA1: null }],
    [
      'three records in status-date order form a chain',
      [m('AAAAAAAAA1', '2025-01-01', 1), m('AAAAAAAAA2', '2025-06-01', 2), m('AAAAAAAAA3', '2026-02-01', 3)],
      { AAAAAAAAA1: link('AAAAAAAAA2', '2025-06-01'), AAAAAAAAA2: link('AAAAAAAAA3', '2026-02-01'), AAAAAAAAA3: null },
    ],
    [
      'an older record imported after a newer one is still superseded by the newer (order is by status date, not arrival)',
      [m('NEWER00001', '2026-03-01', 1), m('OLDER00001', '2025-03-01', 2)],
      { OLDER00001: link('NEWER00001', '2026-03-01'), NEWER00001: null },
    ],
    [
      'on the same status date, arrival order decides: the later arrival supersedes the earlier',
      [m('SECOND0001', '2026-05-01', 8), m('FIRST00001', '2026-05-01', 7)],
      { FIRST00001: link('SECOND0001', '2026-05-01'), SECOND0001: null },
    ],
    [
      // rules §6: "a No CMMC Status result replaces a current status"; the status is no input.
      'a No CMMC Status result posted after a Final status still supersedes it',
      [m('FINAL00001', '2025-10-01', 1), m('NOSTATUS01', '2026-04-15', 2)],
      { FINAL00001: link('NOSTATUS01', '2026-04-15'), NOSTATUS01: null },
    ],
  ];
  it.each(table)('%s', (_case, members, expected) => {
    expect(asObject(supersessionLinks(members))).toEqual(expected);
  });
});

describe('api.md import: an explicit `supersedes` names an older UID, superseded from the namer\'s status date', () => {
  const table: [string, SupersessionMember[], Record<string, SupersessionLink | null>][] = [
    [
      'naming a UID not held here links nothing among the members',
      [m('A1B2C3D4E5', '2026-06-01', 1, 'Z9Y8X7W6V5')],
      { A1B2C3D4E5: null },
    ],
    [
      'naming the previous record agrees with the status-date order',
      [m('OLD0000001', '2025-06-01', 1), m('NEW0000001', '2026-06-01', 2, 'OLD0000001')],
      { OLD0000001: link('NEW0000001', '2026-06-01'), NEW0000001: null },
    ],
    [
      'naming a record two back does not move its earlier supersession by the record in between',
      [m('R000000001', '2025-01-01', 1), m('R000000002', '2025-07-01', 2), m('R000000003', '2026-01-01', 3, 'R000000001')],
      { R000000001: link('R000000002', '2025-07-01'), R000000002: link('R000000003', '2026-01-01'), R000000003: null },
    ],
    [
      'on the same date as the order\'s successor, the record that names it is the replacement',
      [m('R000000001', '2025-01-01', 1), m('R000000002', '2025-07-01', 2), m('R000000003', '2025-07-01', 3, 'R000000001')],
      { R000000001: link('R000000003', '2025-07-01'), R000000002: link('R000000003', '2025-07-01'), R000000003: null },
    ],
    ['a record naming itself is ignored', [m('SELF000001', '2026-01-01', 1, 'SELF000001')], { SELF000001: null }],
  ];
  it.each(table)('%s', (_case, members, expected) => {
    expect(asObject(supersessionLinks(members))).toEqual(expected);
  });

  it('does not change the members it is given', () => {
    const members = [m('B000000002', '2026-02-01', 2), m('B000000001', '2026-01-01', 1)];
    supersessionLinks(members);
    expect(members.map((x) => x.uid)).toEqual(['B000000002', 'B000000001']);
  });
});

describe('rules §1, §3.5: the group is company (HLO), scope (trimmed, case-insensitive) and level family', () => {
  it('treats " Enclave: CUI " and "enclave:  cui" as one scope', () => {
    expect(scopeKey(' Enclave: CUI ')).toBe('enclave: cui');
    expect(scopeKey('enclave:  cui')).toBe('enclave: cui');
  });

  it('puts Level 2 (Self) and Level 2 (C3PAO) of one scope in one group: either replaces the other', () => {
    expect(supersessionGroupKey({ hloCage: '1AB23', scope: 'Enterprise', level: 'L2_SELF' })).toBe(
      supersessionGroupKey({ hloCage: '1AB23', scope: ' enterprise ', level: 'L2_C3PAO' }),
    );
  });

  it('never groups a Level 3 (DIBCAC) with the Level 2 (C3PAO) it depends on', () => {
    expect(supersessionGroupKey({ hloCage: '1AB23', scope: 'Enterprise', level: 'L3_DIBCAC' })).not.toBe(
      supersessionGroupKey({ hloCage: '1AB23', scope: 'Enterprise', level: 'L2_C3PAO' }),
    );
  });

  it('never groups Level 1 with Level 2, nor one company\'s scope with another company\'s of the same name', () => {
    expect(supersessionGroupKey({ hloCage: '1AB23', scope: 'Enterprise', level: 'L1_SELF' })).not.toBe(
      supersessionGroupKey({ hloCage: '1AB23', scope: 'Enterprise', level: 'L2_SELF' }),
    );
    expect(supersessionGroupKey({ hloCage: '1AB23', scope: 'Enterprise', level: 'L2_SELF' })).not.toBe(
      supersessionGroupKey({ hloCage: '9ZZ99', scope: 'Enterprise', level: 'L2_SELF' }),
    );
  });

  it('gives no link when a Level 3 names its Level 2 (C3PAO) explicitly: that UID is outside the Level 3 group', () => {
    const l3Group = [m('L3UID00001', '2026-03-01', 2, 'L2UID00001')];
    expect(asObject(supersessionLinks(l3Group))).toEqual({ L3UID00001: null });
  });
});
