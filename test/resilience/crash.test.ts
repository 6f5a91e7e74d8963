/**
 * kill -9 mid-stream (api.md: the import is all or nothing; every write is one transaction): the
 * real server (`npm start`, temp file database) takes a stream of import batches and concurrent
 * postings, affirmations and recorded verifications; its whole process group is SIGKILLed while
 * requests are in flight; it restarts on the same file. Then: `PRAGMA integrity_check` is ok,
 * every write that was acknowledged (2xx) is there, no batch or posting is half-stored (each is
 * all there or all absent, with its audit entry), and `npm run audit:verify` passes.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { allResults } from '../helpers.js';
import { requirementsFor } from '../../src/domain/requirements.js';
import { call, integrityCheck, query, runScript, serverDir, startServer, type Running, type ServerDir } from './server.js';

const COMPANY = 'CR001';
const AFFIRMED = Array.from({ length: 4 }, (_, i) => `CRAF00000${i}`);
const BATCH = 300;
const L2 = requirementsFor('L2_SELF').length;

/** The running server of one test, its database directory and the accounts that write. */
interface Crash {
  d: ServerDir;
  /** Replaced by the restarted server after the kill. */
  s: Running;
  contractor: string;
  officer: string;
}

/** `npm start` on a database of the test's own, with the affirmed UIDs and the writing accounts; stopped when the test finishes. */
async function crashServer(): Promise<Crash> {
  const d = serverDir('awardgate-crash-');
  const w: Crash = { d, s: await startServer(d), contractor: '', officer: '' };
  onTestFinished(async () => {
    await w.s.stop();
    d.remove();
  });
  const imp = await call(w.s.baseUrl, d.adminToken, 'POST', '/api/v1/import', {
    companies: [{ cage: COMPANY, name: 'Crash Test Co', hloCage: COMPANY }],
    assessments: AFFIRMED.map((uid) => ({ uid, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [COMPANY], scope: `Affirmed ${uid}`, score: 110, affirmations: [{ date: '2026-06-01', name: 'AO', title: 'CEO' }] })),
  });
  expect(imp.status).toBe(201);
  w.contractor = (await call(w.s.baseUrl, d.adminToken, 'POST', '/api/v1/users', { email: 'crash@co.test', role: 'CONTRACTOR', companyCage: COMPANY })).json.apiToken;
  w.officer = (await call(w.s.baseUrl, d.adminToken, 'POST', '/api/v1/users', { email: 'officer@crash.test', role: 'CONTRACTING_OFFICER' })).json.apiToken;
  expect(w.contractor && w.officer).toBeTruthy();
  return w;
}

/** A stream of requests from `clients` concurrent loops until `stop()` is true (bounded by `max`). */
async function stream(clients: number, max: number, stop: () => boolean, one: (client: number, i: number) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (!stop() && i < max) await one(client, i++);
    }),
  );
}

interface Ledger {
  batches: { k: number; uids: string[]; cage: string; acked: boolean }[];
  postings: { scope: string; uid: string | null; acked: boolean }[];
  affirmations: { uid: string; acked: boolean }[];
  verifications: { id: string | null; acked: boolean }[];
  inFlightAtKill: number;
  /** Affirmations of each AFFIRMED UID stored before this test's load (the import's, and an earlier test's). */
  affirmationsBefore: Record<string, number>;
  unexpected: string[];
}
const ledger = (): Ledger => ({ batches: [], postings: [], affirmations: [], verifications: [], inFlightAtKill: 0, affirmationsBefore: {}, unexpected: [] });

const batchBody = (k: number) => {
  const cage = `K${String(k).padStart(3, '0')}1`;
  const uids = Array.from({ length: BATCH }, (_, i) => `K${String(k).padStart(4, '0')}${String(i).padStart(5, '0')}`);
  return {
    cage,
    uids,
    body: {
      companies: [{ cage, name: `Crash batch ${k}`, hloCage: cage }],
      assessments: uids.map((uid, i) => ({
        uid,
        level: 'L2_SELF',
        status: 'FINAL',
        statusDate: '2026-06-01',
        cages: [cage],
        scope: `Scope ${i % 7}`,
        score: 110,
        affirmations: [{ date: '2026-06-01', name: 'Crash AO', title: 'CEO' }],
      })),
      nistAssessments: [{ cages: [cage], confidence: 'BASIC', assessmentDate: '2025-06-01', score: 110 }],
    },
  };
};

/**
 * Drives imports (if `imports`), postings, affirmations and recorded verifications concurrently;
 * SIGKILLs the server once `killWhen` holds and a request is in flight (or after `maxMs`).
 */
async function loadAndKill({ d, s, contractor, officer }: Crash, l: Ledger, opts: { imports: boolean; killWhen: (l: Ledger) => boolean; maxMs: number; firstBatch: number }): Promise<void> {
  let killed = false;
  let inFlight = 0;
  const started = Date.now();
  const base = s.baseUrl;
  const tracked = async <T>(fn: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await fn();
    } finally {
      inFlight--;
    }
  };
  const expectOk = (what: string, status: number, json: unknown, ok: number[]) => {
    if (!killed && !ok.includes(status)) l.unexpected.push(`${what}: ${status} ${JSON.stringify(json).slice(0, 300)}`);
  };
  let k = opts.firstBatch;
  for (const uid of AFFIRMED) l.affirmationsBefore[uid] = (await query<{ n: number }>(d.url, 'SELECT count(*) AS n FROM affirmations WHERE assessment_uid = ?', [uid]))[0].n;
  const killer = (async () => {
    while (!killed) {
      const elapsed = Date.now() - started;
      // Mid-stream: only while a request is in flight (a hard stop 5 s after maxMs whatever happens).
      if (((opts.killWhen(l) || elapsed > opts.maxMs) && inFlight > 0) || elapsed > opts.maxMs + 5000) {
        l.inFlightAtKill = inFlight;
        killed = true;
        await s.kill9();
        return;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const stop = () => killed;
  await Promise.all([
    killer,
    opts.imports
      ? stream(2, 200, stop, async () => {
          const b = batchBody(k++);
          const entry = { k: k - 1, uids: b.uids, cage: b.cage, acked: false };
          l.batches.push(entry);
          const r = await tracked(() => call(base, d.adminToken, 'POST', '/api/v1/import', b.body));
          entry.acked = r.status === 201;
          expectOk(`import ${entry.k}`, r.status, r.json, [201]);
        })
      : Promise.resolve(),
    stream(3, 5000, stop, async (_c, i) => {
      const entry = { scope: `Crash scope ${opts.firstBatch}-${i}`, uid: null as string | null, acked: false };
      l.postings.push(entry);
      const r = await tracked(() => call(base, contractor, 'POST', `/api/v1/companies/${COMPANY}/assessments`, { level: 'L2_SELF', scope: entry.scope, results: allResults('L2_SELF') }));
      entry.acked = r.status === 201;
      entry.uid = r.json?.uid ?? null;
      expectOk('posting', r.status, r.json, [201]);
    }),
    stream(2, 5000, stop, async (_c, i) => {
      const entry = { uid: AFFIRMED[i % AFFIRMED.length], acked: false };
      l.affirmations.push(entry);
      const r = await tracked(() => call(base, contractor, 'POST', `/api/v1/uids/${entry.uid}/affirmations`, { name: 'Crash AO', title: 'CEO' }));
      entry.acked = r.status === 201;
      expectOk('affirmation', r.status, r.json, [201]);
    }),
    stream(1, 5000, stop, async () => {
      const entry = { id: null as string | null, acked: false };
      l.verifications.push(entry);
      const r = await tracked(() => call(base, officer, 'POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: AFFIRMED, record: true, solicitationNumber: 'CRASH-1' }));
      entry.acked = r.status === 200 && !!r.json?.verificationId;
      entry.id = r.json?.verificationId ?? null;
      expectOk('recorded verification', r.status, r.json, [200]);
    }),
  ]);
}

/** After the restart: everything acknowledged is there, and nothing is there by halves. */
async function assertDurable(w: Crash, l: Ledger): Promise<void> {
  const { d, contractor, officer } = w;
  expect(l.unexpected).toEqual([]);
  expect(l.inFlightAtKill).toBeGreaterThan(0);
  expect(await integrityCheck(d.url)).toBe('ok');
  const s = (w.s = await startServer(d));

  for (const b of l.batches) {
    const [{ n }] = await query<{ n: number }>(d.url, `SELECT count(*) AS n FROM assessments WHERE uid IN (${b.uids.map(() => '?').join(',')})`, b.uids);
    const [{ c }] = await query<{ c: number }>(d.url, 'SELECT count(*) AS c FROM companies WHERE cage = ?', [b.cage]);
    const [{ a }] = await query<{ a: number }>(d.url, `SELECT count(*) AS a FROM affirmations WHERE assessment_uid IN (${b.uids.map(() => '?').join(',')})`, b.uids);
    const [{ nist }] = await query<{ nist: number }>(d.url, 'SELECT count(*) AS nist FROM nist_assessment_cages WHERE cage = ?', [b.cage]);
    const stored = [n, c, a, nist];
    if (b.acked) expect(stored, `acknowledged batch ${b.k}`).toEqual([BATCH, 1, BATCH, 1]);
    else expect([[0, 0, 0, 0], [BATCH, 1, BATCH, 1]], `unacknowledged batch ${b.k} is all there or all absent`).toContainEqual(stored);
  }
  const acked = l.batches.filter((b) => b.acked);
  for (const b of acked.slice(0, 3)) expect((await call(s.baseUrl, d.adminToken, 'GET', `/api/v1/uids/${b.uids[BATCH - 1]}`)).status).toBe(200);

  for (const p of l.postings.filter((x) => x.acked)) {
    const r = await call(s.baseUrl, contractor, 'GET', `/api/v1/uids/${p.uid}`);
    expect(r.status, `acknowledged posting ${p.uid}`).toBe(200);
    expect(r.json.scope).toBe(p.scope);
  }
  // Every posting stored (acknowledged or not) is whole: all its results, and its audit entry.
  const posted = await query<{ uid: string; results: number; audit: number }>(
    d.url,
    `SELECT a.uid, (SELECT count(*) FROM requirement_results r WHERE r.assessment_uid = a.uid) AS results,
            (SELECT count(*) FROM audit_log l WHERE l.action = 'assessment.post' AND l.entity_id = a.uid) AS audit
       FROM assessments a WHERE a.source = 'POSTING' AND a.hlo_cage = ?`,
    [COMPANY],
  );
  expect(posted.length).toBeGreaterThanOrEqual(l.postings.filter((x) => x.acked).length);
  for (const p of posted) expect([p.uid, p.results, p.audit]).toEqual([p.uid, L2, 1]);

  for (const uid of AFFIRMED) {
    const sent = l.affirmations.filter((x) => x.uid === uid);
    const [{ n }] = await query<{ n: number }>(d.url, 'SELECT count(*) AS n FROM affirmations WHERE assessment_uid = ?', [uid]);
    // Those stored before this load, plus every acknowledged one; at most every one sent.
    expect(l.affirmationsBefore[uid], uid).toBeGreaterThanOrEqual(1);
    expect(n, uid).toBeGreaterThanOrEqual(l.affirmationsBefore[uid] + sent.filter((x) => x.acked).length);
    expect(n, uid).toBeLessThanOrEqual(l.affirmationsBefore[uid] + sent.length);
  }
  for (const v of l.verifications.filter((x) => x.acked)) expect((await call(s.baseUrl, officer, 'GET', `/api/v1/verifications/${v.id}`)).status, `verification ${v.id}`).toBe(200);
  const [{ orphans }] = await query<{ orphans: number }>(d.url, "SELECT count(*) AS orphans FROM verifications v WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.action = 'verification.record' AND l.entity_id = v.id)");
  expect(orphans).toBe(0);
}

/** A server loaded as `opts` says and killed, restarted on its file, and every acknowledged write checked (assertDurable). */
async function crashAndRestart(opts: Parameters<typeof loadAndKill>[2]): Promise<{ w: Crash; l: Ledger }> {
  const l = ledger();
  const w = await crashServer();
  await loadAndKill(w, l, opts);
  await assertDurable(w, l);
  return { w, l };
}

/** "acknowledged/sent" of one kind of write, for the run's log line. */
const acked = (writes: readonly { acked: boolean }[]) => `${writes.filter((x) => x.acked).length}/${writes.length}`;

describe('kill -9 of the server, then a restart on the same database file', () => {
  it('during a bulk import: acknowledged batches are all there, the batch in flight is all there or all absent', async () => {
    const { l } = await crashAndRestart({ imports: true, firstBatch: 1, maxMs: 15_000, killWhen: (x) => x.batches.filter((b) => b.acked).length >= 3 && x.postings.some((p) => p.acked) });
    expect(l.batches.some((b) => b.acked)).toBe(true);
    console.log(
      `crash during import: ${acked(l.batches)} batches, ${acked(l.postings)} postings, ${acked(l.affirmations)} affirmations, ${acked(l.verifications)} verifications acknowledged; ` +
        `${l.inFlightAtKill} requests in flight at the kill`,
    );
  }, 120_000);

  it('during concurrent postings, affirmations and recorded verifications: every acknowledged write survives, and the hash chains verify', async () => {
    const { w, l } = await crashAndRestart({ imports: false, firstBatch: 1000, maxMs: 10_000, killWhen: (x) => x.postings.filter((p) => p.acked).length >= 15 && x.verifications.some((v) => v.acked) });
    expect(l.postings.some((p) => p.acked)).toBe(true);
    const verify = await runScript('audit:verify', w.d.url);
    expect(verify.out).toMatch(/hash chains intact/);
    expect(verify.code).toBe(0);
    console.log(
      `crash during postings: ${acked(l.postings)} postings, ${acked(l.affirmations)} affirmations, ${acked(l.verifications)} verifications acknowledged; ` +
        `${l.inFlightAtKill} requests in flight at the kill; audit:verify exit ${verify.code}`,
    );
  }, 120_000);
});
