/**
 * The two-company world the resilience tests attack: company A (AAA01, with AAA02 under it) and
 * company B (BQX77, with BQX78 under it), one account per role, and records of B in every place
 * the product keeps company data (status records, NIST postings, recorded verifications, flowdown
 * checks, attestations, affirming officials, drafts, the officer workspace). Rules §9: only
 * government readers, B's own contractor and (for what they posted) assessors may see B's data.
 *
 * Everything is created through the product's own API and forms; ids the forms do not echo are
 * read back from the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createTestDatabase, type Database } from '../../db/client.js';
import { fixedClock } from '../../src/clock.js';
import type { Role } from '../../src/domain/levels.js';
import { ensureAdminToken } from '../../src/services/users.js';
import { ADMIN_TOKEN, affirmation, allResults, company, envOn, testEnv, TODAY, type TestEnv } from '../helpers.js';
import { finishedImport, formBody, sessionOn, signInAs, type Session } from '../pages/page-helpers.js';

export type Caller = 'ADMIN' | 'CO' | 'DIBCAC' | 'CA' | 'CB' | 'C3A' | 'C3N' | 'NONE' | 'BAD';
export const CALLERS: Caller[] = ['ADMIN', 'CO', 'DIBCAC', 'CA', 'CB', 'C3A', 'C3N', 'NONE', 'BAD'];
export const CALLER_LABEL: Record<Caller, string> = {
  ADMIN: 'administrator',
  CO: 'contracting officer',
  DIBCAC: 'DIBCAC',
  CA: 'contractor of A',
  CB: 'contractor of B',
  C3A: 'C3PAO engaged with A',
  C3N: 'C3PAO not engaged',
  NONE: 'no token',
  BAD: 'bad token',
};

export const PASSWORD = 'resilience-password-01';
const ACCOUNTS: Record<Exclude<Caller, 'NONE' | 'BAD'>, { email: string; role: Role; cage?: string }> = {
  ADMIN: { email: 'root@awardgate.test', role: 'ADMIN' },
  CO: { email: 'officer@agency.test', role: 'CONTRACTING_OFFICER' },
  DIBCAC: { email: 'assessor@dibcac.test', role: 'DIBCAC' },
  CA: { email: 'owner@alpha-aero.test', role: 'CONTRACTOR', cage: 'AAA02' },
  CB: { email: 'owner@bravo-quantum.test', role: 'CONTRACTOR', cage: 'BQX77' },
  C3A: { email: 'lead@c3pao-one.test', role: 'C3PAO' },
  C3N: { email: 'lead@c3pao-two.test', role: 'C3PAO' },
};
/** C3PAO accounts the engagement rows engage with B (so no caller's engagements change). */
export const SPARE_ASSESSORS = { ADMIN: 'spare1@c3pao-three.test', CB: 'spare2@c3pao-three.test' } as const;

export const POAM = ['AC.L2-3.1.3', 'AC.L2-3.1.4'];
export const POAM_MET = { 'AC.L2-3.1.3': 'MET', 'AC.L2-3.1.4': 'MET' };

/** B's records. Every value here is B's data (rules §9). */
export const B = {
  hlo: 'BQX77',
  sub: 'BQX78',
  uei: 'BQXUEI777777',
  name: 'Bravo Quantum Xylotech Inc',
  /** Final L2 (Self): read, affirmed, attested. */
  final: 'BQXF000001',
  /** Conditional L2 (Self): closed out through the API by B's contractor. */
  condApi: 'BQXC000002',
  /** Conditional L2 (Self): closed out through the API by an administrator. */
  condAdmin: 'BQXC000003',
  /** Final L2 (C3PAO) on B's enclave. */
  c3pao: 'BQX3000004',
  /** Final L2 (Self) with a compliance change already recorded; compliance changes go here. */
  changed: 'BQXF000005',
  /** Conditional L2 (Self): closed out through the contractor workspace. */
  condPage: 'BQXC000007',
  /** Distinctive scores of B's records (a Final has 110, rules §6, so only Conditionals and NIST scores tell). */
  scores: [95, 94, 93, -173],
  flowdownContract: 'BQX-PRIME-SECRET-9',
  verificationContract: 'W91-BRAVO-0007',
};
export const A = { hlo: 'AAA01', sub: 'AAA02', final: 'AAAF000001', cond: 'AAAC000002' };

/** Same-format identifiers that exist nowhere: a 404 for B's record must read exactly like one for these. */
export const GHOSTS: [string, string][] = [
  [B.final, 'ZZGH000001'],
  [B.condApi, 'ZZGH000002'],
  [B.condAdmin, 'ZZGH000003'],
  [B.c3pao, 'ZZGH000004'],
  [B.changed, 'ZZGH000005'],
  [B.condPage, 'ZZGH000007'],
  [B.hlo, 'ZZG77'],
  [B.sub, 'ZZG78'],
];

const importPayload = () => {
  const rec = (uid: string, cages: string[], scope: string, score: number, over: Record<string, unknown> = {}) => ({
    uid,
    level: 'L2_SELF',
    status: 'FINAL',
    statusDate: '2026-06-01',
    cages,
    scope,
    score,
    affirmations: [{ ...affirmation((over.statusDate as string) ?? '2026-06-01'), name: cages[0].startsWith('BQX') ? 'Brenda Quill' : 'Pat Alpha' }],
    ...over,
  });
  const cond = { status: 'CONDITIONAL', statusDate: '2026-10-01', poam: POAM };
  return {
    companies: [
      company(A.hlo, A.hlo, { name: 'Alpha Aerospace LLC', uei: 'AAAUEI000001' }),
      company(A.sub, A.hlo, { name: 'Alpha Aerospace West', uei: 'AAAUEI000002' }),
      company(B.hlo, B.hlo, { name: B.name, uei: B.uei, address: '77 Bravo Secret Way, Norfolk VA 23510' }),
      company(B.sub, B.hlo, { name: 'Bravo Quantum Xylotech West', uei: 'BQXUEI777778' }),
    ],
    assessments: [
      rec(A.final, [A.hlo], 'Alpha enterprise', 110),
      rec(A.cond, [A.hlo], 'Alpha lab', 108, cond),
      rec(B.final, [B.hlo], 'Bravo enterprise', 110),
      rec(B.condApi, [B.hlo], 'Bravo lab one', 95, cond),
      rec(B.condAdmin, [B.sub], 'Bravo lab two', 94, cond),
      rec(B.c3pao, [B.hlo], 'Enclave: Bravo quantum lab', 110, { level: 'L2_C3PAO', statusDate: '2026-05-01' }),
      rec(B.changed, [B.hlo], 'Bravo field office', 110, { statusDate: '2026-03-01', complianceChanges: [{ date: '2026-07-01', description: 'Bravo finding: MFA removed from field laptops' }] }),
      rec(B.condPage, [B.hlo], 'Bravo lab three', 93, cond),
    ],
    nistAssessments: [
      { cages: [B.hlo], confidence: 'BASIC', assessmentDate: '2025-01-10', score: -173, fullImplementationDate: '2027-01-01', planDescription: 'Bravo system security plan' },
      { cages: [A.hlo], confidence: 'BASIC', assessmentDate: '2025-02-10', score: 105, fullImplementationDate: '2026-01-01', planDescription: 'Alpha plan' },
    ],
  };
};

export interface World {
  env: TestEnv;
  tokens: Record<Caller, string | null>;
  sessions: Partial<Record<Caller, Session>>;
  /** Ids of B's records that only the database or a redirect tells. */
  ids: {
    verification: string;
    flowdownCheck: string;
    attestationToken: string;
    official: number;
    /** Removed by B's contractor in the matrix (the other one stays on file). */
    officialSpare: number;
    draft: number;
    /** Deleted by B's contractor in the matrix. */
    draftSpare: number;
    solicitation: number;
    offer: number;
    contract: number;
    awardVerification: string;
    optionPeriod: number;
    /** A's own, for the A-side rows. */
    aFlowdownCheck: string;
    aC3paoUid: string;
  };
  /** Text that is B's data: identifiers, names, contract numbers, ids. */
  needles: string[];
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  headers: Headers;
}

export async function apiAs(w: Pick<World, 'env' | 'tokens'>, who: Caller, method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = w.tokens[who];
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await w.env.app.request(path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
}

/** A browser request: the caller's session cookie (a forged one for BAD, none for NONE) and CSRF token. */
export async function pageAs(w: Pick<World, 'env' | 'sessions'>, who: Caller, method: string, path: string, form?: Record<string, string | string[]>): Promise<Answer> {
  const s = w.sessions[who];
  const cookie = s ? s.cookie : who === 'BAD' ? 'ag_session=forged-session-id-0000000000000000000000' : '';
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (method !== 'GET') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.origin = 'http://localhost';
    body = formBody({ _csrf: s?.csrf ?? 'forged-csrf-token', ...(form ?? {}) });
  }
  const res = await w.env.app.request(path, { method, headers, body });
  // An import runs as a job after its 303 (pages/admin/import.tsx): waited for, so what is stored is settled.
  const location = res.headers.get('location') ?? '';
  if (res.status === 303 && location.startsWith('/admin/import/jobs/')) await (await finishedImport(async (p) => w.env.app.request(p, { headers: { cookie } }), location)).arrayBuffer();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
}

/** Row counts of every table (sqlite_master, so tables added later are counted too). */
export async function tableCounts(database: Database | { client: Database['client'] }): Promise<Record<string, number>> {
  const tables = (await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name")).rows.map(
    (r) => String(r.name),
  );
  const row = (await database.client.execute(`SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(', ')}`)).rows[0];
  return Object.fromEntries(tables.map((t) => [t, Number(row[t])]));
}

export const diffCounts = (before: Record<string, number>, after: Record<string, number>): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`);

const must = (ok: boolean, what: string, detail: unknown) => {
  if (!ok) throw new Error(`world set-up: ${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`.slice(0, 2000));
};

export async function buildWorld(given?: TestEnv): Promise<World> {
  const env = given ?? (await testEnv(TODAY));
  const tokens = { NONE: null, BAD: 'ag_forged-token-000000000000000000000000000' } as Record<Caller, string | null>;
  // The bootstrap administrator (ADMIN_API_TOKEN) loads the SPRS records and opens the accounts.
  const imp = await env.api('POST', '/api/v1/import', importPayload());
  must(imp.status === 201, 'import', imp.json);
  for (const [who, a] of Object.entries(ACCOUNTS) as [Caller, (typeof ACCOUNTS)['ADMIN']][]) tokens[who] = await env.user(a.email, a.role, a.cage, PASSWORD);
  for (const email of Object.values(SPARE_ASSESSORS)) await env.user(email, 'C3PAO');
  const w0 = { env, tokens };

  // The engaged C3PAO posts A's Level 2 (C3PAO) result; nobody is engaged with B.
  const eng = await apiAs(w0, 'ADMIN', 'POST', '/api/v1/engagements', { companyCage: A.hlo, assessorEmail: ACCOUNTS.C3A.email });
  must(eng.status === 201, 'engagement', eng.text);
  const aPost = await apiAs(w0, 'C3A', 'POST', `/api/v1/companies/${A.hlo}/assessments`, { level: 'L2_C3PAO', scope: 'Alpha enclave', results: allResults('L2_C3PAO') });
  must(aPost.status === 201, 'C3PAO posting for A', aPost.text);
  const aC3paoUid = JSON.parse(aPost.text).uid as string;

  const typed = (uids: string[]) => ({ kind: 'SPRS_PRINTOUT', reference: 'printout', uids, level: 'L2_SELF', type: 'FINAL', statusDate: '2026-06-01', affirmationDate: '2026-06-01' });
  const bFlow = await apiAs(w0, 'CB', 'POST', '/api/v1/flowdown-checks', {
    primeContractNumber: B.flowdownContract,
    primeLevel: 'L2_SELF',
    subcontractor: { cage: A.hlo, name: 'Zeta sub of Bravo' },
    information: 'CUI',
    evidence: typed([A.final]),
  });
  must(bFlow.status === 201, 'B flowdown check', bFlow.text);
  const aFlow = await apiAs(w0, 'CA', 'POST', '/api/v1/flowdown-checks', {
    primeContractNumber: 'AAA-PRIME-1',
    primeLevel: 'L2_SELF',
    subcontractor: { cage: 'ZZZ99', name: 'Alpha sub' },
    information: 'FCI',
    evidence: typed(['ZZZZ000001']),
  });
  must(aFlow.status === 201, 'A flowdown check', aFlow.text);
  const att = await apiAs(w0, 'CB', 'POST', '/api/v1/attestations', { uids: [B.final] });
  must(att.status === 201, 'B attestation', att.text);

  const v1 = await apiAs(w0, 'CO', 'POST', '/api/v1/checks', { purpose: 'NEW_UID', requiredLevel: 'L2_SELF', uids: [B.final], offerorCage: B.hlo, record: true, contractNumber: B.verificationContract });
  must(v1.status === 200, 'recorded verification', v1.text);

  const sessions: Partial<Record<Caller, Session>> = {};
  for (const [who, a] of Object.entries(ACCOUNTS) as [Caller, (typeof ACCOUNTS)['ADMIN']][]) sessions[who] = await signInAs(env, a.email, PASSWORD);
  const w1 = { env, sessions };

  // B's contractor: an Affirming Official on file and a saved draft.
  const off = await pageAs(w1, 'CB', 'POST', '/company/officials', { name: 'Brenda Quill', title: 'Chief Bravo Officer', email: 'brenda@bravo-quantum.test' });
  must(off.status === 303, 'official', off.status);
  const off2 = await pageAs(w1, 'CB', 'POST', '/company/officials', { name: 'Bruno Quill', title: 'Bravo Deputy' });
  must(off2.status === 303, 'second official', off2.status);
  const officialId = async (name: string) => Number((await env.database.client.execute({ sql: 'SELECT id FROM affirming_officials WHERE name = ?', args: [name] })).rows[0].id);
  const saveDraft = async () => {
    const r = await pageAs(w1, 'CB', 'POST', '/company/assessments/new', { level: 'L2_SELF', action: 'save', scopeChoice: 'Enterprise', cages: B.hlo, 'results.AC.L2-3.1.1': 'MET' });
    must(r.status === 303, 'draft', r.status);
    return Number(/drafts\/(\d+)/.exec(r.headers.get('location') ?? '')?.[1]);
  };
  const draft = await saveDraft();
  const draftSpare = await saveDraft();

  // The officer workspace: a solicitation, B's offer, its award, a contract with an option period.
  const sol = await pageAs(w1, 'CO', 'POST', '/officer/solicitations', {
    number: 'W91-BRAVO-SOL-2',
    title: 'Bravo quantum sensors',
    issueDate: '2026-11-20',
    actionType: 'CONTRACT',
    programOfficeLevel: 'L2_SELF',
    information: 'CUI',
    nistMaxAgeDays: '',
    plannedAwardDate: '',
  });
  must(sol.status === 303, 'solicitation', sol.text || sol.status);
  const solicitation = Number(/solicitations\/(\d+)/.exec(sol.headers.get('location') ?? '')?.[1]);
  const offerRes = await pageAs(w1, 'CO', 'POST', `/officer/solicitations/${solicitation}/offers`, { offerorName: B.name, cage: B.hlo, uei: B.uei, uids: B.final });
  must(offerRes.status === 303, 'offer', offerRes.text || offerRes.status);
  const offer = Number(/offers\/(\d+)/.exec(offerRes.headers.get('location') ?? '')?.[1]);
  const award = await pageAs(w1, 'CO', 'POST', `/officer/offers/${offer}/award`, { asOf: '', lookAheadUntil: '', confirm: 'on' });
  must(award.status === 303, 'award', award.text || award.status);
  const awardVerification = /verifications\/([0-9a-f-]{36})/.exec(award.headers.get('location') ?? '')?.[1] ?? '';
  const con = await pageAs(w1, 'CO', 'POST', '/officer/contracts', {
    awardVerificationId: awardVerification,
    number: 'W91-BRAVO-C-0003',
    awardDate: TODAY,
    basePeriodEnd: '2027-11-30',
    'optionPeriods.0.label': 'Option 1',
    'optionPeriods.0.startDate': '2027-12-01',
    'optionPeriods.0.endDate': '2028-11-30',
  });
  must(con.status === 303, 'contract', con.text || con.status);
  const contract = Number(/contracts\/(\d+)/.exec(con.headers.get('location') ?? '')?.[1]);
  const optionPeriod = Number((await env.database.client.execute({ sql: 'SELECT id FROM option_periods WHERE contract_id = ? ORDER BY id LIMIT 1', args: [contract] })).rows[0].id);

  const ids: World['ids'] = {
    verification: JSON.parse(v1.text).verificationId,
    flowdownCheck: JSON.parse(bFlow.text).id,
    attestationToken: JSON.parse(att.text).token,
    official: await officialId('Brenda Quill'),
    officialSpare: await officialId('Bruno Quill'),
    draft,
    draftSpare,
    solicitation,
    offer,
    contract,
    awardVerification,
    optionPeriod,
    aFlowdownCheck: JSON.parse(aFlow.text).id,
    aC3paoUid,
  };
  const needles = [
    B.hlo,
    B.sub,
    B.uei,
    'Bravo',
    'Brenda Quill',
    'bravo-quantum',
    B.flowdownContract,
    B.verificationContract,
    'W91-BRAVO',
    B.final,
    B.condApi,
    B.condAdmin,
    B.c3pao,
    B.changed,
    B.condPage,
    ids.verification,
    ids.flowdownCheck,
    ids.awardVerification,
  ];
  return { env, tokens, sessions, ids, needles };
}

export interface WorldTemplate {
  /** A copy of the world in a database of the running test's own (closed and removed when the test finishes). */
  copy: () => Promise<World>;
  remove: () => void;
}

/**
 * The world takes seconds to build (accounts with passwords, sign-ins), so it is built once on a
 * file database and every test loads a copy of its rows into an in-memory database of its own:
 * what one test writes, no other sees. Tokens and sessions live in the database, so they hold in
 * every copy.
 */
export async function worldTemplate(): Promise<WorldTemplate> {
  const dir = mkdtempSync(join(tmpdir(), 'awardgate-world-'));
  const file = join(dir, 'template.db');
  const clock = fixedClock(TODAY);
  const database = await createTestDatabase(`file:${file}`);
  await ensureAdminToken({ database, clock }, ADMIN_TOKEN);
  const template = await buildWorld(envOn(database, clock));
  const tables = Object.keys(await tableCounts(database));
  await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
  return {
    async copy() {
      const own = await createTestDatabase();
      // Rows go in as they are: foreign keys are checked again once every table is filled.
      await own.client.execute('PRAGMA foreign_keys = OFF');
      await own.client.execute({ sql: 'ATTACH DATABASE ? AS template', args: [file] });
      // OR REPLACE: triggers write check_timeline rows while assessments go in (the same rows the template holds).
      for (const t of tables) await own.client.execute(`INSERT OR REPLACE INTO main."${t}" SELECT * FROM template."${t}"`);
      await own.client.execute('DETACH DATABASE template');
      await own.client.execute('PRAGMA foreign_keys = ON');
      const violations = (await own.client.execute('PRAGMA foreign_key_check')).rows;
      if (violations.length) throw new Error(`world copy: foreign key violations ${JSON.stringify(violations).slice(0, 500)}`);
      const env = envOn(own, clock);
      onTestFinished(() => env.close());
      const sessions = Object.fromEntries(Object.entries(template.sessions).map(([who, s]) => [who, sessionOn(env, s!)])) as World['sessions'];
      return { ...template, env, sessions };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The claims of every compact JWS in a request: a caller who presents a token already holds them. */
function presentedClaims(text: string): string {
  const out: string[] = [];
  for (const m of text.matchAll(/([A-Za-z0-9_-]{10,})\.([A-Za-z0-9_-]{10,})\.([A-Za-z0-9_-]{10,})/g)) {
    try {
      out.push(Buffer.from(m[2], 'base64url').toString('utf8'));
    } catch {
      /* not a JWS */
    }
  }
  return out.join('\n');
}

const B_SCORES = new Set(B.scores);

/**
 * B's data in an answer that the request did not itself carry: needles (case-insensitive), and
 * B's scores (a `score` field in JSON; the distinctive NIST score −173 anywhere).
 */
export function leaksIn(w: Pick<World, 'needles'>, answer: Pick<Answer, 'text' | 'contentType'>, requestText: string): string[] {
  const sent = `${requestText}\n${presentedClaims(requestText)}`.toLowerCase();
  const body = answer.text.toLowerCase();
  const found = w.needles.filter((n) => body.includes(n.toLowerCase()) && !sent.includes(n.toLowerCase())).map((n) => `"${n}"`);
  if (/json/.test(answer.contentType)) {
    try {
      const walk = (v: unknown, path: string): void => {
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
        else if (typeof v === 'number' && /score$/i.test(path) && B_SCORES.has(v) && !sent.includes(String(v))) found.push(`score ${v} at ${path}`);
      };
      walk(JSON.parse(answer.text), '$');
    } catch {
      /* not JSON after all */
    }
  }
  if (/(^|[^0-9])[-−]173([^0-9]|$)/.test(answer.text) && !sent.includes('173')) found.push('NIST score −173');
  return found;
}

/** The request with B's identifiers swapped for ones that exist nowhere. */
export const ghostOf = (s: string): string => GHOSTS.reduce((acc, [real, ghost]) => acc.split(real).join(ghost), s);
export const unghost = (s: string): string => GHOSTS.reduce((acc, [real, ghost]) => acc.split(ghost).join(real), s);
export const mentionsB = (s: string): boolean => GHOSTS.some(([real]) => s.includes(real));
