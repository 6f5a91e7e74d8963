/**
 * The DoD-scale data set (issue 6 "Proof at DoD scale"): a deterministic generator of the SPRS
 * population the CMMC rule sizes the program at (338,000 companies, about 1.7 million UIDs and
 * 2 million affirmations), loaded through the product's own import service in batches.
 *
 *   npm run seed:dod -- --db file:bench/out/dod.db [--scale 1] [--seed awardgate] [--batch 10000]
 *
 * Every number comes from a seeded PRNG, so one (seed, scale) pair always yields the same rows,
 * whatever the batch size. Each batch is what an administrator could POST to /api/v1/import: it is
 * parsed by the API's zod schema (`ImportInput`) and stored by `importRecords` with its own
 * validation and all-or-nothing transaction (the `bulk` path only changes how rows are written).
 */
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDatabase, migrateDatabase, type Database } from '../db/client.js';
import { fixedClock, type Clock } from '../src/clock.js';
import { requirementsFor } from '../src/domain/requirements.js';
import type { Actor } from '../src/services/actor.js';
import { importRecords } from '../src/services/import.js';
import { ImportInput } from '../src/services/inputs.js';
import { actorForApiToken, ensureAdminToken } from '../src/services/users.js';

/** The program's size as the CMMC rule estimates it (32 CFR 170 regulatory impact analysis). */
export const DOD_COMPANIES = 338_000;
export const DOD_UIDS = 1_700_000;
/** The generator's "today" (same as the conformance suite's APP_TODAY). */
export const DOD_TODAY = '2026-11-23';
/** First status dates: 32 CFR part 170 took effect on 2024-12-16. */
const HISTORY_START = '2024-12-16';
/** NIST SP 800-171 DoD Assessments predate CMMC; their dates start earlier. */
const NIST_START = '2022-01-01';

export interface DodOptions {
  /** 1 = DoD scale; 0.01 for CI. */
  scale: number;
  seed: string;
  /** Target UIDs per import call (whole companies are never split across calls). */
  batchSize: number;
  today: string;
  /**
   * `sorted`: CAGE codes and UIDs ascend in the order companies arrive, as in an export sorted by
   * key (each batch then touches only the right edge of the key indexes). `random`: scattered keys,
   * so every batch touches every page of those indexes (the worst case for a bulk load).
   */
  order: 'sorted' | 'random';
}
export const DEFAULT_DOD_OPTIONS: DodOptions = { scale: 1, seed: 'awardgate', batchSize: 10_000, today: DOD_TODAY, order: 'sorted' };

export interface DodBatch {
  companies: Record<string, unknown>[];
  assessments: Record<string, unknown>[];
  nistAssessments: Record<string, unknown>[];
}

export const dodTotals = (scale: number) => ({
  companies: Math.max(1, Math.round(DOD_COMPANIES * scale)),
  uids: Math.max(1, Math.round(DOD_UIDS * scale)),
});

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and identifiers

/** sfc32: small, fast and good enough for test data; seeded from a string via cyrb128. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}
export type Rng = () => number;
export const rngFor = (...parts: (string | number)[]): Rng => {
  const r = sfc32(...cyrb128(parts.join('\u0000')));
  for (let i = 0; i < 12; i++) r();
  return r;
};
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const B36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** CAGE alphabet: A–Z without I and O, and 0–9. */
const B34 = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function encode(n: number, alphabet: string, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = alphabet[n % alphabet.length] + s;
    n = Math.floor(n / alphabet.length);
  }
  return s;
}
const randomChars = (r: Rng, alphabet: string, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
};
// Identifiers are unique by construction, without remembering what was issued: a CAGE code is the
// index mapped into the 34^5 code space, a UID a 5-character prefix mapped from its index plus 5
// random characters. `random` order maps i ↦ (i·K + C) mod M, a bijection when gcd(K, M) = 1;
// `sorted` order maps i ↦ i·stride + jitter (stride = M / count), which ascends. All products
// stay below 2^53.
const M34_5 = 34 ** 5; // 45,435,424 (K: odd, not a multiple of 17)
const M36_5 = 36 ** 5; // 60,466,176 (K: odd, not a multiple of 3)
const M34_6 = 34 ** 6; // 1,544,804,416 (K: odd, not a multiple of 17)

interface Keys {
  cage(j: number, r: Rng): string;
  /** i < uids: held UIDs; i ≥ uids: UIDs named by `supersedes` but issued outside this data set. */
  uid(i: number, r: Rng): string;
}
function keysFor(opts: DodOptions): Keys {
  const { companies, uids } = dodTotals(opts.scale);
  // Room for the outside UIDs: a few percent of chains start by superseding one.
  const uidSpace = Math.ceil(uids * 1.05) + 100;
  if (companies > M34_5 || uidSpace > M36_5) throw new Error('scale too large for the identifier space');
  if (opts.order === 'random') {
    return {
      cage: (j) => encode((j * 7_919_911 + 1_234_567) % M34_5, B34, 5),
      uid: (i, r) => encode((i * 2_654_435 + 97_531) % M36_5, B36, 5) + randomChars(r, B36, 5),
    };
  }
  const cageStride = Math.floor(M34_5 / companies);
  const uidStride = Math.floor(M36_5 / uidSpace);
  return {
    cage: (j, r) => encode(j * cageStride + Math.floor(r() * cageStride), B34, 5),
    uid: (i, r) => {
      if (i >= uidSpace) throw new Error('out of outside UIDs');
      return encode(i * uidStride + Math.floor(r() * uidStride), B36, 5) + randomChars(r, B36, 5);
    },
  };
}
/** SAM UEIs avoid I and O as CAGE codes do: a unique 6-character prefix, then 6 random characters. */
const ueiOf = (j: number, r: Rng): string => encode((j * 1_000_003 + 424_242) % M34_6, B34, 6) + randomChars(r, B34, 6);

// ---------------------------------------------------------------------------------------------
// Dates as day numbers (the generator does millions of them; strings are cached)

const DAY = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY);
const isoCache = new Map<number, string>();
const isoOf = (d: number): string => {
  let s = isoCache.get(d);
  if (s === undefined) {
    s = new Date(d * DAY).toISOString().slice(0, 10);
    isoCache.set(d, s);
  }
  return s;
};

// ---------------------------------------------------------------------------------------------
// The population

type Profile = 0 | 1 | 2; // 0: FCI only (Level 1), 1: CUI (Level 2), 2: Level 3 programs

const WORDS_A = ['Acme', 'Summit', 'Liberty', 'Patriot', 'Keystone', 'Granite', 'Harbor', 'Pioneer', 'Vector', 'Sentinel', 'Atlas', 'Cobalt', 'Redstone', 'Bluewater', 'Ironwood', 'Northstar', 'Meridian', 'Falcon', 'Trident', 'Cascade'];
const WORDS_B = ['Machining', 'Aerospace', 'Defense Systems', 'Electronics', 'Composites', 'Engineering', 'Logistics', 'Software', 'Fabrication', 'Optics', 'Marine', 'Castings', 'Analytics', 'Avionics', 'Precision Parts'];
const WORDS_C = ['LLC', 'Inc.', 'Corp.', 'Co.', 'LP', 'Group'];
const STREETS = ['Main St', 'Industrial Pkwy', 'Commerce Dr', 'Airport Rd', 'Technology Blvd', 'Harbor Way', 'Enterprise Ct'];
const CITIES = ['Dayton OH 45402', 'Huntsville AL 35801', 'San Diego CA 92101', 'Wichita KS 67202', 'Norfolk VA 23510', 'Tucson AZ 85701', 'Colorado Springs CO 80903', 'Hartford CT 06103', 'Fort Worth TX 76102', 'Melbourne FL 32901'];
const PEOPLE = ['Pat Lee', 'Jordan Smith', 'Alex Garcia', 'Sam Patel', 'Chris Nguyen', 'Taylor Brown', 'Morgan Davis', 'Jamie Wilson', 'Robin Clark', 'Casey Lopez'];
const TITLES = ['President', 'CEO', 'COO', 'Chief Information Security Officer', 'Vice President, Operations', 'Owner'];
const CHANGES = ['MFA removed for field laptops', 'New cloud file share outside the assessed boundary', 'FIPS-validated encryption disabled on backup server', 'Audit logging retention reduced to 30 days', 'Unassessed subcontractor given access to CUI'];

const poamable = (level: 'L2_SELF' | 'L2_C3PAO' | 'L3_DIBCAC') => requirementsFor(level).filter((q) => q.poamAllowed === 'yes').map((q) => q.id);
const POAM_L2 = poamable('L2_C3PAO');
const POAM_L3 = poamable('L3_DIBCAC');

interface Plan {
  /** Companies (CAGEs) per HLO. */
  sizes: Uint8Array;
  profiles: Uint8Array;
  /** UIDs per HLO. */
  quotas: Uint16Array;
}

/** Decides, up front, how many CAGEs, which profile and how many UIDs each HLO gets (exact totals). */
function plan(opts: DodOptions): Plan {
  const { companies, uids } = dodTotals(opts.scale);
  const r = rngFor(opts.seed, 'plan');
  const sizes: number[] = [];
  for (let left = companies; left > 0; ) {
    const u = r();
    // Most companies are one CAGE; about a fifth own subsidiaries' or sites' CAGE codes.
    const size = u < 0.8 ? 1 : u < 0.92 ? 2 : u < 0.97 ? 3 : int(r, 4, 9);
    sizes.push(Math.min(size, left));
    left -= sizes[sizes.length - 1];
  }
  const n = sizes.length;
  const profiles = new Uint8Array(n);
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const u = r();
    // Roughly the rule's mix: most of the DIB handles FCI only; about 40% hold CUI; few need Level 3.
    profiles[i] = u < 0.56 ? 0 : u < 0.985 ? 1 : 2;
    const w = (profiles[i] === 0 ? 0.6 : profiles[i] === 1 ? 1.4 : 2.2) * (0.6 + 0.4 * sizes[i]) * (0.4 + 1.2 * r());
    weights[i] = w;
    total += w;
  }
  const quotas = new Uint16Array(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    quotas[i] = Math.max(1, Math.round((weights[i] * uids) / total));
    assigned += quotas[i];
  }
  // Nudge single entries until the sum is exact (never below one UID per company).
  for (let guard = 0; assigned !== uids && guard < 50_000_000; guard++) {
    const i = Math.floor(r() * n);
    if (assigned > uids && quotas[i] > 1) (quotas[i]--, assigned--);
    else if (assigned < uids && quotas[i] < 60_000) (quotas[i]++, assigned++);
  }
  if (assigned !== uids) throw new Error(`scale too small: ${uids} UIDs cannot cover ${n} companies`);
  return { sizes: Uint8Array.from(sizes), profiles, quotas };
}

interface Chain {
  scope: string;
  cages: string[];
  family: 'L1' | 'L2' | 'L3';
  /** For Level 2 chains: self-assessed, C3PAO, or a mix. */
  kind: 'self' | 'c3pao' | 'mixed';
}

interface Counters {
  uid: number;
  cage: number;
  externalUid: number;
}

/** One company (HLO with its CAGE hierarchy): companies, assessments and NIST scores. */
function company(opts: DodOptions, keys: Keys, hloIndex: number, size: number, profile: Profile, quota: number, counters: Counters, out: DodBatch): void {
  const r = rngFor(opts.seed, 'company', hloIndex);
  const uidOf = (i: number) => keys.uid(i, r);
  const today = dayOf(opts.today);
  const start = dayOf(HISTORY_START);
  const cages = Array.from({ length: size }, () => keys.cage(counters.cage++, r));
  const hlo = cages[0];
  const baseName = `${pick(r, WORDS_A)} ${pick(r, WORDS_B)}`;
  cages.forEach((cage, k) => {
    out.companies.push({
      cage,
      name: k === 0 ? `${baseName} ${pick(r, WORDS_C)}` : `${baseName} ${pick(r, ['Division', 'Plant', 'Site', 'Subsidiary'])} ${k}`,
      uei: r() < 0.98 ? ueiOf(counters.cage - size + k, r) : null,
      hloCage: hlo,
      samActive: r() < 0.97,
      address: `${int(r, 1, 9999)} ${pick(r, STREETS)}, ${pick(r, CITIES)}`,
    });
  });

  // Scopes and level families this company is assessed in.
  const chains: Chain[] = [];
  const subs = cages.slice(1);
  if (profile === 0) {
    chains.push({ scope: 'Enterprise', cages: r() < 0.7 ? cages : [hlo], family: 'L1', kind: 'self' });
    for (const s of subs) if (r() < 0.5) chains.push({ scope: `Site ${s}`, cages: [s], family: 'L1', kind: 'self' });
  } else if (profile === 1) {
    const enclave = r() < 0.45;
    const kind = r() < 0.1 ? 'mixed' : r() < 0.45 ? 'self' : 'c3pao';
    chains.push({ scope: enclave ? 'Enclave: engineering CUI enclave' : 'Enterprise', cages: r() < 0.6 ? cages : [hlo], family: 'L2', kind });
    if (enclave && r() < 0.6) chains.push({ scope: 'Enterprise', cages, family: 'L1', kind: 'self' });
    for (const s of subs) if (r() < 0.25) chains.push({ scope: `Site ${s}`, cages: [s], family: r() < 0.5 ? 'L1' : 'L2', kind: 'self' });
  } else {
    chains.push({ scope: 'Enclave: DoD program enclave', cages, family: 'L2', kind: 'c3pao' });
    chains.push({ scope: 'Enclave: DoD program enclave', cages, family: 'L3', kind: 'c3pao' });
    if (r() < 0.5) chains.push({ scope: 'Enterprise', cages, family: 'L1', kind: 'self' });
  }
  const use = chains.slice(0, Math.max(1, Math.min(quota, chains.length)));
  const lengths = use.map(() => 1);
  for (let k = use.length; k < quota; k++) lengths[Math.floor(r() * use.length)]++;

  use.forEach((chain, ci) => {
    const n = lengths[ci];
    // Members are spread between a random start and yesterday; a later member supersedes earlier ones.
    const first = int(r, start, today - 1 - Math.min(n, 200));
    const days = Array.from({ length: n }, () => int(r, first, today - 1)).sort((a, b) => a - b);
    let prevUid: string | null = r() < 0.05 ? uidOf(dodTotals(opts.scale).uids + counters.externalUid++) : null;
    for (let m = 0; m < n; m++) {
      const uid = uidOf(counters.uid++);
      const level =
        chain.family === 'L1' ? 'L1_SELF' : chain.family === 'L3' ? 'L3_DIBCAC' : chain.kind === 'self' ? 'L2_SELF' : chain.kind === 'c3pao' ? 'L2_C3PAO' : r() < 0.5 ? 'L2_SELF' : 'L2_C3PAO';
      const u = r();
      const status = level === 'L1_SELF' ? (u < 0.92 ? 'FINAL' : 'NONE') : u < 0.55 ? 'FINAL' : u < 0.85 ? 'CONDITIONAL' : 'NONE';
      const d = days[m];
      const a: Record<string, unknown> = { uid, level, status, statusDate: isoOf(d), cages: chain.cages, scope: chain.scope };
      if (level === 'L3_DIBCAC') a.score = status === 'FINAL' ? 24 : status === 'CONDITIONAL' ? int(r, 20, 23) : int(r, 0, 19);
      else if (level !== 'L1_SELF') a.score = status === 'FINAL' ? 110 : status === 'CONDITIONAL' ? int(r, 88, 109) : r() < 0.9 ? int(r, 20, 87) : int(r, -203, 19);
      if (prevUid && r() < 0.9) a.supersedes = prevUid;
      const affirmations: Record<string, unknown>[] = [];
      const affirm = (day: number) => affirmations.push({ date: isoOf(day), name: pick(r, PEOPLE), title: pick(r, TITLES), email: 'ao@example.com' });
      if (status !== 'NONE') {
        if (r() < 0.97) affirm(d);
        // Annual affirmations (32 CFR 170.22); some are made early, some are missed.
        for (let y = d + 365; y < today; y += 365) if (r() < 0.85) affirm(y - int(r, 0, 20));
        if (r() < 0.2) affirm(Math.min(today - 1, d + int(r, 30, 300)));
      }
      if (status === 'CONDITIONAL') {
        const poamIds = level === 'L3_DIBCAC' ? POAM_L3 : POAM_L2;
        a.poam = [...new Set(Array.from({ length: int(r, 1, 4) }, () => pick(r, poamIds)))];
        const closeDay = d + int(r, 10, 180);
        const v = r();
        if (closeDay < today && v < 0.65) {
          const result = v < 0.55 ? 'SUCCESS' : 'FAILED';
          a.closeout = { date: isoOf(closeDay), result };
          if (result === 'SUCCESS' && r() < 0.9) affirm(closeDay);
        }
      }
      if (status !== 'NONE' && r() < 0.015) a.complianceChanges = [{ date: isoOf(int(r, d, today - 1)), description: pick(r, CHANGES) }];
      if (affirmations.length) a.affirmations = affirmations.sort((x, y) => ((x.date as string) < (y.date as string) ? -1 : 1));
      out.assessments.push(a);
      prevUid = uid;
    }
  });

  const nistCount = profile === 0 ? (r() < 0.04 ? 1 : 0) : r() < 0.92 ? (r() < 0.3 ? 2 : 1) : 0;
  for (let k = 0; k < nistCount; k++) {
    const day = int(r, dayOf(NIST_START), today - 1);
    const score = r() < 0.55 ? 110 : r() < 0.9 ? int(r, 40, 109) : int(r, -203, 39);
    const c = r();
    out.nistAssessments.push({
      cages: r() < 0.8 ? cages : [hlo],
      confidence: c < 0.9 ? 'BASIC' : c < 0.98 ? 'MEDIUM' : 'HIGH',
      assessmentDate: isoOf(day),
      score,
      ...(score < 110 ? { fullImplementationDate: isoOf(day + int(r, 30, 540)) } : {}),
      assessingOrganization: c < 0.9 ? 'Contractor self-assessment' : 'DCMA DIBCAC',
      planDescription: 'Enterprise SSP',
    });
  }
}

/** Yields import batches of whole companies, each with about `batchSize` UIDs. */
export function* generateDod(opts: DodOptions): Generator<DodBatch> {
  const { sizes, profiles, quotas } = plan(opts);
  const counters: Counters = { uid: 0, cage: 0, externalUid: 0 };
  const keys = keysFor(opts);
  let batch: DodBatch = { companies: [], assessments: [], nistAssessments: [] };
  for (let i = 0; i < sizes.length; i++) {
    company(opts, keys, i, sizes[i], profiles[i] as Profile, quotas[i], counters, batch);
    if (batch.assessments.length >= opts.batchSize) {
      yield batch;
      batch = { companies: [], assessments: [], nistAssessments: [] };
    }
  }
  if (batch.companies.length) yield batch;
}

// ---------------------------------------------------------------------------------------------
// Loading

export interface SeedSummary {
  seconds: number;
  batches: number;
  counts: { companies: number; assessments: number; affirmations: number; closeouts: number; complianceChanges: number; poamItems: number; nistAssessments: number };
  /** Worker thread: seconds in the generator and in the API's zod schema (overlapping the writes). */
  parseSeconds: number;
  generateSeconds: number;
  /** Main thread: seconds in importRecords (validation + writes), and waiting for the worker. */
  importSeconds: number;
  waitSeconds: number;
  /** CPU seconds of the writing (main) thread and of the whole process (Linux; robust to a busy machine). */
  mainThreadCpuSeconds: number | null;
  processCpuSeconds: number;
}

/** CPU seconds used so far by this process's main thread (Linux /proc), or null elsewhere. */
function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after "pid (comm)"), in clock ticks (100/s).
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

export interface Progress {
  done: number;
  total: number;
  elapsed: number;
}

type FromWorker = { batch: ImportInput } | { done: true; parseMs: number; generateMs: number } | { error: string };

/**
 * Generation and the API's zod parse run on a worker thread, at most two batches ahead, while this
 * thread writes: the machine has two cores and SQLite writes are single-threaded anyway.
 */
async function* parsedBatches(opts: DodOptions, timing: { parseMs: number; generateMs: number }): AsyncGenerator<ImportInput> {
  // A worker does not inherit tsx's loader hooks: it registers them before importing this file.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { dodWorker: opts } });
  const queue: FromWorker[] = [];
  let wake: (() => void) | null = null;
  worker.on('message', (m: FromWorker) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    queue.push({ error: String(e?.stack ?? e) });
    wake?.();
  });
  worker.postMessage('more');
  worker.postMessage('more');
  try {
    for (;;) {
      while (!queue.length) await new Promise<void>((ok) => (wake = ok));
      wake = null;
      const m = queue.shift()!;
      if ('error' in m) throw new Error(`generator worker: ${m.error}`);
      if ('done' in m) {
        Object.assign(timing, { parseMs: m.parseMs, generateMs: m.generateMs });
        return;
      }
      worker.postMessage('more');
      yield m.batch;
    }
  } finally {
    await worker.terminate();
  }
}

if (!isMainThread && workerData?.dodWorker) {
  const gen = generateDod(workerData.dodWorker as DodOptions);
  let parseMs = 0, generateMs = 0;
  parentPort!.on('message', () => {
    try {
      const t0 = performance.now();
      const next = gen.next();
      const t1 = performance.now();
      generateMs += t1 - t0;
      if (next.done) return parentPort!.postMessage({ done: true, parseMs, generateMs });
      // Exactly what POST /api/v1/import does with a body before the service sees it.
      const batch = ImportInput.parse(next.value);
      parseMs += performance.now() - t1;
      parentPort!.postMessage({ batch });
    } catch (e) {
      parentPort!.postMessage({ error: String((e as Error)?.stack ?? e) });
    }
  });
}

export async function seedDodScale(
  ctx: { database: Database; clock: Clock },
  actor: Actor,
  opts: DodOptions,
  onProgress?: (p: Progress) => void,
): Promise<SeedSummary> {
  const total = dodTotals(opts.scale).uids;
  const counts: SeedSummary['counts'] = { companies: 0, assessments: 0, affirmations: 0, closeouts: 0, complianceChanges: 0, poamItems: 0, nistAssessments: 0 };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpu();
  const timing = { parseMs: 0, generateMs: 0 };
  let load = 0, batches = 0;
  for await (const input of parsedBatches(opts, timing)) {
    const t2 = performance.now();
    const res = await importRecords(ctx, actor, input, { bulk: true });
    load += performance.now() - t2;
    batches++;
    counts.companies += res.imported.companies;
    counts.assessments += res.imported.assessments;
    counts.nistAssessments += res.imported.nistAssessments;
    for (const a of input.assessments) {
      counts.affirmations += a.affirmations.length;
      counts.complianceChanges += a.complianceChanges.length;
      counts.closeouts += a.closeout ? 1 : 0;
      counts.poamItems += a.poam?.length ?? 0;
    }
    onProgress?.({ done: counts.assessments, total, elapsed: (performance.now() - t0) / 1000 });
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpu();
  return {
    mainThreadCpuSeconds: main0 === null || main1 === null ? null : Math.round((main1 - main0) * 100) / 100,
    processCpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100, seconds, batches, counts, parseSeconds: timing.parseMs / 1000, importSeconds: load / 1000, generateSeconds: timing.generateMs / 1000, waitSeconds: seconds - load / 1000 };
}

/** A progress bar on stderr: percent, rows (UIDs) per second, ETA. One line per 10% when not a TTY. */
export function progressBar(label: string): (p: Progress) => void {
  let last = 0;
  let lastDecile = -1;
  return ({ done, total, elapsed }) => {
    const now = performance.now();
    const finished = done >= total;
    const frac = total ? done / total : 1;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const line = `${label} [${'#'.repeat(Math.round(frac * 30)).padEnd(30, '.')}] ${(frac * 100).toFixed(1).padStart(5)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} UIDs  ${Math.round(rate).toLocaleString('en-US')} rows/s  ETA ${Math.ceil(eta)}s`;
    if (process.stderr.isTTY) {
      if (!finished && now - last < 200) return;
      last = now;
      process.stderr.write(`\r${line}${finished ? '\n' : ''}`);
    } else {
      const decile = Math.floor(frac * 10);
      if (decile === lastDecile && !finished) return;
      lastDecile = decile;
      process.stderr.write(`${line}\n`);
    }
  };
}

/** Opens (and migrates) a database, makes sure it is empty, and returns an administrator to import as. */
export async function openForSeeding(url: string, today = DOD_TODAY) {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).split('?')[0];
    if (path) mkdirSync(dirname(path), { recursive: true });
  }
  const database = await createDatabase({ url });
  await migrateDatabase(database);
  // Bulk loading only: a bigger page cache keeps the UID indexes in memory while keys arrive in
  // random order (the server keeps the default cache).
  if (url.startsWith('file:')) await database.client.execute('PRAGMA cache_size = -262144');
  const clock = fixedClock(today);
  const ctx = { database, clock };
  const token = `dod-seed-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  await ensureAdminToken(ctx, token);
  const actor = await actorForApiToken(database.db, token);
  if (!actor) throw new Error('could not resolve the seeding administrator');
  const [{ n }] = (await database.client.execute('SELECT count(*) AS n FROM assessments')).rows as unknown as { n: number }[];
  return { ctx, actor, existing: Number(n) };
}

function parseArgs(argv: string[]) {
  const opt = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scale = Number(opt('scale') ?? 1);
  if (!(scale > 0 && scale <= 20)) throw new Error('--scale must be in (0, 20]');
  const order = opt('order') ?? DEFAULT_DOD_OPTIONS.order;
  if (order !== 'sorted' && order !== 'random') throw new Error('--order is sorted or random');
  const batchSize = Number(opt('batch') ?? DEFAULT_DOD_OPTIONS.batchSize);
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 50_000)) throw new Error('--batch is 1…50000 UIDs per import call');
  return {
    db: opt('db') ?? 'file:bench/out/dod.db',
    opts: {
      ...DEFAULT_DOD_OPTIONS,
      scale,
      seed: opt('seed') ?? DEFAULT_DOD_OPTIONS.seed,
      batchSize,
      order: order as DodOptions['order'],
    },
  };
}

if (isMainThread && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { db, opts } = parseArgs(process.argv.slice(2));
  const { ctx, actor, existing } = await openForSeeding(db, opts.today);
  if (existing > 0) {
    console.error(`${db} already holds ${existing} assessments; seed an empty database (UIDs are never reused)`);
    process.exit(1);
  }
  const totals = dodTotals(opts.scale);
  console.error(`seeding ${totals.companies.toLocaleString('en-US')} companies and ${totals.uids.toLocaleString('en-US')} UIDs into ${db} (seed ${opts.seed}, batches of ~${opts.batchSize})`);
  const s = await seedDodScale(ctx, actor, opts, progressBar('import'));
  ctx.database.close();
  console.log(JSON.stringify(s, null, 2));
  console.error(
    `imported in ${s.seconds.toFixed(1)} s: importRecords ${s.importSeconds.toFixed(1)} s, waiting for the worker ${s.waitSeconds.toFixed(1)} s (worker: generator ${s.generateSeconds.toFixed(1)} s, zod ${s.parseSeconds.toFixed(1)} s); CPU: writing thread ${s.mainThreadCpuSeconds ?? '?'} s, process ${s.processCpuSeconds} s`,
  );
}
