/**
 * Property-based abuse of every JSON endpoint and every page form (fast-check, fixed seed, bounded
 * runs): malformed JSON, wrong types, huge strings, deep nesting, unicode (lone surrogates, RTL
 * overrides, NUL), prototype-pollution keys, SQL-ish strings and markup.
 *
 * Whatever arrives: no 5xx; an API error is problem+json (api.md Conventions) with its fields; a
 * refused request (4xx) changes no row of any table; nothing pollutes Object.prototype; no page
 * echoes posted markup unescaped. Hostile strings the product accepts are stored as text and every
 * page that shows them renders them escaped, under a CSP that forbids inline script.
 */
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allResults, TODAY } from '../helpers.js';
import { answersForm } from '../pages/contractor-fixtures.js';
import { signInAs, type Session } from '../pages/page-helpers.js';
import { FUZZ_RUNS, FUZZ_SEED } from './fuzz-settings.js';
import { A, apiAs, diffCounts, pageAs, PASSWORD, POAM_MET, SPARE_ASSESSORS, tableCounts, type Answer, type Caller, type World, worldTemplate, type WorldTemplate } from './world.js';

/** Fixed in `npm test`; random and printed in `npm run test:fuzz` (fuzz-settings.ts). */
const SEED = FUZZ_SEED;
const RUNS = FUZZ_RUNS;

const MARKUP = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea><script>alert(2)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe srcdoc="<script>alert(3)</script>">',
];
const SQL = ["' OR '1'='1", "'; DROP TABLE users; --", '" OR 1=1 --', '1; DELETE FROM assessments', "%' UNION SELECT token_hash FROM api_tokens --", 'BQX77\' --'];
const WEIRD = ['', ' ', '\u0000', '\u202Eevil\u202C', '\uD800', '\uDFFF\uD800', 'A'.repeat(100_000), '😀'.repeat(20_000), '__proto__', 'constructor', 'NaN', '-1', '1.5', '2.5e1', '-0.5', '1e300', '1e309', 'Infinity', '0x1F', '9007199254740993', 'null', 'true', '[]', '{}', '../../etc/passwd', '%00', '\r\nSet-Cookie: x=1'];
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP, ...SQL, ...WEIRD) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);
/** JSON text nested `depth` levels deep (built as text: no recursion on our side). */
const deep = (depth: number, kind: 'object' | 'array') => (kind === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth));
const hostileValueText = fc.oneof(
  hostileString.map((s) => JSON.stringify(s)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('1e308', '-0', '18446744073709551616', '-9007199254740993', '0.1', 'true', 'null', '[]', '{}', '[null]', '{"__proto__":{"polluted":"yes"}}'),
  fc.tuple(fc.integer({ min: 50, max: 5000 }), fc.constantFrom<'object' | 'array'>('object', 'array')).map(([d, k]) => deep(d, k)),
);

interface JsonTarget {
  name: string;
  who: Caller;
  method: 'POST';
  path: string;
  base: (n: number) => Record<string, unknown>;
}

let template: WorldTemplate;
/** The world of the running test: each test takes a copy of its own. */
let w: World;
let n = 0;
const stats = { requests: 0, byStatus: {} as Record<string, number>, refusalsCheckedForWrites: 0, acceptedHostile: 0 };
const failures: string[] = [];

const JSON_TARGETS = (): JsonTarget[] => [
  { name: 'users', who: 'ADMIN', method: 'POST', path: '/api/v1/users', base: (i) => ({ email: `fuzz${i}@example.test`, role: 'CONTRACTOR', companyCage: A.hlo, name: 'Fuzz' }) },
  {
    name: 'import',
    who: 'ADMIN',
    method: 'POST',
    path: '/api/v1/import',
    base: (i) => ({
      companies: [{ cage: 'FZ001', name: 'Fuzz Co', hloCage: 'FZ001' }],
      assessments: [{ uid: `FZUD${String(i).padStart(6, '0')}`, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['FZ001'], scope: 'Fuzz', score: 110, affirmations: [{ date: '2026-06-01', name: 'F', title: 'T' }] }],
      nistAssessments: [{ cages: ['FZ001'], confidence: 'BASIC', assessmentDate: '2025-01-01', score: 110 }],
    }),
  },
  { name: 'checks', who: 'CO', method: 'POST', path: '/api/v1/checks', base: () => ({ purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [A.final], offerorCage: A.hlo, nist: { cages: [A.hlo], maxAgeDays: 730 }, lookAheadDays: 60 }) },
  { name: 'recorded checks', who: 'CO', method: 'POST', path: '/api/v1/checks', base: () => ({ purpose: 'OPTION', requiredLevel: 'L2_SELF', uids: [A.final], record: true, contractNumber: 'FZ-1', sam: { active: true, ueiCageNameAddressMatch: true } }) },
  { name: 'affirmations', who: 'CA', method: 'POST', path: `/api/v1/uids/${A.final}/affirmations`, base: () => ({ name: 'Pat Alpha', title: 'CEO', email: 'pat@alpha.test', phone: '555' }) },
  { name: 'closeout', who: 'CA', method: 'POST', path: `/api/v1/uids/${A.cond}/closeout`, base: () => ({ results: POAM_MET, affirmation: { name: 'Pat', title: 'CEO' } }) },
  { name: 'compliance changes', who: 'CA', method: 'POST', path: `/api/v1/uids/${A.cond}/compliance-changes`, base: () => ({ date: '2026-11-01', description: 'Fuzz change' }) },
  { name: 'postings', who: 'CA', method: 'POST', path: `/api/v1/companies/${A.hlo}/assessments`, base: (i) => ({ level: 'L2_SELF', scope: `Fuzz scope ${i}`, cages: [A.sub], results: allResults('L2_SELF'), affirmation: { name: 'Pat', title: 'CEO' } }) },
  { name: 'NIST postings', who: 'CA', method: 'POST', path: `/api/v1/companies/${A.hlo}/nist-assessments`, base: () => ({ confidence: 'BASIC', score: 100, fullImplementationDate: '2027-01-01', cages: [A.hlo] }) },
  { name: 'engagements', who: 'CA', method: 'POST', path: '/api/v1/engagements', base: () => ({ companyCage: A.hlo, assessorEmail: SPARE_ASSESSORS.ADMIN }) },
  { name: 'applicability', who: 'CO', method: 'POST', path: '/api/v1/applicability', base: () => ({ issueDate: '2026-11-20', cotsOnly: false, waiver: false, programOfficeLevel: 'L2_SELF', information: 'CUI' }) },
  { name: 'flowdown required level', who: 'CA', method: 'POST', path: '/api/v1/flowdown/required-level', base: () => ({ primeLevel: 'L3_DIBCAC', information: 'CUI' }) },
  { name: 'attestations', who: 'CA', method: 'POST', path: '/api/v1/attestations', base: () => ({ uids: [A.final], audienceCage: 'ZZZ99', validDays: 30, flowdownCheckIds: [w.ids.aFlowdownCheck] }) },
  { name: 'attestation verify', who: 'C3N', method: 'POST', path: '/api/v1/attestations/verify', base: () => ({ token: w.ids.attestationToken, asOf: TODAY }) },
  {
    name: 'flowdown checks',
    who: 'CA',
    method: 'POST',
    path: '/api/v1/flowdown-checks',
    base: (i) => ({
      primeContractNumber: `FZ-${i}`,
      primeLevel: 'L2_SELF',
      subcontractor: { cage: 'ZZZ99', name: 'Fuzz sub' },
      information: 'CUI',
      lookAheadDays: 30,
      evidence: { kind: 'CERTIFICATE', reference: 'cert', uids: ['ZZZZ000001'], level: 'L2_SELF', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01' },
    }),
  },
];

/** Every leaf path of a JSON value (objects and arrays), for nested mutations. */
function leafPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leafPaths(x, [...at, i])) : [at];
  if (v && typeof v === 'object') {
    const e = Object.entries(v);
    return e.length ? e.flatMap(([k, x]) => leafPaths(x, [...at, k])) : [at];
  }
  return [at];
}

const MARK = '"__FUZZ_VALUE_7f3a__"';
function withValueAt(base: Record<string, unknown>, path: (string | number)[], valueText: string): string {
  const copy = JSON.parse(JSON.stringify(base));
  if (!path.length) return valueText;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]] = MARK.slice(1, -1);
  return JSON.stringify(copy).replace(MARK, valueText);
}

type Mutation =
  | { kind: 'raw'; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'whole'; valueText: string }
  | { kind: 'leaf'; pick: number; valueText: string }
  | { kind: 'extraKey'; key: string; valueText: string }
  | { kind: 'contentType'; type: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('raw' as const), text: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '{"a":', '[', '"', '{"a":1,}', "{'a':1}", '\uFEFF{}', 'NaN', '{"a":01}', '{"a":"\\x41"}', '{"a":"\\ud800"}')) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('whole' as const), valueText: hostileValueText }),
  { arbitrary: fc.record({ kind: fc.constant('leaf' as const), pick: fc.nat(), valueText: hostileValueText }), weight: 4 },
  fc.record({ kind: fc.constant('extraKey' as const), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__defineGetter__'), hostileString.filter((s) => s.length < 500)), valueText: hostileValueText }),
  fc.record({ kind: fc.constant('contentType' as const), type: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/xml') }),
);

function bodyFor(t: JsonTarget, m: Mutation): { text: string; contentType: string } {
  const base = t.base(++n);
  const baseText = JSON.stringify(base);
  switch (m.kind) {
    case 'raw':
      return { text: m.text, contentType: 'application/json' };
    case 'truncate':
      return { text: baseText.slice(0, m.at % Math.max(1, baseText.length)), contentType: 'application/json' };
    case 'whole':
      return { text: m.valueText, contentType: 'application/json' };
    case 'leaf': {
      const paths = leafPaths(base);
      return { text: withValueAt(base, paths[m.pick % paths.length], m.valueText), contentType: 'application/json' };
    }
    case 'extraKey':
      return { text: `{${JSON.stringify(m.key)}:${m.valueText},${baseText.slice(1)}`, contentType: 'application/json' };
    case 'contentType':
      return { text: baseText, contentType: m.type };
  }
}

async function rawApi(who: Caller, method: string, path: string, text: string | undefined, contentType: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': contentType };
  const token = w.tokens[who];
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await w.env.app.request(path, { method, headers, body: text });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
}

function tally(where: string, answer: Answer) {
  stats.requests++;
  stats.byStatus[answer.status] = (stats.byStatus[answer.status] ?? 0) + 1;
  if (answer.status >= 500) failures.push(`${where}: ${answer.status} ${answer.text.slice(0, 300)}`);
  if (({} as Record<string, unknown>).polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')) failures.push(`${where}: Object.prototype was polluted`);
}

function assertProblem(where: string, answer: Answer) {
  if (answer.status < 400) return;
  let p: Record<string, unknown> = {};
  try {
    p = JSON.parse(answer.text);
  } catch {
    /* reported below */
  }
  const ok =
    /^application\/problem\+json/.test(answer.contentType) &&
    p.status === answer.status &&
    typeof p.type === 'string' &&
    typeof p.title === 'string' &&
    typeof p.detail === 'string' &&
    Array.isArray(p.errors) &&
    (p.errors as unknown[]).every((e) => !!e && typeof (e as { path: unknown }).path === 'string' && typeof (e as { message: unknown }).message === 'string');
  if (!ok) failures.push(`${where}: ${answer.status} is not a problem document: ${answer.contentType} ${answer.text.slice(0, 200)}`);
}

/** Runs one request; a refusal (4xx) must leave every table as it was, except the `logged` ones (a failed sign-in is counted and logged). */
async function probe(where: string, send: () => Promise<Answer>, logged: readonly string[] = []): Promise<Answer> {
  const before = await tableCounts(w.env.database);
  const answer = await send();
  tally(where, answer);
  if (answer.status >= 400 && answer.status < 500) {
    stats.refusalsCheckedForWrites++;
    const changed = diffCounts(before, await tableCounts(w.env.database)).filter((d) => !logged.includes(d.split(':')[0]));
    if (changed.length) failures.push(`${where}: refused (${answer.status}) but wrote ${changed.join('; ')}`);
  }
  return answer;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Percent-encodes for a URL; a lone surrogate becomes an invalid UTF-8 sequence (hostile too). */
const encodeLoose = (s: string) => Array.from(s, (ch) => (/^[\uD800-\uDFFF]$/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');

/** A page answer must never carry posted markup as markup. */
function assertNoRawMarkup(where: string, answer: Answer, sent: string[]) {
  if (!/text\/html/.test(answer.contentType)) return;
  for (const s of sent) if (/[<>]/.test(s) && s.length < 5000 && answer.text.includes(s)) failures.push(`${where}: posted markup ${JSON.stringify(s.slice(0, 60))} is echoed unescaped`);
}

/** The CSP every page is served with forbids inline script (and script from anywhere else). */
function assertCsp(where: string, answer: Answer) {
  const csp = answer.headers.get('content-security-policy') ?? '';
  const script = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? /(?:^|;)\s*default-src ([^;]*)/.exec(csp)?.[1] ?? '';
  if (!script || /unsafe-inline|unsafe-eval|\*|data:/.test(script) || !/'self'/.test(script)) failures.push(`${where}: CSP does not forbid inline script: "${csp}"`);
}

beforeAll(async () => {
  template = await worldTemplate();
}, 60_000);
afterAll(() => template?.remove());
// Each test reports its own findings.
beforeEach(() => {
  failures.length = 0;
});

describe('api.md Conventions under abuse: every JSON endpoint', () => {
  it('never answers 5xx, answers problem+json for every refusal, and a refusal writes nothing', async () => {
    w = await template.copy();
    for (const t of JSON_TARGETS()) {
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          const { text, contentType } = bodyFor(t, m);
          const answer = await probe(`POST ${t.name} [${m.kind}]`, () => rawApi(t.who, t.method, t.path, text, contentType));
          assertProblem(`POST ${t.name} [${m.kind}] ${text.slice(0, 80)}`, answer);
        }),
        { seed: SEED, numRuns: 40 * RUNS },
      );
    }
    // Path parameters and query strings.
    const GETS: { who: Caller; path: (s: string) => string }[] = [
      { who: 'CO', path: (s) => `/api/v1/uids/${s}` },
      { who: 'CO', path: (s) => `/api/v1/uids/${A.final}?asOf=${s}` },
      { who: 'CO', path: (s) => `/api/v1/verifications/${s}` },
      { who: 'CO', path: (s) => `/api/v1/verifications?contractNumber=${s}&limit=${s}&offset=${s}` },
      { who: 'CA', path: (s) => `/api/v1/flowdown-checks/${s}` },
      { who: 'CA', path: (s) => `/api/v1/flowdown-checks?primeContractNumber=${s}&subCage=${s}` },
      { who: 'CA', path: (s) => `/api/v1/flowdown-checks/recheck?days=${s}` },
      { who: 'CA', path: (s) => `/api/v1/companies/${s}/assessments` },
    ];
    for (const g of GETS) {
      await fc.assert(
        fc.asyncProperty(hostileString.filter((s) => s.length < 2000), async (s) => {
          const path = g.path(encodeLoose(s));
          const answer = await probe(`GET ${path.slice(0, 80)}`, () => rawApi(g.who, 'GET', path, undefined, 'application/json'));
          assertProblem(`GET ${path.slice(0, 80)}`, answer);
        }),
        { seed: SEED, numRuns: 15 * RUNS },
      );
    }
    console.log(`fuzz (API): ${stats.requests} requests, statuses ${JSON.stringify(stats.byStatus)}, ${stats.refusalsCheckedForWrites} refusals checked to write nothing; failures = ${failures.length}`);
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('paging parameters that are not whole numbers (found by this fuzzing: they reached SQL LIMIT/OFFSET and answered 500)', () => {
  it('the API list of recorded verifications clamps limit and offset', async () => {
    w = await template.copy();
    for (const q of ['limit=2.5', 'offset=1.5', 'offset=1e300', 'offset=1e309', 'limit=Infinity&offset=-Infinity', 'limit=1e-7']) {
      const r = await apiAs(w, 'CO', 'GET', `/api/v1/verifications?${q}`);
      expect(r.status, q).toBe(200);
      const body = JSON.parse(r.text);
      expect(Number.isInteger(body.limit) && Number.isInteger(body.offset), q).toBe(true);
    }
  });

  it('every paged page takes ?page=1.5 as page 1', async () => {
    w = await template.copy();
    const paged: [Caller, string][] = [
      ['ADMIN', '/admin/users'],
      ['CO', '/officer/solicitations'],
      ['CO', '/officer/contracts'],
      ['CO', '/officer/verifications'],
      ['CO', '/officer/watch'],
      ['CA', '/company/assessments'],
      ['CA', '/company/affirmations'],
      ['CA', '/company/uids'],
      ['CA', '/flowdown'],
      ['C3A', '/assessor'],
    ];
    for (const [who, path] of paged) expect((await pageAs(w, who, 'GET', `${path}?page=1.5`)).status, path).toBe(200);
  });
});

interface FormTarget {
  route: string;
  who: Caller;
  path: (w: World) => string;
  base: (n: number) => Record<string, string | string[]>;
  /** Tables a refusal writes on purpose: a failed sign-in is counted (throttle), logged, and may start a notice to the account holder. */
  logged?: readonly string[];
}

const SIGN_IN_LOG = ['audit_log', 'sign_in_throttle', 'notifications', 'notification_outbox'];
/** The account the lifecycle forms work on: a spare assessor nobody signs in as (set for the world copy). */
let spareId = 0;

const FORMS: FormTarget[] = [
  { route: 'POST /sign-in', who: 'NONE', path: () => '/sign-in', base: () => ({ email: 'owner@alpha-aero.test', password: 'wrong password', next: '/company' }), logged: SIGN_IN_LOG },
  // The steps after a password need a pending sign-in: without one they send the browser back to sign in.
  { route: 'POST /sign-in/verify/totp', who: 'NONE', path: () => '/sign-in/verify/totp', base: () => ({ code: '123456' }) },
  { route: 'POST /sign-in/verify/recovery', who: 'NONE', path: () => '/sign-in/verify/recovery', base: () => ({ recoveryCode: 'abcd-efgh-jkmn-pqrs' }) },
  { route: 'POST /sign-in/verify/passkey', who: 'NONE', path: () => '/sign-in/verify/passkey', base: () => ({ credential: '{}' }) },
  { route: 'POST /sign-in/new-password', who: 'NONE', path: () => '/sign-in/new-password', base: () => ({ password: 'fresh meadow lantern', repeat: 'fresh meadow lantern' }) },
  { route: 'POST /sign-in/enrol/totp', who: 'NONE', path: () => '/sign-in/enrol/totp', base: () => ({ code: '123456' }) },
  { route: 'POST /sign-in/enrol/passkey', who: 'NONE', path: () => '/sign-in/enrol/passkey', base: () => ({ credential: '{}', name: 'Key' }) },
  // The account page shown again issues its passkey challenge (and the app page keeps the key being set up).
  { route: 'POST /account/password', who: 'CA', path: () => '/account/password', base: () => ({ current: 'not the current password', password: 'fresh meadow lantern', repeat: 'fresh meadow lantern' }), logged: [...SIGN_IN_LOG, 'auth_challenges'] },
  { route: 'POST /account/passkeys', who: 'CA', path: () => '/account/passkeys', base: () => ({ credential: '{"id":"x","rawId":"x","type":"public-key","response":{}}', name: 'Key' }), logged: ['auth_challenges'] },
  { route: 'POST /account/passkeys/:id{[A-Za-z0-9_-]{1,1400}}/remove', who: 'CA', path: () => '/account/passkeys/AAAAAAAA/remove', base: () => ({}) },
  { route: 'POST /account/totp', who: 'CA', path: () => '/account/totp', base: () => ({ code: '123456' }), logged: ['totp_secrets'] },
  { route: 'POST /account/totp/remove', who: 'CA', path: () => '/account/totp/remove', base: () => ({}) },
  { route: 'POST /account/recovery-codes', who: 'CA', path: () => '/account/recovery-codes', base: () => ({ confirm: 'on' }), logged: ['auth_challenges'] },
  { route: 'POST /admin/users/:id{[0-9]{1,9}}', who: 'ADMIN', path: () => `/admin/users/${spareId}`, base: () => ({ role: 'C3PAO', companyCage: '', name: 'Spare assessor' }) },
  { route: 'POST /admin/users/:id{[0-9]{1,9}}/disable', who: 'ADMIN', path: () => `/admin/users/${spareId}/disable`, base: () => ({}) },
  { route: 'POST /admin/users/:id{[0-9]{1,9}}/enable', who: 'ADMIN', path: () => `/admin/users/${spareId}/enable`, base: () => ({}) },
  { route: 'POST /admin/users/:id{[0-9]{1,9}}/reset-password', who: 'ADMIN', path: () => `/admin/users/${spareId}/reset-password`, base: () => ({ confirmPassword: 'on' }) },
  { route: 'POST /admin/users/:id{[0-9]{1,9}}/reset-second-factor', who: 'ADMIN', path: () => `/admin/users/${spareId}/reset-second-factor`, base: () => ({ confirmFactor: 'on' }) },
  { route: 'POST /admin/users', who: 'ADMIN', path: () => '/admin/users', base: (i) => ({ email: `form${i}@example.test`, role: 'CONTRACTOR', companyCage: A.hlo, name: 'Form', password: '' }) },
  { route: 'POST /admin/import', who: 'ADMIN', path: () => '/admin/import', base: (i) => ({ json: JSON.stringify({ assessments: [{ uid: `FZPG${String(i).padStart(6, '0')}`, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [A.hlo], scope: 'Form import', score: 110 }] }) }) },
  { route: 'POST /company/officials', who: 'CA', path: () => '/company/officials', base: () => ({ name: 'Ann Official', title: 'CEO', email: 'ann@alpha.test', phone: '555-0100' }) },
  { route: 'POST /company/officials/:id/remove', who: 'CA', path: () => '/company/officials/999999/remove', base: () => ({}) },
  { route: 'POST /admin/engagements', who: 'ADMIN', path: () => '/admin/engagements', base: () => ({ companyCage: A.hlo, assessorEmail: SPARE_ASSESSORS.ADMIN }) },
  { route: 'POST /company/engagements', who: 'CA', path: () => '/company/engagements', base: () => ({ assessorEmail: SPARE_ASSESSORS.CB }) },
  { route: 'POST /company/assessments/drafts/:id/delete', who: 'CA', path: () => '/company/assessments/drafts/999999/delete', base: () => ({}) },
  { route: 'POST /company/assessments/preview', who: 'CA', path: () => '/company/assessments/preview', base: () => ({ level: 'L2_SELF', ...answersForm('L2_SELF') }) },
  {
    route: 'POST /company/assessments/new',
    who: 'CA',
    path: () => '/company/assessments/new',
    base: (i) => ({ level: 'L2_SELF', action: 'submit', scopeChoice: '__new_enclave', enclaveName: `form ${i}`, scopeDescription: 'd', cages: A.hlo, ...answersForm('L2_SELF') }),
  },
  { route: 'POST /company/uids/:uid/affirm', who: 'CA', path: () => `/company/uids/${A.final}/affirm`, base: () => ({ officialId: 'other', name: 'Pat Alpha', title: 'CEO', email: 'pat@alpha.test', confirm: 'on' }) },
  { route: 'POST /company/uids/:uid/closeout', who: 'CA', path: () => `/company/uids/${A.cond}/closeout`, base: () => ({ 'results.AC.L2-3.1.3': 'MET', 'results.AC.L2-3.1.4': 'NOT_MET', affirmNow: 'on', 'affirmation.name': 'P', 'affirmation.title': 'T' }) },
  { route: 'POST /company/uids/:uid/compliance-change', who: 'CA', path: () => `/company/uids/${A.cond}/compliance-change`, base: () => ({ date: '2026-11-01', description: 'Form change', confirm: 'on' }) },
  { route: 'POST /uids/:uid/compliance-change', who: 'DIBCAC', path: () => `/uids/${A.cond}/compliance-change`, base: () => ({ date: '2026-11-01', description: 'Reassessment finding', confirm: 'on' }) },
  { route: 'POST /company/affirmations', who: 'CA', path: () => '/company/affirmations', base: () => ({ uid: A.final, officialId: '1', confirm: 'on' }) },
  { route: 'POST /company/nist/new', who: 'CA', path: () => '/company/nist/new', base: () => ({ score: '100', cages: A.hlo, assessmentDate: TODAY, fullImplementationDate: '2027-01-01', standard: 'NIST SP 800-171 Rev 2', planDescription: 'p' }) },
  { route: 'POST /assessor/assessments/preview', who: 'C3A', path: () => '/assessor/assessments/preview', base: () => ({ level: 'L2_C3PAO', 'results.AC.L2-3.1.1': 'MET' }) },
  {
    route: 'POST /assessor/assessments/new',
    who: 'C3A',
    path: () => '/assessor/assessments/new',
    base: (i) => ({ level: 'L2_C3PAO', action: 'post', companyCage: A.hlo, scope: `Assessor form ${i}`, cages: A.hlo, ...answersForm('L2_C3PAO') }),
  },
  {
    route: 'POST /assessor/nist/new',
    who: 'DIBCAC',
    path: () => '/assessor/nist/new',
    base: () => ({ companyCage: A.hlo, confidence: 'HIGH', score: '110', assessmentDate: TODAY, standard: 'NIST SP 800-171 Rev 2', assessingOrganization: 'DCMA DIBCAC', cages: A.hlo }),
  },
  { route: 'POST /officer/solicitations/applicability', who: 'CO', path: () => '/officer/solicitations/applicability', base: () => ({ issueDate: '2026-11-20', information: 'CUI', programOfficeLevel: 'L2_SELF' }) },
  {
    route: 'POST /officer/solicitations',
    who: 'CO',
    path: () => '/officer/solicitations',
    base: (i) => ({ number: `FZ-SOL-${i}`, title: 'Fuzz buy', issueDate: '2026-11-20', actionType: 'CONTRACT', programOfficeLevel: 'L2_SELF', information: 'CUI', nistApplies: 'on', nistMaxAgeDays: '365', plannedAwardDate: '2027-01-01' }),
  },
  {
    route: 'POST /officer/solicitations/:id{[0-9]+}',
    who: 'CO',
    path: (x) => `/officer/solicitations/${x.ids.solicitation}`,
    base: () => ({ number: 'W91-BRAVO-SOL-2', title: 'Bravo quantum sensors', issueDate: '2026-11-20', actionType: 'CONTRACT', programOfficeLevel: 'L2_SELF', information: 'CUI' }),
  },
  { route: 'POST /officer/solicitations/:id{[0-9]+}/offers', who: 'CO', path: (x) => `/officer/solicitations/${x.ids.solicitation}/offers`, base: () => ({ offerorName: 'Alpha Aerospace LLC', cage: A.hlo, uei: 'AAAUEI000001', uids: A.final }) },
  { route: 'POST /officer/offers/:id{[0-9]+}/uids', who: 'CO', path: (x) => `/officer/offers/${x.ids.offer}/uids`, base: () => ({ uids: `${A.final}, ${A.cond}` }) },
  { route: 'POST /officer/offers/:id{[0-9]+}/award', who: 'CO', path: (x) => `/officer/offers/${x.ids.offer}/award`, base: () => ({ asOf: TODAY, lookAheadUntil: '2027-03-01', confirm: 'on' }) },
  {
    route: 'POST /officer/contracts',
    who: 'CO',
    path: () => '/officer/contracts',
    base: (i) => ({ awardVerificationId: w.ids.awardVerification, number: `FZ-C-${i}`, awardDate: TODAY, basePeriodEnd: '2027-11-30', 'optionPeriods.0.label': 'O1', 'optionPeriods.0.startDate': '2027-12-01', 'optionPeriods.0.endDate': '2028-11-30' }),
  },
  { route: 'POST /officer/contracts/:id{[0-9]+}/option-periods', who: 'CO', path: (x) => `/officer/contracts/${x.ids.contract}/option-periods`, base: () => ({ label: 'Fuzz option', startDate: '2031-12-01', endDate: '2032-11-30' }) },
  {
    route: 'POST /officer/contracts/:id{[0-9]+}/:action{option|extension|new-uids}',
    who: 'CO',
    path: (x) => `/officer/contracts/${x.ids.contract}/extension`,
    base: () => ({ extendedTo: '2028-06-30', 'sam.active': 'yes', 'sam.ueiCageNameAddressMatch': 'yes', asOf: '', lookAheadUntil: '' }),
  },
  { route: 'POST /attestations', who: 'CA', path: () => '/attestations', base: () => ({ uids: A.final, audienceCage: 'ZZZ99', validDays: '30' }) },
  { route: 'POST /inbox/read', who: 'CA', path: () => '/inbox/read', base: () => ({ read: 'all', order: 'newest', page: '1' }) },
  { route: 'POST /preferences', who: 'CA', path: () => '/preferences', base: () => ({ kinds: ['AFFIRMATION_DUE', 'STATUS_EXPIRING'], email: 'reminders@alpha.test' }) },
  { route: 'POST /preferences/calendar', who: 'CA', path: () => '/preferences/calendar', base: () => ({ confirm: 'yes' }) },
  { route: 'POST /admin/emass/sync', who: 'ADMIN', path: () => '/admin/emass/sync', base: () => ({}) },
  { route: 'POST /assessor/closeouts/:uid', who: 'C3A', path: () => `/assessor/closeouts/${A.cond}`, base: () => Object.fromEntries(Object.entries(POAM_MET).map(([k, v]) => [`results.${k}`, v])) },
  { route: 'POST /attestations/issued/:jti/revoke', who: 'CB', path: (x) => `/attestations/issued/${decodeJwt(x.ids.attestationToken).jti as string}/revoke`, base: () => ({ reason: 'Fuzz', confirm: 'on' }) },
  { route: 'POST /attestations/verify', who: 'C3N', path: () => '/attestations/verify', base: () => ({ token: w.ids.attestationToken, asOf: TODAY }) },
  { route: 'POST /officer/uids/preview', who: 'CO', path: () => '/officer/uids/preview', base: () => ({ uids: `${A.final} and ${A.cond}` }) },
  { route: 'POST /admin/outbox/run', who: 'ADMIN', path: () => '/admin/outbox/run', base: () => ({}) },
  { route: 'POST /admin/outbox/:id{[0-9]+}/resend', who: 'ADMIN', path: () => '/admin/outbox/999999/resend', base: () => ({ state: 'FAILED' }) },
  {
    route: 'POST /flowdown/new',
    who: 'CA',
    path: () => '/flowdown/new',
    base: (i) => ({
      primeContractNumber: `FZ-PAGE-${i}`,
      primeLevel: 'L2_SELF',
      information: 'CUI',
      'subcontractor.cage': 'ZZZ99',
      'subcontractor.name': 'Fuzz sub',
      evidenceSource: 'TYPED',
      'evidence.kind': 'OTHER',
      'evidence.uids': 'ZZZZ000001',
      'evidence.level': 'L2_SELF',
      'evidence.type': 'FINAL',
      'evidence.statusDate': '2026-06-01',
      record: '1',
    }),
  },
];

type FormMutation = { field: number; key: string | null; values: string[] };
const formMutation: fc.Arbitrary<FormMutation> = fc.record({
  field: fc.nat(),
  // Sometimes a field the form does not have (pollution keys, hostile names).
  key: fc.option(fc.oneof(fc.constantFrom('__proto__', 'constructor', '__proto__[polluted]', 'constructor.prototype.polluted', 'results.__proto__', 'optionPeriods.0.__proto__'), hostileString.filter((s) => s.length > 0 && s.length < 300)), { freq: 4 }),
  values: fc.array(hostileString, { minLength: 1, maxLength: 3 }),
});

describe('page forms under abuse (signed in, with the session\'s CSRF token)', () => {
  it('has an abuse target for every form the app serves', async () => {
    w = await template.copy();
    const forms = new Set(w.env.app.routes.filter((r) => r.method === 'POST' && !r.path.startsWith('/api/')).map((r) => `POST ${r.path}`));
    forms.delete('POST /sign-out'); // ends the caller's own session: nothing to abuse
    expect([...forms].filter((f) => !FORMS.some((t) => t.route === f)).sort()).toEqual([]);
  });

  it('never answers 5xx, a refusal writes nothing, and posted markup never comes back unescaped', async () => {
    w = await template.copy();
    spareId = Number((await w.env.database.client.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [SPARE_ASSESSORS.ADMIN] })).rows[0].id);
    const before = stats.requests;
    // The sign-in form spends a password hash per try: fewer runs there.
    for (const t of FORMS) {
      await fc.assert(
        fc.asyncProperty(formMutation, async (m) => {
          const form = { ...t.base(++n) };
          const keys = Object.keys(form);
          const key = m.key ?? keys[m.field % Math.max(1, keys.length)] ?? 'x';
          form[key] = m.values.length === 1 ? m.values[0] : m.values;
          const where = `${t.route} [${key.slice(0, 30)}]`;
          const answer = await probe(where, () => pageAs(w, t.who, 'POST', t.path(w), form), t.logged);
          assertNoRawMarkup(where, answer, m.values);
        }),
        { seed: SEED, numRuns: (t.route === 'POST /sign-in' ? 6 : 16) * RUNS },
      );
    }
    // GET forms: the query is echoed back into the page.
    const GET_FORMS: { who: Caller; path: (s: string) => string }[] = [
      { who: 'CA', path: (s) => `/uids?uid=${s}` },
      { who: 'CO', path: (s) => `/officer/solicitations?q=${s}&sort=${s}&dir=${s}&page=${s}` },
      { who: 'CO', path: (s) => `/officer/watch?asOf=${s}` },
      { who: 'CO', path: (s) => `/officer/verifications?number=${s}&purpose=${s}&page=${s}&sort=${s}` },
      { who: 'CO', path: (s) => `/officer/contracts?q=${s}&page=${s}&sort=${s}&dir=${s}` },
      { who: 'ADMIN', path: (s) => `/admin/users?page=${s}&sort=${s}&dir=${s}` },
      { who: 'CA', path: (s) => `/flowdown?page=${s}&sort=${s}&primeContractNumber=${s}&subCage=${s}` },
      { who: 'CA', path: (s) => `/company/affirmations?page=${s}&sort=${s}&official=${s}&done=affirmed&uid=${s}` },
      { who: 'C3A', path: (s) => `/assessor?page=${s}&done=posted&uid=${s}` },
      { who: 'CO', path: (s) => `/officer/offers/${w.ids.offer}/check?asOf=${s}&lookAheadUntil=${s}` },
      { who: 'CA', path: (s) => `/company/assessments?sort=${s}&page=${s}&pageSize=${s}` },
      { who: 'CA', path: (s) => `/company/assessments/new?level=${s}` },
      { who: 'CA', path: (s) => `/flowdown/new?primeContractNumber=${s}&subcontractor.name=${s}&attestation=${s}` },
      { who: 'CA', path: (s) => `/flowdown/recheck?days=${s}` },
      { who: 'C3A', path: (s) => `/assessor/assessments/new?cage=${s}&level=${s}` },
      { who: 'NONE', path: (s) => `/attestations/verify?token=${s}&asOf=${s}` },
      { who: 'NONE', path: (s) => `/sign-in?next=${s}` },
    ];
    for (const g of GET_FORMS) {
      await fc.assert(
        fc.asyncProperty(hostileString.filter((s) => s.length < 3000), async (s) => {
          const path = g.path(encodeLoose(s));
          const answer = await probe(`GET ${path.slice(0, 80)}`, () => pageAs(w, g.who, 'GET', path));
          assertNoRawMarkup(`GET ${path.slice(0, 80)}`, answer, [s]);
        }),
        { seed: SEED, numRuns: 12 * RUNS },
      );
    }
    console.log(`fuzz (pages): ${stats.requests - before} requests; all statuses so far ${JSON.stringify(stats.byStatus)}; failures = ${failures.length}`);
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('stored hostile text is shown escaped on every page that shows it (CSP forbids inline script)', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const IMG = '"><img src=x onerror=alert(1)>';
  const SVG = "'><svg onload=alert(1)>";

  /** Fetches each page as `who`; each hostile string it shows must be there escaped, and never raw. */
  async function shownEscaped(who: Caller | Session, pages: [path: string, hostile: string[]][]) {
    for (const [path, hostile] of pages) {
      const answer: Answer =
        typeof who === 'string'
          ? await pageAs(w, who, 'GET', path)
          : await (async () => {
              const r = await who.get(path);
              return { status: r.status, contentType: r.headers.get('content-type') ?? '', text: await r.text(), headers: r.headers };
            })();
      expect(answer.status, path).toBe(200);
      assertCsp(path, answer);
      for (const h of hostile) {
        expect(answer.text.includes(h), `${path} shows ${h} raw`).toBe(false);
        expect(answer.text.includes(escapeHtml(h)), `${path} shows ${h} escaped`).toBe(true);
      }
    }
    expect(failures).toEqual([]);
  }

  it('a scope, an affirmation and a compliance change posted through the API', async () => {
    w = await template.copy();
    // A company of its own, so the record is on the first page of its lists whatever ran before.
    expect((await apiAs(w, 'ADMIN', 'POST', '/api/v1/import', { companies: [{ cage: 'XSS02', name: 'Plain Co', hloCage: 'XSS02' }] })).status).toBe(201);
    const token = JSON.parse((await apiAs(w, 'ADMIN', 'POST', '/api/v1/users', { email: 'plain@xss.test', role: 'CONTRACTOR', companyCage: 'XSS02', password: PASSWORD })).text).apiToken as string;
    const owner = await signInAs(w.env, 'plain@xss.test', PASSWORD);
    const as = { env: w.env, tokens: { ...w.tokens, CA: token } };
    const posted = await apiAs(as, 'CA', 'POST', '/api/v1/companies/XSS02/assessments', {
      level: 'L2_SELF',
      scope: `Enclave: ${SCRIPT}`,
      results: allResults('L2_SELF'),
      affirmation: { name: IMG, title: SVG },
    });
    expect(posted.status).toBe(201);
    const uid = JSON.parse(posted.text).uid as string;
    expect((await apiAs(as, 'CA', 'POST', `/api/v1/uids/${uid}/compliance-changes`, { date: '2026-11-20', description: `Changed ${SVG}` })).status).toBe(201);
    // Stored as text: the API gives it back exactly.
    const rec = JSON.parse((await apiAs(w, 'CO', 'GET', `/api/v1/uids/${uid}`)).text);
    expect(rec.scope).toBe(`Enclave: ${SCRIPT}`);
    expect(rec.affirmations[0].name).toBe(IMG);
    await shownEscaped(owner, [
      [`/uids?uid=${uid}`, [SCRIPT, IMG, SVG]],
      [`/company/uids/${uid}`, [SCRIPT, IMG, SVG]],
      ['/company/assessments', [SCRIPT]],
    ]);
    await shownEscaped('CO', [[`/uids?uid=${uid}`, [SCRIPT, IMG, SVG]]]);
  });

  it('a company name from the bulk import, an account name, an official, a solicitation and an offer', async () => {
    w = await template.copy();
    const imp = await apiAs(w, 'ADMIN', 'POST', '/api/v1/import', { companies: [{ cage: 'XSS01', name: `Evil ${SCRIPT} Corp`, hloCage: 'XSS01' }] });
    expect(imp.status).toBe(201);
    const made = await apiAs(w, 'ADMIN', 'POST', '/api/v1/users', { email: 'evil@xss.test', role: 'CONTRACTOR', companyCage: 'XSS01', name: IMG, password: PASSWORD });
    expect(made.status).toBe(201);
    const evil = await signInAs(w.env, 'evil@xss.test', PASSWORD);
    expect((await evil.post('/company/officials', { name: SVG, title: IMG })).status).toBe(303);
    await shownEscaped(evil, [['/company', [SCRIPT, SVG]]]);
    await shownEscaped('ADMIN', [['/admin/users', [IMG]]]);
    const sol = await pageAs(w, 'CO', 'POST', '/officer/solicitations', { number: 'XSS-SOL-1', title: `Buy ${SCRIPT}`, issueDate: '2026-11-20', actionType: 'CONTRACT', programOfficeLevel: 'L2_SELF', information: 'CUI' });
    expect(sol.status).toBe(303);
    const solId = /solicitations\/(\d+)/.exec(sol.headers.get('location') ?? '')![1];
    const offer = await pageAs(w, 'CO', 'POST', `/officer/solicitations/${solId}/offers`, { offerorName: `Offeror ${IMG}`, cage: 'XSS01', uei: 'XSSUEI000001', uids: 'ZZZZ000001' });
    expect(offer.status).toBe(303);
    const offerId = /offers\/(\d+)/.exec(offer.headers.get('location') ?? '')![1];
    await shownEscaped('CO', [
      ['/officer/solicitations?q=XSS-SOL-1', [SCRIPT]],
      [`/officer/solicitations/${solId}`, [SCRIPT, IMG]],
      [`/officer/offers/${offerId}`, [IMG]],
      [`/officer/offers/${offerId}/check`, [IMG]],
    ]);
  });

  it('a flowdown check\'s subcontractor name and contract number typed by the prime', async () => {
    w = await template.copy();
    const r = await apiAs(w, 'CA', 'POST', '/api/v1/flowdown-checks', {
      primeContractNumber: `C-${IMG}`.slice(0, 60),
      primeLevel: 'L2_SELF',
      subcontractor: { cage: 'ZZZ98', name: `Sub ${SCRIPT}` },
      information: 'CUI',
      evidence: { kind: 'OTHER', reference: SVG, uids: ['ZZZZ000002'], level: 'L2_SELF', type: 'FINAL', statusDate: '2026-06-01' },
    });
    expect(r.status).toBe(201);
    const id = JSON.parse(r.text).id as string;
    await shownEscaped('CA', [
      ['/flowdown?subCage=ZZZ98', [SCRIPT, IMG]],
      [`/flowdown/checks/${id}`, [SCRIPT, IMG, SVG]],
    ]);
    // The register export: a typed formula stays text in a spreadsheet (src/services/csv.ts).
    const formula = await apiAs(w, 'CA', 'POST', '/api/v1/flowdown-checks', {
      primeContractNumber: 'C-FORMULA',
      primeLevel: 'L2_SELF',
      subcontractor: { cage: 'ZZZ97', name: '=HYPERLINK("http://evil.example","x")' },
      information: 'CUI',
    });
    expect(formula.status).toBe(201);
    const csv = (await pageAs(w, 'CA', 'GET', '/flowdown/register.csv?subCage=ZZZ97')).text;
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csv).not.toMatch(/(^|,)"=/m);
  });

  it('any scope name the API accepts comes back escaped (property)', async () => {
    w = await template.copy();
    const hostileChars = fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', '/', '=', ' ', 's', 'c', 'r', 'i', 'p', 't', '(', ')', ';', '\u00e9', '\u202E'), minLength: 1, maxLength: 40 });
    let i = 0;
    await fc.assert(
      fc.asyncProperty(hostileChars, async (s) => {
        const res = await apiAs(w, 'CA', 'POST', `/api/v1/companies/${A.hlo}/assessments`, { level: 'L1_SELF', scope: `p${++i} ${s}`, results: allResults('L1_SELF') });
        if (res.status !== 201) {
          expect(res.status).toBe(422); // e.g. a scope that trims to nothing
          return;
        }
        stats.acceptedHostile++;
        const uid = JSON.parse(res.text).uid as string;
        const scope = JSON.parse((await apiAs(w, 'CA', 'GET', `/api/v1/uids/${uid}`)).text).scope as string;
        const page = await pageAs(w, 'CA', 'GET', `/uids?uid=${uid}`);
        expect(page.status).toBe(200);
        expect(page.text).toContain(escapeHtml(scope));
        if (/[<>]/.test(scope)) expect(page.text).not.toContain(scope);
      }),
      { seed: SEED, numRuns: 25 * RUNS },
    );
    expect(stats.acceptedHostile).toBeGreaterThan(0);
  });
});
