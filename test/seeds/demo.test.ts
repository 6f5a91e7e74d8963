/**
 * The demo data set (seeds/demo.ts) shows every feature: every reason code of the public API occurs
 * for some seeded UID or check, each demo account exists with its role and password, and the seed
 * runs only on a new database. The data is dated relative to today, so the same story must hold on
 * any day: the checks run on the required demo day and on a second, unrelated day.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createTestDatabase, isNewDatabase, migrateDatabase, type Database } from '../../db/client.js';
import { assessments, companies, users } from '../../db/schema.js';
import { createApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import type { Level } from '../../src/domain/levels.js';
import { verifyPassword } from '../../src/services/passwords.js';
import { listContracts } from '../../src/services/contracts.js';
import { listSolicitations } from '../../src/services/solicitations.js';
import { actorForUserId, ensureAdminToken } from '../../src/services/users.js';
import { watchList } from '../../src/services/watch-list.js';
import { DEMO_COMPANIES, DEMO_NIST, DEMO_VERIFICATIONS, TODAY_POSTINGS } from '../../seeds/demo-data.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_UIDS, seedDemo } from '../../seeds/demo.js';
import { TEST_PASSWORD_HASH_N } from '../helpers.js';

const TOKEN = 'demo-seed-test-admin-token';

/** Every reason code the public API lists (api.md "Reason codes"). */
const API_REASON_CODES = [
  'UID_INVALID_FORMAT',
  'UID_NOT_FOUND',
  'NO_UIDS_PROVIDED',
  'DUPLICATE_UID',
  'NO_CMMC_STATUS',
  'LEVEL_TOO_LOW',
  'CONDITIONAL_NOT_ALLOWED_FOR_L1',
  'CONDITIONAL_EXPIRED',
  'STATUS_EXPIRED',
  'AFFIRMATION_MISSING',
  'AFFIRMATION_EXPIRED',
  'COMPLIANCE_CHANGED',
  'SUPERSEDED',
  'POAM_CLOSEOUT_FAILED',
  'NIST_ASSESSMENT_MISSING',
  'NIST_ASSESSMENT_EXPIRED',
  'SAM_NOT_CONFIRMED',
  'EXPIRES_WITHIN',
  'L3_PREREQUISITE_LAPSED',
  'UID_NOT_OFFEROR_CAGE',
];

type UidName = keyof typeof DEMO_UIDS;
/** What a check of each demo UID must show: the requirement it is checked against and the codes it must carry. */
const EXPECTED: Record<UidName, { requiredLevel: Level; eligible: boolean; codes: string[]; offeror?: string }> = {
  finalL1: { requiredLevel: 'L1_SELF', eligible: true, codes: [] },
  finalL2Self: { requiredLevel: 'L2_C3PAO', eligible: false, codes: ['LEVEL_TOO_LOW'] },
  finalL2C3pao: { requiredLevel: 'L2_C3PAO', eligible: true, codes: [] },
  conditionalL2C3pao: { requiredLevel: 'L2_C3PAO', eligible: true, codes: [] },
  conditionalExpired: { requiredLevel: 'L2_C3PAO', eligible: false, codes: ['CONDITIONAL_EXPIRED'] },
  finalL1Expired: { requiredLevel: 'L1_SELF', eligible: false, codes: ['STATUS_EXPIRED'] },
  affirmationExpired: { requiredLevel: 'L2_SELF', eligible: false, codes: ['AFFIRMATION_EXPIRED'] },
  awaitingAffirmation: { requiredLevel: 'L2_C3PAO', eligible: false, codes: ['AFFIRMATION_MISSING'] },
  complianceChanged: { requiredLevel: 'L2_SELF', eligible: false, codes: ['COMPLIANCE_CHANGED'] },
  superseded: { requiredLevel: 'L2_SELF', eligible: false, codes: ['SUPERSEDED'] },
  closeoutSuccess: { requiredLevel: 'L2_C3PAO', eligible: true, codes: [] },
  closeoutFailed: { requiredLevel: 'L2_C3PAO', eligible: false, codes: ['POAM_CLOSEOUT_FAILED'] },
  noCmmcStatus: { requiredLevel: 'L2_SELF', eligible: false, codes: ['NO_CMMC_STATUS'] },
  finalL3: { requiredLevel: 'L3_DIBCAC', eligible: true, codes: [] },
  falconL2C3pao: { requiredLevel: 'L2_C3PAO', eligible: true, codes: [] },
  l3PrerequisiteLapsed: { requiredLevel: 'L3_DIBCAC', eligible: true, codes: ['L3_PREREQUISITE_LAPSED'] },
  ospreyL2C3pao: { requiredLevel: 'L2_C3PAO', eligible: false, codes: ['AFFIRMATION_EXPIRED'] },
  expiresWithin: { requiredLevel: 'L1_SELF', eligible: true, codes: ['EXPIRES_WITHIN'] },
  subcontractorUid: { requiredLevel: 'L2_C3PAO', eligible: true, codes: ['UID_NOT_OFFEROR_CAGE'], offeror: DEMO_COMPANIES.keystone.cage },
  conditionalForL1: { requiredLevel: 'L1_SELF', eligible: false, codes: ['CONDITIONAL_NOT_ALLOWED_FOR_L1'] },
};

async function seededEnv(today: string) {
  const database = await createTestDatabase();
  const clock = fixedClock(today);
  const summary = await seedDemo({ database, clock, passwordHashN: TEST_PASSWORD_HASH_N });
  await ensureAdminToken({ database, clock }, TOKEN);
  const app = createApp({ database, clock, passwordHashN: TEST_PASSWORD_HASH_N });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  const check = async (body: Record<string, unknown>) => {
    const r = await api('POST', '/api/v1/checks', body);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.json;
  };
  return { database, clock, summary, api, check };
}

const codesOf = (answer: any): string[] => [
  ...answer.reasons.map((r: any) => r.code),
  ...answer.uids.flatMap((u: any) => u.reasons.map((r: any) => r.code)),
  ...answer.nist.flatMap((n: any) => n.reasons.map((r: any) => r.code)),
];

type Env = Awaited<ReturnType<typeof seededEnv>>;

/** An award check of one demo UID against the level EXPECTED names. */
const uidCheck = (env: Env, name: UidName) =>
  env.check({ purpose: 'AWARD', requiredLevel: EXPECTED[name].requiredLevel, uids: [DEMO_UIDS[name].uid], offerorCage: EXPECTED[name].offeror ?? DEMO_UIDS[name].cage });

/** Offer-level and identifier failures: no UID, a duplicate, a malformed and an unknown UID. */
const offerChecks = async (env: Env) => ({
  empty: await env.check({ purpose: 'AWARD', requiredLevel: 'L1_SELF', uids: [] }),
  dup: await env.check({ purpose: 'AWARD', requiredLevel: 'L1_SELF', uids: [DEMO_UIDS.finalL1.uid, DEMO_UIDS.finalL1.uid.toLowerCase()] }),
  bad: await env.check({ purpose: 'AWARD', requiredLevel: 'L1_SELF', uids: ['12345'] }),
  unknown: await env.check({ purpose: 'AWARD', requiredLevel: 'L1_SELF', uids: ['ZZZZZZZZZZ'] }),
});

const CURRENT_NIST_CAGES = [DEMO_NIST.basicCurrent.cages[0], ...DEMO_NIST.mediumCurrent.cages, ...DEMO_NIST.highCurrent.cages];
const nistCheck = (env: Env) =>
  env.check({
    purpose: 'AWARD',
    requiredLevel: 'L1_SELF',
    uids: [DEMO_UIDS.finalL1.uid],
    nist: { cages: [...CURRENT_NIST_CAGES, ...DEMO_NIST.expired.cages, ...DEMO_NIST.none.cages] },
  });

/** An option exercise for the company whose SAM registration is inactive (DFARS 217.207(c)(1)). */
const samCheck = (env: Env, active: boolean) =>
  env.check({
    purpose: 'OPTION',
    requiredLevel: 'L2_C3PAO',
    uids: [DEMO_UIDS.finalL2C3pao.uid],
    offerorCage: DEMO_COMPANIES.redstone.cage,
    sam: { active, ueiCageNameAddressMatch: true },
  });

// The closed-out demo UID has its status date 160 days before the day the data set is seeded.
describe.each([
  { today: '2026-11-23', closedOutStatusDate: '2026-06-16', nistThreeYearsAndADay: '2023-11-22' },
  { today: '2030-03-01', closedOutStatusDate: '2029-09-22', nistThreeYearsAndADay: '2027-02-28' },
])('the demo data set seeded on $today', ({ today, closedOutStatusDate, nistThreeYearsAndADay }) => {
  let env: Env;

  // Seeding checks each demo password against the password rules (zxcvbn-ts loads on first use) and
  // replays a month of daily reminder passes: more than the default 10 s on a busy machine.
  beforeAll(async () => {
    env = await seededEnv(today);
  }, 60_000);
  afterAll(() => env.database.close());

  it('returns a one-line summary dated today', () => {
    expect(env.summary).not.toContain('\n');
    expect(env.summary).toContain(`as of ${today}`);
  });

  it.each(Object.keys(EXPECTED) as UidName[])('shows %s as described', async (name) => {
    const demo = DEMO_UIDS[name];
    const want = EXPECTED[name];
    const answer = await uidCheck(env, name);
    const row = answer.uids[0];
    const codes = codesOf(answer);
    expect(row.uid).toBe(demo.uid);
    expect(row.status.level).toBe(demo.level);
    expect(row.status.cages).toContain(demo.cage);
    expect(codes, `${name}: ${JSON.stringify(row.reasons)}`).toEqual(want.codes);
    expect(answer.eligible, `${name}: ${JSON.stringify(row.reasons)}`).toBe(want.eligible);
  });

  it('names the replacement of the superseded UID and keeps the closed-out UID and status date', async () => {
    const sup = await env.api('GET', `/api/v1/uids/${DEMO_UIDS.superseded.uid}`);
    expect(sup.json.supersededBy).toBe(DEMO_UIDS.conditionalL2C3pao.uid);
    const closed = await env.api('GET', `/api/v1/uids/${DEMO_UIDS.closeoutSuccess.uid}`);
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ uid: DEMO_UIDS.closeoutSuccess.uid, type: 'FINAL', statusDate: closedOutStatusDate, closeout: { result: 'SUCCESS' } });
    expect(closed.json.affirmations.some((a: any) => a.date >= closed.json.closeout.date)).toBe(true);
    const conditional = await env.api('GET', `/api/v1/uids/${DEMO_UIDS.conditionalL2C3pao.uid}`);
    expect(conditional.json.type).toBe('CONDITIONAL');
    expect(conditional.json.poam.length).toBeGreaterThan(0);
  });

  it('raises the offer-level and identifier reason codes', async () => {
    const { empty, dup, bad, unknown } = await offerChecks(env);
    expect(codesOf(empty)).toEqual(['NO_UIDS_PROVIDED']);
    expect(codesOf(dup)).toEqual(['DUPLICATE_UID']);
    expect(dup.eligible).toBe(true);
    expect(codesOf(bad)).toEqual(['UID_INVALID_FORMAT']);
    expect(codesOf(unknown)).toEqual(['UID_NOT_FOUND']);
  });

  it('shows current Basic, Medium and High NIST SP 800-171 DoD Assessments, an expired one and a CAGE with none', async () => {
    const current = CURRENT_NIST_CAGES;
    const answer = await nistCheck(env);
    const byCage = new Map<string, any>(answer.nist.map((n: any) => [n.cage, n]));
    expect(current.map((c) => byCage.get(c).assessment.confidence)).toEqual(['BASIC', 'MEDIUM', 'HIGH']);
    for (const c of current) expect(byCage.get(c).eligible).toBe(true);
    expect(byCage.get(DEMO_NIST.expired.cages[0]).reasons.map((r: any) => r.code)).toEqual(['NIST_ASSESSMENT_EXPIRED']);
    // Issue 16: the sub whose assessment is 3 years and 1 day old (rules §2, §7).
    expect(byCage.get(DEMO_NIST.expired.cages[0]).assessment.assessmentDate).toBe(nistThreeYearsAndADay);
    expect(byCage.get(DEMO_NIST.none.cages[0]).reasons.map((r: any) => r.code)).toEqual(['NIST_ASSESSMENT_MISSING']);
  });

  it('fails an option exercise for the company whose SAM registration is inactive', async () => {
    const [row] = await env.database.db.select().from(companies).where(eq(companies.cage, DEMO_COMPANIES.redstone.cage));
    expect(row.samActive).toBe(false);
    const answer = await samCheck(env, row.samActive);
    expect(answer.eligible).toBe(false);
    // The option is for Redstone and the UID is Keystone's: information only (rules §5).
    expect(codesOf(answer)).toEqual(['SAM_NOT_CONFIRMED', 'UID_NOT_OFFEROR_CAGE']);
  });

  it('makes every reason code of the public API occur', async () => {
    const answers = [
      ...(await Promise.all((Object.keys(EXPECTED) as UidName[]).map((n) => uidCheck(env, n)))),
      ...Object.values(await offerChecks(env)),
      await nistCheck(env),
      await samCheck(env, false),
    ];
    const seen = new Set(answers.flatMap(codesOf));
    expect(API_REASON_CODES.filter((c) => !seen.has(c))).toEqual([]);
  });

  it('creates each demo account with its role, company and the demo password', async () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(['ADMIN', 'CONTRACTING_OFFICER', 'CONTRACTOR', 'C3PAO', 'DIBCAC']));
    expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(12);
    for (const a of DEMO_ACCOUNTS) {
      const [row] = await env.database.db.select().from(users).where(eq(users.email, a.email));
      expect(row, a.email).toBeDefined();
      expect(row.role).toBe(a.role);
      expect(row.companyCage).toBe(a.company?.cage ?? null);
      expect(await verifyPassword(a.password, row.passwordHash)).toBe(true);
      // Marked as demo accounts: the banner shows, and production refuses to start with them (issue 12, finding 7).
      expect(row.demo, a.email).toBe(true);
    }
  });

  it('records today the C3PAO posting, its affirmation and the subcontractor self-assessment', async () => {
    const posted = await env.database.db.select().from(assessments).where(eq(assessments.source, 'POSTING'));
    expect(posted.map((p) => p.statusDate)).toEqual([today, today]);
    const c3pao = posted.find((p) => p.level === 'L2_C3PAO')!;
    expect(c3pao.hloCage).toBe(TODAY_POSTINGS.c3paoConditional.cage);
    const rec = await env.api('GET', `/api/v1/uids/${c3pao.uid}`);
    expect(rec.json).toMatchObject({ type: 'CONDITIONAL', current: true });
    expect(rec.json.poam).toEqual([...TODAY_POSTINGS.c3paoConditional.poam].sort());
    expect(rec.json.affirmations.map((a: any) => a.date)).toEqual([today]);
    expect(posted.find((p) => p.level === 'L1_SELF')?.hloCage).toBe(TODAY_POSTINGS.subcontractorL1.cage);
  });

  it('holds two recorded verifications for the prime: an eligible award and an option with SAM attestations', async () => {
    const list = await env.api('GET', '/api/v1/verifications');
    expect(list.status).toBe(200);
    const items = (list.json.items as any[]).filter((v) => v.offerorCage === DEMO_COMPANIES.keystone.cage);
    expect(items).toHaveLength(2);
    const award = items.find((v) => v.purpose === 'AWARD');
    const option = items.find((v) => v.purpose === 'OPTION');
    expect(award).toMatchObject({ eligible: true, asOf: today, solicitationNumber: DEMO_VERIFICATIONS.award.solicitationNumber, recordedBy: 'officer@awardgate.demo' });
    expect(option).toMatchObject({ eligible: true, asOf: today, contractNumber: DEMO_VERIFICATIONS.option.contractNumber, recordedBy: 'officer@awardgate.demo' });
    expect(option.request.sam).toEqual({ active: true, ueiCageNameAddressMatch: true });
    expect(award.offerorCage).toBe(DEMO_COMPANIES.keystone.cage);
  });
});

describe('the officer workspace seeded (issue 10)', () => {
  let env: Env;
  beforeAll(async () => {
    env = await seededEnv('2026-11-23');
  }, 60_000);
  afterAll(() => env.database.close());

  it('has an awarded solicitation, an open one with the prime offer, and a contract whose first option comes after its UID lapses', async () => {
    const [row] = await env.database.db.select({ id: users.id }).from(users).where(eq(users.email, 'officer@awardgate.demo'));
    const officer = (await actorForUserId(env.database.db, row.id))!;
    const ctx = { database: env.database, clock: env.clock };
    const sols = await listSolicitations(ctx, officer, { sort: 'number', dir: 'asc', offset: 0, limit: 50 });
    expect(sols.rows.map((r) => [r.number, r.offerCount])).toEqual([
      ['W58RGZ-27-Q-0107', 1],
      ['W58RGZ-27-R-0042', 1],
    ]);
    const cons = await listContracts(ctx, officer, { sort: 'number', dir: 'asc', offset: 0, limit: 50 });
    expect(cons.rows.map((r) => r.number)).toEqual(['W58RGZ-27-C-0107']);
    // NTUC3GWJSB is current for 35 more days (through 2026-12-28); Option 1 starts 60 days on, 2027-01-22.
    const watch = await watchList(ctx, officer, {});
    expect(watch.entries.map((e) => [e.contract.number, e.nextOption.startDate, e.uids.map((u) => u.uid), e.firstLapse])).toEqual([['W58RGZ-27-C-0107', '2027-01-22', ['NTUC3GWJSB'], '2026-12-28']]);
  });
});

describe('seeding only a new database', () => {
  it('treats a migrated database as not new, so bootstrap does not seed it again', async () => {
    const fresh: Database = await createDatabase({ url: ':memory:' });
    expect(await isNewDatabase(fresh)).toBe(true);
    await migrateDatabase(fresh);
    await seedDemo({ database: fresh, clock: fixedClock('2026-11-23'), passwordHashN: TEST_PASSWORD_HASH_N });
    expect(await isNewDatabase(fresh)).toBe(false);
    fresh.close();
  });

  // Two child processes, each migrating and (the first) seeding a month of reminder passes: about 15 s
  // alone, but past 60 s when the whole suite shares two cores.
  it('seeds on the first start and not on the second (seeds/bootstrap.ts)', { timeout: 150_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awardgate-demo-'));
    try {
      const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'sprs.db')}`, APP_TODAY: '2026-11-23', DEMO_SEED: '' };
      const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', 'seeds/bootstrap.ts'], { env, cwd: join(import.meta.dirname, '../..') });
      const first = await run();
      expect(first.stdout).toContain('seeded the demo data set (as of 2026-11-23');
      const second = await run();
      expect(second.stdout).not.toContain('seeded');
      const database = await createDatabase({ url: env.DATABASE_URL });
      const rows = await database.db.select({ email: users.email }).from(users);
      database.close();
      expect(rows.map((r) => r.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
