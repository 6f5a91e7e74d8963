/**
 * (g) The eMASS feed at scale, for `npm run bench`: an initial sync of 100,000 records (× --scale,
 * at least 1,000) served by the fake eMASS of the tests, run by `npm run emass:sync`'s script in a
 * process of its own so its peak memory (and CPU time) is its own (goal ≤ 250 MB: the body is parsed as a stream),
 * and its rate compared with the bulk import's for the same records in the same bench run (goal ≥
 * 0.5). Both write to a fresh database file with the product's connection settings.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { createDatabase, migrateDatabase } from '../db/client.js';
import { fixedClock } from '../src/clock.js';
import { importRecords } from '../src/services/import.js';
import { ImportInput } from '../src/services/inputs.js';
import { actorForApiToken, ensureAdminToken } from '../src/services/users.js';
import { bulkFields, bulkRecord, cageOf, secondsOf } from '../test/fakes/emass-records.js';
import { startFakeEmass } from '../test/fakes/emass-server.js';
import { PROJECT_DIR } from './harness.js';

export interface EmassBench {
  records: number;
  /** `cpuSeconds`: the syncing process's own CPU time for the run (the fake eMASS serves from another process). */
  sync: { seconds: number; recordsPerSecond: number; added: number; peakRssMiB: number; cpuSeconds: number; processSeconds: number };
  import: { seconds: number; recordsPerSecond: number; batches: number; cpuSeconds: number };
  /** Sync rate / import rate for the same records (wall clock). */
  ratio: number;
  /** The same by CPU time: steadier on a machine other work shares. */
  cpuRatio: number;
  /** The rate target is judged at 100,000 records: below that, start-up costs (zone data, JIT) dominate a run. */
  targets: { rateRatio: { target: number; measured: number; met: boolean | null }; syncRssMiB: { target: number; measured: number; met: boolean } };
}

const IMPORT_BATCH = 10_000;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** The sync as `npm run emass:sync` runs it, in a child process: its own CPU time and peak memory. */
async function timedSync(url: string, emassUrl: string, key: string, user: string): Promise<EmassBench['sync']> {
  const t0 = performance.now();
  // As users run it (the script's node flags included); --stats prints the run's CPU time and peak RSS.
  const child = spawn('npm', ['run', '--silent', 'emass:sync', '--', '--stats'], {
    cwd: PROJECT_DIR,
    env: { ...process.env, DATABASE_URL: url, EMASS_URL: emassUrl, EMASS_API_KEY: key, EMASS_USER_UID: user, EMASS_SINCE: '2025-01-01', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((ok) => child.on('exit', ok));
  const processSeconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`emass:sync exited with ${code}:\n${out.slice(-3000)}`);
  const stats = /stats: cpuSeconds=([\d.]+) peakRssMiB=([\d.]+)/.exec(out);
  if (!stats) throw new Error(`emass:sync printed no stats:\n${out.slice(-3000)}`);
  // The run's own start and end, as recorded: process start-up and migration are not the sync.
  const db = createClient({ url, intMode: 'number' });
  try {
    const [run] = (await db.execute("SELECT started_at, finished_at, added FROM emass_runs WHERE outcome = 'SUCCEEDED'")).rows as unknown as { started_at: string; finished_at: string; added: number }[];
    const seconds = (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000;
    return { seconds, recordsPerSecond: run.added / seconds, added: run.added, peakRssMiB: Number(stats[2]), cpuSeconds: Number(stats[1]), processSeconds };
  } finally {
    db.close();
  }
}

/** The same records through the bulk import (api.md POST /api/v1/import), parsed by its zod schema, 10,000 per call. */
async function timedImport(url: string, n: number): Promise<EmassBench['import']> {
  const database = await createDatabase({ url });
  await migrateDatabase(database);
  const ctx = { database, clock: fixedClock('2026-11-23') };
  const token = `bench-emass-${Math.random().toString(36).slice(2)}-token`;
  await ensureAdminToken(ctx, token);
  const actor = (await actorForApiToken(database.db, token))!;
  let seconds = 0;
  let cpuSeconds = 0;
  let batches = 0;
  try {
    for (let from = 0; from < n; from += IMPORT_BATCH) {
      const companies = new Map<string, { cage: string; hloCage: string; name: string }>();
      const assessments = [];
      for (let i = from; i < Math.min(n, from + IMPORT_BATCH); i++) {
        const f = bulkFields(i);
        const company = Math.floor(i / 10);
        for (let k = 0; k < 5; k++) companies.set(cageOf(company, k), { cage: cageOf(company, k), hloCage: f.hlo, name: k === 0 ? f.company! : f.osc! });
        assessments.push({
          uid: f.uid,
          level: 'L2_C3PAO',
          status: f.status.startsWith('Conditional') ? 'CONDITIONAL' : 'FINAL',
          statusDate: f.statusDate,
          cages: f.cages.split('; '),
          scope: f.scope === 'Enterprise' ? 'Enterprise' : `${f.scope}: ${f.scopeDescription}`,
          scopeDescription: f.scopeDescription,
          score: f.score,
        });
      }
      const raw = { companies: [...companies.values()].sort((a, b) => Number(b.cage === b.hloCage) - Number(a.cage === a.hloCage)), assessments };
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await importRecords(ctx, actor, ImportInput.parse(raw), { bulk: true });
      const cpu = process.cpuUsage(cpu0);
      seconds += (performance.now() - t0) / 1000;
      cpuSeconds += (cpu.user + cpu.system) / 1e6;
      batches++;
    }
  } finally {
    database.close();
  }
  return { seconds, recordsPerSecond: n / seconds, batches, cpuSeconds };
}

export async function benchEmass(opts: { scale: number; log: (s: string) => void }): Promise<EmassBench> {
  const n = Math.max(1_000, Math.round(100_000 * opts.scale));
  const dir = mkdtempSync(join(tmpdir(), 'awardgate-bench-emass-'));
  const fake = await startFakeEmass();
  fake.generate(secondsOf('2026-11-01'), n, bulkRecord);
  try {
    opts.log(`(g) eMASS sync of ${n.toLocaleString('en-US')} records from the fake eMASS (npm run emass:sync in a child process)…`);
    const sync = await timedSync(`file:${join(dir, 'sync.db')}`, fake.url, fake.apiKey, fake.userUid);
    if (sync.added !== n) throw new Error(`the sync added ${sync.added} of ${n} records`);
    opts.log(`(g) the same records through the bulk import…`);
    const imp = await timedImport(`file:${join(dir, 'import.db')}`, n);
    const ratio = sync.recordsPerSecond / imp.recordsPerSecond;
    return {
      records: n,
      sync: { ...sync, seconds: round(sync.seconds), recordsPerSecond: round(sync.recordsPerSecond, 0), peakRssMiB: round(sync.peakRssMiB, 1), cpuSeconds: round(sync.cpuSeconds), processSeconds: round(sync.processSeconds) },
      import: { ...imp, seconds: round(imp.seconds), recordsPerSecond: round(imp.recordsPerSecond, 0), cpuSeconds: round(imp.cpuSeconds) },
      ratio: round(ratio, 3),
      cpuRatio: round(imp.cpuSeconds / sync.cpuSeconds, 3),
      targets: {
        rateRatio: { target: 0.5, measured: round(ratio, 3), met: n >= 100_000 ? ratio >= 0.5 : null },
        syncRssMiB: { target: 250, measured: round(sync.peakRssMiB, 1), met: sync.peakRssMiB <= 250 },
      },
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows `npm run bench` prints for (g). */
export function emassBenchLines(b: EmassBench, fmt: (n: number, d?: number) => string): string[] {
  return [
    `(g) eMASS sync: ${fmt(b.records)} records in ${fmt(b.sync.seconds, 2)} s (${fmt(b.sync.recordsPerSecond)} records/s; the process ran ${fmt(b.sync.processSeconds, 1)} s with start-up); bulk import of the same records ${fmt(b.import.seconds, 2)} s (${fmt(b.import.recordsPerSecond)} records/s)`,
    `(g) sync rate / import rate: ${fmt(b.ratio, 2)}   (target ≥ 0.50: ${b.targets.rateRatio.met === null ? 'judged at 100,000 records' : b.targets.rateRatio.met ? 'met' : 'MISSED'}); by CPU time ${fmt(b.cpuRatio, 2)} (sync ${fmt(b.sync.cpuSeconds, 2)} s, import ${fmt(b.import.cpuSeconds, 2)} s)`,
    `(g) peak RSS of the syncing process ${fmt(b.sync.peakRssMiB, 1)} MiB   (target ≤ 250 MB: ${b.targets.syncRssMiB.met ? 'met' : 'MISSED'})`,
  ];
}
