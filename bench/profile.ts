/**
 * A short in-process check loop to profile (README "Benchmarks", profile summary):
 *
 *   node --cpu-prof --cpu-prof-dir bench/out/prof --import tsx bench/profile.ts --db file:bench/out/dod-0.01.db --path fast
 *   npx tsx bench/profile.ts --summary bench/out/prof/<file>.cpuprofile
 *
 * --path fast runs evaluateCheck (key dates, one statement); --path full runs the full-history path
 * a recorded verification uses (the loader's correlated JSON subqueries, one statement per lookup).
 *
 *   npx tsx bench/profile.ts --http --db file:bench/out/dod-0.01.db [--seconds 8] [--connections 10]
 *
 * --http profiles the server instead: `npm start` with --cpu-prof on the serving process, the same
 * 10-UID checks posted by autocannon for --seconds, then a clean stop (the profile is written at
 * exit) and its summary, with the server's CPU per request and its memory before and after.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createClient } from '@libsql/client';
import { createDatabase } from '../db/client.js';
import { fixedClock } from '../src/clock.js';
import { evaluateCheck, evaluateWithHistory, type CheckInput } from '../src/services/checks.js';
import { DOD_TODAY } from '../seeds/dod-scale.js';
import { cpuSecondsOf, memoryOf, PROJECT_DIR, startServer } from './harness.js';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * Self time per function of a .cpuprofile, largest first; `window` keeps the samples between two
 * offsets from the profile's end (µs), e.g. the load without the server's start-up.
 */
function summary(file: string, top = 12, window?: { fromEndUs: number; toEndUs: number }): string[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let at = p.startTime;
  const kept = (i: number) => {
    at += p.timeDeltas[i] ?? 0;
    return !window || (at >= p.endTime - window.fromEndUs && at <= p.endTime - window.toEndUs);
  };
  p.samples.forEach((id, i) => {
    if (!kept(i)) return;
    const f = byId.get(id)!.callFrame;
    const where = f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/wt-[^/]+\//, '').replace(/^file:\/\/.*?\/(src|db|bench)\//, '$1/')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
}

async function checkInputs(url: string): Promise<CheckInput[]> {
  const raw = createClient({ url, intMode: 'number' });
  const rows = (await raw.execute('SELECT uid, hlo_cage FROM assessments ORDER BY random() LIMIT 2000')).rows as unknown as { uid: string; hlo_cage: string }[];
  raw.close();
  const inputs: CheckInput[] = [];
  for (let i = 0; i + 10 <= rows.length; i += 10) {
    const cage = rows[i].hlo_cage;
    inputs.push({ purpose: 'AWARD', requiredLevel: 'L2_SELF', asOf: DOD_TODAY, uids: rows.slice(i, i + 10).map((r) => r.uid), offerorCage: cage, nist: { cages: [cage] } });
  }
  return inputs;
}

async function profileHttp(url: string, seconds: number, connections: number) {
  const dir = join(PROJECT_DIR, 'bench', 'out', 'prof');
  mkdirSync(dir, { recursive: true });
  const bodies = (await checkInputs(url)).map((i) => JSON.stringify(i));
  const token = `profile-admin-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const before = new Set(readdirSync(dir));
  const server = await startServer({ DATABASE_URL: url, DEMO_SEED: 'off', ADMIN_API_TOKEN: token, APP_TODAY: DOD_TODAY }, 120_000, { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const pid = server.serverPid();
  if (!pid) throw new Error('could not find the server process');
  const idle = memoryOf(pid);
  let k = 0;
  const load = (secs: number) =>
    autocannon({
      url: server.base,
      connections,
      duration: secs,
      requests: [{ method: 'POST', path: '/api/v1/checks', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies[k++ % bodies.length] }) }],
    });
  let loadStart = 0;
  let loadEnd = 0;
  try {
    await load(1);
    const cpu0 = cpuSecondsOf(pid);
    loadStart = performance.now();
    const res = await load(seconds);
    loadEnd = performance.now();
    const cpuMs = ((cpuSecondsOf(pid) - cpu0) * 1000) / res.requests.total;
    const m = memoryOf(pid);
    console.log(`http: ${res.requests.total} checks in ${seconds} s at ${connections} clients (${res.non2xx} non-2xx), server CPU ${cpuMs.toFixed(3)} ms per check, p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms`);
    console.log(`server memory: idle ${idle?.rssMiB.toFixed(1)} MiB, after the load VmRSS ${m?.rssMiB.toFixed(1)} MiB, VmHWM ${m?.hwmMiB.toFixed(1)} MiB`);
  } finally {
    await server.stop();
  }
  const stopped = performance.now();
  const window = { fromEndUs: (stopped - loadStart) * 1000, toEndUs: (stopped - loadEnd) * 1000 };
  const written = readdirSync(dir).filter((f) => !before.has(f) && f.includes(`.${pid}.`));
  for (const f of written) {
    console.log(`${join(dir, f)}, during the load:`);
    for (const l of summary(join(dir, f), 30, window)) console.log(l);
  }
}

const summaryFile = opt('summary');
if (summaryFile) {
  for (const l of summary(summaryFile, Number(opt('top') ?? 12))) console.log(l);
} else if (argv.includes('--http')) {
  await profileHttp(opt('db') ?? 'file:bench/out/dod-0.01.db', Number(opt('seconds') ?? 8), Number(opt('connections') ?? 10));
} else {
  const url = opt('db') ?? 'file:bench/out/dod-0.01.db';
  const seconds = Number(opt('seconds') ?? 5);
  const path = opt('path') ?? 'fast';
  const inputs = await checkInputs(url);
  const database = await createDatabase({ url });
  const ctx = { database, clock: fixedClock(DOD_TODAY) };
  const run = path === 'full' ? evaluateWithHistory : evaluateCheck;
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const cpu0 = process.cpuUsage();
  while (performance.now() < end) await run(ctx, inputs[n++ % inputs.length]);
  const cpu = process.cpuUsage(cpu0);
  console.log(`${path}: ${n} checks in ${seconds} s, CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms per check`);
  database.close();
}
