/**
 * The backup and restore drill of README "Operating AwardGate", against the real server (a child
 * process on a temp file database): postings and recorded verifications are written continuously
 * through the API while `npm run db:backup` runs; `npm run db:restore` refuses while the server
 * holds the deployment; after a clean stop the backup restores, passes `PRAGMA integrity_check` and
 * `npm run audit:verify`, holds every write acknowledged before the backup started, and lacks the
 * ones made after it finished; the server then serves the restored database.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requirementsFor } from '../../src/domain/requirements.js';
import { allResults } from '../helpers.js';
import { call, integrityCheck, query, runScript, serverDir, type ServerDir } from '../resilience/server.js';
import { startServerProcess, type ServerProcess } from './server-child.js';

const COMPANY = 'DR001';
const UIDS = ['DRIL000001', 'DRIL000002'];

interface Write {
  kind: 'posting' | 'verification';
  id: string;
  /** performance.now() when its 2xx arrived. */
  ackedAt: number;
}

let d: ServerDir | undefined;
let s: ServerProcess | undefined;
afterAll(async () => {
  await s?.stop();
  d?.remove();
});

describe('backup while the server writes, then restore', () => {
  it('the backup holds every write acknowledged before it started, restores whole, and verifies', async () => {
    const t0 = performance.now();
    d = serverDir('awardgate-drill-');
    s = await startServerProcess(d);
    const base = s.baseUrl;
    const imp = await call(base, d.adminToken, 'POST', '/api/v1/import', {
      companies: [{ cage: COMPANY, name: 'Drill Co', hloCage: COMPANY }],
      assessments: UIDS.map((uid) => ({ uid, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [COMPANY], scope: `Scope ${uid}`, score: 110, affirmations: [{ date: '2026-06-01', name: 'AO', title: 'CEO' }] })),
    });
    expect(imp.status).toBe(201);
    const contractor = (await call(base, d.adminToken, 'POST', '/api/v1/users', { email: 'drill@co.test', role: 'CONTRACTOR', companyCage: COMPANY })).json.apiToken;
    const officer = (await call(base, d.adminToken, 'POST', '/api/v1/users', { email: 'officer@drill.test', role: 'CONTRACTING_OFFICER' })).json.apiToken;

    // Writers: two posting loops and one recorded-verification loop, until told to stop (bounded;
    // paced, so the server, the scripts and this test share the two cores).
    const acked: Write[] = [];
    const failures: string[] = [];
    let stop = false;
    const loop = async (kind: Write['kind'], one: (i: number) => Promise<string | null>) => {
      for (let i = 0; !stop && i < 2000; i++) {
        const id = await one(i);
        if (id) acked.push({ kind, id, ackedAt: performance.now() });
        await new Promise((r) => setTimeout(r, 30));
      }
    };
    const post = (w: number) => async (i: number) => {
      const r = await call(base, contractor, 'POST', `/api/v1/companies/${COMPANY}/assessments`, { level: 'L2_SELF', scope: `Drill ${w}-${i}`, results: allResults('L2_SELF') });
      if (r.status !== 201) failures.push(`posting ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
      return r.status === 201 ? (r.json.uid as string) : null;
    };
    const verify = async (i: number) => {
      const r = await call(base, officer, 'POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: UIDS, record: true, solicitationNumber: `DRILL-${i}` });
      if (r.status !== 200) failures.push(`verification ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
      return r.status === 200 ? (r.json.verificationId as string) : null;
    };
    const writers = Promise.all([loop('posting', post(1)), loop('posting', post(2)), loop('verification', verify)]);
    const until = async (cond: () => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!cond()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const count = (kind: Write['kind'], after = -Infinity) => acked.filter((w) => w.kind === kind && w.ackedAt > after).length;
    await until(() => count('posting') >= 6 && count('verification') >= 3, 'the first writes');

    // The backup, while the writers go on.
    const backup = join(d.dir, 'drill.backup.db');
    const backupStarted = performance.now();
    const backupRun = runScript('db:backup', d.url, ['--to', backup]);
    const made = await backupRun;
    const backupEnded = performance.now();
    expect(made.out).toMatch(/^backup written to .+drill\.backup\.db \(\d+ bytes, \d+ ms, quick_check ok\)$/m);
    expect(made.code).toBe(0);
    await until(() => count('posting', backupEnded) >= 2 && count('verification', backupEnded) >= 1, 'writes after the backup');

    // A restore into the running deployment is refused, and changes nothing.
    const refused = await runScript('db:restore', d.url, ['--from', backup]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/The deployment is in use: 1 AwardGate server\(s\) hold .+\. Nothing was changed\./);
    expect((await call(base, d.adminToken, 'GET', '/readyz')).status).toBe(200);

    stop = true;
    await writers;
    expect(failures).toEqual([]);
    const writtenWhileBackingUp = acked.filter((w) => w.ackedAt > backupStarted && w.ackedAt < backupEnded).length;
    await s.stop();
    expect((await s.exited).code).toBe(0);

    // The restore drill proper.
    const restored = await runScript('db:restore', d.url, ['--from', backup]);
    expect(restored.out).toMatch(/^restored .+ into .+sprs\.db: integrity_check ok, hash chains intact \(\d+ recorded verifications, \d+ audit entries\); the database it replaced is kept at .+sprs\.db\.before-restore-\d{8}T\d{6}Z$/m);
    expect(restored.code).toBe(0);
    expect(await integrityCheck(d.url)).toBe('ok');
    const audit = await runScript('audit:verify', d.url);
    expect(audit.out).toMatch(/hash chains intact/);
    expect(audit.code).toBe(0);

    const postings = new Set((await query<{ uid: string }>(d.url, "SELECT uid FROM assessments WHERE source = 'POSTING'")).map((r) => r.uid));
    const verifications = new Set((await query<{ id: string }>(d.url, 'SELECT id FROM verifications')).map((r) => r.id));
    const holds = (w: Write) => (w.kind === 'posting' ? postings : verifications).has(w.id);
    const before = acked.filter((w) => w.ackedAt < backupStarted);
    expect(before.filter((w) => !holds(w))).toEqual([]);
    expect(before.length).toBeGreaterThanOrEqual(9);
    // Writes acknowledged after the backup ended are not in it: the restore really replaced the database.
    const after = acked.filter((w) => w.ackedAt > backupEnded);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.filter(holds)).toEqual([]);
    // Every stored posting is whole (all its results), as the crash test asks of a live database.
    const L2 = requirementsFor('L2_SELF').length;
    const partial = await query<{ uid: string; n: number }>(
      d.url,
      `SELECT a.uid, (SELECT count(*) FROM requirement_results r WHERE r.assessment_uid = a.uid) AS n FROM assessments a WHERE a.source = 'POSTING' AND n <> ${L2}`,
    );
    expect(partial).toEqual([]);

    // The restored deployment serves: ready, and an acknowledged verification is there.
    s = await startServerProcess(d);
    expect((await call(s.baseUrl, null, 'GET', '/readyz')).json).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    const v = before.find((w) => w.kind === 'verification')!;
    expect((await call(s.baseUrl, officer, 'GET', `/api/v1/verifications/${v.id}`)).json.verificationId).toBe(v.id);
    console.log(
      `restore drill: ${before.length} writes acknowledged before the backup (all restored), ${writtenWhileBackingUp} during its ${Math.round(backupEnded - backupStarted)} ms, ` +
        `${after.length} after it (none restored); drill took ${Math.round(performance.now() - t0)} ms`,
    );
  }, 180_000);
});
