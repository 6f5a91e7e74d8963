/**
 * Soak: a sustained mixed load against the real server (`npm start`, temp file database) from N
 * concurrent async clients for SOAK_SECONDS (10 in `npm test`, 60 in `npm run test:soak`), over
 * loopback only, bounded in time and in request count. Reads: checks, status records (own and
 * another company's → 404), recorded verifications; writes: postings, affirmations, compliance
 * changes, recorded verifications, imports (and a duplicate import → 409).
 *
 * Zero errors: every answer is the expected 2xx or the expected 4xx. Throughput and latency
 * percentiles are printed. Afterwards every acknowledged write is stored exactly once, the
 * database passes `PRAGMA integrity_check`, and `npm run audit:verify` passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allResults } from '../helpers.js';
import { call, integrityCheck, query, runScript, serverDir, startServer, type Reply, type Running, type ServerDir } from './server.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 10);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 8);
/** Hard ceiling on requests, whatever the duration. */
const MAX_REQUESTS = 200_000;

const OWN = 'SK001';
const OTHER = 'SK002';
const READ_UIDS = Array.from({ length: 20 }, (_, i) => `SKRD${String(i).padStart(6, '0')}`);
const AFFIRM_UIDS = Array.from({ length: 10 }, (_, i) => `SKAF${String(i).padStart(6, '0')}`);
const CHANGE_UIDS = Array.from({ length: 10 }, (_, i) => `SKCH${String(i).padStart(6, '0')}`);
const OTHER_UID = 'SKOT000001';

let d: ServerDir;
let s: Running;
const t: Record<string, string> = {};

interface Op {
  name: string;
  weight: number;
  run: (i: number) => Promise<Reply>;
  expect: number;
  /** What an acknowledged answer stored, for the count check afterwards. */
  onOk?: (r: Reply, i: number) => void;
}

const acked = { postings: 0, affirmations: 0, changes: 0, verifications: 0, importedAssessments: 0, verificationIds: [] as string[] };
const IMPORT_SIZE = 20;

const ops = (): Op[] => {
  const base = s.baseUrl;
  const pick = <T>(xs: T[], i: number) => xs[i % xs.length];
  return [
    { name: 'check', weight: 20, expect: 200, run: (i) => call(base, t.officer, 'POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [pick(READ_UIDS, i), pick(READ_UIDS, i + 7)], offerorCage: OWN, nist: { cages: [OWN] } }) },
    { name: 'GET own uid', weight: 20, expect: 200, run: (i) => call(base, t.contractor, 'GET', `/api/v1/uids/${pick(READ_UIDS, i)}`) },
    { name: 'GET other company\'s uid', weight: 5, expect: 404, run: () => call(base, t.contractor, 'GET', `/api/v1/uids/${OTHER_UID}`) },
    { name: 'GET verifications', weight: 8, expect: 200, run: () => call(base, t.officer, 'GET', '/api/v1/verifications?limit=20') },
    {
      name: 'GET verification',
      weight: 5,
      expect: 200,
      run: (i) => (acked.verificationIds.length ? call(base, t.officer, 'GET', `/api/v1/verifications/${pick(acked.verificationIds, i)}`) : call(base, t.officer, 'GET', '/api/v1/verifications?limit=1')),
    },
    {
      name: 'posting',
      weight: 8,
      expect: 201,
      run: (i) => call(base, t.contractor, 'POST', `/api/v1/companies/${OWN}/assessments`, { level: 'L2_SELF', scope: `Soak scope ${i}`, results: allResults('L2_SELF') }),
      onOk: () => acked.postings++,
    },
    { name: 'affirmation', weight: 8, expect: 201, run: (i) => call(base, t.contractor, 'POST', `/api/v1/uids/${pick(AFFIRM_UIDS, i)}/affirmations`, { name: 'Soak AO', title: 'CEO' }), onOk: () => acked.affirmations++ },
    {
      name: 'compliance change',
      weight: 4,
      expect: 201,
      run: (i) => call(base, t.contractor, 'POST', `/api/v1/uids/${pick(CHANGE_UIDS, i)}/compliance-changes`, { date: '2026-11-01', description: `Soak change ${i}` }),
      onOk: () => acked.changes++,
    },
    {
      name: 'recorded verification',
      weight: 6,
      expect: 200,
      run: (i) => call(base, t.officer, 'POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: [pick(READ_UIDS, i)], record: true, solicitationNumber: `SOAK-${i % 50}` }),
      onOk: (r) => {
        acked.verifications++;
        acked.verificationIds.push(r.json.verificationId);
      },
    },
    {
      name: 'import',
      weight: 3,
      expect: 201,
      run: (i) =>
        call(base, t.admin, 'POST', '/api/v1/import', {
          assessments: Array.from({ length: IMPORT_SIZE }, (_, j) => ({ uid: `SI${String(i).padStart(6, '0')}${String(j).padStart(2, '0')}`, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [OTHER], scope: `Imported ${j}`, score: 110 })),
        }),
      onOk: () => (acked.importedAssessments += IMPORT_SIZE),
    },
    // The same UID again: 409, nothing stored (api.md: a UID already stored → 409).
    { name: 'duplicate import', weight: 2, expect: 409, run: () => call(base, t.admin, 'POST', '/api/v1/import', { assessments: [{ uid: OTHER_UID, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [OTHER], scope: 'Other', score: 110 }] }) },
  ];
};

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

beforeAll(async () => {
  d = serverDir('awardgate-soak-');
  s = await startServer(d);
  t.admin = d.adminToken;
  const rec = (uid: string, cage: string) => ({ uid, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [cage], scope: `Scope ${uid}`, score: 110, affirmations: [{ date: '2026-06-01', name: 'AO', title: 'CEO' }] });
  const imp = await call(s.baseUrl, t.admin, 'POST', '/api/v1/import', {
    companies: [
      { cage: OWN, name: 'Soak Own Co', hloCage: OWN },
      { cage: OTHER, name: 'Soak Other Co', hloCage: OTHER },
    ],
    assessments: [...READ_UIDS, ...AFFIRM_UIDS, ...CHANGE_UIDS].map((u) => rec(u, OWN)).concat([rec(OTHER_UID, OTHER)]),
    nistAssessments: [{ cages: [OWN], confidence: 'BASIC', assessmentDate: '2025-06-01', score: 110 }],
  });
  expect(imp.status).toBe(201);
  t.contractor = (await call(s.baseUrl, t.admin, 'POST', '/api/v1/users', { email: 'soak@own.test', role: 'CONTRACTOR', companyCage: OWN })).json.apiToken;
  t.officer = (await call(s.baseUrl, t.admin, 'POST', '/api/v1/users', { email: 'officer@soak.test', role: 'CONTRACTING_OFFICER' })).json.apiToken;
}, 90_000);

afterAll(async () => {
  await s?.stop();
  d?.remove();
});

describe(`soak: ${CLIENTS} concurrent clients for ${SECONDS} s of mixed reads and writes`, () => {
  it('answers every request as expected, then every acknowledged write is stored once and the hash chains verify', async () => {
    const list = ops();
    const wheel = list.flatMap((op) => Array(op.weight).fill(op) as Op[]);
    const latencies = new Map<string, number[]>(list.map((o) => [o.name, []]));
    const errors: string[] = [];
    let sent = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        // A fixed, per-client sequence through the weighted wheel (deterministic mix).
        let k = client * 7919;
        while (performance.now() < deadline && sent < MAX_REQUESTS) {
          const i = sent++;
          k = (k * 1103515245 + 12345) % 2147483648;
          const op = wheel[k % wheel.length];
          const r = await op.run(i);
          latencies.get(op.name)!.push(r.ms);
          if (r.status !== op.expect) errors.push(`${op.name}: expected ${op.expect}, got ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
          else op.onOk?.(r, i);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const all = [...latencies.values()].flat().sort((a, b) => a - b);
    const lines = [
      `soak: ${CLIENTS} clients, ${elapsed.toFixed(1)} s, ${all.length} requests, ${(all.length / elapsed).toFixed(1)} req/s, errors = ${errors.length}`,
      `  latency ms (all): p50 ${percentile(all, 50).toFixed(1)}  p95 ${percentile(all, 95).toFixed(1)}  p99 ${percentile(all, 99).toFixed(1)}  max ${all[all.length - 1]?.toFixed(1)}`,
      ...[...latencies].map(([name, xs]) => {
        const v = [...xs].sort((a, b) => a - b);
        return `  ${name.padEnd(24)} n=${String(v.length).padStart(6)}  p50 ${percentile(v, 50).toFixed(1).padStart(7)}  p95 ${percentile(v, 95).toFixed(1).padStart(7)}  p99 ${percentile(v, 99).toFixed(1).padStart(7)}`;
      }),
    ];
    console.log(lines.join('\n'));
    expect(errors.slice(0, 20)).toEqual([]);
    expect(all.length).toBeGreaterThan(0);

    // Every acknowledged write is there exactly once (and nothing refused was stored).
    const one = async (sql: string, args: (string | number)[] = []) => Number(Object.values((await query(d.url, sql, args))[0])[0]);
    expect(await one("SELECT count(*) FROM assessments WHERE hlo_cage = ? AND source = 'POSTING'", [OWN])).toBe(acked.postings);
    expect(await one(`SELECT count(*) FROM affirmations WHERE assessment_uid IN (${AFFIRM_UIDS.map(() => '?').join(',')})`, AFFIRM_UIDS)).toBe(AFFIRM_UIDS.length + acked.affirmations);
    expect(await one(`SELECT count(*) FROM compliance_changes WHERE assessment_uid IN (${CHANGE_UIDS.map(() => '?').join(',')})`, CHANGE_UIDS)).toBe(acked.changes);
    expect(await one('SELECT count(*) FROM verifications')).toBe(acked.verifications);
    expect(await one("SELECT count(*) FROM assessments WHERE uid LIKE 'SI%'")).toBe(acked.importedAssessments);

    await s.stop();
    expect(await integrityCheck(d.url)).toBe('ok');
    const verify = await runScript('audit:verify', d.url);
    expect(verify.out).toMatch(/hash chains intact/);
    expect(verify.code).toBe(0);
  }, (SECONDS + 120) * 1000);
});
