/**
 * The `bulk` write path of the import (see ImportOptions in import.ts): the same rows as the normal
 * path with fewer statements. Why it exists is recorded in ImportOptions; what it stores is held
 * equal to the normal path by test/scale/import-bulk.test.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { AFFIRMATION_STATEMENT } from '../domain/affirmation-schedule.js';
import { levelFamily } from '../domain/levels.js';
import { scopeKey, supersessionLinks, type SupersessionMember } from '../domain/supersession.js';
import { timelineOf } from '../domain/timeline.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit.js';
import type { ImportResult } from './import.js';
import { chunk, storedUidConflicts } from './import-validation.js';
import type { ImportAssessment, ImportInput } from './inputs.js';
import { unpaced, type Pace } from './pace.js';
import { relinkSupersessionOf, scopeIdsFor, type GroupKey } from './scopes.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface BulkWriteOptions {
  /** Rows per INSERT (default 5000); a paced import takes smaller statements, each a short turn. */
  rowsPerStatement?: number;
  /** Called between statements and records (pace.ts). */
  pace?: Pace;
  /** Assessments written so far, after each statement that writes them. */
  onWritten?: (assessments: number) => void;
}

export interface InsertOptions {
  /** Rows per statement (default 5000). */
  size?: number;
  /** Called before each statement (pace.ts). */
  pace?: Pace;
  /** Rows written so far, after each statement. */
  written?: (n: number) => void;
}

/**
 * One multi-row INSERT whose rows travel as a single JSON parameter (`json_each`), so a statement
 * of thousands of rows costs one bound value instead of one per cell: the SQL text and the work of
 * the query builder stay constant. Columns are snake_case names as in db/migrations.
 */
export async function insertRows(tx: Tx, table: string, columns: readonly string[], rows: unknown[][], tail = '', opts: InsertOptions = {}): Promise<void> {
  const select = columns.map((_, i) => `value->>${i}`).join(', ');
  const pace = opts.pace ?? unpaced;
  let n = 0;
  for (const part of chunk(rows, opts.size ?? 5000)) {
    if (!part.length) continue;
    await pace();
    await tx.run(sql`INSERT INTO ${sql.raw(table)} (${sql.raw(columns.join(', '))}) SELECT ${sql.raw(select)} FROM json_each(${JSON.stringify(part)}) WHERE true ${sql.raw(tail)}`);
    opts.written?.((n += part.length));
  }
}

/**
 * The check_timeline triggers stand aside for the rest of this transaction (migration
 * check_timeline_bulk_bypass): a bulk writer then owes `refreshTimeline` for every UID its writes
 * touch before it calls `endTimelineBypass` and commits. The row lives only inside this uncommitted
 * transaction, so other connections (other instances, readers) never see it; SQLite has one writer.
 * Why: per-row triggers cost every inserted row a trigger program; one set-based statement per part
 * costs less (issue 14; full-scale figures in the README's benchmark section).
 */
export async function beginTimelineBypass(tx: Tx): Promise<void> {
  await tx.run(sql`INSERT INTO check_timeline_bulk_mode (id) VALUES (1)`);
}

/** The triggers apply again to what this transaction writes next. */
export async function endTimelineBypass(tx: Tx): Promise<void> {
  await tx.run(sql`DELETE FROM check_timeline_bulk_mode`);
}

const TIMELINE_COLUMNS = ['settled_from', 'latest_affirmation', 'change_date', 'change_description', 'replaced_by_uid', 'replaced_on', 'closeout_date', 'closeout_result'] as const;
/** check_timeline's key dates replace a UID's row when it has one. */
const TIMELINE_UPSERT = `ON CONFLICT (uid) DO UPDATE SET ${TIMELINE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;

/**
 * Recomputes check_timeline for a set of UIDs (`uids` is a subquery naming them) in one statement,
 * from the view the triggers themselves read (check_timeline_source), so the rows equal what the
 * triggers would have written row by row. A UID not held gets no row, as with the triggers.
 */
export async function refreshTimeline(tx: Tx, uids: SQL): Promise<void> {
  const columns = TIMELINE_COLUMNS.join(', ');
  await tx.run(sql`INSERT INTO check_timeline (uid, ${sql.raw(columns)}) SELECT uid, ${sql.raw(columns)} FROM check_timeline_source WHERE uid IN ${uids} ${sql.raw(TIMELINE_UPSERT)}`);
}

/** The UIDs of a JSON list, as a subquery for refreshTimeline. */
export const uidList = (uids: readonly string[]): SQL => sql`(SELECT value FROM json_each(${JSON.stringify(uids)}))`;

/** Every member of some supersession groups, as a subquery for refreshTimeline. */
export const groupMembers = (groups: readonly GroupKey[]): SQL =>
  sql`(SELECT uid FROM assessments WHERE (scope_id, family) IN (SELECT value->>0, value->>1 FROM json_each(${JSON.stringify(groups.map((g) => [g.scopeId, g.family]))})))`;

/** Groups relinked per statement by `finish`. */
const RELINK_GROUPS = 200;

/**
 * The records in status-date order, arrivals in order within a date: the stable sort the normal
 * path uses, made by buckets (a few hundred distinct dates) so it can pause between records.
 */
async function byStatusDate<T extends { statusDate: string }>(records: T[], pace: Pace): Promise<T[]> {
  const buckets = new Map<string, T[]>();
  for (const [i, r] of records.entries()) {
    if (i % 1024 === 0) await pace();
    let b = buckets.get(r.statusDate);
    if (!b) buckets.set(r.statusDate, (b = []));
    b.push(r);
  }
  const out: T[] = [];
  for (const date of [...buckets.keys()].sort()) for (const r of buckets.get(date)!) out.push(r);
  return out;
}

/** Writes a validated import in one transaction (a rejected batch stores nothing). */
export async function bulkWrite(db: Db, actor: Actor, input: ImportInput, hloOf: Map<string, string>, now: Date, opts: BulkWriteOptions = {}): Promise<ImportResult> {
  return db.transaction(async (tx) => {
    const writer = await bulkWriter(tx, actor, now, opts);
    await writer.companies(input.companies);
    // Arrival order within the batch is status-date order, as in the normal path.
    await writer.assessments(await byStatusDate(input.assessments, opts.pace ?? unpaced), hloOf, () => storedUidConflicts(tx, input));
    await writer.nistAssessments(input.nistAssessments, hloOf);
    const imported = { companies: input.companies.length, assessments: input.assessments.length, nistAssessments: input.nistAssessments.length };
    await writer.finish(imported, input.assessments.length <= AUDITED_UIDS ? input.assessments.map((a) => a.uid) : undefined);
    return { imported };
  });
}

/** The audit entry of a batch lists its UIDs up to this many. */
export const AUDITED_UIDS = 1000;

export type BulkWriter = Awaited<ReturnType<typeof bulkWriter>>;

/** A row of `assessments` as the bulk writer inserts it (the columns of its INSERT, in order). */
type AssessmentRow = [uid: string, hlo: string, scopeId: number, level: string, family: string, type: string, statusDate: string, score: number | null, cagesJson: string, source: 'IMPORT', postedBy: number, supersedes: string | null, supersededBy: string | null, supersededOn: string | null, seq: number, createdAt: string];

/**
 * The bulk writer inside an open transaction, fed in parts: companies, then assessments and NIST
 * assessments in batches of any size (the streamed import hands them over as they are read and
 * checked, so the batch is never held whole), then `finish`. Records must be checked before they
 * are handed over (import-validation.ts). Supersession: groups of a scope created by the same part
 * are linked in memory; a group with members stored before the part (or written by an earlier part)
 * is relinked from the database by `finish`.
 */
export async function bulkWriter(tx: Tx, actor: Actor, now: Date, opts: BulkWriteOptions = {}) {
  const at = now.toISOString();
  const pace = opts.pace ?? unpaced;
  const size = opts.rowsPerStatement ?? 5000;
  const insert = (table: string, columns: readonly string[], rows: unknown[][], tail = '', written?: (n: number) => void) =>
    insertRows(tx, table, columns, rows, tail, { size, pace, written });
  const [{ maxSeq }] = await tx.all<{ maxSeq: number | null }>(sql`SELECT max(seq) AS maxSeq FROM assessments`);
  let seq = maxSeq ?? 0;
  let written = 0;
  await beginTimelineBypass(tx);
  const oldGroups = new Map<string, GroupKey>();

  /**
   * check_timeline for a part just written. A UID of the part has its whole history in the part
   * (affirmations, changes and closeout come nested in its record), so its key dates are computed
   * here by the domain's timelineOf and written in one statement, unless a record written before
   * the part names it as superseded: those, and the UIDs outside the part that the part names,
   * are recomputed from the database (refreshTimeline). A relinked group is recomputed by `finish`.
   */
  async function timelineOfPart(part: readonly ImportAssessment[], rows: readonly AssessmentRow[]): Promise<void> {
    await pace();
    const uids = new Set(rows.map((r) => r[0]));
    const namedBefore = new Set(
      (
        await tx.all<{ uid: string }>(
          sql`SELECT DISTINCT supersedes_uid AS uid FROM assessments WHERE supersedes_uid IN (SELECT value FROM json_each(${JSON.stringify([...uids])})) AND seq < ${rows[0][14]}`,
        )
      ).map((r) => r.uid),
    );
    const naming = new Map<string, AssessmentRow[]>();
    const fromDatabase = new Set(namedBefore);
    for (const r of rows) {
      if (r[11] === null) continue;
      if (!uids.has(r[11])) fromDatabase.add(r[11]);
      let list = naming.get(r[11]);
      if (!list) naming.set(r[11], (list = []));
      list.push(r);
    }
    const timelineRows: unknown[][] = [];
    for (const [i, a] of part.entries()) {
      if (i % 1024 === 0) await pace();
      const row = rows[i];
      if (namedBefore.has(a.uid)) continue;
      // The loader's rule (status-records.ts): the part's records naming it (same family), and the
      // replacement on its own row unless one of those already is that record.
      const supersededBy = (naming.get(a.uid) ?? []).filter((r) => r[4] === row[4]).map((r) => ({ uid: r[0], date: r[6] }));
      if (row[12] && row[13] && !supersededBy.some((r) => r.uid === row[12])) supersededBy.push({ uid: row[12], date: row[13] });
      const closeout = a.closeout ? { date: a.closeout.date, result: a.closeout.result } : null;
      const t = timelineOf({ statusDate: a.statusDate, affirmations: a.affirmations, complianceChanges: a.complianceChanges, closeout, supersededBy, withdrawnOn: null });
      timelineRows.push([a.uid, t.settledFrom, t.latestAffirmation, t.firstChange?.date ?? null, t.firstChange?.description ?? null, t.firstReplacement?.uid ?? null, t.firstReplacement?.date ?? null, closeout?.date ?? null, closeout?.result ?? null]);
    }
    await insert('check_timeline', ['uid', ...TIMELINE_COLUMNS], timelineRows, TIMELINE_UPSERT);
    for (const slice of chunk([...fromDatabase], size)) {
      await pace();
      await refreshTimeline(tx, uidList(slice));
    }
  }

  return {
    /** Assessments this writer writes get a `seq` above this one. */
    seqBefore: seq,

    async companies(list: readonly ImportInput['companies'][number][]): Promise<void> {
      const companyRows = list
        .map((c) => [c.cage, c.hloCage ?? c.cage, c.name, c.uei ?? null, c.samActive, c.address ?? null, at])
        // HLOs first, as in the normal path.
        .sort((a, b) => Number(b[0] === b[1]) - Number(a[0] === a[1]));
      await insert(
        'companies',
        ['cage', 'hlo_cage', 'name', 'uei', 'sam_active', 'address', 'updated_at'],
        companyRows,
        'ON CONFLICT (cage) DO UPDATE SET hlo_cage = excluded.hlo_cage, name = excluded.name, uei = excluded.uei, sam_active = excluded.sam_active, address = excluded.address, updated_at = excluded.updated_at',
      );
    },

    /** Writes assessments in the order given (their arrival order); `onStoredUid` answers a UID the primary key refused. */
    async assessments(part: readonly ImportAssessment[], hloOf: ReadonlyMap<string, string>, onStoredUid?: () => Promise<void>): Promise<void> {
      if (!part.length) return;
      // Scopes: the first record of the part names a new scope, as scopeIdFor does.
      const keyOfName = new Map<string, string>();
      const keyOf = (name: string) => {
        let k = keyOfName.get(name);
        if (k === undefined) keyOfName.set(name, (k = scopeKey(name)));
        return k;
      };
      const wanted: { hloCage: string; name: string; description: string | null }[] = [];
      for (const [i, a] of part.entries()) {
        if (i % 1024 === 0) await pace();
        wanted.push({ hloCage: hloOf.get(a.cages[0])!, name: a.scope, description: a.scopeDescription ?? null });
      }
      await pace();
      const { ids: scopeIds, created: newScopes } = await scopeIdsFor(tx, wanted, at);

      const rows: AssessmentRow[] = [];
      const cageRows: unknown[][] = [];
      const affRows: unknown[][] = [];
      const changeRows: unknown[][] = [];
      const closeoutRows: unknown[][] = [];
      const poamRows: unknown[][] = [];
      /** Members of each group of a scope created by this part, linked in memory below. */
      const newGroups = new Map<string, { members: SupersessionMember[]; rows: AssessmentRow[] }>();
      for (const [i, a] of part.entries()) {
        if (i % 512 === 0) await pace();
        const hlo = wanted[i].hloCage;
        const scopeId = scopeIds.get(`${hlo}\u0000${keyOf(a.scope)}`)!;
        const family = levelFamily(a.level);
        const groupKey = `${scopeId}:${family}`;
        const cages = a.cages.length === 1 ? a.cages : [...new Set(a.cages)];
        const row: AssessmentRow = [a.uid, hlo, scopeId, a.level, family, a.status, a.statusDate, a.score ?? null, JSON.stringify(cages), 'IMPORT', actor.id, a.supersedes ?? null, null, null, ++seq, at];
        if (newScopes.has(scopeId)) {
          let g = newGroups.get(groupKey);
          if (!g) newGroups.set(groupKey, (g = { members: [], rows: [] }));
          g.members.push({ uid: a.uid, statusDate: a.statusDate, arrival: row[14], supersedes: a.supersedes });
          g.rows.push(row);
        } else oldGroups.set(groupKey, { scopeId, family });
        rows.push(row);
        for (const c of cages) cageRows.push([a.uid, c]);
        for (const f of a.affirmations) affRows.push([a.uid, f.date, f.name, f.title, f.email ?? null, f.phone ?? null, f.statement ?? AFFIRMATION_STATEMENT, actor.id, at]);
        for (const c of a.complianceChanges) changeRows.push([a.uid, c.date, c.description, actor.id, at]);
        if (a.closeout) closeoutRows.push([a.uid, a.closeout.date, a.closeout.result, actor.id, at]);
        if (a.poam) for (const r of new Set(a.poam)) poamRows.push([a.uid, r]);
      }
      // The same links relinkSupersession stores, computed before the rows are written.
      for (const g of newGroups.values()) {
        if (g.rows.length < 2) continue; // nothing in a group of one is superseded
        await pace();
        const links = supersessionLinks(g.members);
        for (const row of g.rows) {
          const l = links.get(row[0]);
          if (l) [row[12], row[13]] = [l.supersededBy, l.supersededOn];
        }
      }
      const before = written;
      try {
        await insert(
          'assessments',
          ['uid', 'hlo_cage', 'scope_id', 'level', 'family', 'posted_type', 'status_date', 'score', 'cages_json', 'source', 'posted_by', 'supersedes_uid', 'superseded_by_uid', 'superseded_on', 'seq', 'created_at'],
          rows,
          '',
          (n) => opts.onWritten?.((written = before + n)),
        );
      } catch (e) {
        // A UID already stored: the primary key refused it, the transaction rolls back, and the
        // answer is the same 409 the up-front probe of the normal path gives.
        if (onStoredUid && /UNIQUE constraint failed: assessments\.uid/.test(String((e as Error)?.message) + String((e as { cause?: Error })?.cause?.message))) await onStoredUid();
        throw e;
      }
      await insert('assessment_cages', ['assessment_uid', 'cage'], cageRows);
      await insert('affirmations', ['assessment_uid', 'date', 'name', 'title', 'email', 'phone', 'statement', 'recorded_by', 'created_at'], affRows);
      await insert('compliance_changes', ['assessment_uid', 'date', 'description', 'recorded_by', 'created_at'], changeRows);
      await insert('closeouts', ['assessment_uid', 'date', 'result', 'recorded_by', 'created_at'], closeoutRows);
      await insert('poam_items', ['assessment_uid', 'requirement_id'], poamRows);
      await timelineOfPart(part, rows);
    },

    async nistAssessments(part: readonly ImportInput['nistAssessments'][number][], hloOf: ReadonlyMap<string, string>): Promise<void> {
      const nist = part.map((n) => {
        const cages = [...new Set(n.cages)];
        const row = [hloOf.get(cages[0])!, n.standard, n.assessingOrganization, n.planDescription ?? null, n.assessmentDate, n.score, n.fullImplementationDate ?? null, n.confidence, JSON.stringify(cages), actor.id, at];
        return { cages, date: n.assessmentDate, row };
      });
      const nistCageRows: unknown[][] = [];
      for (const slice of chunk(nist, size)) {
        await pace();
        const ids = (
          await tx.all<{ id: number }>(
            sql`INSERT INTO nist_assessments (hlo_cage, standard, assessing_organization, plan_description, assessment_date, score, full_implementation_date, confidence, cages_json, posted_by, created_at)
              SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10 FROM json_each(${JSON.stringify(slice.map((p) => p.row))}) WHERE true RETURNING id`,
          )
        )
          .map((r) => r.id)
          // AUTOINCREMENT ids grow in insertion order, so sorted ids pair with the rows in order.
          .sort((a, b) => a - b);
        slice.forEach((p, i) => {
          for (const c of p.cages) nistCageRows.push([ids[i], c, p.date]);
        });
      }
      await insert('nist_assessment_cages', ['nist_assessment_id', 'cage', 'assessment_date'], nistCageRows);
    },

    /** Relinks the groups that had members before (stored, or written by an earlier part) and records the batch in the audit log. */
    async finish(imported: ImportResult['imported'], uids?: string[]): Promise<void> {
      for (const groups of chunk([...oldGroups.values()], RELINK_GROUPS)) {
        await pace();
        await relinkSupersessionOf(tx, groups);
        // Relinking changes only the relinked members' own replacement.
        await refreshTimeline(tx, groupMembers(groups));
      }
      await endTimelineBypass(tx);
      await appendAudit(tx, now, [{ userId: actor.id, action: 'import', entity: 'batch', entityId: null, detail: { ...imported, bulk: true, uids } }]);
    },
  };
}
