/**
 * eMASS sync runs (feeds.md §3; api.md "The eMASS feed"): one run at a time across every instance
 * sharing the database (a lease row), each recorded with its window, outcome, counts, quarantined
 * records, warnings and error. The routes, the schedule and `npm run emass:sync` all come here.
 *
 * Decision (the cursor's overlap): a run asks for the records changed since the start of the last
 * successful run minus CURSOR_OVERLAP_SECONDS (one day), so a record eMASS stamped with a clock
 * behind ours, or committed while our last run was reading, is not missed. Applying a record twice
 * changes nothing, so the overlap costs only re-reading. A failed run does not move the cursor.
 */
import { count, desc, eq, sql } from 'drizzle-orm';
import { assessments, EMASS_RUN_OUTCOMES, emassHistory, emassQuarantine, emassRuns, type EmassRunRow } from '../../../db/schema.js';
import { secondsAtStartOf } from '../../domain/emass-record.js';
import type { EmassEvent } from '../../domain/emass-changes.js';
import type { IsoDate } from '../../domain/dates.js';
import type { ServiceContext } from '../context.js';
import { leaseHolder, runExclusive } from '../leases.js';
import { appendRunWarnings, applyFeed, type FeedCounts } from './apply.js';
import { EmassError, fetchCmmcAssessments } from './client.js';
import { EMASS_DEFAULTS, type EmassSettings } from './settings.js';

export const EMASS_SYNC_LEASE = 'emass-sync';
/** Short, so that after a crash the next run can start within seconds; renewed every third of it. */
export const EMASS_LEASE_TTL_MS = 15_000;
export const CURSOR_OVERLAP_SECONDS = 86_400;
/** Quarantined records no later run has applied, each once (feeds.md §2): a GROUP BY to select from. */
const OPEN_QUARANTINE = sql`resolved_by_run_id IS NULL GROUP BY coalesce(cmmc_uid, assessment_id, record_json), reason`;
/** A run's outcomes, for the routes (which do not read the schema). */
export const RUN_OUTCOMES = EMASS_RUN_OUTCOMES;

/** A run as api.md shows it. `outcome` is RUNNING while it is in progress. */
export interface EmassRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  /** The window's start, as an ISO-8601 instant (eMASS was asked for Unix seconds). */
  sinceDate: string;
  outcome: EmassRunRow['outcome'];
  counts: FeedCounts;
  quarantined: { cmmcUid: string | null; operation: string | null; reason: string }[];
  warnings: string[];
  error: string | null;
}

export type SyncResult = { busy: true } | { busy: false; run: EmassRun };

/** Where a run's records come from: eMASS over HTTP, or a fixture. */
export type RecordSource = (sinceSeconds: number, hooks: { signal: AbortSignal; onRetry: (message: string) => void }) => AsyncIterable<unknown> | Iterable<unknown>;

export interface SyncPlan {
  source: RecordSource;
  /** The first run's start (EMASS_SINCE); null: from Unix time 0. */
  since: IsoDate | null;
  batchSize?: number;
}

const INTERRUPTED = 'The run was interrupted before it finished (its process stopped). Its committed batches are kept; the next run re-reads the same window and applies the rest.';

/** The window's start for the next run (see the Decision above). */
export async function nextSinceSeconds(ctx: ServiceContext, since: IsoDate | null): Promise<number> {
  const [last] = await ctx.database.db
    .select({ startedAt: emassRuns.startedAt })
    .from(emassRuns)
    .where(eq(emassRuns.outcome, 'SUCCEEDED'))
    .orderBy(desc(emassRuns.startedAt))
    .limit(1);
  if (last) return Math.max(0, Math.floor(Date.parse(last.startedAt) / 1000) - CURSOR_OVERLAP_SECONDS);
  return since ? secondsAtStartOf(since, ctx.clock.zone) : 0;
}

/** One run, to be called while holding the lease (syncNow and the schedule take it). */
export async function runSync(ctx: ServiceContext, plan: SyncPlan, signal: AbortSignal): Promise<EmassRun> {
  const { db } = ctx.database;
  const started = ctx.clock.now();
  // Only the lease holder runs, so a RUNNING row left now belongs to a process that died.
  await db.update(emassRuns).set({ outcome: 'FAILED', finishedAt: started.toISOString(), error: INTERRUPTED }).where(eq(emassRuns.outcome, 'RUNNING'));
  const sinceSeconds = await nextSinceSeconds(ctx, plan.since);
  const today = ctx.clock.today();
  const [{ id }] = await db.insert(emassRuns).values({ startedAt: started.toISOString(), seenOn: today, sinceSeconds, outcome: 'RUNNING' }).returning({ id: emassRuns.id });
  const pendingWarnings: string[] = [];
  let outcome: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED';
  let error: string | null = null;
  try {
    const records = plan.source(sinceSeconds, { signal, onRetry: (m) => pendingWarnings.push(m) });
    await applyFeed(ctx, records, { runId: id, today, batchSize: plan.batchSize ?? EMASS_DEFAULTS.batchSize, signal, pendingWarnings });
  } catch (e) {
    outcome = 'FAILED';
    error = e instanceof EmassError ? e.message : signal.aborted ? `The run stopped: ${String((signal.reason as Error)?.message ?? signal.reason)}.` : `The run failed: ${(e as Error)?.message ?? String(e)}`;
  }
  await db.transaction(async (tx) => {
    await appendRunWarnings(tx, id, pendingWarnings);
    await tx.update(emassRuns).set({ outcome, finishedAt: ctx.clock.now().toISOString(), error }).where(eq(emassRuns.id, id));
  });
  ctx.metrics?.emassRuns.inc({ outcome: outcome.toLowerCase() });
  return (await getRun(ctx, id))!;
}

const holding = (ctx: ServiceContext, plan: SyncPlan): Promise<SyncResult> =>
  runExclusive(ctx, EMASS_SYNC_LEASE, (signal) => runSync(ctx, plan, signal), { ttlMs: EMASS_LEASE_TTL_MS }).then((r) => (r.ran ? { busy: false, run: r.value } : { busy: true }));

/** The plan of a sync from eMASS itself. */
export const emassPlan = (settings: EmassSettings): SyncPlan => ({
  since: settings.since,
  batchSize: settings.batchSize,
  source: (sinceSeconds, hooks) => fetchCmmcAssessments(settings, sinceSeconds, hooks),
});

/** Runs one sync now and answers when it has finished; `busy` while another run holds the lease. */
export const syncNow = (ctx: ServiceContext, settings: EmassSettings): Promise<SyncResult> => holding(ctx, emassPlan(settings));

/** A sync whose records come from a fixture instead of eMASS (the demo data set), through the same code. */
export const syncFromRecords = (ctx: ServiceContext, records: AsyncIterable<unknown> | Iterable<unknown>, opts: { since?: IsoDate | null; batchSize?: number } = {}): Promise<SyncResult> =>
  holding(ctx, { since: opts.since ?? null, batchSize: opts.batchSize, source: () => records });

function present(row: EmassRunRow, quarantined: EmassRun['quarantined']): EmassRun {
  const warnings: string[] = JSON.parse(row.warningsJson);
  if (row.warningCount > warnings.length) warnings.push(`… and ${row.warningCount - warnings.length} more warnings.`);
  return {
    id: row.id,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    sinceDate: new Date(row.sinceSeconds * 1000).toISOString(),
    outcome: row.outcome,
    counts: { added: row.added, updated: row.updated, withdrawn: row.withdrawn, unchanged: row.unchanged, quarantined: row.quarantined },
    quarantined,
    warnings,
    error: row.error,
  };
}

async function quarantinedOf(ctx: ServiceContext, runId: number, limit?: number) {
  const q = ctx.database.db
    .select({ cmmcUid: emassQuarantine.cmmcUid, operation: emassQuarantine.operation, reason: emassQuarantine.reason })
    .from(emassQuarantine)
    .where(eq(emassQuarantine.runId, runId))
    .orderBy(emassQuarantine.id);
  return limit === undefined ? q : q.limit(limit);
}

/** One run with every record it quarantined; null when there is no such run. */
export async function getRun(ctx: ServiceContext, id: number): Promise<EmassRun | null> {
  const [row] = await ctx.database.db.select().from(emassRuns).where(eq(emassRuns.id, id));
  return row ? present(row, await quarantinedOf(ctx, id)) : null;
}

/** The newest runs first; each lists at most `quarantinedPerRun` of its quarantined records (counts has them all). */
export async function listRuns(ctx: ServiceContext, opts: { limit?: number; offset?: number; quarantinedPerRun?: number } = {}): Promise<EmassRun[]> {
  const rows = await ctx.database.db.select().from(emassRuns).orderBy(desc(emassRuns.id)).limit(opts.limit ?? 20).offset(opts.offset ?? 0);
  return Promise.all(rows.map(async (r) => present(r, await quarantinedOf(ctx, r.id, opts.quarantinedPerRun ?? 100))));
}

export interface OpenQuarantine {
  runId: number;
  seenAt: string;
  cmmcUid: string | null;
  operation: string | null;
  reason: string;
}

/**
 * Quarantined records no later run has applied a version of (feeds.md §2), newest first, each
 * once: a record re-read by overlapping runs is listed from the latest run that refused it.
 */
export async function openQuarantine(ctx: ServiceContext, opts: { limit?: number } = {}): Promise<OpenQuarantine[]> {
  return ctx.database.db.all<OpenQuarantine>(sql`
    SELECT q.run_id AS runId, r.started_at AS seenAt, q.cmmc_uid AS cmmcUid, q.operation, q.reason
    FROM emass_quarantine q JOIN emass_runs r ON r.id = q.run_id
    WHERE q.id IN (SELECT max(id) FROM emass_quarantine WHERE ${OPEN_QUARANTINE})
    ORDER BY q.id DESC LIMIT ${opts.limit ?? 500}`);
}

export interface FeedHistory {
  uid: string;
  /** Where the record came from (api.md `source`): EMASS, IMPORT or POSTING. */
  source: string;
  withdrawnOn: IsoDate | null;
  events: { event: EmassEvent; date: IsoDate; runId: number; detail: Record<string, unknown> | null }[];
}

/** Where a UID came from and what the feed did to it, oldest first; null for a UID not held. */
export async function feedHistory(ctx: ServiceContext, uid: string): Promise<FeedHistory | null> {
  const { db } = ctx.database;
  const [a] = await db
    .select({ source: assessments.source, withdrawnOn: assessments.withdrawnOn, runId: assessments.addedByEmassRun, seenOn: emassRuns.seenOn })
    .from(assessments)
    .leftJoin(emassRuns, eq(emassRuns.id, assessments.addedByEmassRun))
    .where(eq(assessments.uid, uid));
  if (!a) return null;
  const rows = await db.select().from(emassHistory).where(eq(emassHistory.uid, uid)).orderBy(emassHistory.id);
  const added: FeedHistory['events'] = a.runId && a.seenOn ? [{ event: 'ADDED', date: a.seenOn, runId: a.runId, detail: null }] : [];
  return {
    uid,
    source: a.source,
    withdrawnOn: a.withdrawnOn,
    events: [...added, ...rows.map((r) => ({ event: r.event, date: r.date, runId: r.runId, detail: r.detailJson ? (JSON.parse(r.detailJson) as Record<string, unknown>) : null }))],
  };
}

/**
 * The run in progress, if any (the admin page's progress). A RUNNING row counts only while someone
 * holds the lease: one left by a process that died is closed by the next run.
 */
export async function runningRun(ctx: ServiceContext): Promise<EmassRun | null> {
  if (!(await leaseHolder(ctx, EMASS_SYNC_LEASE))) return null;
  const [row] = await ctx.database.db.select().from(emassRuns).where(eq(emassRuns.outcome, 'RUNNING')).orderBy(desc(emassRuns.id)).limit(1);
  return row ? present(row, []) : null;
}

/** The job the schedule runs (src/server.ts): scheduleExclusive holds the lease around it. */
export const emassSyncJob =
  (ctx: ServiceContext, settings: EmassSettings) =>
  (signal: AbortSignal): Promise<EmassRun> =>
    runSync(ctx, emassPlan(settings), signal);

/** How many runs there are (the admin page's paging). */
export async function countRuns(ctx: ServiceContext): Promise<number> {
  const [row] = await ctx.database.db.select({ n: count() }).from(emassRuns);
  return row?.n ?? 0;
}

/** How many records are in quarantine now, each counted once (the metrics' gauge). */
export async function countOpenQuarantine(ctx: ServiceContext): Promise<number> {
  const [row] = await ctx.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM emass_quarantine WHERE ${OPEN_QUARANTINE})`);
  return row?.n ?? 0;
}

/**
 * The feed's readiness (/readyz): a failed last run degrades it but never takes the instance out
 * of traffic, since checks answer from what is stored and the next run repairs the rest.
 */
export async function emassReadiness(ctx: ServiceContext): Promise<{ ok: true; degraded?: string }> {
  const [last] = await ctx.database.db
    .select({ outcome: emassRuns.outcome })
    .from(emassRuns)
    .where(sql`${emassRuns.outcome} <> 'RUNNING'`)
    .orderBy(desc(emassRuns.id))
    .limit(1);
  return last?.outcome === 'FAILED' ? { ok: true, degraded: 'the last eMASS run failed' } : { ok: true };
}
