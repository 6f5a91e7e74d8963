/**
 * Scale-out on a real libSQL server: a sqld primary and a read replica on loopback, the product
 * started as `npm start` with DATABASE_URL on the primary and DATABASE_READ_URL on the replica, and
 * every public conformance scenario run through it black-box (test/conformance/runner.ts).
 * The replica trails the primary by a few ms, so the read-your-writes tests check, without any
 * sleeping, that a check sent right after a write sees that write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, startSqld, type ServerHandle, type SqldCluster } from '../../bench/harness.js';
import { loadSuite, runScenario, type Target } from '../conformance/runner.js';

const suite = loadSuite();
const TODAY = suite.today ?? '2026-11-23';
const TOKEN = `sqld-admin-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;

let cluster: SqldCluster | undefined;
let server: ServerHandle | undefined;
let target: Target;

beforeAll(async () => {
  cluster = await startSqld({ replica: true });
  server = await startServer({
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_READ_URL: cluster.replicaUrl!,
    DEMO_SEED: 'off',
    APP_TODAY: TODAY,
    ADMIN_API_TOKEN: TOKEN,
  });
  target = { base: server.base, token: TOKEN };
});

afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
}, 60_000);

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(target.base + path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
};

describe('public conformance scenarios on a sqld primary with a read replica', () => {
  for (const sc of suite.scenarios) {
    it(sc.name, async () => {
      const r = await runScenario(target, sc);
      expect(r.failures).toEqual([]);
      expect(r.passed).toBe(sc.steps.length);
    });
  }
});

describe('read-your-writes across the replica lag', () => {
  const company = (cage: string) => ({ cage, name: `Company ${cage}`, uei: `${cage}RYW0000`.slice(0, 12), hloCage: cage, samActive: true, address: '1 Main St, Dayton OH 45402' });

  it('finds each UID in a check sent right after the import that stored it', async () => {
    const missing: string[] = [];
    for (let i = 0; i < 30; i++) {
      const cage = `7R${String(i).padStart(3, '0')}`;
      const uid = `RYW${String(i).padStart(7, '0')}`;
      const imported = await api('POST', '/api/v1/import', {
        companies: [company(cage)],
        assessments: [
          { uid, level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-06-01', cages: [cage], scope: 'Enterprise', score: 110, affirmations: [{ date: '2026-06-01', name: 'Pat Lee', title: 'CEO' }] },
        ],
      });
      expect(imported.status).toBe(201);
      const check = await api('POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', asOf: TODAY, uids: [uid] });
      expect(check.status).toBe(200);
      if (!check.json.uids[0].status || check.json.uids[0].reasons.some((r: any) => r.code === 'UID_NOT_FOUND')) missing.push(uid);
    }
    expect(missing).toEqual([]);
  });

  it('sees an affirmation recorded just before the check', async () => {
    const cage = '7RAFF';
    const uid = 'RYWAFF0001';
    expect(
      (
        await api('POST', '/api/v1/import', {
          companies: [company(cage)],
          assessments: [
            { uid, level: 'L2_C3PAO', status: 'FINAL', statusDate: '2026-01-10', cages: [cage], scope: 'Enterprise', score: 110, affirmations: [{ date: '2026-01-10', name: 'Pat Lee', title: 'CEO' }] },
          ],
        })
      ).status,
    ).toBe(201);
    const body = { purpose: 'AWARD', requiredLevel: 'L2_C3PAO', asOf: TODAY, uids: [uid] };
    const before = await api('POST', '/api/v1/checks', body);
    expect(before.json.uids[0].status.currentThrough).toBe('2027-01-10');
    expect(before.json.uids[0].reasons.map((r: any) => r.code)).toContain('EXPIRES_WITHIN');
    expect((await api('POST', `/api/v1/uids/${uid}/affirmations`, { name: 'Pat Lee', title: 'CEO' })).status).toBe(201);
    const after = await api('POST', '/api/v1/checks', body);
    // The new affirmation (today, 2026-11-23) carries currency to 2027-11-23 (32 CFR 170.22).
    expect(after.json.uids[0].status.currentThrough).toBe('2027-11-23');
    expect(after.json.uids[0].reasons.map((r: any) => r.code)).not.toContain('EXPIRES_WITHIN');
  });
});
