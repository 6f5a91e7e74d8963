/**
 * Tenant isolation (rules §9 "Who sees what"; api.md Conventions "Auth"): every role × every
 * endpoint that exists (JSON API, CSV exports, workspace pages and forms) × company B's records.
 *
 * Each row of ROWS is one request shape and the status every caller must get: 401 / 403 / 404 on
 * the API (303 to sign-in / 403 on pages) for callers without the right, never a 200 carrying B's
 * data. For every answer a caller who is not entitled to B's data gets, the body must hold none
 * of B's identifiers, CAGE codes, names, contract numbers or scores that the request did not
 * itself carry; a 404 for B's record must read exactly like a 404 for a record that does not
 * exist; and a refused request writes nothing. A last test fails when an endpoint has no row, so
 * adding an endpoint means adding a row here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allResults, TODAY } from '../helpers.js';
import { answersForm } from '../pages/contractor-fixtures.js';
import {
  A,
  apiAs,
  B,
  buildWorld,
  CALLER_LABEL,
  CALLERS,
  diffCounts,
  ghostOf,
  leaksIn,
  mentionsB,
  pageAs,
  POAM_MET,
  SPARE_ASSESSORS,
  tableCounts,
  unghost,
  type Answer,
  type Caller,
  type World,
} from './world.js';

type Expect = Record<Caller, number>;
type Form = Record<string, string | string[]>;

interface Row {
  /** The route as the app registers it (`METHOD /path/:param`). */
  route: string;
  /** Tells rows of one route apart. */
  label?: string;
  kind: 'api' | 'page';
  path: (w: World, who: Caller) => string;
  /** JSON body (api) or form fields (page); `n` makes values unique per call. */
  body?: (w: World, who: Caller, n: number) => unknown;
  expect: Expect;
  /**
   * Callers entitled to B's data through this row (rules §9); every other answer is leak-checked.
   * B's own contractor is entitled everywhere, listed or not (its own pages show its company).
   */
  entitled: Caller[];
}

const SIGNED_IN: Caller[] = ['ADMIN', 'CO', 'DIBCAC', 'CA', 'CB', 'C3A', 'C3N'];
const GOV: Caller[] = ['ADMIN', 'CO', 'DIBCAC'];

/** API expectations: no or a bad token → 401; callers not named → `others`. */
const api = (given: Partial<Expect>, others: number): Expect => ({ ...(Object.fromEntries(SIGNED_IN.map((c) => [c, others])) as Expect), NONE: 401, BAD: 401, ...given });
/** Page expectations: no or a forged session → 303 to sign-in; callers not named → `others`. */
const page = (given: Partial<Expect>, others: number): Expect => ({ ...(Object.fromEntries(SIGNED_IN.map((c) => [c, others])) as Expect), NONE: 303, BAD: 303, ...given });
const all = (status: number): Expect => Object.fromEntries(CALLERS.map((c) => [c, status])) as Expect;
const only = (callers: Caller[], status: number): Partial<Expect> => Object.fromEntries(callers.map((c) => [c, status]));

const typedEvidence = (uids: string[]) => ({ kind: 'SPRS_PRINTOUT', reference: 'printout', uids, level: 'L2_SELF', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01' });
const freshUid = (n: number) => `BQXN${String(n).padStart(6, '0')}`;
const importOf = (n: number) => ({
  assessments: [{ uid: freshUid(n), level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [B.sub], scope: `Bravo import ${n}`, score: 110 }],
});

const ROWS: Row[] = [
  // ---- public documents: no company data for anyone ----
  { route: 'GET /api/v1/openapi.json', kind: 'api', path: () => '/api/v1/openapi.json', expect: all(200), entitled: [] },
  { route: 'GET /.well-known/jwks.json', kind: 'api', path: () => '/.well-known/jwks.json', expect: all(200), entitled: [] },

  // ---- accounts and bulk import (administrator) ----
  {
    route: 'POST /api/v1/users',
    kind: 'api',
    path: () => '/api/v1/users',
    body: (_w, who, n) => ({ email: `probe-${who.toLowerCase()}-${n}@example.test`, role: 'CONTRACTOR', companyCage: B.sub }),
    expect: api({ ADMIN: 201 }, 403),
    entitled: ['ADMIN'],
  },
  { route: 'POST /api/v1/import', kind: 'api', path: () => '/api/v1/import', body: (_w, _who, n) => importOf(n), expect: api({ ADMIN: 201 }, 403), entitled: ['ADMIN'] },

  // ---- checks and recorded verifications (contracting officer, administrator; DIBCAC reads) ----
  {
    route: 'POST /api/v1/checks',
    kind: 'api',
    path: () => '/api/v1/checks',
    body: () => ({ purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [B.final, B.c3pao], offerorCage: B.hlo, nist: { cages: [B.hlo] } }),
    expect: api({ ADMIN: 200, CO: 200 }, 403),
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /api/v1/checks',
    label: 'record: true',
    kind: 'api',
    path: () => '/api/v1/checks',
    body: () => ({ purpose: 'NEW_UID', requiredLevel: 'L2_SELF', uids: [B.final], offerorCage: B.hlo, record: true, contractNumber: 'W91-BRAVO-0008' }),
    expect: api({ ADMIN: 200, CO: 200 }, 403),
    entitled: ['ADMIN', 'CO'],
  },
  { route: 'GET /api/v1/verifications', kind: 'api', path: () => '/api/v1/verifications', expect: api(only(GOV, 200), 403), entitled: GOV },
  {
    route: 'GET /api/v1/verifications',
    label: 'by contract number',
    kind: 'api',
    path: () => `/api/v1/verifications?contractNumber=${B.verificationContract}`,
    expect: api(only(GOV, 200), 403),
    entitled: GOV,
  },
  { route: 'GET /api/v1/verifications/:id', kind: 'api', path: (w) => `/api/v1/verifications/${w.ids.verification}`, expect: api(only(GOV, 200), 403), entitled: GOV },

  // ---- status records ----
  { route: 'GET /api/v1/uids/:uid', kind: 'api', path: () => `/api/v1/uids/${B.final}`, expect: api({ ...only(GOV, 200), CB: 200 }, 404), entitled: [...GOV, 'CB'] },
  {
    route: 'GET /api/v1/uids/:uid',
    label: 'C3PAO record, as of a date',
    kind: 'api',
    path: () => `/api/v1/uids/${B.c3pao.toLowerCase()}?asOf=2026-09-01`,
    expect: api({ ...only(GOV, 200), CB: 200 }, 404),
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/uids/:uid/affirmations',
    kind: 'api',
    path: () => `/api/v1/uids/${B.final}/affirmations`,
    body: () => ({ name: 'Probe Official', title: 'Probe' }),
    expect: api({ ADMIN: 201, CB: 201, CO: 403, DIBCAC: 403 }, 404),
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/uids/:uid/closeout',
    kind: 'api',
    // Each entitled caller closes out its own Conditional record (a closeout happens once).
    path: (_w, who) => `/api/v1/uids/${who === 'ADMIN' ? B.condAdmin : B.condApi}/closeout`,
    body: () => ({ results: POAM_MET }),
    expect: api({ ADMIN: 200, CB: 200, CO: 403, DIBCAC: 403 }, 404),
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/uids/:uid/compliance-changes',
    kind: 'api',
    path: () => `/api/v1/uids/${B.changed}/compliance-changes`,
    body: () => ({ date: '2026-11-01', description: 'Probe change' }),
    expect: api({ ADMIN: 201, CB: 201, DIBCAC: 201, CO: 403 }, 404),
    entitled: [...GOV, 'CB'],
  },

  // ---- postings for company B ----
  {
    route: 'POST /api/v1/companies/:cage/assessments',
    label: 'L2 (Self)',
    kind: 'api',
    path: () => `/api/v1/companies/${B.hlo}/assessments`,
    body: (_w, _who, n) => ({ level: 'L2_SELF', scope: `Probe scope ${n}`, results: allResults('L2_SELF') }),
    expect: api({ ADMIN: 201, CB: 201, CA: 404 }, 403),
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/companies/:cage/assessments',
    label: 'L2 (C3PAO)',
    kind: 'api',
    path: () => `/api/v1/companies/${B.hlo}/assessments`,
    body: (_w, _who, n) => ({ level: 'L2_C3PAO', scope: `Probe enclave ${n}`, results: allResults('L2_C3PAO') }),
    expect: api({ ADMIN: 201, DIBCAC: 201, CA: 404 }, 403),
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/companies/:cage/nist-assessments',
    label: 'Basic',
    kind: 'api',
    path: () => `/api/v1/companies/${B.sub}/nist-assessments`,
    body: () => ({ confidence: 'BASIC', score: 110 }),
    expect: api({ ADMIN: 201, CB: 201, CA: 404 }, 403),
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/companies/:cage/nist-assessments',
    label: 'Medium',
    kind: 'api',
    path: () => `/api/v1/companies/${B.hlo}/nist-assessments`,
    body: () => ({ confidence: 'MEDIUM', score: 110 }),
    expect: api({ ADMIN: 201, DIBCAC: 201, CA: 404 }, 403),
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/engagements',
    kind: 'api',
    path: () => '/api/v1/engagements',
    body: (_w, who) => ({ companyCage: B.hlo, assessorEmail: who === 'CB' ? SPARE_ASSESSORS.CB : SPARE_ASSESSORS.ADMIN }),
    expect: api({ ADMIN: 201, CB: 201, CA: 404 }, 403),
    entitled: ['ADMIN', 'CB'],
  },

  // ---- rule helpers (no company data) ----
  {
    route: 'POST /api/v1/applicability',
    kind: 'api',
    path: () => '/api/v1/applicability',
    body: () => ({ issueDate: '2026-11-20', information: 'CUI' }),
    expect: api({}, 200),
    entitled: [],
  },
  {
    route: 'POST /api/v1/flowdown/required-level',
    kind: 'api',
    path: () => '/api/v1/flowdown/required-level',
    body: () => ({ primeLevel: 'L2_C3PAO', information: 'CUI' }),
    expect: api({}, 200),
    entitled: [],
  },

  // ---- attestations and flowdown checks ----
  {
    route: 'POST /api/v1/attestations',
    kind: 'api',
    path: () => '/api/v1/attestations',
    body: () => ({ uids: [B.final] }),
    expect: api({ CB: 201, CA: 404 }, 403),
    entitled: ['CB'],
  },
  // Whoever presents B's token already holds its claims; anything beyond them would be a leak.
  { route: 'POST /api/v1/attestations/verify', kind: 'api', path: () => '/api/v1/attestations/verify', body: (w) => ({ token: w.ids.attestationToken }), expect: api({}, 200), entitled: [] },
  { route: 'GET /api/v1/flowdown-checks', kind: 'api', path: () => '/api/v1/flowdown-checks', expect: api({ ADMIN: 200, CA: 200, CB: 200 }, 403), entitled: ['ADMIN', 'CB'] },
  {
    route: 'GET /api/v1/flowdown-checks',
    label: 'filtered by B\'s contract',
    kind: 'api',
    path: () => `/api/v1/flowdown-checks?primeContractNumber=${B.flowdownContract}&subCage=${A.hlo}`,
    expect: api({ ADMIN: 200, CA: 200, CB: 200 }, 403),
    entitled: ['ADMIN', 'CB'],
  },
  { route: 'GET /api/v1/flowdown-checks/register.csv', kind: 'api', path: () => '/api/v1/flowdown-checks/register.csv', expect: api({ ADMIN: 200, CA: 200, CB: 200 }, 403), entitled: ['ADMIN', 'CB'] },
  { route: 'GET /api/v1/flowdown-checks/tree', kind: 'api', path: () => '/api/v1/flowdown-checks/tree', expect: api({ ADMIN: 200, CA: 200, CB: 200 }, 403), entitled: ['ADMIN', 'CB'] },
  { route: 'GET /api/v1/flowdown-checks/recheck', kind: 'api', path: () => '/api/v1/flowdown-checks/recheck?days=3650', expect: api({ ADMIN: 200, CA: 200, CB: 200 }, 403), entitled: ['ADMIN', 'CB'] },
  { route: 'GET /api/v1/flowdown-checks/:id', kind: 'api', path: (w) => `/api/v1/flowdown-checks/${w.ids.flowdownCheck}`, expect: api({ ADMIN: 200, CB: 200, CA: 404 }, 403), entitled: ['ADMIN', 'CB'] },

  // ---- sign-in, home, rules, UID look-up ----
  { route: 'GET /sign-in', kind: 'page', path: () => '/sign-in', expect: { ...all(303), NONE: 200, BAD: 200 }, entitled: [] },
  { route: 'POST /sign-in', kind: 'page', path: () => '/sign-in', body: () => ({ email: 'owner@bravo-quantum.test', password: 'not the password' }), expect: all(422), entitled: [] },
  { route: 'GET /', kind: 'page', path: () => '/', expect: page({}, 200), entitled: [...GOV, 'CB'] },
  { route: 'GET /rules', kind: 'page', path: () => '/rules', expect: all(200), entitled: [] },
  { route: 'GET /uids', kind: 'page', path: () => `/uids?uid=${B.final}`, expect: page({}, 200), entitled: [...GOV, 'CB'] },

  // ---- administrator pages ----
  { route: 'GET /admin/users', kind: 'page', path: () => '/admin/users', expect: page({ ADMIN: 200 }, 403), entitled: ['ADMIN'] },
  {
    route: 'POST /admin/users',
    kind: 'page',
    path: () => '/admin/users',
    body: (_w, who, n) => ({ email: `page-probe-${who.toLowerCase()}-${n}@example.test`, role: 'CONTRACTOR', companyCage: B.sub }),
    expect: page({ ADMIN: 200 }, 403),
    entitled: ['ADMIN'],
  },
  { route: 'GET /admin/import', kind: 'page', path: () => '/admin/import', expect: page({ ADMIN: 200 }, 403), entitled: ['ADMIN'] },
  // A job is its starter's: any other id reads as one that does not exist.
  { route: 'GET /admin/import/jobs/:id', kind: 'page', path: () => '/admin/import/jobs/00000000-0000-4000-8000-000000000000', expect: page({ ADMIN: 404 }, 403), entitled: ['ADMIN'] },
  // The import runs as a job: 303 to its page (test/pages/admin.test.ts follows it).
  { route: 'POST /admin/import', kind: 'page', path: () => '/admin/import', body: (_w, _who, n) => ({ json: JSON.stringify(importOf(500_000 + n)) }), expect: page({ ADMIN: 303 }, 403), entitled: ['ADMIN'] },

  // ---- contractor workspace (own company only) ----
  ...(['/company', '/company/assessments', '/company/assessments/new', '/company/affirmations', '/company/poam', '/company/uids', '/company/uids.csv', '/company/nist/new'] as const).map(
    (p): Row => ({ route: `GET ${p}`, kind: 'page', path: () => p, expect: page({ CA: 200, CB: 200 }, 403), entitled: ['CB'] }),
  ),
  { route: 'POST /company/officials', kind: 'page', path: () => '/company/officials', body: () => ({ name: 'Probe Official', title: 'Probe' }), expect: page({ CA: 303, CB: 303 }, 403), entitled: ['CB'] },
  { route: 'POST /company/officials/:id/remove', kind: 'page', path: (w) => `/company/officials/${w.ids.officialSpare}/remove`, expect: page({ CA: 404, CB: 303 }, 403), entitled: ['CB'] },
  { route: 'GET /company/assessments/drafts/:id', kind: 'page', path: (w) => `/company/assessments/drafts/${w.ids.draft}`, expect: page({ CA: 404, CB: 200 }, 403), entitled: ['CB'] },
  { route: 'POST /company/assessments/drafts/:id/delete', kind: 'page', path: (w) => `/company/assessments/drafts/${w.ids.draftSpare}/delete`, expect: page({ CA: 404, CB: 303 }, 403), entitled: ['CB'] },
  { route: 'POST /company/assessments/preview', kind: 'page', path: () => '/company/assessments/preview', body: () => ({ level: 'L2_SELF', 'results.AC.L2-3.1.1': 'MET' }), expect: page({ CA: 200, CB: 200 }, 403), entitled: ['CB'] },
  {
    route: 'POST /company/assessments/new',
    kind: 'page',
    path: () => '/company/assessments/new',
    // A's contractor names B's CAGE: refused (422, not in its hierarchy); B's contractor posts.
    body: (_w, _who, n) => ({ level: 'L2_SELF', action: 'submit', scopeChoice: '__new_enclave', enclaveName: `probe ${n}`, cages: B.hlo, ...answersForm('L2_SELF') }),
    expect: page({ CA: 422, CB: 303 }, 403),
    entitled: ['CB'],
  },
  { route: 'GET /company/uids/:uid', kind: 'page', path: () => `/company/uids/${B.final}`, expect: page({ CA: 404, CB: 200 }, 403), entitled: ['CB'] },
  { route: 'POST /company/uids/:uid/affirm', kind: 'page', path: () => `/company/uids/${B.final}/affirm`, body: () => ({ officialId: 'other', name: 'Probe Official', title: 'Probe' }), expect: page({ CA: 404, CB: 303 }, 403), entitled: ['CB'] },
  {
    route: 'POST /company/uids/:uid/closeout',
    kind: 'page',
    path: () => `/company/uids/${B.condPage}/closeout`,
    body: () => Object.fromEntries(Object.entries(POAM_MET).map(([k, v]) => [`results.${k}`, v])),
    expect: page({ CA: 404, CB: 303 }, 403),
    entitled: ['CB'],
  },
  {
    route: 'POST /company/uids/:uid/compliance-change',
    kind: 'page',
    path: () => `/company/uids/${B.changed}/compliance-change`,
    body: () => ({ date: '2026-11-02', description: 'Probe page change', confirm: 'on' }),
    expect: page({ CA: 404, CB: 303 }, 403),
    entitled: ['CB'],
  },
  {
    route: 'POST /uids/:uid/compliance-change',
    kind: 'page',
    path: () => `/uids/${B.changed}/compliance-change`,
    body: () => ({ date: '2026-11-02', description: 'Probe reassessment finding', confirm: 'on' }),
    expect: page({ ADMIN: 303, DIBCAC: 303 }, 403),
    entitled: ['ADMIN', 'DIBCAC'],
  },
  { route: 'POST /company/affirmations', kind: 'page', path: () => '/company/affirmations', body: (w) => ({ uid: B.final, officialId: String(w.ids.official) }), expect: page({ CA: 404, CB: 303 }, 403), entitled: ['CB'] },
  {
    route: 'POST /company/nist/new',
    kind: 'page',
    path: () => '/company/nist/new',
    body: () => ({ score: '110', cages: B.hlo, assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2' }),
    expect: page({ CA: 422, CB: 303 }, 403),
    entitled: ['CB'],
  },

  // ---- assessor workspace (C3PAO, DIBCAC, administrator) ----
  { route: 'GET /assessor', kind: 'page', path: () => '/assessor', expect: page({ ADMIN: 200, DIBCAC: 200, C3A: 200, C3N: 200 }, 403), entitled: ['ADMIN', 'DIBCAC'] },
  {
    route: 'GET /assessor/assessments/new',
    kind: 'page',
    path: () => `/assessor/assessments/new?level=L2_C3PAO&cage=${B.hlo}`,
    expect: page({ ADMIN: 200, DIBCAC: 200, C3A: 200, C3N: 200 }, 403),
    entitled: ['ADMIN', 'DIBCAC'],
  },
  {
    route: 'POST /assessor/assessments/preview',
    kind: 'page',
    path: () => '/assessor/assessments/preview',
    body: () => ({ level: 'L2_C3PAO', 'results.AC.L2-3.1.1': 'MET' }),
    expect: page({ ADMIN: 200, DIBCAC: 200, C3A: 200, C3N: 200 }, 403),
    entitled: ['ADMIN', 'DIBCAC'],
  },
  {
    route: 'POST /assessor/assessments/new',
    kind: 'page',
    path: () => '/assessor/assessments/new',
    // Neither C3PAO is engaged with B: both are refused.
    body: (_w, _who, n) => ({ level: 'L2_C3PAO', action: 'post', companyCage: B.hlo, scope: `Assessor probe ${n}`, cages: B.hlo, ...answersForm('L2_C3PAO') }),
    expect: page({ ADMIN: 303, DIBCAC: 303, C3A: 403, C3N: 403 }, 403),
    entitled: ['ADMIN', 'DIBCAC'],
  },
  { route: 'GET /assessor/nist/new', kind: 'page', path: () => `/assessor/nist/new?cage=${B.hlo}`, expect: page({ ADMIN: 200, DIBCAC: 200 }, 403), entitled: ['ADMIN', 'DIBCAC'] },
  {
    route: 'POST /assessor/nist/new',
    kind: 'page',
    path: () => '/assessor/nist/new',
    body: () => ({ companyCage: B.hlo, confidence: 'MEDIUM', score: '110', assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2', assessingOrganization: 'DCMA DIBCAC' }),
    expect: page({ ADMIN: 303, DIBCAC: 303 }, 403),
    entitled: ['ADMIN', 'DIBCAC'],
  },

  // ---- contracting officer workspace (contracting officer, administrator) ----
  { route: 'GET /officer', kind: 'page', path: () => '/officer', expect: page({ ADMIN: 303, CO: 303 }, 403), entitled: ['ADMIN', 'CO'] },
  ...(
    [
      ['GET /officer/solicitations', () => '/officer/solicitations?q=BRAVO'],
      ['GET /officer/solicitations/new', () => '/officer/solicitations/new'],
      ['GET /officer/solicitations/:id{[0-9]+}', (w: World) => `/officer/solicitations/${w.ids.solicitation}`],
      ['GET /officer/solicitations/:id{[0-9]+}/edit', (w: World) => `/officer/solicitations/${w.ids.solicitation}/edit`],
      ['GET /officer/solicitations/:id{[0-9]+}/offers/new', (w: World) => `/officer/solicitations/${w.ids.solicitation}/offers/new`],
      ['GET /officer/solicitations/:id{[0-9]+}/compare', (w: World) => `/officer/solicitations/${w.ids.solicitation}/compare`],
      ['GET /officer/offers/:id{[0-9]+}', (w: World) => `/officer/offers/${w.ids.offer}`],
      ['GET /officer/offers/:id{[0-9]+}/check', (w: World) => `/officer/offers/${w.ids.offer}/check`],
      ['GET /officer/verifications', () => '/officer/verifications'],
      ['GET /officer/verifications/export', () => '/officer/verifications/export'],
      ['GET /officer/verifications/:vid{[0-9a-fA-F-]{36}}', (w: World) => `/officer/verifications/${w.ids.awardVerification}`],
      ['GET /officer/verifications/:vid{[0-9a-fA-F-]{36}}/print', (w: World) => `/officer/verifications/${w.ids.awardVerification}/print`],
      ['GET /officer/verifications/:vid{[0-9a-fA-F-]{36}}/export', (w: World) => `/officer/verifications/${w.ids.awardVerification}/export`],
      ['GET /officer/contracts', () => '/officer/contracts'],
      ['GET /officer/contracts/new', () => '/officer/contracts/new'],
      ['GET /officer/contracts/:id{[0-9]+}', (w: World) => `/officer/contracts/${w.ids.contract}`],
      ['GET /officer/contracts/:id{[0-9]+}/:action{option|extension|new-uids}', (w: World) => `/officer/contracts/${w.ids.contract}/option`],
      ['GET /officer/watch', () => '/officer/watch?asOf=2027-11-01'],
      ['GET /officer/watch/export', () => '/officer/watch/export?asOf=2027-11-01'],
    ] as const
  ).map(([route, path]): Row => ({ route, kind: 'page', path, expect: page({ ADMIN: 200, CO: 200 }, 403), entitled: ['ADMIN', 'CO'] })),
  {
    route: 'POST /officer/solicitations/applicability',
    kind: 'page',
    path: () => '/officer/solicitations/applicability',
    body: () => ({ issueDate: '2026-11-20', information: 'CUI' }),
    expect: page({ ADMIN: 200, CO: 200 }, 403),
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/solicitations',
    kind: 'page',
    path: () => '/officer/solicitations',
    body: (_w, _who, n) => ({ number: `PROBE-SOL-${n}`, title: 'Probe', issueDate: '2026-11-20', actionType: 'CONTRACT', information: 'CUI' }),
    expect: page({ ADMIN: 303, CO: 303 }, 403),
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/solicitations/:id{[0-9]+}',
    kind: 'page',
    path: (w) => `/officer/solicitations/${w.ids.solicitation}`,
    body: () => ({ number: 'W91-BRAVO-SOL-2', title: 'Bravo quantum sensors (edited)', issueDate: '2026-11-20', actionType: 'CONTRACT', programOfficeLevel: 'L2_SELF', information: 'CUI' }),
    expect: page({ ADMIN: 303, CO: 303 }, 403),
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/solicitations/:id{[0-9]+}/offers',
    kind: 'page',
    path: (w) => `/officer/solicitations/${w.ids.solicitation}/offers`,
    body: () => ({ offerorName: B.name, cage: B.hlo, uei: B.uei, uids: `${B.final} ${B.c3pao}` }),
    expect: page({ ADMIN: 303, CO: 303 }, 403),
    entitled: ['ADMIN', 'CO'],
  },
  { route: 'POST /officer/offers/:id{[0-9]+}/uids', kind: 'page', path: (w) => `/officer/offers/${w.ids.offer}/uids`, body: () => ({ uids: B.final }), expect: page({ ADMIN: 303, CO: 303 }, 403), entitled: ['ADMIN', 'CO'] },
  { route: 'POST /officer/offers/:id{[0-9]+}/award', kind: 'page', path: (w) => `/officer/offers/${w.ids.offer}/award`, body: () => ({ asOf: '', lookAheadUntil: '' }), expect: page({ ADMIN: 303, CO: 303 }, 403), entitled: ['ADMIN', 'CO'] },
  {
    route: 'POST /officer/contracts',
    kind: 'page',
    path: () => '/officer/contracts',
    // The seeded award already has its contract: a second one is refused with the form (422).
    body: (w, _who, n) => ({ awardVerificationId: w.ids.awardVerification, number: `PROBE-C-${n}`, awardDate: TODAY, basePeriodEnd: '2027-11-30' }),
    expect: page({ ADMIN: 422, CO: 422 }, 403),
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/contracts/:id{[0-9]+}/option-periods',
    kind: 'page',
    path: (w) => `/officer/contracts/${w.ids.contract}/option-periods`,
    body: (_w, who) => ({ label: `Option ${who}`, startDate: who === 'ADMIN' ? '2028-12-01' : '2029-12-01', endDate: who === 'ADMIN' ? '2029-11-30' : '2030-11-30' }),
    expect: page({ ADMIN: 303, CO: 303 }, 403),
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/contracts/:id{[0-9]+}/:action{option|extension|new-uids}',
    kind: 'page',
    path: (w) => `/officer/contracts/${w.ids.contract}/option`,
    body: (w) => ({ optionPeriodId: String(w.ids.optionPeriod), 'sam.active': 'yes', 'sam.ueiCageNameAddressMatch': 'yes' }),
    expect: page({ ADMIN: 200, CO: 200 }, 403),
    entitled: ['ADMIN', 'CO'],
  },

  // ---- attestation pages ----
  { route: 'GET /attestations', kind: 'page', path: () => '/attestations', expect: page({ CA: 200, CB: 200 }, 403), entitled: ['CB'] },
  { route: 'POST /attestations', kind: 'page', path: () => '/attestations', body: () => ({ uids: B.final, validDays: '30' }), expect: page({ CA: 422, CB: 201 }, 403), entitled: ['CB'] },
  // Public: the holder of a token may verify it signed in or not (the claims are in the token).
  { route: 'GET /attestations/verify', kind: 'page', path: (w) => `/attestations/verify?token=${w.ids.attestationToken}`, expect: all(200), entitled: [] },

  // ---- flowdown workspace (contractor acting as prime) ----
  ...(['/flowdown', '/flowdown/register.csv', '/flowdown/minimum?primeLevel=L2_C3PAO&information=CUI', '/flowdown/new', '/flowdown/tree', '/flowdown/recheck?days=3650'] as const).map(
    (p): Row => ({ route: `GET ${p.split('?')[0]}`, kind: 'page', path: () => p, expect: page({ CA: 200, CB: 200 }, 403), entitled: ['CB'] }),
  ),
  { route: 'GET /flowdown/checks/:id', kind: 'page', path: (w) => `/flowdown/checks/${w.ids.flowdownCheck}`, expect: page({ CA: 404, CB: 200 }, 403), entitled: ['CB'] },

  // ---- last: what A's contractor types about B (a sub's CAGE and UID) becomes A's own data ----
  {
    route: 'POST /api/v1/flowdown-checks',
    kind: 'api',
    path: () => '/api/v1/flowdown-checks',
    // A's contractor checks B as a sub with typed facts: the answer may hold only what A typed.
    body: (_w, _who, n) => ({ primeContractNumber: `PROBE-${n}`, primeLevel: 'L2_SELF', subcontractor: { cage: B.hlo, name: 'Typed sub name' }, information: 'CUI', evidence: typedEvidence([B.final]) }),
    expect: api({ CA: 201, CB: 201 }, 403),
    entitled: ['CB'],
  },
  {
    route: 'POST /flowdown/new',
    kind: 'page',
    path: () => '/flowdown/new',
    body: (_w, _who, n) => ({
      primeContractNumber: `PAGE-PROBE-${n}`,
      primeLevel: 'L2_SELF',
      information: 'CUI',
      'subcontractor.cage': B.hlo,
      'subcontractor.name': 'Typed sub name',
      evidenceSource: 'TYPED',
      'evidence.kind': 'SPRS_PRINTOUT',
      'evidence.uids': B.final,
      'evidence.level': 'L2_SELF',
      'evidence.type': 'FINAL',
      'evidence.statusDate': '2026-06-01',
      'evidence.affirmationDate': '2026-06-01',
      record: '1',
    }),
    expect: page({ CA: 303, CB: 303 }, 403),
    entitled: ['CB'],
  },
];

/** Routes that carry no company data and change nothing a tenant owns. */
const EXEMPT: Record<string, string> = {
  'GET /assets/uswds/*': 'static files from node_modules',
  'GET /assets/htmx/*': 'static files from node_modules',
  'GET /assets/app/*': 'static files of views/assets',
  'GET /assets/swagger-ui/*': 'static files from node_modules (the API reference)',
  'GET /api/docs': 'the public API reference page: no records, it reads the public /api/v1/openapi.json',
  'POST /sign-out': 'ends the caller\'s own session (tested in test/pages/auth.test.ts)',
};

let w: World;
let registered: Set<string>;
const failures: string[] = [];
const stats = { cells: 0, leakChecked: 0, leaks: 0, ghostChecked: 0, noWriteChecked: 0 };
let counter = 0;
/** What each caller has itself stored (accepted writes): its own records may show it back. */
const known: Record<Caller, string> = Object.fromEntries(CALLERS.map((c) => [c, ''])) as Record<Caller, string>;
const entitledTo = (row: Row, who: Caller) => who === 'CB' || row.entitled.includes(who);

const rowName = (r: Row) => `${r.route}${r.label ? ` (${r.label})` : ''}`;

async function send(row: Row, who: Caller, ghost = false): Promise<{ answer: Answer; requestText: string }> {
  const n = ++counter;
  let path = row.path(w, who);
  let body = row.body?.(w, who, n);
  if (ghost) {
    path = ghostOf(path);
    body = body === undefined ? undefined : JSON.parse(ghostOf(JSON.stringify(body)));
  }
  const [method] = row.route.split(' ');
  const answer = row.kind === 'api' ? await apiAs(w, who, method, path, body) : await pageAs(w, who, method, path, body as Form | undefined);
  return { answer, requestText: `${path}\n${body === undefined ? '' : JSON.stringify(body)}` };
}

async function runCell(row: Row, who: Caller): Promise<void> {
  const [method] = row.route.split(' ');
  const where = `${rowName(row)} as ${CALLER_LABEL[who]}`;
  const before = method === 'GET' ? null : await tableCounts(w.env.database);
  const { answer, requestText } = await send(row, who);
  stats.cells++;
  if (answer.status !== row.expect[who]) failures.push(`${where}: expected ${row.expect[who]}, got ${answer.status} ${answer.text.slice(0, 200)}`);
  if (answer.status >= 500) failures.push(`${where}: server error ${answer.status}`);
  if (row.kind === 'api' && answer.status >= 400) {
    let p: Record<string, unknown> = {};
    try {
      p = JSON.parse(answer.text);
    } catch {
      /* reported below */
    }
    const ok = /application\/problem\+json/.test(answer.contentType) && p.status === answer.status && ['type', 'title', 'detail'].every((k) => typeof p[k] === 'string') && Array.isArray(p.errors);
    if (!ok) failures.push(`${where}: ${answer.status} is not problem+json: ${answer.contentType} ${answer.text.slice(0, 200)}`);
  }
  if (!entitledTo(row, who)) {
    stats.leakChecked++;
    const leaks = leaksIn(w, answer, `${requestText}\n${known[who]}`);
    if (leaks.length) {
      stats.leaks += leaks.length;
      failures.push(`${where}: LEAK of B's data (${answer.status}): ${leaks.join(', ')}`);
    }
    // Rules §9 / api.md: a record the caller may not see answers exactly like one that does not exist.
    if (mentionsB(requestText) && (method === 'GET' || answer.status === 404)) {
      stats.ghostChecked++;
      const g = await send(row, who, true);
      if (g.answer.status !== answer.status || unghost(g.answer.text) !== answer.text)
        failures.push(`${where}: answers differently for B's record (${answer.status}) than for one that does not exist (${g.answer.status})`);
    }
  }
  if (method !== 'GET' && answer.status < 400) known[who] += `\n${requestText}`;
  if (before && (answer.status >= 400 || who === 'NONE' || who === 'BAD')) {
    stats.noWriteChecked++;
    const changed = diffCounts(before, await tableCounts(w.env.database));
    if (changed.length) failures.push(`${where}: refused (${answer.status}) but wrote ${changed.join('; ')}`);
  }
}

beforeAll(async () => {
  w = await buildWorld();
  registered = new Set(w.env.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
}, 60_000);
afterAll(() => w?.env.close());

describe('rules §9 tenant isolation: every role × every endpoint × company B\'s records', () => {
  it('answers every caller with the expected status, never with B\'s data, and refusals write nothing', async () => {
    const live = ROWS.filter((r) => registered.has(r.route));
    // Callers without the right go first, so B's records are exactly as seeded when they probe.
    for (const phase of ['outsiders', 'entitled'] as const) {
      for (const row of live) {
        for (const who of CALLERS) {
          if (entitledTo(row, who) === (phase === 'entitled')) await runCell(row, who);
        }
      }
    }
    const absent = ROWS.filter((r) => !registered.has(r.route)).map(rowName);
    console.log(
      `tenant isolation: ${live.length} rows × ${CALLERS.length} callers = ${stats.cells} cells checked; ${stats.leakChecked} answers to callers without the right leak-checked, ` +
        `${stats.ghostChecked} compared with a record that does not exist, ${stats.noWriteChecked} refusals checked to write nothing; leaks = ${stats.leaks}; failures = ${failures.length}` +
        (absent.length ? `; rows for routes not mounted: ${absent.join(', ')}` : ''),
    );
    expect(stats.cells).toBe(live.length * CALLERS.length);
    expect(failures).toEqual([]);
    expect(stats.leaks).toBe(0);
  }, 120_000);

  it('the leak detector finds B\'s data in what entitled callers are rightly shown (so leaks = 0 means something)', async () => {
    const shown: [Caller, 'api' | 'page', string, RegExp][] = [
      ['CO', 'api', `/api/v1/uids/${B.condApi}`, /score 95/],
      ['CO', 'api', `/api/v1/verifications/${w.ids.verification}`, /W91-BRAVO-0007/],
      ['ADMIN', 'api', '/api/v1/flowdown-checks/register.csv', /BQX-PRIME-SECRET-9/],
      ['CB', 'page', `/company/uids/${B.final}`, /"Bravo"/],
      ['CB', 'page', '/company/assessments', /−173/],
      ['CO', 'page', `/officer/offers/${w.ids.offer}`, /"BQX77"/],
    ];
    for (const [who, kind, path, expected] of shown) {
      const answer = kind === 'api' ? await apiAs(w, who, 'GET', path) : await pageAs(w, who, 'GET', path);
      expect(answer.status, path).toBe(200);
      // As if a caller without the right had asked for something else entirely.
      expect(leaksIn(w, answer, '/elsewhere').join(', '), path).toMatch(expected);
    }
  });

  it('has a row for every endpoint the app serves (add one to ROWS for a new endpoint)', () => {
    const covered = new Set([...ROWS.map((r) => r.route), ...Object.keys(EXEMPT)]);
    expect([...registered].filter((r) => !covered.has(r)).sort()).toEqual([]);
  });
});
