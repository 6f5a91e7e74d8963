/**
 * Tenant isolation (rules §9 "Who sees what"; api.md Conventions "Auth"): every role × every
 * endpoint that exists (JSON API, CSV exports, workspace pages and forms) × company B's records.
 *
 * Each row of ROWS is one request shape and the permission it needs. Who may send it comes from
 * the permissions table (src/domain/permissions.ts) and each caller's relation to company B, never
 * from the row: a route that lets through someone the table refuses, or refuses someone it allows,
 * fails here. The row only says what an allowed caller gets (201, 303, …) and how a refusal reads
 * (403, or 404 where the record or company must look like one that does not exist); no or a bad
 * token is 401 on the API and 303 to sign-in on pages. For every answer a caller who is not
 * entitled to B's data gets, the body must hold none of B's identifiers, CAGE codes, names,
 * contract numbers or scores that the request did not itself carry; a 404 for B's record must read
 * exactly like a 404 for a record that does not exist; and a refused request writes nothing. A last
 * test fails when an endpoint has no row, so adding an endpoint means adding a row here.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/levels.js';
import { bindsToCompany, postAction, reachOf, type Action, type Reach } from '../../src/domain/permissions.js';
import { allResults, TODAY } from '../helpers.js';
import { answersForm } from '../pages/contractor-fixtures.js';
import {
  A,
  apiAs,
  B,
  worldTemplate,
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
  type WorldTemplate,
} from './world.js';

type Expect = Record<Caller, number>;
type Form = Record<string, string | string[]>;
type SignedIn = Exclude<Caller, 'NONE' | 'BAD'>;

/** Each account's role (test/resilience/world.ts creates them). */
const ROLE: Record<SignedIn, Role> = { ADMIN: 'ADMIN', CO: 'CONTRACTING_OFFICER', DIBCAC: 'DIBCAC', CA: 'CONTRACTOR', CB: 'CONTRACTOR', C3A: 'C3PAO', C3N: 'C3PAO' };
const SIGNED_IN = Object.keys(ROLE) as SignedIn[];

/**
 * Whether a caller's reach takes in company B's records. The world engages no C3PAO with B (C3A is
 * engaged with A), and B's records were imported, so nobody posted them.
 */
const REACHES_B: Record<Reach, (who: SignedIn) => boolean> = {
  any: () => true,
  'own-company': (who) => who === 'CB',
  engaged: () => false,
  'posted-by-self': () => false,
};

interface Row {
  /** The route as the app registers it (`METHOD /path/:param`). */
  route: string;
  /** Tells rows of one route apart. */
  label?: string;
  kind: 'api' | 'page';
  path: (w: World, who: Caller) => string;
  /** JSON body (api) or form fields (page); `n` makes values unique per call. */
  body?: (w: World, who: Caller, n: number) => unknown;
  /** The permission the request needs: an action of the table, any account (`signed-in`), or none (`public`). */
  may: Action | 'signed-in' | 'public';
  /** Whose data the request acts on: company B's (the reach must take in B) or the caller's own workspace. */
  on: 'B' | 'own';
  /** Only roles with this reach: a government page acting on any company's record. */
  reach?: Reach;
  /** The answer to a caller the table allows. */
  ok: number;
  /**
   * The answer to a caller it refuses (default 403). `uid`: 404 to one that may not read B's record
   * either (it must look like a UID that does not exist), else 403. `company`: 404 to one bound to
   * another company (B is none of its business), else 403.
   */
  refused?: number | 'uid' | 'company';
  /** Refused callers whose page answers otherwise (e.g. a form re-rendered with the problem). */
  refusedAs?: Partial<Record<SignedIn, number>>;
  /** Allowed callers whose request fails on its content, not on permission (e.g. B's CAGE on A's own posting). */
  okAs?: Partial<Record<SignedIn, number>>;
  /** Statuses that are not about permissions at all (the sign-in form). */
  expect?: Expect;
  /**
   * Callers entitled to B's data through this row (rules §9); every other answer is leak-checked.
   * B's own contractor is entitled everywhere, listed or not (its own pages show its company).
   */
  entitled: Caller[];
  /** api.md answers this request 503 by contract while a deployment setting is missing (EMASS_URL): that 503 is the expected answer, not a crash. */
  unavailable?: true;
  /** Tables a refusal writes on purpose (a failed sign-in is counted and logged; a form shown again issues its WebAuthn challenge). */
  logged?: readonly string[];
}

const SIGN_IN_LOG = ['audit_log', 'sign_in_throttle', 'notifications', 'notification_outbox'];
/** Account ids the account rows use: B's contractor, and a spare assessor the lifecycle forms work on (set for each world copy). */
const accounts = { cb: 0, spare: 0 };
/** Roles that enrolled an authenticator app at sign-in (signInAs): their account pages differ from a contractor's. */
const WITH_APP: SignedIn[] = ['ADMIN', 'CO', 'DIBCAC', 'C3A', 'C3N'];
const withApp = (status: number): Partial<Record<SignedIn, number>> => Object.fromEntries(WITH_APP.map((who) => [who, status]));

/** Does the table let this caller send the row's request? */
function allowed(row: Row, who: SignedIn): boolean {
  if (row.may === 'public' || row.may === 'signed-in') return true;
  const reach = reachOf(ROLE[who], row.may);
  if (!reach || (row.reach && reach !== row.reach)) return false;
  return row.on === 'own' || REACHES_B[reach](who);
}

const readsB = (who: SignedIn) => {
  const reach = reachOf(ROLE[who], 'records.read');
  return !!reach && REACHES_B[reach](who);
};

function refusal(row: Row, who: SignedIn): number {
  const as = row.refusedAs?.[who];
  if (as !== undefined) return as;
  if (row.refused === 'uid') return readsB(who) ? 403 : 404;
  if (row.refused === 'company') return bindsToCompany(ROLE[who]) && who !== 'CB' ? 404 : 403;
  return row.refused ?? 403;
}

/** Every caller's expected status, from the permissions table. */
function expectationOf(row: Row): Expect {
  if (row.expect) return row.expect;
  const out = { NONE: row.may === 'public' ? row.ok : row.kind === 'api' ? 401 : 303 } as Expect;
  out.BAD = out.NONE;
  for (const who of SIGNED_IN) {
    const ok = allowed(row, who);
    // An override may change how an answer reads, never whether the table allows the caller.
    if (ok && row.refusedAs?.[who] !== undefined) throw new Error(`${rowName(row)}: refusedAs names ${who}, whom the table allows`);
    if (!ok && row.okAs?.[who] !== undefined) throw new Error(`${rowName(row)}: okAs names ${who}, whom the table refuses`);
    out[who] = ok ? (row.okAs?.[who] ?? row.ok) : refusal(row, who);
  }
  return out;
}

const GOV: Caller[] = ['ADMIN', 'CO', 'DIBCAC'];
const all = (status: number): Expect => Object.fromEntries(CALLERS.map((c) => [c, status])) as Expect;

const typedEvidence = (uids: string[]) => ({ kind: 'SPRS_PRINTOUT', reference: 'printout', uids, level: 'L2_SELF', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01' });
const freshUid = (n: number) => `BQXN${String(n).padStart(6, '0')}`;
const importOf = (n: number) => ({
  assessments: [{ uid: freshUid(n), level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [B.sub], scope: `Bravo import ${n}`, score: 110 }],
});

/** A posting for company B's HLO at `level`, by anyone the table lets post that level for B. */
const assessmentPosting = (label: string, level: 'L2_SELF' | 'L2_C3PAO', scope: string): Row => ({
  route: 'POST /api/v1/companies/:cage/assessments',
  label,
  kind: 'api',
  path: () => `/api/v1/companies/${B.hlo}/assessments`,
  body: (_w, _who, n) => ({ level, scope: `${scope} ${n}`, results: allResults(level) }),
  may: postAction(level), on: 'B', ok: 201, refused: 'company',
  entitled: [...GOV, 'CB'],
});

/** A NIST SP 800-171 posting for one of company B's CAGEs at `confidence`. */
const nistPosting = (label: string, confidence: 'BASIC' | 'MEDIUM', may: Action, cage: () => string): Row => ({
  route: 'POST /api/v1/companies/:cage/nist-assessments',
  label,
  kind: 'api',
  path: () => `/api/v1/companies/${cage()}/nist-assessments`,
  body: () => ({ confidence, score: 110 }),
  may, on: 'B', ok: 201, refused: 'company',
  entitled: [...GOV, 'CB'],
});

/** The jti of B's attestation (the issuer's list and revoke name it). */
const jtiOf = (w: World) => decodeJwt(w.ids.attestationToken).jti as string;

const ROWS: Row[] = [
  // ---- public documents: no company data for anyone ----
  { route: 'GET /api/v1/openapi.json', kind: 'api', path: () => '/api/v1/openapi.json', may: 'public', on: 'own', ok: 200, entitled: [] },
  { route: 'GET /.well-known/jwks.json', kind: 'api', path: () => '/.well-known/jwks.json', may: 'public', on: 'own', ok: 200, entitled: [] },
  // ---- operations probes (README "Operating AwardGate"): public, no company data ----
  { route: 'GET /healthz', kind: 'api', path: () => '/healthz', may: 'public', on: 'own', ok: 200, entitled: [] },
  { route: 'GET /readyz', kind: 'api', path: () => '/readyz', may: 'public', on: 'own', ok: 200, entitled: [] },

  // ---- accounts and bulk import (administrator) ----
  {
    route: 'POST /api/v1/users',
    kind: 'api',
    path: () => '/api/v1/users',
    body: (_w, who, n) => ({ email: `probe-${who.toLowerCase()}-${n}@example.test`, role: 'CONTRACTOR', companyCage: B.sub }),
    may: 'accounts.manage', on: 'own', ok: 201,
    entitled: ['ADMIN'],
  },
  { route: 'POST /api/v1/import', kind: 'api', path: () => '/api/v1/import', body: (_w, _who, n) => importOf(n), may: 'records.import', on: 'own', ok: 201, entitled: ['ADMIN'] },

  // ---- checks and recorded verifications (contracting officer, administrator; DIBCAC reads) ----
  {
    route: 'POST /api/v1/checks',
    kind: 'api',
    path: () => '/api/v1/checks',
    body: () => ({ purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [B.final, B.c3pao], offerorCage: B.hlo, nist: { cages: [B.hlo] } }),
    may: 'checks.run', on: 'own', ok: 200,
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /api/v1/checks',
    label: 'record: true',
    kind: 'api',
    path: () => '/api/v1/checks',
    body: () => ({ purpose: 'NEW_UID', requiredLevel: 'L2_SELF', uids: [B.final], offerorCage: B.hlo, record: true, contractNumber: 'W91-BRAVO-0008' }),
    may: 'verifications.record', on: 'own', ok: 200,
    entitled: ['ADMIN', 'CO'],
  },
  { route: 'GET /api/v1/verifications', kind: 'api', path: () => '/api/v1/verifications', may: 'verifications.read', on: 'own', ok: 200, entitled: GOV },
  {
    route: 'GET /api/v1/verifications',
    label: 'by contract number',
    kind: 'api',
    path: () => `/api/v1/verifications?contractNumber=${B.verificationContract}`,
    may: 'verifications.read', on: 'own', ok: 200,
    entitled: GOV,
  },
  { route: 'GET /api/v1/verifications/:id', kind: 'api', path: (w) => `/api/v1/verifications/${w.ids.verification}`, may: 'verifications.read', on: 'own', ok: 200, entitled: GOV },

  // ---- status records ----
  { route: 'GET /api/v1/uids/:uid', kind: 'api', path: () => `/api/v1/uids/${B.final}`, may: 'records.read', on: 'B', ok: 200, refused: 'uid', entitled: [...GOV, 'CB'] },
  {
    route: 'GET /api/v1/uids/:uid',
    label: 'C3PAO record, as of a date',
    kind: 'api',
    path: () => `/api/v1/uids/${B.c3pao.toLowerCase()}?asOf=2026-09-01`,
    may: 'records.read', on: 'B', ok: 200, refused: 'uid',
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/uids/:uid/affirmations',
    kind: 'api',
    path: () => `/api/v1/uids/${B.final}/affirmations`,
    body: () => ({ name: 'Probe Official', title: 'Probe' }),
    may: 'affirmations.add', on: 'B', ok: 201, refused: 'uid',
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/uids/:uid/closeout',
    kind: 'api',
    // Each entitled caller closes out its own Conditional record (a closeout happens once). B's are
    // Level 2 (Self): a closeout is for whoever may post that level for the company (api.md).
    path: (_w, who) => `/api/v1/uids/${who === 'ADMIN' ? B.condAdmin : B.condApi}/closeout`,
    body: () => ({ results: POAM_MET }),
    may: postAction('L2_SELF'), on: 'B', ok: 200, refused: 'uid',
    entitled: [...GOV, 'CB'],
  },
  {
    route: 'POST /api/v1/uids/:uid/compliance-changes',
    kind: 'api',
    path: () => `/api/v1/uids/${B.changed}/compliance-changes`,
    body: () => ({ date: '2026-11-01', description: 'Probe change' }),
    may: 'compliance-changes.add', on: 'B', ok: 201, refused: 'uid',
    entitled: [...GOV, 'CB'],
  },

  // ---- postings for company B ----
  assessmentPosting('L2 (Self)', 'L2_SELF', 'Probe scope'),
  assessmentPosting('L2 (C3PAO)', 'L2_C3PAO', 'Probe enclave'),
  nistPosting('Basic', 'BASIC', 'nist.post.BASIC', () => B.sub),
  nistPosting('Medium', 'MEDIUM', 'nist.post.MEDIUM', () => B.hlo),
  {
    route: 'POST /api/v1/engagements',
    kind: 'api',
    path: () => '/api/v1/engagements',
    body: (_w, who) => ({ companyCage: B.hlo, assessorEmail: who === 'CB' ? SPARE_ASSESSORS.CB : SPARE_ASSESSORS.ADMIN }),
    may: 'engagements.create', on: 'B', ok: 201, refused: 'company',
    entitled: ['ADMIN', 'CB'],
  },

  // ---- rule helpers (no company data) ----
  { route: 'POST /api/v1/applicability', kind: 'api', path: () => '/api/v1/applicability', body: () => ({ issueDate: '2026-11-20', information: 'CUI' }), may: 'signed-in', on: 'own', ok: 200, entitled: [] },
  { route: 'POST /api/v1/flowdown/required-level', kind: 'api', path: () => '/api/v1/flowdown/required-level', body: () => ({ primeLevel: 'L2_C3PAO', information: 'CUI' }), may: 'signed-in', on: 'own', ok: 200, entitled: [] },

  // ---- attestations and flowdown checks ----
  {
    route: 'POST /api/v1/attestations',
    kind: 'api',
    path: () => '/api/v1/attestations',
    body: () => ({ uids: [B.final] }),
    may: 'attestations.issue', on: 'B', ok: 201, refused: 'company',
    entitled: ['CB'],
  },
  // Whoever presents B's token already holds its claims; anything beyond them would be a leak.
  { route: 'GET /api/v1/attestations', kind: 'api', path: () => '/api/v1/attestations', may: 'attestations.issue', on: 'own', ok: 200, entitled: ['CB'] },
  // The world configures no feed: 503 naming EMASS_URL (api.md), and no runs yet.
  { route: 'POST /api/v1/emass/sync', kind: 'api', path: () => '/api/v1/emass/sync', may: 'emass.sync', on: 'own', ok: 503, unavailable: true, entitled: [] },
  { route: 'GET /api/v1/emass/runs', kind: 'api', path: () => '/api/v1/emass/runs', may: 'emass.sync', on: 'own', ok: 200, entitled: [] },
  { route: 'GET /api/v1/emass/runs/:id', kind: 'api', path: () => '/api/v1/emass/runs/999999', may: 'emass.sync', on: 'own', ok: 404, entitled: [] },
  { route: 'POST /api/v1/attestations/:jti/revoke', kind: 'api', path: (w) => `/api/v1/attestations/${jtiOf(w)}/revoke`, body: () => ({ reason: 'Probe' }), may: 'attestations.revoke', on: 'B', ok: 200, refused: 'company', entitled: ['CB'] },
  { route: 'POST /api/v1/attestations/verify', kind: 'api', path: () => '/api/v1/attestations/verify', body: (w) => ({ token: w.ids.attestationToken }), may: 'signed-in', on: 'own', ok: 200, entitled: [] },
  { route: 'GET /api/v1/flowdown-checks', kind: 'api', path: () => '/api/v1/flowdown-checks', may: 'flowdown.read', on: 'own', ok: 200, entitled: ['ADMIN', 'CB'] },
  {
    route: 'GET /api/v1/flowdown-checks',
    label: 'filtered by B\'s contract',
    kind: 'api',
    path: () => `/api/v1/flowdown-checks?primeContractNumber=${B.flowdownContract}&subCage=${A.hlo}`,
    may: 'flowdown.read', on: 'own', ok: 200,
    entitled: ['ADMIN', 'CB'],
  },
  { route: 'GET /api/v1/flowdown-checks/register.csv', kind: 'api', path: () => '/api/v1/flowdown-checks/register.csv', may: 'flowdown.read', on: 'own', ok: 200, entitled: ['ADMIN', 'CB'] },
  { route: 'GET /api/v1/flowdown-checks/tree', kind: 'api', path: () => '/api/v1/flowdown-checks/tree', may: 'flowdown.read', on: 'own', ok: 200, entitled: ['ADMIN', 'CB'] },
  { route: 'GET /api/v1/flowdown-checks/recheck', kind: 'api', path: () => '/api/v1/flowdown-checks/recheck?days=3650', may: 'flowdown.read', on: 'own', ok: 200, entitled: ['ADMIN', 'CB'] },
  { route: 'GET /api/v1/flowdown-checks/:id', kind: 'api', path: (w) => `/api/v1/flowdown-checks/${w.ids.flowdownCheck}`, may: 'flowdown.read', on: 'B', ok: 200, refused: 'company', entitled: ['ADMIN', 'CB'] },

  // ---- sign-in, home, rules, UID look-up ----
  { route: 'GET /sign-in', kind: 'page', path: () => '/sign-in', may: 'public', on: 'own', ok: 200, expect: { ...all(303), NONE: 200, BAD: 200 }, entitled: [] },
  { route: 'POST /sign-in', kind: 'page', path: () => '/sign-in', body: () => ({ email: 'owner@bravo-quantum.test', password: 'not the password' }), may: 'public', on: 'own', ok: 422, entitled: [], logged: SIGN_IN_LOG },
  // The steps after a right password need a pending sign-in (its own cookie): without one, back to sign-in.
  ...['/sign-in/verify', '/sign-in/new-password', '/sign-in/enrol', '/sign-in/enrol/totp'].map((p): Row => ({ route: `GET ${p}`, kind: 'page', path: () => p, may: 'public', on: 'own', ok: 303, expect: all(303), entitled: [] })),
  ...(
    [
      ['/sign-in/verify/totp', { code: '123456' }],
      ['/sign-in/verify/recovery', { recoveryCode: 'abcd-efgh-jkmn-pqrs' }],
      ['/sign-in/verify/passkey', { credential: '{}' }],
      ['/sign-in/new-password', { password: 'fresh meadow lantern', repeat: 'fresh meadow lantern' }],
      ['/sign-in/enrol/totp', { code: '123456' }],
      ['/sign-in/enrol/passkey', { credential: '{}', name: 'Key' }],
    ] as const
  ).map(([p, form]): Row => ({ route: `POST ${p}`, kind: 'page', path: () => p, body: () => form, may: 'public', on: 'own', ok: 303, expect: all(303), entitled: [] })),

  // ---- your account: only ever the caller's own ----
  { route: 'GET /account', kind: 'page', path: () => '/account', may: 'signed-in', on: 'own', ok: 200, entitled: [] },
  { route: 'GET /account/totp', kind: 'page', path: () => '/account/totp', may: 'signed-in', on: 'own', ok: 409, okAs: { CA: 200, CB: 200 }, entitled: [] },
  {
    route: 'POST /account/password',
    kind: 'page',
    path: () => '/account/password',
    body: () => ({ current: 'not the current password', password: 'fresh meadow lantern', repeat: 'fresh meadow lantern' }),
    may: 'signed-in',
    on: 'own',
    ok: 422,
    entitled: [],
    logged: [...SIGN_IN_LOG, 'auth_challenges'],
  },
  { route: 'POST /account/passkeys', kind: 'page', path: () => '/account/passkeys', body: () => ({ credential: '{}', name: 'Key' }), may: 'signed-in', on: 'own', ok: 422, entitled: [], logged: ['auth_challenges'] },
  { route: 'POST /account/passkeys/:id{[A-Za-z0-9_-]{1,1400}}/remove', kind: 'page', path: () => '/account/passkeys/AAAAAAAA/remove', may: 'signed-in', on: 'own', ok: 404, entitled: [] },
  { route: 'POST /account/totp', kind: 'page', path: () => '/account/totp', body: () => ({ code: '123456' }), may: 'signed-in', on: 'own', ok: 409, okAs: { CA: 422, CB: 422 }, entitled: [], logged: ['totp_secrets'] },
  { route: 'POST /account/totp/remove', kind: 'page', path: () => '/account/totp/remove', may: 'signed-in', on: 'own', ok: 404, okAs: withApp(409), entitled: [] },
  { route: 'POST /account/recovery-codes', kind: 'page', path: () => '/account/recovery-codes', body: () => ({ confirm: 'on' }), may: 'signed-in', on: 'own', ok: 200, okAs: { CA: 409, CB: 409 }, entitled: [] },
  { route: 'GET /', kind: 'page', path: () => '/', may: 'signed-in', on: 'own', ok: 200, entitled: [...GOV, 'CB'] },
  { route: 'GET /rules', kind: 'page', path: () => '/rules', may: 'public', on: 'own', ok: 200, entitled: [] },
  { route: 'GET /uids', kind: 'page', path: () => `/uids?uid=${B.final}`, may: 'signed-in', on: 'own', ok: 200, entitled: [...GOV, 'CB'] },

  // ---- administrator pages ----
  { route: 'GET /admin/users', kind: 'page', path: () => '/admin/users', may: 'accounts.manage', on: 'own', ok: 200, entitled: ['ADMIN'] },
  {
    route: 'POST /admin/users',
    kind: 'page',
    path: () => '/admin/users',
    body: (_w, who, n) => ({ email: `page-probe-${who.toLowerCase()}-${n}@example.test`, role: 'CONTRACTOR', companyCage: B.sub }),
    may: 'accounts.manage', on: 'own', ok: 200,
    entitled: ['ADMIN'],
  },
  { route: 'GET /admin/users/:id{[0-9]{1,9}}', kind: 'page', path: () => `/admin/users/${accounts.cb}`, may: 'accounts.manage', on: 'own', ok: 200, entitled: ['ADMIN'] },
  {
    route: 'POST /admin/users/:id{[0-9]{1,9}}',
    kind: 'page',
    path: () => `/admin/users/${accounts.spare}`,
    body: () => ({ role: 'C3PAO', companyCage: '', name: 'Spare assessor' }),
    may: 'accounts.manage',
    on: 'own',
    ok: 303,
    entitled: ['ADMIN'],
  },
  ...(
    [
      ['disable', {}, 303],
      ['enable', {}, 303],
      ['reset-password', { confirmPassword: 'on' }, 200],
      ['reset-second-factor', { confirmFactor: 'on' }, 303],
    ] as const
  ).map(
    ([what, form, status]): Row => ({
      route: `POST /admin/users/:id{[0-9]{1,9}}/${what}`,
      kind: 'page',
      path: () => `/admin/users/${accounts.spare}/${what}`,
      body: () => form,
      may: 'accounts.manage',
      on: 'own',
      ok: status,
      entitled: ['ADMIN'],
    }),
  ),
  { route: 'GET /admin/import', kind: 'page', path: () => '/admin/import', may: 'records.import', on: 'own', ok: 200, entitled: ['ADMIN'] },
  { route: 'GET /admin/import/template.json', kind: 'page', path: () => '/admin/import/template.json', may: 'records.import', on: 'own', ok: 200, entitled: ['ADMIN'] },
  { route: 'GET /admin/import/template.csv', kind: 'page', path: () => '/admin/import/template.csv', may: 'records.import', on: 'own', ok: 200, entitled: ['ADMIN'] },
  // Company and CAGE records, and engagements (issue 10): administrators only; B's record is theirs to see.
  { route: 'GET /admin/companies', kind: 'page', path: () => '/admin/companies', may: 'companies.manage', on: 'own', ok: 200, entitled: ['ADMIN'] },
  { route: 'GET /admin/companies/:cage{[0-9A-Za-z]{5}}', kind: 'page', path: () => `/admin/companies/${B.hlo}`, may: 'companies.manage', on: 'B', ok: 200, entitled: ['ADMIN'] },
  { route: 'GET /admin/engagements', kind: 'page', path: () => '/admin/engagements', may: 'engagements.create', reach: 'any', on: 'own', ok: 200, entitled: ['ADMIN'] },
  // Engages a spare assessor with A (B's engagements are the API row's): a company's own contractor engages on /company.
  {
    route: 'POST /admin/engagements',
    kind: 'page',
    path: () => '/admin/engagements',
    body: () => ({ companyCage: A.hlo, assessorEmail: SPARE_ASSESSORS.ADMIN }),
    may: 'engagements.create', reach: 'any', on: 'own', ok: 303, entitled: ['ADMIN'],
  },
  // The contractor engages an assessor with its own company (in its workspace, which only company
  // users enter). B's contractor finds the spare already
  // engaged with B by the API row above, and is told so (409, the form again).
  {
    route: 'POST /company/engagements',
    kind: 'page',
    path: () => '/company/engagements',
    body: () => ({ assessorEmail: SPARE_ASSESSORS.CB }),
    may: 'company.workspace', on: 'own', ok: 303, okAs: { CB: 409 }, entitled: ['CB'],
  },
  // A job is its starter's: any other id reads as one that does not exist.
  { route: 'GET /admin/import/jobs/:id', kind: 'page', path: () => '/admin/import/jobs/00000000-0000-4000-8000-000000000000', may: 'records.import', on: 'own', ok: 404, entitled: ['ADMIN'] },
  // The import runs as a job: 303 to its page (test/pages/admin.test.ts follows it).
  { route: 'POST /admin/import', kind: 'page', path: () => '/admin/import', body: (_w, _who, n) => ({ json: JSON.stringify(importOf(500_000 + n)) }), may: 'records.import', on: 'own', ok: 303, entitled: ['ADMIN'] },

  // ---- contractor workspace (own company only) ----
  ...(['/company', '/company/assessments', '/company/assessments/new', '/company/affirmations', '/company/poam', '/company/uids', '/company/uids.csv', '/company/nist/new'] as const).map(
    (p): Row => ({ route: `GET ${p}`, kind: 'page', path: () => p, may: 'company.workspace', on: 'own', ok: 200, entitled: ['CB'] }),
  ),
  { route: 'POST /company/officials', kind: 'page', path: () => '/company/officials', body: () => ({ name: 'Probe Official', title: 'Probe' }), may: 'company.workspace', on: 'own', ok: 303, entitled: ['CB'] },
  { route: 'POST /company/officials/:id/remove', kind: 'page', path: (w) => `/company/officials/${w.ids.officialSpare}/remove`, may: 'company.workspace', on: 'B', ok: 303, refused: 'company', entitled: ['CB'] },
  { route: 'GET /company/assessments/drafts/:id', kind: 'page', path: (w) => `/company/assessments/drafts/${w.ids.draft}`, may: 'company.workspace', on: 'B', ok: 200, refused: 'company', entitled: ['CB'] },
  { route: 'POST /company/assessments/drafts/:id/delete', kind: 'page', path: (w) => `/company/assessments/drafts/${w.ids.draftSpare}/delete`, may: 'company.workspace', on: 'B', ok: 303, refused: 'company', entitled: ['CB'] },
  { route: 'POST /company/assessments/preview', kind: 'page', path: () => '/company/assessments/preview', body: () => ({ level: 'L2_SELF', 'results.AC.L2-3.1.1': 'MET' }), may: 'company.workspace', on: 'own', ok: 200, entitled: ['CB'] },
  {
    route: 'POST /company/assessments/new',
    kind: 'page',
    path: () => '/company/assessments/new',
    // A's contractor names B's CAGE: refused (422, not in its hierarchy); B's contractor posts.
    body: (_w, _who, n) => ({ level: 'L2_SELF', action: 'submit', scopeChoice: '__new_enclave', enclaveName: `probe ${n}`, cages: B.hlo, ...answersForm('L2_SELF') }),
    may: 'company.workspace', on: 'own', ok: 303, okAs: { CA: 422 },
    entitled: ['CB'],
  },
  { route: 'GET /company/uids/:uid', kind: 'page', path: () => `/company/uids/${B.final}`, may: 'company.workspace', on: 'B', ok: 200, refused: 'company', entitled: ['CB'] },
  { route: 'POST /company/uids/:uid/affirm', kind: 'page', path: () => `/company/uids/${B.final}/affirm`, body: () => ({ officialId: 'other', name: 'Probe Official', title: 'Probe', confirm: 'on' }), may: 'company.workspace', on: 'B', ok: 303, refused: 'company', entitled: ['CB'] },
  {
    route: 'POST /company/uids/:uid/closeout',
    kind: 'page',
    path: () => `/company/uids/${B.condPage}/closeout`,
    body: () => Object.fromEntries(Object.entries(POAM_MET).map(([k, v]) => [`results.${k}`, v])),
    may: 'company.workspace', on: 'B', ok: 303, refused: 'company',
    entitled: ['CB'],
  },
  {
    route: 'POST /company/uids/:uid/compliance-change',
    kind: 'page',
    path: () => `/company/uids/${B.changed}/compliance-change`,
    body: () => ({ date: '2026-11-02', description: 'Probe page change', confirm: 'on' }),
    may: 'company.workspace', on: 'B', ok: 303, refused: 'company',
    entitled: ['CB'],
  },
  {
    route: 'POST /uids/:uid/compliance-change',
    kind: 'page',
    path: () => `/uids/${B.changed}/compliance-change`,
    body: () => ({ date: '2026-11-02', description: 'Probe reassessment finding', confirm: 'on' }),
    may: 'compliance-changes.add', reach: 'any', on: 'B', ok: 303,
    entitled: ['ADMIN', 'DIBCAC'],
  },
  { route: 'POST /company/affirmations', kind: 'page', path: () => '/company/affirmations', body: (w) => ({ uid: B.final, officialId: String(w.ids.official), confirm: 'on' }), may: 'company.workspace', on: 'B', ok: 303, refused: 'company', entitled: ['CB'] },
  {
    route: 'POST /company/nist/new',
    kind: 'page',
    path: () => '/company/nist/new',
    body: () => ({ score: '110', cages: B.hlo, assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2' }),
    may: 'company.workspace', on: 'own', ok: 303, okAs: { CA: 422 },
    entitled: ['CB'],
  },

  // ---- assessor workspace (C3PAO, DIBCAC, administrator); the forms offer the levels the role posts ----
  { route: 'GET /assessor', kind: 'page', path: () => '/assessor', may: 'assessor.workspace', on: 'own', ok: 200, entitled: ['ADMIN', 'DIBCAC'] },
  {
    route: 'GET /assessor/assessments/new',
    kind: 'page',
    path: () => `/assessor/assessments/new?level=L2_C3PAO&cage=${B.hlo}`,
    may: postAction('L2_C3PAO'), on: 'own', ok: 200,
    entitled: ['ADMIN', 'DIBCAC'],
  },
  {
    route: 'POST /assessor/assessments/preview',
    kind: 'page',
    path: () => '/assessor/assessments/preview',
    body: () => ({ level: 'L2_C3PAO', 'results.AC.L2-3.1.1': 'MET' }),
    may: postAction('L2_C3PAO'), on: 'own', ok: 200, refusedAs: { DIBCAC: 400 },
    entitled: ['ADMIN', 'DIBCAC'],
  },
  {
    route: 'POST /assessor/assessments/new',
    kind: 'page',
    path: () => '/assessor/assessments/new',
    // Neither C3PAO is engaged with B: both are refused.
    body: (_w, _who, n) => ({ level: 'L2_C3PAO', action: 'post', companyCage: B.hlo, scope: `Assessor probe ${n}`, cages: B.hlo, ...answersForm('L2_C3PAO') }),
    may: postAction('L2_C3PAO'), on: 'B', ok: 303,
    entitled: ['ADMIN', 'DIBCAC'],
  },
  { route: 'GET /assessor/nist/new', kind: 'page', path: () => `/assessor/nist/new?cage=${B.hlo}`, may: 'nist.post.MEDIUM', on: 'own', ok: 200, entitled: ['ADMIN', 'DIBCAC'] },
  {
    route: 'POST /assessor/nist/new',
    kind: 'page',
    path: () => '/assessor/nist/new',
    body: () => ({ companyCage: B.hlo, confidence: 'MEDIUM', score: '110', assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2', assessingOrganization: 'DCMA DIBCAC' }),
    may: 'nist.post.MEDIUM', on: 'B', ok: 303,
    entitled: ['ADMIN', 'DIBCAC'],
  },

  // ---- contracting officer workspace (contracting officer, administrator) ----
  { route: 'GET /officer', kind: 'page', path: () => '/officer', may: 'officer.workspace', on: 'own', ok: 303, entitled: ['ADMIN', 'CO'] },
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
  ).map(([route, path]): Row => ({ route, kind: 'page', path, may: 'officer.workspace', on: 'own', ok: 200, entitled: ['ADMIN', 'CO'] })),
  {
    route: 'POST /officer/solicitations/applicability',
    kind: 'page',
    path: () => '/officer/solicitations/applicability',
    body: () => ({ issueDate: '2026-11-20', information: 'CUI' }),
    may: 'officer.workspace', on: 'own', ok: 200,
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/solicitations',
    kind: 'page',
    path: () => '/officer/solicitations',
    body: (_w, _who, n) => ({ number: `PROBE-SOL-${n}`, title: 'Probe', issueDate: '2026-11-20', actionType: 'CONTRACT', information: 'CUI' }),
    may: 'officer.workspace', on: 'own', ok: 303,
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/solicitations/:id{[0-9]+}',
    kind: 'page',
    path: (w) => `/officer/solicitations/${w.ids.solicitation}`,
    body: () => ({ number: 'W91-BRAVO-SOL-2', title: 'Bravo quantum sensors (edited)', issueDate: '2026-11-20', actionType: 'CONTRACT', programOfficeLevel: 'L2_SELF', information: 'CUI' }),
    may: 'officer.workspace', on: 'own', ok: 303,
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/solicitations/:id{[0-9]+}/offers',
    kind: 'page',
    path: (w) => `/officer/solicitations/${w.ids.solicitation}/offers`,
    body: () => ({ offerorName: B.name, cage: B.hlo, uei: B.uei, uids: `${B.final} ${B.c3pao}` }),
    may: 'officer.workspace', on: 'own', ok: 303,
    entitled: ['ADMIN', 'CO'],
  },
  { route: 'POST /officer/offers/:id{[0-9]+}/uids', kind: 'page', path: (w) => `/officer/offers/${w.ids.offer}/uids`, body: () => ({ uids: B.final }), may: 'officer.workspace', on: 'own', ok: 303, entitled: ['ADMIN', 'CO'] },
  { route: 'POST /officer/offers/:id{[0-9]+}/award', kind: 'page', path: (w) => `/officer/offers/${w.ids.offer}/award`, body: () => ({ asOf: '', lookAheadUntil: '', confirm: 'on' }), may: 'officer.workspace', on: 'own', ok: 303, entitled: ['ADMIN', 'CO'] },
  {
    route: 'POST /officer/contracts',
    kind: 'page',
    path: () => '/officer/contracts',
    // The seeded award already has its contract: a second one is refused with the form (422).
    body: (w, _who, n) => ({ awardVerificationId: w.ids.awardVerification, number: `PROBE-C-${n}`, awardDate: TODAY, basePeriodEnd: '2027-11-30' }),
    may: 'officer.workspace', on: 'own', ok: 422,
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/contracts/:id{[0-9]+}/option-periods',
    kind: 'page',
    path: (w) => `/officer/contracts/${w.ids.contract}/option-periods`,
    body: (_w, who) => ({ label: `Option ${who}`, startDate: who === 'ADMIN' ? '2028-12-01' : '2029-12-01', endDate: who === 'ADMIN' ? '2029-11-30' : '2030-11-30' }),
    may: 'officer.workspace', on: 'own', ok: 303,
    entitled: ['ADMIN', 'CO'],
  },
  {
    route: 'POST /officer/contracts/:id{[0-9]+}/:action{option|extension|new-uids}',
    kind: 'page',
    path: (w) => `/officer/contracts/${w.ids.contract}/option`,
    body: (w) => ({ optionPeriodId: String(w.ids.optionPeriod), 'sam.active': 'yes', 'sam.ueiCageNameAddressMatch': 'yes' }),
    may: 'officer.workspace', on: 'own', ok: 200,
    entitled: ['ADMIN', 'CO'],
  },

  // ---- attestation pages ----
  { route: 'GET /attestations', kind: 'page', path: () => '/attestations', may: 'attestations.issue', on: 'own', ok: 200, entitled: ['CB'] },
  // step + confirm: the confirmation step's form, which issues (issue 10).
  { route: 'POST /attestations', kind: 'page', path: () => '/attestations', body: () => ({ uids: B.final, validDays: '30', step: 'confirm', confirm: 'on' }), may: 'attestations.issue', on: 'B', ok: 303, refusedAs: { CA: 422 }, entitled: ['CB'] },
  // Post/redirect/get (issue 10): the issued attestation's page shows its token to its own company only.
  { route: 'GET /attestations/issued/:jti', kind: 'page', path: (w) => `/attestations/issued/${jtiOf(w)}`, may: 'attestations.issue', on: 'B', ok: 200, refused: 'company', entitled: ['CB'] },
  { route: 'GET /attestations/issued', kind: 'page', path: () => '/attestations/issued', may: 'attestations.issue', on: 'own', ok: 200, entitled: ['CB'] },
  { route: 'GET /attestations/issued/:jti/revoke', kind: 'page', path: (w) => `/attestations/issued/${jtiOf(w)}/revoke`, may: 'attestations.revoke', on: 'B', ok: 200, refused: 'company', entitled: ['CB'] },
  // B's one attestation was revoked by the API row above (once only: 409 now); the page's 303 is tested in test/pages/attestations.test.ts.
  { route: 'POST /attestations/issued/:jti/revoke', kind: 'page', path: (w) => `/attestations/issued/${jtiOf(w)}/revoke`, body: () => ({ reason: 'Probe', confirm: 'on' }), may: 'attestations.revoke', on: 'B', ok: 303, okAs: { CB: 409 }, refused: 'company', entitled: ['CB'] },
  { route: 'POST /attestations/verify', kind: 'page', path: () => '/attestations/verify', body: (w) => ({ token: w.ids.attestationToken }), may: 'public', on: 'own', ok: 200, entitled: [] },
  // Public: the holder of a token may verify it signed in or not (the claims are in the token).
  { route: 'GET /attestations/verify', kind: 'page', path: (w) => `/attestations/verify?token=${w.ids.attestationToken}`, may: 'public', on: 'own', ok: 200, entitled: [] },

  // ---- flowdown workspace (contractor acting as prime) ----
  ...(['/flowdown', '/flowdown/register.csv', '/flowdown/minimum?primeLevel=L2_C3PAO&information=CUI', '/flowdown/new', '/flowdown/tree', '/flowdown/recheck?days=3650'] as const).map(
    (p): Row => ({ route: `GET ${p.split('?')[0]}`, kind: 'page', path: () => p, may: 'flowdown.record', on: 'own', ok: 200, entitled: ['CB'] }),
  ),
  { route: 'GET /flowdown/checks/:id', kind: 'page', path: (w) => `/flowdown/checks/${w.ids.flowdownCheck}`, may: 'flowdown.record', on: 'B', ok: 200, refused: 'company', entitled: ['CB'] },

  // ---- reminders (issue 11): each user's own inbox, preferences and calendar feed; the pass and the outbox are the administrators' ----
  { route: 'GET /inbox', kind: 'page', path: () => '/inbox', may: 'signed-in', on: 'own', ok: 200, entitled: [] },
  { route: 'POST /inbox/read', kind: 'page', path: () => '/inbox/read', body: () => ({ read: 'all', order: 'newest', page: '1' }), may: 'signed-in', on: 'own', ok: 303, entitled: [] },
  { route: 'GET /preferences', kind: 'page', path: () => '/preferences', may: 'signed-in', on: 'own', ok: 200, entitled: [] },
  { route: 'POST /preferences', kind: 'page', path: () => '/preferences', body: () => ({ kinds: ['AFFIRMATION_DUE'], email: '' }), may: 'signed-in', on: 'own', ok: 303, entitled: [] },
  { route: 'GET /preferences/calendar/rotate', kind: 'page', path: () => '/preferences/calendar/rotate', may: 'signed-in', on: 'own', ok: 200, entitled: [] },
  { route: 'POST /preferences/calendar', kind: 'page', path: () => '/preferences/calendar', body: () => ({ confirm: 'yes' }), may: 'signed-in', on: 'own', ok: 200, entitled: [] },
  { route: 'GET /api/v1/me/calendar', kind: 'api', path: () => '/api/v1/me/calendar', may: 'signed-in', on: 'own', ok: 200, entitled: [] },
  { route: 'POST /api/v1/me/calendar/rotate', kind: 'api', path: () => '/api/v1/me/calendar/rotate', may: 'signed-in', on: 'own', ok: 200, entitled: [] },
  // The feed's secret is its only credential: a token nobody holds is a page that does not exist, signed in or not.
  { route: 'GET /calendar/:file{.+\\.ics}', kind: 'page', path: () => `/calendar/cal_${'B'.repeat(43)}.ics`, may: 'public', on: 'own', ok: 404, entitled: [] },
  { route: 'GET /admin/emass', kind: 'page', path: () => '/admin/emass', may: 'emass.sync', on: 'own', ok: 200, entitled: [] },
  { route: 'GET /admin/emass/progress', kind: 'page', path: () => '/admin/emass/progress', may: 'emass.sync', on: 'own', ok: 200, entitled: [] },
  // The world configures no feed: the page says which setting is missing (409), nothing runs.
  { route: 'POST /admin/emass/sync', kind: 'page', path: () => '/admin/emass/sync', body: () => ({}), may: 'emass.sync', on: 'own', ok: 409, entitled: [] },
  { route: 'GET /assessor/closeouts', kind: 'page', path: () => '/assessor/closeouts', may: 'assessor.workspace', on: 'own', ok: 200, entitled: ['ADMIN'] },
  // B's POA&Ms are Level 2 (Self): closed out by B's contractor (on its own pages) or an administrator.
  { route: 'GET /assessor/closeouts/:uid', kind: 'page', path: () => `/assessor/closeouts/${B.condAdmin}`, may: postAction('L2_SELF'), on: 'B', ok: 200, okAs: { CB: 403 }, refused: 'uid', refusedAs: { CA: 403 }, entitled: [...GOV] },
  // The administrator's API row closed this POA&M out first: a second closeout is a conflict (409).
  { route: 'POST /assessor/closeouts/:uid', kind: 'page', path: () => `/assessor/closeouts/${B.condAdmin}`, body: () => Object.fromEntries(Object.entries(POAM_MET).map(([k, v]) => [`results.${k}`, v])), may: postAction('L2_SELF'), on: 'B', ok: 303, okAs: { CB: 403, ADMIN: 409 }, refused: 'uid', refusedAs: { CA: 403 }, entitled: [...GOV] },
  { route: 'POST /officer/uids/preview', kind: 'page', path: () => '/officer/uids/preview', body: () => ({ uids: `${B.final} and more` }), may: 'officer.workspace', on: 'own', ok: 200, entitled: [] },
  { route: 'GET /admin/outbox', kind: 'page', path: () => '/admin/outbox', may: 'outbox.read', on: 'own', ok: 200, entitled: ['ADMIN'] },
  { route: 'POST /admin/outbox/run', kind: 'page', path: () => '/admin/outbox/run', body: () => ({}), may: 'notifications.run', on: 'own', ok: 303, entitled: ['ADMIN'] },
  { route: 'POST /admin/outbox/:id{[0-9]+}/resend', kind: 'page', path: () => '/admin/outbox/999999/resend', body: () => ({}), may: 'notifications.run', on: 'own', ok: 404, entitled: [] },
  { route: 'POST /api/v1/notifications/run', kind: 'api', path: () => '/api/v1/notifications/run', may: 'notifications.run', on: 'own', ok: 200, entitled: ['ADMIN'] },

  // ---- last: what A's contractor types about B (a sub's CAGE and UID) becomes A's own data ----
  {
    route: 'POST /api/v1/flowdown-checks',
    kind: 'api',
    path: () => '/api/v1/flowdown-checks',
    // A's contractor checks B as a sub with typed facts: the answer may hold only what A typed.
    body: (_w, _who, n) => ({ primeContractNumber: `PROBE-${n}`, primeLevel: 'L2_SELF', subcontractor: { cage: B.hlo, name: 'Typed sub name' }, information: 'CUI', evidence: typedEvidence([B.final]) }),
    may: 'flowdown.record', on: 'own', ok: 201,
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
    may: 'flowdown.record', on: 'own', ok: 303,
    entitled: ['CB'],
  },
];

/** Routes that carry no company data and change nothing a tenant owns. */
const EXEMPT: Record<string, string> = {
  'GET /assets/uswds/*': 'static files from node_modules',
  'GET /assets/htmx/*': 'static files from node_modules',
  'GET /assets/app/*': 'static files of views/assets',
  'GET /assets/swagger-ui/*': 'static files from node_modules (the API reference)',
  'GET /assets/simplewebauthn/*': 'static files from node_modules (the passkey script)',
  'GET /api/docs': 'the public API reference page: no records, it reads the public /api/v1/openapi.json',
  'POST /sign-out': 'ends the caller\'s own session (tested in test/pages/auth.test.ts)',
  'GET /attestations/shared/:shareId': 'public: the holder of the link holds the token, as with GET /attestations/verify?token= (tested in test/pages/attestations.test.ts)',
  'GET /metrics': 'Prometheus text behind METRICS_TOKEN, no company data (tested in test/ops/metrics.test.ts)',
};

let template: WorldTemplate;
/** The world of the running test: each test takes a copy of its own. */
let w: World;
const routesOf = (x: World) => new Set(x.env.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
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
  if (answer.status !== expectationOf(row)[who]) failures.push(`${where}: expected ${expectationOf(row)[who]}, got ${answer.status} ${answer.text.slice(0, 200)}`);
  if (answer.status >= 500 && !(row.unavailable && answer.status === 503)) failures.push(`${where}: server error ${answer.status}`);
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
      if (g.answer.status !== answer.status || unkeyed(unghost(g.answer.text)) !== unkeyed(answer.text))
        failures.push(`${where}: answers differently for B's record (${answer.status}) than for one that does not exist (${g.answer.status})`);
    }
  }
  if (method !== 'GET' && answer.status < 400) known[who] += `\n${requestText}`;
  if (before && (answer.status >= 400 || who === 'NONE' || who === 'BAD')) {
    stats.noWriteChecked++;
    const changed = diffCounts(before, await tableCounts(w.env.database)).filter((d) => !row.logged?.includes(d.split(':')[0]));
    if (changed.length) failures.push(`${where}: refused (${answer.status}) but wrote ${changed.join('; ')}`);
  }
}

/** A form's idempotency key is new on every render (issue 10): two renders differ only there. */
const unkeyed = (html: string) => html.replace(/name="_idem" value="[0-9a-f-]{36}"/g, 'name="_idem"');

beforeAll(async () => {
  template = await worldTemplate();
}, 60_000);
afterAll(() => template?.remove());

describe('rules §9 tenant isolation: every role × every endpoint × company B\'s records', () => {
  it('answers every caller with the expected status, never with B\'s data, and refusals write nothing', async () => {
    w = await template.copy();
    const idOf = async (email: string) => Number((await w.env.database.client.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows[0].id);
    accounts.cb = await idOf('owner@bravo-quantum.test');
    accounts.spare = await idOf(SPARE_ASSESSORS.ADMIN);
    const registered = routesOf(w);
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
    w = await template.copy();
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

  it('has a row for every endpoint the app serves (add one to ROWS for a new endpoint)', async () => {
    const registered = routesOf(await template.copy());
    const covered = new Set([...ROWS.map((r) => r.route), ...Object.keys(EXEMPT)]);
    expect([...registered].filter((r) => !covered.has(r)).sort()).toEqual([]);
  });
});
