/**
 * Issue 12, finding 2: a large import must not stall everyone. The real server (`npm start`, temp
 * file database) imports IMPORT_LOAD_ROWS assessments in one request (5,000 in `npm test`; the
 * allowed maximum, 100,000, in `npm run test:soak`) while a client sends an offer check every
 * 20 ms. The import keeps its contract (201, everything stored); the checks answered meanwhile
 * have a p99 less than IMPORT_LOAD_P99_MS (see P99_MS) above the same checks' p99 on the idle
 * server just before (the machine's own slowness is not the import's); the server's peak resident
 * memory stays at most 250 MiB.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, query, serverDir, startServer, type Running, type ServerDir } from './server.js';

const ROWS = Number(process.env.IMPORT_LOAD_ROWS ?? 5_000);
/**
 * What the import may add to the checks' p99. `npm run test:soak` holds it to the 100 ms of the
 * issue; `npm test` runs beside every other test file on a shared machine, where that is noise, so
 * there it only proves the server is not frozen (the import before streaming froze it for seconds).
 */
const P99_MS = Number(process.env.IMPORT_LOAD_P99_MS ?? 1000);
const PEAK_MIB = 250;
const CAGE = 'LD001';

let d: ServerDir;
let s: Running;
let officer: string;

/** The highest VmHWM (peak resident set) among the processes of the server's group (npm, tsx, node). */
function peakMiB(group: number): number {
  let peak = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      // Field 5 of /proc/<pid>/stat is the process group; the name (field 2) may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== group) continue;
      const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, hwm / 1024);
    } catch {
      /* gone meanwhile */
    }
  }
  return peak;
}

const batch = () =>
  JSON.stringify({
    companies: [{ cage: CAGE, name: 'Import Load Co', hloCage: CAGE }],
    assessments: Array.from({ length: ROWS }, (_, i) => ({ uid: `LD${String(i).padStart(8, '0')}`, level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: [CAGE], scope: `Load scope ${i}`, score: 110 })),
  });

beforeAll(async () => {
  d = serverDir('awardgate-import-load-');
  s = await startServer(d);
  const seeded = await call(s.baseUrl, d.adminToken, 'POST', '/api/v1/import', {
    companies: [{ cage: 'LD000', name: 'Checked Co', hloCage: 'LD000' }],
    assessments: [{ uid: 'LDCHECK001', level: 'L2_SELF', status: 'FINAL', statusDate: '2026-06-01', cages: ['LD000'], scope: 'Checked', score: 110 }],
  });
  expect(seeded.status, JSON.stringify(seeded.json)).toBe(201);
  officer = (await call(s.baseUrl, d.adminToken, 'POST', '/api/v1/users', { email: 'officer@import-load.test', role: 'CONTRACTING_OFFICER' })).json.apiToken;
}, 90_000);

afterAll(async () => {
  await s?.stop();
  d?.remove();
});

describe(`an import of ${ROWS.toLocaleString('en-US')} assessments while checks keep coming`, () => {
  it('stores the whole batch (201) while the checks keep a p99 under the bound, within 250 MiB', async () => {
    const body = batch();
    let importing = true;
    const latencies: number[] = [];
    const failures: string[] = [];
    // The same checks on the idle server first (the first ones also warm it up): the bound is on what
    // the import adds, so a machine that is slow anyway does not fail the test, nor pass it.
    const idle: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await call(s.baseUrl, officer, 'POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: ['LDCHECK001'] });
      if (i >= 10) idle.push(r.ms);
      await new Promise((ok) => setTimeout(ok, 20));
    }
    const t0 = performance.now();
    const checks = (async () => {
      while (importing) {
        const r = await call(s.baseUrl, officer, 'POST', '/api/v1/checks', { purpose: 'AWARD', requiredLevel: 'L2_SELF', uids: ['LDCHECK001'] });
        if (r.status !== 200) failures.push(`${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
        latencies.push(r.ms);
        await new Promise((ok) => setTimeout(ok, 20));
      }
    })();
    const res = await fetch(`${s.baseUrl}/api/v1/import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${d.adminToken}` }, body });
    const answer = await res.json();
    const importMs = performance.now() - t0;
    importing = false;
    await checks;

    const sorted = [...latencies].sort((a, b) => a - b);
    const p99Of = (xs: number[]) => xs[Math.min(xs.length - 1, Math.floor(0.99 * xs.length))];
    const p99 = p99Of(sorted);
    const idleP99 = p99Of(idle.sort((a, b) => a - b));
    const peak = peakMiB(s.pid);
    console.log(`import of ${ROWS} rows: ${(importMs / 1000).toFixed(1)} s; ${sorted.length} checks meanwhile, p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, p99 ${p99?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms (idle p99 ${idleP99.toFixed(1)} ms); server peak RSS ${peak.toFixed(0)} MiB`);

    expect(res.status, JSON.stringify(answer).slice(0, 300)).toBe(201);
    expect(answer.imported.assessments).toBe(ROWS);
    const [{ n }] = await query<{ n: number }>(d.url, "SELECT count(*) AS n FROM assessments WHERE uid LIKE 'LD0%'");
    expect(n).toBe(ROWS);
    expect(failures).toEqual([]);
    // Several checks ran while the import did (it was not answered before they could start).
    expect(sorted.length).toBeGreaterThanOrEqual(5);
    expect(p99 - idleP99).toBeLessThan(P99_MS);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(PEAK_MIB);
  }, 600_000);
});
