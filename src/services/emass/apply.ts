/**
 * Applies the records of one sync run (feeds.md §2) through the same tables, scope identity and
 * supersession as postings and imports, a batch at a time. Each batch is one transaction holding
 * its records' effects, their feed history and quarantine entries, the run's counts and an audit
 * entry, so a crash loses no committed batch and leaves none half-written; the next run re-pulls
 * the window (its cursor did not move) and finds the committed records unchanged.
 *
 * The records come as an async iterable of raw values: the HTTP client produces one, and so does a
 * fixture (the demo data set, tests), so both go through exactly this code.
 */
import { eq, sql } from 'drizzle-orm';
import { assessmentCages, assessments, emassRuns, scopes } from '../../../db/schema.js';
import { decideFeedAction, type EmassEvent, type FeedAction, type HeldRecord, type NewCompany } from '../../domain/emass-changes.js';
import { mapCmmcRecord, type FeedFacts, type MappedRecord, type QuarantinedRecord } from '../../domain/emass-record.js';
import type { IsoDate } from '../../domain/dates.js';
import { levelFamily, type Level, type LevelFamily, type StatusType } from '../../domain/levels.js';
import { scopeKey, supersessionLinks, type SupersessionLink } from '../../domain/supersession.js';
import { appendAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { beginTimelineBypass, endTimelineBypass, groupMembers, insertRows, refreshTimeline, uidList, type Tx } from '../import-bulk.js';
import { existing } from '../import-validation.js';
import { relinkSupersessionOf, scopeIdsFor, type GroupKey } from '../scopes.js';

export interface FeedCounts {
  added: number;
  updated: number;
  withdrawn: number;
  unchanged: number;
  quarantined: number;
}

export interface ApplyOptions {
  runId: number;
  /** The day the run saw its records: closeouts, changes and withdrawals are dated this day. */
  today: IsoDate;
  batchSize: number;
  signal?: AbortSignal;
  /** Warnings found outside the records (retries); drained into the next batch written. */
  pendingWarnings?: string[];
}

/** How many warnings a run keeps word for word; the rest are counted. */
export const WARNINGS_KEPT = 200;
const RECORD_JSON_LIMIT = 4000;

interface Item {
  raw: unknown;
  mapped: MappedRecord;
}

/** Consumes the records, writing a batch whenever it is full or a UID repeats within it. */
export async function applyFeed(ctx: ServiceContext, records: AsyncIterable<unknown> | Iterable<unknown>, opts: ApplyOptions): Promise<FeedCounts> {
  const total: FeedCounts = { added: 0, updated: 0, withdrawn: 0, unchanged: 0, quarantined: 0 };
  let batch: Item[] = [];
  const uids = new Set<string>();
  const flush = async () => {
    if (!batch.length) return;
    opts.signal?.throwIfAborted();
    const counts = await writeBatch(ctx, batch, opts);
    for (const k of Object.keys(total) as (keyof FeedCounts)[]) total[k] += counts[k];
    batch = [];
    uids.clear();
  };
  for await (const raw of records) {
    const mapped = mapCmmcRecord(raw, ctx.clock.zone);
    const uid = mapped.ok ? mapped.record.uid : mapped.quarantine.cmmcUid;
    // A UID seen twice in one batch would be decided against what the batch has not yet written.
    if (uid && uids.has(uid)) await flush();
    if (uid) uids.add(uid);
    batch.push({ raw, mapped });
    if (batch.length >= opts.batchSize) await flush();
  }
  await flush();
  return total;
}

interface HeldRow {
  uid: string;
  hlo_cage: string;
  level: Level;
  posted_type: StatusType;
  status_date: string;
  score: number | null;
  cages_json: string;
  withdrawn_on: string | null;
  scope_id: number;
  family: LevelFamily;
  scope_name: string;
  scope_key: string;
  scope_description: string | null;
  closeout_date: string | null;
  closeout_result: 'SUCCESS' | 'FAILED' | null;
}

type Held = HeldRecord & { scopeId: number };

async function loadHeld(tx: Tx, uids: string[]): Promise<Map<string, Held>> {
  const out = new Map<string, Held>();
  if (!uids.length) return out;
  const rows = await tx.all<HeldRow>(sql`
    SELECT a.uid, a.hlo_cage, a.level, a.posted_type, a.status_date, a.score, a.cages_json, a.withdrawn_on, a.scope_id, a.family,
      s.name AS scope_name, s.name_key AS scope_key, s.description AS scope_description, k.date AS closeout_date, k.result AS closeout_result
    FROM assessments a JOIN scopes s ON s.id = a.scope_id LEFT JOIN closeouts k ON k.assessment_uid = a.uid
    WHERE a.uid IN (SELECT value FROM json_each(${JSON.stringify(uids)}))`);
  for (const r of rows) {
    out.set(r.uid, {
      uid: r.uid,
      hloCage: r.hlo_cage,
      level: r.level,
      postedType: r.posted_type,
      statusDate: r.status_date,
      score: r.score,
      cages: JSON.parse(r.cages_json),
      scopeName: r.scope_name,
      scopeKey: r.scope_key,
      scopeDescription: r.scope_description,
      closeout: r.closeout_date ? { date: r.closeout_date, result: r.closeout_result! } : null,
      withdrawnOn: r.withdrawn_on,
      scopeId: r.scope_id,
    });
  }
  return out;
}

/** Appends warnings to a run: the first WARNINGS_KEPT word for word, all of them counted. */
export async function appendRunWarnings(tx: Pick<Tx, 'all' | 'run'>, runId: number, warnings: readonly string[]): Promise<void> {
  if (!warnings.length) return;
  const [row] = await tx.all<{ json: string }>(sql`SELECT warnings_json AS json FROM emass_runs WHERE id = ${runId}`);
  const kept: string[] = JSON.parse(row.json);
  const room = Math.max(0, WARNINGS_KEPT - kept.length);
  const json = room ? JSON.stringify([...kept, ...warnings.slice(0, room)]) : row.json;
  await tx.run(sql`UPDATE emass_runs SET warnings_json = ${json}, warning_count = warning_count + ${warnings.length} WHERE id = ${runId}`);
}

const ASSESSMENT_COLUMNS = ['uid', 'hlo_cage', 'scope_id', 'level', 'family', 'posted_type', 'status_date', 'score', 'cages_json', 'source', 'superseded_by_uid', 'superseded_on', 'added_by_emass_run', 'seq', 'created_at'] as const;

/** One batch, one transaction: decide every record against what is held, then write it all. */
async function writeBatch(ctx: ServiceContext, items: Item[], opts: ApplyOptions): Promise<FeedCounts> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const { runId, today } = opts;
  const counts: FeedCounts = { added: 0, updated: 0, withdrawn: 0, unchanged: 0, quarantined: 0 };
  return ctx.database.db.transaction(async (tx) => {
    // check_timeline is recomputed for the batch's UIDs in one statement below (import-bulk.ts).
    await beginTimelineBypass(tx);
    const okUids = items.flatMap((i) => (i.mapped.ok ? [i.mapped.record.uid] : []));
    const held = await loadHeld(tx, okUids);
    const cages = items.flatMap((i) => (i.mapped.ok && i.mapped.record.facts ? [...i.mapped.record.facts.cages, ...(i.mapped.record.facts.hloCage ? [i.mapped.record.facts.hloCage] : [])] : []));
    // HLO of every CAGE the batch names: held, then those the batch plans to create.
    const hlos = await existing(tx, 'companies', 'cage', cages);
    const hloOf = (cage: string) => hlos.get(cage);

    const newCompanies: NewCompany[] = [];
    const adds: { uid: string; hloCage: string; facts: FeedFacts }[] = [];
    const closeouts: unknown[][] = [];
    const changed: { held: Held; action: Extract<FeedAction, { kind: 'update' }> }[] = [];
    const withdrawn: string[] = [];
    const history: unknown[][] = [];
    const quarantine: unknown[][] = [];
    const applied = { uids: [] as string[], assessmentIds: [] as string[] };
    const warnings = opts.pendingWarnings?.splice(0) ?? [];
    const event = (uid: string, e: EmassEvent, detail: unknown) => history.push([uid, runId, today, e, JSON.stringify(detail)]);
    const quarantineRow = (q: QuarantinedRecord, raw: unknown) => {
      counts.quarantined++;
      quarantine.push([runId, q.cmmcUid, q.operation, q.assessmentId, q.reason, JSON.stringify(raw)?.slice(0, RECORD_JSON_LIMIT) ?? null]);
    };
    const plan = (companies: NewCompany[]) => {
      for (const c of companies) {
        hlos.set(c.cage, c.hloCage);
        newCompanies.push(c);
      }
    };

    for (const { raw, mapped } of items) {
      if (!mapped.ok) {
        quarantineRow(mapped.quarantine, raw);
        continue;
      }
      const rec = mapped.record;
      warnings.push(...mapped.warnings);
      const h = held.get(rec.uid) ?? null;
      const action = decideFeedAction(rec, h, { today, hloOf });
      if (action.kind === 'quarantine') {
        quarantineRow({ cmmcUid: rec.uid, operation: rec.operation, assessmentId: rec.assessmentId, reason: action.reason }, raw);
        continue;
      }
      applied.uids.push(rec.uid);
      if (rec.assessmentId) applied.assessmentIds.push(rec.assessmentId);
      switch (action.kind) {
        case 'unchanged':
          counts.unchanged++;
          break;
        case 'withdraw':
          counts.withdrawn++;
          withdrawn.push(rec.uid);
          event(rec.uid, 'WITHDRAWN', { operation: rec.operation });
          break;
        case 'add': {
          const f = rec.facts!;
          counts.added++;
          plan(action.companies);
          warnings.push(...action.warnings);
          adds.push({ uid: rec.uid, hloCage: action.hloCage, facts: f });
          break;
        }
        case 'update':
          counts.updated++;
          plan(action.companies);
          changed.push({ held: h!, action });
          if (action.closeout) {
            closeouts.push([rec.uid, today, action.closeout, at]);
            event(rec.uid, action.closeout === 'SUCCESS' ? 'CLOSEOUT_SEEN' : 'CLOSEOUT_FAILED_SEEN', { operation: rec.operation, closeoutDate: today });
          }
          if (Object.keys(action.changes).length) event(rec.uid, 'CHANGED', { operation: rec.operation, ...action.changes });
          break;
      }
    }

    await insertRows(
      tx,
      'companies',
      ['cage', 'hlo_cage', 'name', 'uei', 'updated_at', 'created_by_emass_run'],
      // HLOs first, as imports write them.
      newCompanies.sort((a, b) => Number(b.cage === b.hloCage) - Number(a.cage === a.hloCage)).map((c) => [c.cage, c.hloCage, c.name, c.uei, at, runId]),
      'ON CONFLICT (cage) DO NOTHING',
    );
    const relinked = await insertAssessments(tx, runId, adds, at);
    await insertRows(tx, 'closeouts', ['assessment_uid', 'date', 'result', 'created_at'], closeouts);
    for (const { held: h, action } of changed) await applyChanges(tx, h, action);
    if (withdrawn.length) await tx.run(sql`UPDATE assessments SET withdrawn_on = ${today} WHERE uid IN (SELECT value FROM json_each(${JSON.stringify(withdrawn)}))`);
    // What moves key dates: new UIDs, closeouts, withdrawals, and relinked groups (score, CAGEs and scope description do not).
    await refreshTimeline(tx, uidList([...adds.map((a) => a.uid), ...closeouts.map((c) => c[0] as string), ...withdrawn]));
    if (relinked.length) await refreshTimeline(tx, groupMembers(relinked));
    await endTimelineBypass(tx);
    await insertRows(tx, 'emass_history', ['uid', 'run_id', 'date', 'event', 'detail_json'], history);
    // A record applied now closes what earlier runs quarantined for it (feeds.md §2 "Quarantine").
    if (applied.uids.length) {
      await tx.run(sql`UPDATE emass_quarantine SET resolved_by_run_id = ${runId} WHERE resolved_by_run_id IS NULL
        AND (cmmc_uid IN (SELECT value FROM json_each(${JSON.stringify(applied.uids)})) OR assessment_id IN (SELECT value FROM json_each(${JSON.stringify(applied.assessmentIds)})))`);
    }
    await insertRows(tx, 'emass_quarantine', ['run_id', 'cmmc_uid', 'operation', 'assessment_id', 'reason', 'record_json'], quarantine);
    await tx
      .update(emassRuns)
      .set({
        added: sql`${emassRuns.added} + ${counts.added}`,
        updated: sql`${emassRuns.updated} + ${counts.updated}`,
        withdrawn: sql`${emassRuns.withdrawn} + ${counts.withdrawn}`,
        unchanged: sql`${emassRuns.unchanged} + ${counts.unchanged}`,
        quarantined: sql`${emassRuns.quarantined} + ${counts.quarantined}`,
      })
      .where(eq(emassRuns.id, runId));
    await appendRunWarnings(tx, runId, warnings);
    const touched = [...adds.map((a) => a.uid), ...changed.map((c) => c.held.uid), ...withdrawn];
    await appendAudit(tx, now, [{ userId: null, action: 'emass.apply', entity: 'emass_run', entityId: String(runId), detail: { ...counts, uids: touched } }]);
    return counts;
  });
}

type Arrivals = { group: GroupKey; newScope: boolean; members: { uid: string; statusDate: string; arrival: number }[] };

/** New UIDs: source EMASS, no affirmation (the feed carries none, so each awaits one: rules §3.4). */
async function insertAssessments(tx: Tx, runId: number, adds: { uid: string; hloCage: string; facts: FeedFacts }[], at: string): Promise<GroupKey[]> {
  if (!adds.length) return [];
  const { ids, created } = await scopeIdsFor(
    tx,
    adds.map((a) => ({ hloCage: a.hloCage, name: a.facts.scopeName, description: a.facts.scopeDescription })),
    at,
  );
  const [{ maxSeq }] = await tx.all<{ maxSeq: number | null }>(sql`SELECT max(seq) AS maxSeq FROM assessments`);
  let seq = maxSeq ?? 0;
  const groups = new Map<string, Arrivals>();
  const rows: unknown[][] = [];
  const cageRows: unknown[][] = [];
  for (const { uid, hloCage, facts: f } of adds) {
    const scopeId = ids.get(`${hloCage}\u0000${scopeKey(f.scopeName)}`)!;
    const family = levelFamily(f.level);
    const key = `${scopeId}:${family}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group: { scopeId, family }, newScope: created.has(scopeId), members: [] }));
    g.members.push({ uid, statusDate: f.statusDate, arrival: ++seq });
    rows.push([uid, hloCage, scopeId, f.level, family, f.type, f.statusDate, f.score, JSON.stringify(f.cages), 'EMASS', null, null, runId, seq, at]);
    for (const c of f.cages) cageRows.push([uid, c]);
  }
  return supersede(tx, [...groups.values()], async (links) => {
    for (const r of rows) {
      const link = links.get(r[0] as string);
      if (link) [r[10], r[11]] = [link.supersededBy, link.supersededOn];
    }
    await insertRows(tx, 'assessments', ASSESSMENT_COLUMNS, rows);
    await insertRows(tx, 'assessment_cages', ['assessment_uid', 'cage'], cageRows);
  });
}

/**
 * Supersession of the groups that gain UIDs (rules §3.5) by the domain's rule (supersessionLinks),
 * as postings and imports store it: the one place the feed applies it. A scope this batch created
 * holds only the batch's UIDs, so their links are known before the rows are written (`write` gets
 * them); a scope that held UIDs before is relinked from the database once the new rows are in (those groups are returned).
 */
async function supersede(tx: Tx, groups: Arrivals[], write: (links: Map<string, SupersessionLink>) => Promise<void>): Promise<GroupKey[]> {
  const links = new Map<string, SupersessionLink>();
  for (const g of groups) {
    if (!g.newScope || g.members.length < 2) continue;
    for (const [uid, link] of supersessionLinks(g.members)) if (link) links.set(uid, link);
  }
  await write(links);
  const relinked = groups.filter((g) => !g.newScope).map((g) => g.group);
  await relinkSupersessionOf(tx, relinked);
  return relinked;
}

/** Score, CAGE list and scope description of a held UID, as eMASS now gives them. */
async function applyChanges(tx: Tx, h: Held, action: Extract<FeedAction, { kind: 'update' }>): Promise<void> {
  const c = action.changes;
  if (c.score) await tx.update(assessments).set({ score: c.score.to }).where(eq(assessments.uid, h.uid));
  if (c.cages) {
    await tx.update(assessments).set({ cagesJson: JSON.stringify(c.cages.to) }).where(eq(assessments.uid, h.uid));
    await tx.delete(assessmentCages).where(eq(assessmentCages.assessmentUid, h.uid));
    await tx.insert(assessmentCages).values(c.cages.to.map((cage) => ({ assessmentUid: h.uid, cage })));
  }
  if (c.scopeDescription) await tx.update(scopes).set({ description: c.scopeDescription.to }).where(eq(scopes.id, h.scopeId));
}
