/**
 * Test helpers: a real migrated libSQL database, the real app, and API calls with tokens.
 * No database mocks anywhere.
 */
import { join } from 'node:path';
import { base64url } from 'jose';
import { afterEach, beforeEach, expect, onTestFinished } from 'vitest';
import { createTestDatabase, type Database } from '../db/client.js';
import { createApp, type AppDeps } from '../src/app.js';
import { fixedClock, type Clock } from '../src/clock.js';
import type { Level, RequirementResult, Role } from '../src/domain/levels.js';
import { requirementsFor } from '../src/domain/requirements.js';
import { ensureAdminToken } from '../src/services/users.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TODAY = '2026-11-23';
/**
 * scrypt cost of the passwords tests create (the server's is 2^15, ~32 MiB and ~0.1-0.7 s a hash on
 * this machine; the suite hashes thousands). Verifying reads the cost from the stored hash, so the
 * code under test is the same (docs/decisions/0014-test-password-cost.md).
 */
export const TEST_PASSWORD_HASH_N = 2 ** 10;

export interface TestEnv {
  database: Database;
  clock: Clock;
  app: ReturnType<typeof createApp>;
  /** JSON API call; token defaults to the administrator's. */
  api: (method: string, path: string, body?: unknown, token?: string | null) => Promise<{ status: number; json: any; headers: Headers }>;
  /** Creates an account through the API and returns its token. */
  user: (email: string, role: Role, companyCage?: string, password?: string) => Promise<string>;
  close: () => void;
}

export async function testEnv(today = TODAY, clock: Clock = fixedClock(today), deps: Pick<AppDeps, 'emass'> = {}): Promise<TestEnv> {
  const database = await createTestDatabase();
  await ensureAdminToken({ database, clock }, ADMIN_TOKEN);
  return envOn(database, clock, deps);
}

/** The app and callers over a database that is already migrated and holds ADMIN_TOKEN (e.g. a copy of a prepared file). */
export function envOn(database: Database, clock: Clock, deps: Pick<AppDeps, 'emass'> = {}): TestEnv {
  const app = createApp({ database, clock, passwordHashN: TEST_PASSWORD_HASH_N, ...deps });
  const api = apiCaller(app);
  const user: TestEnv['user'] = async (email, role, companyCage, password) => {
    const r = await api('POST', '/api/v1/users', { email, role, ...(companyCage ? { companyCage } : {}), ...(password ? { password } : {}) });
    if (r.status !== 201) throw new Error(`user ${email}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json.apiToken as string;
  };
  return { database, clock, app, api, user, close: () => database.close() };
}

/**
 * A test environment of the running test alone: a database nothing else writes to, closed when
 * the test finishes (call it inside `it`, not in a hook).
 */
export async function ownEnv(today = TODAY, clock: Clock = fixedClock(today)): Promise<TestEnv> {
  const env = await testEnv(today, clock);
  onTestFinished(() => env.close());
  return env;
}

/**
 * The contracting officer, DIBCAC assessor and C3PAO lead the API tests act as (one account each,
 * created through the API); their tokens.
 */
export async function governmentAccounts(env: Pick<TestEnv, 'user'>): Promise<{ officer: string; dibcac: string; c3pao: string }> {
  return {
    officer: await env.user('officer@agency.example', 'CONTRACTING_OFFICER'),
    dibcac: await env.user('assessor@dibcac.example', 'DIBCAC'),
    c3pao: await env.user('lead@c3pao.example', 'C3PAO'),
  };
}

/** The reason codes of one severity (all codes without one), in the answer's order. */
export const codesOf = (reasons: { code: string; severity: string }[], severity?: 'error' | 'warning' | 'info'): string[] =>
  reasons.filter((r) => !severity || r.severity === severity).map((r) => r.code);

/** The sorted `errors[].path` of a problem+json answer. */
export const errorPaths = (res: { json: any }): string[] => (res.json.errors as { path: string }[]).map((e) => e.path).sort();

/** Imports records through the admin API (api.md POST /api/v1/import); the test fails unless it answers 201. */
export async function importRecords(env: Pick<TestEnv, 'api'>, records: Record<string, unknown>): Promise<void> {
  const r = await env.api('POST', '/api/v1/import', records);
  expect(r.status, JSON.stringify(r.json)).toBe(201);
}

/** A company record for import payloads. */
export const company = (cage: string, hloCage = cage, extra: Record<string, unknown> = {}) => ({
  cage,
  name: `Company ${cage}`,
  uei: `${cage}UEI0000`.slice(0, 12),
  hloCage,
  samActive: true,
  address: '100 Industrial Pkwy, Dayton OH 45402',
  ...extra,
});

/** A prime's flowdown check of Sub One Machining (SUB01) handling CUI under a Level 2 (C3PAO) prime contract (API body). */
export const flowdownCheckBody = (over: Record<string, unknown> = {}) => ({
  primeContractNumber: 'W912DY-26-C-0001',
  primeLevel: 'L2_C3PAO',
  subcontractor: { cage: 'SUB01', name: 'Sub One Machining' },
  information: 'CUI',
  ...over,
});

export const affirmation = (date: string) => ({ date, name: 'Pat Lee', title: 'President', email: 'ao@example.com' });

/** An imported assessment; by default a Final L2 (C3PAO) of the Enterprise scope affirmed on its status date (2026-06-01). */
export const assessment = (uid: string, cages: string[], over: Record<string, unknown> = {}) => {
  const statusDate = (over.statusDate as string) ?? '2026-06-01';
  return { uid, level: 'L2_C3PAO', status: 'FINAL', statusDate, cages, scope: 'Enterprise', score: 110, affirmations: [affirmation(statusDate)], ...over };
};

/** Re-encodes a signed token's payload after `edit`, keeping its header and signature. */
export function tamper(token: string, edit: (json: string) => string): string {
  const [h, p, s] = token.split('.');
  const json = new TextDecoder().decode(base64url.decode(p));
  const edited = edit(json);
  expect(edited).not.toBe(json);
  return [h, base64url.encode(edited), s].join('.');
}

/** Every requirement of the level answered MET, then the overrides (rules §6: results name every requirement). */
export function allResults(level: Level, overrides: Record<string, RequirementResult> = {}): Record<string, RequirementResult> {
  const out: Record<string, RequirementResult> = {};
  for (const r of requirementsFor(level)) out[r.id] = 'MET';
  return { ...out, ...overrides };
}

/** A JSON API caller for an app (same request and parsing as `testEnv().api`). */
export function apiCaller(app: ReturnType<typeof createApp>): TestEnv['api'] {
  return async (method, path, body, token = ADMIN_TOKEN) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await app.request(path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, json: jsonOrText(await res.text()), headers: res.headers };
  };
}

/** A response body as JSON, or as the text itself when it is not JSON (null when empty). */
export function jsonOrText(text: string): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** The same database through an app whose clock says `today` (e.g. day 181 of a Conditional status). */
export const apiOn = (env: TestEnv, today: string): TestEnv['api'] => apiCaller(createApp({ database: env.database, clock: fixedClock(today), passwordHashN: TEST_PASSWORD_HASH_N }));

/**
 * A database file `name` in `dir` holding company `cage` with a Final L2 (Self) of 2026-06-01
 * (`uid`) and one recorded award verification of it per solicitation number, then whatever `more`
 * adds; checkpointed into its main file, so a plain copy is the whole database. Returns the file and
 * the verifications' ids in order.
 */
export async function recordedDatabaseFile(
  dir: string,
  { cage, uid, solicitations, more }: { cage: string; uid: string; solicitations: string[]; more?: (api: TestEnv['api']) => Promise<void> },
): Promise<{ file: string; verificationIds: string[] }> {
  const file = join(dir, 'clean.db');
  const database = await createTestDatabase(`file:${file}`);
  const clock = fixedClock(TODAY);
  await ensureAdminToken({ database, clock }, ADMIN_TOKEN);
  const api = apiCaller(createApp({ database, clock }));
  const assessments = [{ uid, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [cage], scope: 'Enterprise', score: 110, affirmations: [{ date: '2026-06-01', name: 'AO', title: 'CEO' }] }];
  await importRecords({ api }, { companies: [company(cage)], assessments });
  const verificationIds: string[] = [];
  for (const solicitationNumber of solicitations) {
    const r = await api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [uid], record: true, solicitationNumber });
    expect(r.status).toBe(200);
    verificationIds.push(r.json.verificationId);
  }
  await more?.(api);
  await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
  return { file, verificationIds };
}

/**
 * A fresh fixture for each test of the file (or `describe`) that calls it: the object returned is
 * refilled by `setup` before each test and handed to `teardown` after it, so no test sees another's
 * records or sessions. Tests read its fields (`t.env`, `t.officer`) instead of sharing `let`s.
 */
export function eachTest<T extends object>(setup: () => Promise<T>, teardown: (fixture: T) => unknown, timeoutMs = 60_000): T {
  const fixture = {} as T;
  beforeEach(async () => {
    Object.assign(fixture, await setup());
  }, timeoutMs);
  afterEach(() => teardown(fixture));
  return fixture;
}
