/**
 * A short in-process check loop to profile (README "Benchmarks", profile summary):
 *
 *   node --cpu-prof --cpu-prof-dir bench/out/prof --import tsx bench/profile.ts --db file:bench/out/dod-0.01.db --path fast
 *   npx tsx bench/profile.ts --summary bench/out/prof/<file>.cpuprofile
 *
 * --path fast runs evaluateCheck (key dates, one statement); --path full runs the full-history path
 * a recorded verification uses (the loader's correlated JSON subqueries, one statement per lookup).
 */
import { readFileSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { createDatabase } from '../db/client.js';
import { fixedClock } from '../src/clock.js';
import { evaluateCheck, evaluateWithHistory, type CheckInput } from '../src/services/checks.js';
import { DOD_TODAY } from '../seeds/dod-scale.js';

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

/** Self time per function of a .cpuprofile, largest first. */
function summary(file: string, top = 12): string[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
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

const summaryFile = opt('summary');
if (summaryFile) {
  for (const l of summary(summaryFile)) console.log(l);
} else {
  const url = opt('db') ?? 'file:bench/out/dod-0.01.db';
  const seconds = Number(opt('seconds') ?? 5);
  const path = opt('path') ?? 'fast';
  const raw = createClient({ url, intMode: 'number' });
  const rows = (await raw.execute('SELECT uid, hlo_cage FROM assessments ORDER BY random() LIMIT 2000')).rows as unknown as { uid: string; hlo_cage: string }[];
  raw.close();
  const inputs: CheckInput[] = [];
  for (let i = 0; i + 10 <= rows.length; i += 10) {
    const cage = rows[i].hlo_cage;
    inputs.push({ purpose: 'AWARD', requiredLevel: 'L2_SELF', asOf: DOD_TODAY, uids: rows.slice(i, i + 10).map((r) => r.uid), offerorCage: cage, nist: { cages: [cage] } });
  }
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
